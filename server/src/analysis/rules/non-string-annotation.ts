/**
 * Rule non-string-annotation: an annotation value that YAML reads as a number, boolean or
 * null. Helm fails to build an object with a number or boolean there; a null it accepts as "".
 */
import { hookKey, hookKeys, weightKey } from '../helm/hooks';
import type { AnnotationEntry } from '../model/model';
import type { PrintedPipeline } from '../model/view';
import { startOfLine } from '../text/lineIndex';
import { goYamlPlainType, type GoYamlType } from '../yaml/goYaml';
import { fix, quoteYaml, replace, shownText } from './support/helpers';
import type { AnnotationSite, Rule } from './rule';

export const nonStringAnnotation: Rule = {
  id: 'non-string-annotation',
  defaultSeverity: 'error',
  judges: 'source',
  perDocument: true,
  summary: 'Annotation value is not a string',
  rationale: [
    'Kubernetes annotation values must be strings. Helm reads manifests with `sigs.k8s.io/yaml` (YAML 1.1), where unquoted `5`, `-1`, `1.5`,',
    '`true`, `yes` and `on` are numbers or booleans. Helm\'s own hook parser converts them and accepts the manifest, and neither `helm lint` nor',
    '`helm template`, nor `helm install --dry-run=client` or `--dry-run=server` checks annotations, but Helm\'s own build of the object fails:',
    '`unable to decode "": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.annotations of type string`.',
    'For a hook this happens only when its phase runs, after earlier phases have already changed the cluster',
    '(`failed post-install: unable to build kubernetes object for deleting hook …`).',
    'A null value (`~`, `null` or nothing) is accepted: Helm sends it as the empty string, so it is only reported as information.',
    'A bare template action as `helm.sh/hook-weight` (`{{ .Values.weight }}`) prints an unquoted number and fails the same way.',
    'In values.yaml only hook keys are checked, since other maps there are not necessarily annotations.',
    '`helm.sh/hook` itself is left to [unknown-hook-event](#unknown-hook-event): a boolean or number there is no event, so Helm drops the resource before anything is built.',
  ].join(' '),
  example: { bad: '"helm.sh/hook-weight": 5', good: '"helm.sh/hook-weight": "5"' },
  fixDescription: 'Quotes the value, keeping its text (`5` becomes `"5"`); appends `| quote` to a bare template action.',
  check(context) {
    for (const site of context.annotationSites) {
      const { entry } = site;
      if (entry.origin === 'template-argument') continue; // Go string arguments are strings.
      if (entry.origin === 'values' && !hookKeys.includes(entry.key)) continue;
      const when = site.resource && !site.resource.hook ? 'install and upgrade fail' : 'the hook fails when it runs';
      const key = shownKey(entry);
      if (entry.value.type === 'templated') {
        const pipeline = entry.key === weightKey && entry.origin === 'yaml' ? bareNumberAction(site) : undefined;
        if (!pipeline) continue;
        context.report({
          file: site.file,
          span: entry.value.span,
          message: `Unquoted action ${shownText(entry.value.source)} prints a number: ${when} ("cannot unmarshal").`,
          fixes: [fix('Append "| quote" to the action', [replace(site.file, endOfPipeline(pipeline), ' | quote')], true)],
        });
        continue;
      }
      const type = yamlType(site);
      if (type === 'string') continue;
      if (entry.key === hookKey) continue; // No event either way: unknown-hook-event and empty-hook-event say Helm drops the resource.
      if (type === 'null') {
        // A null hook value or values.yaml default is reported by the rules that know what it means.
        if (entry.key === hookKey || entry.origin === 'values') continue;
        const missing = entry.value.style === 'missing';
        context.report({
          file: site.file,
          span: missing ? entry.keySpan : entry.value.span,
          // Helm accepts a null annotation and sends "": worth knowing, not an error.
          severity: 'information',
          message: `"${shownText(key)}" has ${missing ? 'no value' : `the value ${shownText(entry.value.source)}`}, which YAML reads as null; Helm accepts it and sends "".`,
          // An empty value most likely means an empty string; `~` or `null` may mean something else.
          fixes: missing ? [fix('Set the value to ""', [replace(site.file, entry.value.span, site.text[entry.value.span.start - 1] === ':' ? ' ""' : '""')], false)] : [],
        });
        continue;
      }
      const what = type === 'bool' ? 'a boolean' : 'a number';
      context.report({
        file: site.file,
        span: entry.value.span,
        message: `Unquoted ${shownText(entry.value.source)} is ${what} to YAML: ${when} ("cannot unmarshal ${type === 'bool' ? 'bool' : 'number'}").`,
        fixes: [fix(`Quote the value: ${quoteYaml(entry.value.source)}`, [replace(site.file, entry.value.span, quoteYaml(entry.value.source))], true)],
      });
    }
  },
};

/** How Helm's YAML reader types the value; quoted, block and tagged scalars are strings here. */
function yamlType(site: AnnotationSite): GoYamlType {
  const value = site.entry.value;
  if (value.style === 'missing') return value.type === 'null' ? 'null' : 'string';
  if (value.style !== 'plain' || value.type === 'map' || value.type === 'seq') return 'string';
  const before = site.text.slice(startOfLine(site.text, value.span.start), value.span.start);
  if (lastWordIsTag(before)) return 'string'; // An explicit tag such as `!!str` decides the type.
  return goYamlPlainType(value.value !== undefined && value.type === 'string' ? value.value : value.source);
}

/**
 * Whether the last word of `before` (ignoring trailing blanks) holds a `!`, as a tag such as
 * `!!str ` before the value does. One backward walk: a regex such as `/!\S*\s*$/` retries
 * from every `!` and is quadratic on a line of them.
 */
function lastWordIsTag(before: string): boolean {
  let end = before.length;
  while (end > 0 && /\s/.test(before[end - 1])) end--;
  for (let at = end - 1; at >= 0 && !/\s/.test(before[at]); at--) if (before[at] === '!') return true;
  return false;
}

function shownKey(entry: AnnotationEntry): string {
  return /^(["']).*\1$/s.test(entry.keySource) ? entry.keySource.slice(1, -1) : entry.keySource;
}

/** Functions that leave a number a number when printed; any other (`quote`, `printf`, `include`, …) may quote it. */
const numericFunctions = new Set(['default', 'int', 'int64', 'toString', 'atoi', 'add', 'add1', 'sub', 'mul', 'div', 'mod', 'max', 'min', 'index', 'required', 'coalesce', 'trim']);

/** The pipeline of the value's single action when it is the whole unquoted value and prints a bare number. */
function bareNumberAction(site: AnnotationSite): PrintedPipeline | undefined {
  const value = site.entry.value;
  if (value.style !== 'plain') return undefined;
  if (site.view.piecesIn(value.span.start, value.span.end).length !== 1) return undefined;
  const pipeline = site.view.pipelineAt(value.span);
  if (!pipeline) return undefined;
  const plainWords = pipeline.words.every((word) => {
    if (word.kind === 'identifier') return numericFunctions.has(word.text);
    return ['field', 'variable', 'number', 'string', 'rawString', 'pipe', 'leftParen', 'rightParen'].includes(word.kind);
  });
  return plainWords && pipeline.words.length > 0 ? pipeline : undefined;
}

/** Where ` | quote` goes: right after the pipeline's last character, before the spaces and `}}` or ` -}}`. */
function endOfPipeline(pipeline: PrintedPipeline): { start: number; end: number } {
  return { start: pipeline.end, end: pipeline.end };
}
