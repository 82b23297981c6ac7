/** Rule unknown-delete-policy: a `helm.sh/hook-delete-policy` token Helm does not know; it is ignored and disables the default. */
import { deletePolicies, deletePolicyKey } from '../helm/hooks';
import { fix, judgeableTokens, listSites, nearestDeletePolicy, replace, shownText } from './support/helpers';
import type { Rule } from './rule';

export const unknownDeletePolicy: Rule = {
  id: 'unknown-delete-policy',
  defaultSeverity: 'error',
  judges: 'resource',
  checksUnrendered: true,
  perDocument: true,
  summary: 'Unknown hook delete policy',
  rationale: [
    'Helm splits `helm.sh/hook-delete-policy` on commas, trims and lower-cases each token (`operateAnnotationValues`) and knows',
    '`before-hook-creation`, `hook-succeeded` and `hook-failed`. An unknown token is kept but never matches, so it does nothing;',
    'and because the policy list is no longer empty, Helm does not apply its default `before-hook-creation` either (`hookSetDeletePolicy`).',
    'A misspelt `hook-succeeded` therefore leaves every hook object behind. With client-side apply (Helm 3, or Helm 4 with `--server-side=false`)',
    'the next run then fails with `… already exists`. Under Helm 4\'s default server-side apply Helm applies onto the leftover object instead:',
    'an unchanged completed Job counts as ready at once and does not run again, and a Job whose pod template changed fails with',
    '`… is invalid: spec.template: … field is immutable`.',
  ].join(' '),
  example: { bad: '"helm.sh/hook-delete-policy": hook-succeded', good: '"helm.sh/hook-delete-policy": hook-succeeded' },
  fixDescription: 'Replaces the token with the nearest known policy, when one is within three edits.',
  check(context) {
    for (const { site, list } of listSites(context, deletePolicyKey)) {
      const explicitDefault = list.tokens.some((token) => !token.partial && token.normalized === 'before-hook-creation');
      for (const token of judgeableTokens(list)) {
        if (deletePolicies.includes(token.normalized)) continue;
        const written = shownText(token.raw.trim());
        const suggestion = list.exact ? nearestDeletePolicy(token.normalized) : undefined;
        const effect = explicitDefault ? ': Helm ignores it' : suggestion ? ' disables the default' : ' disables the default before-hook-creation';
        context.report({
          file: site.file,
          span: token.span,
          message: `Unknown delete policy "${written}"${effect}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
          fixes: suggestion ? [fix(`Change to "${suggestion}"`, [replace(site.file, token.span, suggestion)], true)] : [],
        });
      }
    }
  },
};
