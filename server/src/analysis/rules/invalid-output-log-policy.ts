/** Rule invalid-output-log-policy: an unknown `helm.sh/hook-output-log-policy` value, or the policy on a kind whose logs Helm never collects. */
import { nearest, outputLogPolicies, outputLogPolicyKey } from '../helm/hooks';
import { fix, judgeableTokens, listSites, replace, shownText } from './support/helpers';
import type { Rule } from './rule';

const loggedKinds: readonly string[] = ['Job', 'Pod'];

export const invalidOutputLogPolicy: Rule = {
  id: 'invalid-output-log-policy',
  defaultSeverity: 'warning',
  judges: 'resource',
  checksUnrendered: true,
  perDocument: true,
  summary: 'Ineffective hook output log policy',
  rationale: [
    '`helm.sh/hook-output-log-policy` (added in Helm 3.18 and 4.0) makes Helm print a hook\'s container logs when the hook succeeds or fails.',
    'Helm splits it on commas, trims and lower-cases each token and knows only `hook-succeeded` and `hook-failed`; other tokens are ignored.',
    'It acts only when the hook\'s kind is exactly `Job` (pods selected by `job-name`) or `Pod` (`outputLogsByPolicy`); on any other kind it does nothing.',
  ].join(' '),
  example: { bad: '"helm.sh/hook-output-log-policy": hook-failure', good: '"helm.sh/hook-output-log-policy": hook-failed' },
  fixDescription: 'Replaces an unknown token with the nearest known value, when one is within three edits.',
  check(context) {
    for (const { site, list } of listSites(context, outputLogPolicyKey)) {
      const kind = site.resource?.kind;
      if (kind !== undefined && !loggedKinds.includes(kind)) {
        context.report({
          file: site.file,
          span: site.entry.keySpan,
          message: `Output log policy on a ${kind} does nothing: Helm only collects the logs of Job and Pod hooks (since Helm 3.18).`,
        });
      }
      for (const token of judgeableTokens(list)) {
        if (outputLogPolicies.includes(token.normalized)) continue;
        const written = shownText(token.raw.trim());
        const suggestion = list.exact ? nearest(token.normalized, outputLogPolicies, 3) : undefined;
        context.report({
          file: site.file,
          span: token.span,
          message: `Unknown output log policy "${written}": Helm ignores it${suggestion ? `; did you mean "${suggestion}"?` : ' and knows only hook-succeeded and hook-failed.'}`,
          fixes: suggestion ? [fix(`Change to "${suggestion}"`, [replace(site.file, token.span, suggestion)], true)] : [],
        });
      }
    }
  },
};
