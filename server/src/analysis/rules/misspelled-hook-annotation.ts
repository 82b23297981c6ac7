/** Rule misspelled-hook-annotation: a key that is nearly a Helm hook key (other case, a typo), which Helm ignores. */
import { nearestHookKey } from '../helm/hooks';
import { indentationAt } from '../text/lineIndex';
import { fix, replace, shownText } from './support/helpers';
import type { AnnotationSite, Rule, RuleContext } from './rule';

export const misspelledHookAnnotation: Rule = {
  id: 'misspelled-hook-annotation',
  defaultSeverity: 'warning',
  judges: 'source',
  perDocument: true,
  summary: 'Misspelled hook annotation key',
  rationale: [
    'Helm looks up `helm.sh/hook`, `helm.sh/hook-weight`, `helm.sh/hook-delete-policy` and `helm.sh/hook-output-log-policy`',
    'by exact, case-sensitive key (`manifest_sorter.go`). A key in another case or with a typo, such as `Helm.sh/Hook` or `helm.sh/hooks`,',
    'is an ordinary annotation: the resource is not a hook, or its weight or policy is silently ignored.',
    'The rule checks template annotations, `dict`/`set` arguments and values.yaml entries.',
  ].join(' '),
  example: { bad: '"helm.sh/hooks": pre-install', good: '"helm.sh/hook": pre-install' },
  fixDescription: 'Renames the key to the canonical hook key, keeping its quotes (not preferred when the map already has that key).',
  check(context) {
    for (const site of context.annotationSites) {
      const canonical = nearestHookKey(site.entry.key);
      if (canonical === undefined) continue;
      const written = site.entry.key;
      const how = written.toLowerCase() === canonical ? 'differs only in case from' : 'looks like a misspelling of';
      const quote = /^["']/.test(site.entry.keySource) ? site.entry.keySource[0] : '';
      // Renaming next to an existing canonical key would make a duplicate key: offer it, do not prefer it.
      const collides = hasSiblingKey(context, site, canonical);
      context.report({
        file: site.file,
        span: site.entry.keySpan,
        message: `"${shownText(written)}" ${how} "${canonical}"; Helm ignores it.`,
        fixes: [fix(`Rename to "${canonical}"`, [replace(site.file, site.entry.keySpan, `${quote}${canonical}${quote}`)], !collides)],
      });
    }
  },
};

/** Whether the mapping (or `dict`) holding `site` already has `key`. */
function hasSiblingKey(context: RuleContext, site: AnnotationSite, key: string): boolean {
  return context.annotationSites.some((other) => {
    if (other === site || other.entry.key !== key || other.file !== site.file || other.entry.origin !== site.entry.origin) return false;
    if (site.entry.origin !== 'values') return other.resource === site.resource;
    return sameValuesMapping(site.text, site.entry.keySpan.start, other.entry.keySpan.start);
  });
}

/** Two values.yaml keys at the same indentation with no less-indented line between them share a mapping. */
function sameValuesMapping(text: string, a: number, b: number): boolean {
  const indent = indentationAt(text, a);
  if (indentationAt(text, b) !== indent) return false;
  const between = text.slice(Math.min(a, b), Math.max(a, b)).split('\n').slice(1);
  return between.every((line) => line.trim() === '' || line.trimStart().startsWith('#') || line.startsWith(indent));
}
