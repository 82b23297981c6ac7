/** Rule resource-policy-on-hook: `helm.sh/resource-policy` on a hook, where Helm never reads it. */
import { resourcePolicyKey } from '../helm/hooks';
import { shownText } from './support/helpers';
import { liveHooks } from './support/hookResources';
import type { Rule } from './rule';

export const resourcePolicyOnHook: Rule = {
  id: 'resource-policy-on-hook',
  defaultSeverity: 'information',
  judges: 'resource',
  summary: 'helm.sh/resource-policy on a hook',
  rationale: [
    'Helm reads `helm.sh/resource-policy: keep` only for release resources: on uninstall (`filterManifestsToKeep`) and',
    'when an upgrade deletes objects that left the chart. Hooks are not release resources, so the annotation does',
    'nothing for them: delete policies still apply (`deleteHookByPolicy` never checks it), and uninstall never',
    'deletes hooks anyway. The Helm docs still suggest it for hooks "that must never be deleted", which is a no-op.',
    'To keep a hook object, leave `hook-succeeded` and `hook-failed` out of its delete policy.',
  ].join(' '),
  example: {
    bad: '"helm.sh/hook": pre-install\n"helm.sh/resource-policy": keep',
    good: '"helm.sh/hook": pre-install\n"helm.sh/hook-delete-policy": before-hook-creation',
  },
  check(context) {
    for (const resource of liveHooks(context.chart)) {
      for (const entry of resource.annotations) {
        if (entry.key !== resourcePolicyKey) continue;
        const value = entry.value.type === 'templated' ? entry.value.source : entry.value.value ?? '';
        context.report({
          file: resource.file.path,
          span: entry.keySpan,
          message: `"${resourcePolicyKey}${value ? `: ${shownText(value)}` : ''}" on a hook is ignored: Helm reads it only on normal resources.`,
        });
      }
    }
  },
};
