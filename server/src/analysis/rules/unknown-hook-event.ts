/** Rule unknown-hook-event: `helm.sh/hook` names an event Helm does not know, so Helm drops the resource. */
import { canonicalEvent, hookEvents, hookKey, nearest } from '../helm/hooks';
import { plainFileView } from '../model/sourceView';
import type { AnnotationEntry } from '../model/model';
import type { RelatedLocation } from '../types';
import { goYamlPlainType } from '../yaml/goYaml';
import { fix, isLiteralSite, judgeableTokens, listSites, replace, shownText } from './support/helpers';
import { resourceLabel } from './support/hookResources';
import { printedValue } from './support/valuesPrinted';
import type { Report, Rule, RuleContext } from './rule';

const removedInHelm3: Readonly<Record<string, string>> = {
  'crd-install': 'Helm 3 removed it, so Helm skips this resource; put the CRD in crds/ instead.',
  'test-failure': 'Helm 3 removed it, so Helm skips this resource; make it a `test` hook that fails.',
};

export const unknownHookEvent: Rule = {
  id: 'unknown-hook-event',
  defaultSeverity: 'error',
  judges: 'resource',
  checksUnrendered: true,
  summary: 'Unknown hook event',
  rationale: [
    'Helm splits `helm.sh/hook` on commas, trims and lower-cases each token, and compares it with its list of events:',
    '`pre-install`, `post-install`, `pre-upgrade`, `post-upgrade`, `pre-rollback`, `post-rollback`, `pre-delete`, `post-delete`, `test` (and the legacy `test-success`).',
    'If any token is unknown, Helm skips the **whole document**: it is neither run as a hook nor installed as a normal resource,',
    'and Helm 4 only logs `level=INFO msg="skipping unknown hooks" hookTypes=…` on stderr (`helm lint` says nothing) (`manifest_sorter.go`, `isUnknownHook`). The Helm 2 events `crd-install` and `test-failure` are unknown in Helm 3 and 4.',
    'An unquoted `true`, `yes` or `5` is no event either: Helm reads its text and drops the resource the same way (`hookTypes=true`).',
    'A `helm.sh/hook` value printed from values.yaml (`{{ .Values.hookEvents }}`, or with `| quote`) is judged at the value in values.yaml,',
    'as the chart\'s default values render it; another values file or `--set` may change it.',
  ].join(' '),
  example: { bad: '"helm.sh/hook": pre-instal', good: '"helm.sh/hook": pre-install' },
  fixDescription: 'Replaces the token with the nearest known event, when exactly one is within two edits.',
  check(context) {
    for (const { site, list } of listSites(context, hookKey)) {
      for (const token of judgeableTokens(list)) {
        if (canonicalEvent(token.normalized) !== undefined) continue;
        if (/\s/.test(token.normalized)) continue; // space-separated-hook-events reports these.
        const raw = shownText(token.raw.trim());
        const removed = removedInHelm3[token.normalized];
        if (removed) {
          context.report({ file: site.file, span: token.span, message: `Unknown hook event "${raw}": ${removed}` });
          continue;
        }
        const suggestion = list.exact ? nearest(token.normalized, [...hookEvents, 'test-success'], 2) : undefined;
        context.report({
          file: site.file,
          span: token.span,
          message: `Unknown hook event "${raw}": Helm skips this whole resource${suggestion ? `; did you mean "${suggestion}"?` : ', hook and all.'}`,
          fixes: suggestion ? [fix(`Change to "${suggestion}"`, [replace(site.file, token.span, suggestion)], true)] : [],
        });
      }
    }
    checkNonStringValues(context);
    checkPrintedValues(context);
  },
};

const nonStringTypes: Readonly<Record<string, string>> = { bool: 'boolean', int: 'number', float: 'number' };

/** `helm.sh/hook: true`: YAML reads no string, and its text is no event (non-string-annotation leaves these here). */
function checkNonStringValues(context: RuleContext): void {
  for (const site of context.annotationSites) {
    const value = site.entry.value;
    // The model's own type honours tags (`!!str true` is a string, judged as a token above).
    if (site.entry.key !== hookKey || value.style !== 'plain' || !nonStringTypes[value.type] || !isLiteralSite(site)) continue;
    const type = nonStringTypes[goYamlPlainType(value.source)];
    if (!type) continue;
    context.report({ file: site.file, span: value.span, message: `Hook event ${shownText(value.source)} is a YAML ${type}, not an event name: Helm skips this whole resource.` });
  }
}

/**
 * `helm.sh/hook: {{ .Values.hookEvents }}` and values.yaml sets an unknown event or a non-string:
 * reported once at the value, with every template line that prints it as related information.
 */
function checkPrintedValues(context: RuleContext): void {
  const reports = new Map<string, Report & { related: RelatedLocation[] }>();
  for (const resource of context.chart.hooks) {
    const printed = resource.hook && printedValue(resource, resource.hook.entry);
    if (!printed) continue;
    const { entry, values, expression } = printed;
    const finding = judgePrinted(values.path, values.text, entry, expression);
    if (!finding) continue;
    const key = `${values.path}:${finding.span.start}`;
    const report = reports.get(key) ?? { ...finding, related: [] };
    report.related.push({ file: resource.file.path, span: resource.hook!.entry.value.span, message: `helm.sh/hook of ${resourceLabel(resource)} prints ${expression} here.` });
    reports.set(key, report);
  }
  for (const report of reports.values()) context.report(report);
}

function judgePrinted(file: string, text: string, entry: AnnotationEntry, expression: string): Report | undefined {
  const value = entry.value;
  const type = value.style === 'plain' ? nonStringTypes[goYamlPlainType(value.source)] : undefined;
  if (type) return { file, span: value.span, message: `${expression} is the YAML ${type} ${shownText(value.source)}, printed into helm.sh/hook: no event, so Helm skips that whole resource.` };
  if (value.type !== 'string' || value.source.includes('{{')) return undefined;
  const list = plainFileView(file, text).listOf(value);
  const token = judgeableTokens(list).find((candidate) => canonicalEvent(candidate.normalized) === undefined);
  if (!token) return undefined;
  const raw = shownText(token.raw.trim());
  const suggestion = list.exact && !/\s/.test(token.normalized) ? nearest(token.normalized, [...hookEvents, 'test-success'], 2) : undefined;
  return {
    file,
    span: token.span,
    message: `Unknown hook event "${raw}", printed into helm.sh/hook: Helm skips that resource${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
    fixes: suggestion ? [fix(`Change to "${suggestion}"`, [replace(file, token.span, suggestion)], true)] : [],
  };
}
