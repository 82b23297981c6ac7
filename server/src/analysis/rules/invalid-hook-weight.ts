/** Rule invalid-hook-weight: a `helm.sh/hook-weight` string that `strconv.Atoi` rejects, which Helm silently turns into 0. */
import { parseWeight, weightKey } from '../helm/hooks';
import { fix, isLiteralSite, setValueEdit, shownText, valueHasActions } from './support/helpers';
import type { Rule } from './rule';

export const invalidHookWeight: Rule = {
  id: 'invalid-hook-weight',
  defaultSeverity: 'warning',
  judges: 'resource',
  checksUnrendered: true,
  perDocument: true,
  summary: 'Hook weight is not an integer',
  rationale: [
    'Helm reads `helm.sh/hook-weight` with Go\'s `strconv.Atoi` and does not trim it (`calculateHookWeight`). On any error the weight is **0**, with no message:',
    '`" 5"`, `"5.0"`, `"1e3"`, `"ten"`, `""` and numbers beyond 64 bits all sort as weight 0, so the hook runs in a different order than written.',
    'A sign and leading zeros are accepted (`"+5"`, `"05"`).',
  ].join(' '),
  example: { bad: '"helm.sh/hook-weight": " 5"', good: '"helm.sh/hook-weight": "5"' },
  fixDescription: 'Trims the spaces when the rest is an integer.',
  check(context) {
    for (const site of context.annotationSites) {
      const { entry } = site;
      // Unquoted numbers are non-string-annotation's finding; templated weights are unknown here.
      if (entry.key !== weightKey || entry.value.type !== 'string' || !isLiteralSite(site) || valueHasActions(site)) continue;
      const weight = entry.value.value ?? '';
      if (parseWeight(weight) !== undefined) continue;
      const trimmed = weight.trim();
      const edit = trimmed !== weight && parseWeight(trimmed) !== undefined ? setValueEdit(site, trimmed) : undefined;
      context.report({
        file: site.file,
        span: entry.value.span,
        message: `Hook weight "${shownText(weight)}" is not a Go int, so Helm silently uses weight 0${reason(weight)}.`,
        fixes: edit ? [fix(`Trim to "${shownText(trimmed)}"`, [edit], true)] : [],
      });
    }
  },
};

function reason(weight: string): string {
  if (weight.trim() === '') return '';
  if (weight.trim() !== weight) return ' (Helm does not trim spaces)';
  if (/^[+-]?[0-9]+$/.test(weight)) return ' (outside the 64-bit range)';
  return '';
}
