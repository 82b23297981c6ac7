/** Rule implicit-delete-policy: a hook without `helm.sh/hook-delete-policy` gets Helm's default, before-hook-creation. */
import { deletePolicyKey, recommendedDeletePolicy } from '../helm/hooks';
import type { Fix } from '../types';
import { fix } from './support/helpers';
import { cleanedOnlyOnSuccess, liveHooks, valuesMaySupply, type LiveHook } from './support/hookResources';
import { addAnnotation } from './support/insertions';
import type { Rule } from './rule';

export const implicitDeletePolicy: Rule = {
  id: 'implicit-delete-policy',
  defaultSeverity: 'information',
  judges: 'resource',
  summary: 'Hook relies on the default delete policy',
  rationale: [
    'When a hook has no `helm.sh/hook-delete-policy`, Helm sets it to `before-hook-creation` (`hookSetDeletePolicy`,',
    'since Helm 3.0): the object is deleted only just before the same hook is created again. Until then a finished',
    'Job or Pod, and its logs, stay in the cluster; Helm never removes hooks on uninstall either, because hooks are',
    'not part of the release (helm/helm#9206). Writing the policy makes the choice visible.',
    'For Jobs and Pods the usual choice is `before-hook-creation,hook-succeeded`: `hook-succeeded` deletes them once',
    'the whole phase has succeeded, and a failed one stays for debugging until the next run. That fix is the preferred',
    'one except for `test` hooks (Helm 3 deletes them before `helm test --logs` reads the logs; Helm 4 waits), hooks',
    'whose events are templated, and other kinds, such as a Secret the application keeps using, where `hook-succeeded`',
    'would delete something still needed; there the preferred fix writes the default, `before-hook-creation`, explicitly.',
    'A `pre-delete` or `post-delete` hook, which nothing deletes after the uninstall, is [uninstall-hook-left-behind](#uninstall-hook-left-behind)\'s finding instead.',
  ].join(' '),
  example: {
    bad: '"helm.sh/hook": pre-install,pre-upgrade',
    good: '"helm.sh/hook": pre-install,pre-upgrade\n"helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded',
  },
  fixDescription: 'Inserts `"helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded` (preferred for non-test Jobs and Pods), or the explicit default `before-hook-creation`.',
  fixOfferedWhenOff: true,
  check(context) {
    for (const resource of liveHooks(context.chart)) {
      const hook = resource.hook;
      if (hook.deletePolicyEntry || valuesMaySupply(resource, deletePolicyKey)) continue;
      if (cleanedOnlyOnSuccess(resource)) continue; // uninstall-hook-left-behind reports these: nothing ever deletes them.
      const runs = resource.kind === 'Job' || resource.kind === 'Pod';
      context.report({
        file: resource.file.path,
        span: hook.entry.keySpan,
        message: runs
          ? `No hook-delete-policy: Helm uses before-hook-creation, so the finished ${resource.kind} stays in the cluster until the next run.`
          : `No hook-delete-policy: Helm uses before-hook-creation, so this ${resource.kind ?? 'object'} stays after the phase until the next run.`,
        fixes: fixesFor(resource, runs),
      });
    }
  },
};

function fixesFor(resource: LiveHook, runs: boolean): Fix[] {
  const cleanup = addAnnotation(resource, resource.hook.entry, deletePolicyKey, recommendedDeletePolicy);
  const explicit = addAnnotation(resource, resource.hook.entry, deletePolicyKey, 'before-hook-creation');
  if (!cleanup || !explicit) return [];
  const isTest = (resource.hook.knownEvents ?? []).includes('test');
  const cleanupPreferred = runs && !isTest && resource.hook.knownEvents !== undefined;
  const cleanupFix = fix(`Add "${deletePolicyKey}": ${recommendedDeletePolicy} (delete it once the phase succeeds)`, [cleanup], cleanupPreferred);
  const explicitFix = fix(`Add "${deletePolicyKey}": before-hook-creation (Helm's default, written out)`, [explicit], !cleanupPreferred);
  return cleanupPreferred ? [cleanupFix, explicitFix] : [explicitFix, cleanupFix];
}
