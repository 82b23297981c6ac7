/**
 * Rule uninstall-hook-left-behind: a pre-delete or post-delete hook whose delete policy lacks
 * hook-succeeded stays in the cluster after `helm uninstall`, and nothing will ever remove it.
 */
import { deletePolicyKey, recommendedDeletePolicy } from '../helm/hooks';
import type { AnnotationEntry } from '../model/model';
import type { TextEdit } from '../types';
import { fix, flowSafeValueEdit, nearestDeletePolicy, replace, setValueEdit } from './support/helpers';
import { cleanedOnlyOnSuccess, liveHooks, uninstallEvents, valuesMaySupply, type LiveHook } from './support/hookResources';
import { addAnnotation } from './support/insertions';
import { inFlowMapping } from './support/sites';
import type { Rule } from './rule';

export const uninstallHookLeftBehind: Rule = {
  id: 'uninstall-hook-left-behind',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'Pre-delete or post-delete hook that no delete policy removes',
  rationale: [
    'Hooks are not part of the release: `helm uninstall` deletes only the release\'s own objects, never hook objects',
    '(helm/helm#9206). A `pre-delete` or `post-delete` hook is deleted only by its own `helm.sh/hook-delete-policy`:',
    '`hook-succeeded` deletes it once its phase has succeeded. `before-hook-creation`, the default, deletes it only',
    'when the same hook is created again, which after an uninstall never happens, because the release and its',
    'history are gone. Without `hook-succeeded` the Job, Pod, ServiceAccount or RBAC object stays in the namespace',
    'for good, and nothing in Helm will ever remove it. The hook is not deleted while it runs: Helm waits for the whole',
    'pre-delete phase, deletes its hooks by their policies, and only then deletes the release\'s objects.',
    'A hook that also runs on install or upgrade is judged only when it is a Job or a Pod, since `hook-succeeded`',
    'would also delete another kind after those phases, when the application may still need it.',
    'A hook with no delete policy is reported here instead of by [implicit-delete-policy](#implicit-delete-policy).',
  ].join(' '),
  example: {
    bad: '"helm.sh/hook": pre-delete\n"helm.sh/hook-delete-policy": before-hook-creation',
    good: '"helm.sh/hook": pre-delete\n"helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded',
  },
  fixDescription: 'Appends `hook-succeeded` to the delete policy, or adds `"helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded` when there is none.',
  check(context) {
    for (const resource of liveHooks(context.chart)) {
      if (!cleanedOnlyOnSuccess(resource)) continue;
      const policy = resource.hook.deletePolicyEntry;
      const phases = (resource.hook.knownEvents ?? []).filter((event, index, all) => uninstallEvents.includes(event) && all.indexOf(event) === index).join(' and ');
      const message = `This ${phases} hook has no hook-succeeded delete policy, so it stays after uninstall for good.`;
      if (!policy) {
        if (valuesMaySupply(resource, deletePolicyKey)) continue;
        const edit = addAnnotation(resource, resource.hook.entry, deletePolicyKey, recommendedDeletePolicy);
        context.report({
          file: resource.file.path,
          span: resource.hook.entry.keySpan,
          message,
          fixes: edit ? [fix(`Add "${deletePolicyKey}": ${recommendedDeletePolicy}`, [edit], true)] : [],
        });
        continue;
      }
      if (policy.value.type !== 'string') continue; // Templated, or not a string (non-string-annotation).
      const list = resource.view.listOf(policy.value);
      if (list.templated || list.conditional) continue;
      if (list.tokens.every((token) => token.normalized === '')) continue; // empty-delete-policy reports these.
      // A misspelt hook-succeeded is unknown-delete-policy's finding; its fix restores it.
      if (list.tokens.some((token) => nearestDeletePolicy(token.normalized) === 'hook-succeeded')) continue;
      const edit = appendEdit(resource, policy);
      context.report({
        file: resource.file.path,
        span: policy.value.span,
        message,
        fixes: edit ? [fix('Append ",hook-succeeded" to the delete policy', [edit], true)] : [],
      });
    }
  },
};

/**
 * `,hook-succeeded` after the last token. The edit is an insertion right after it, so it composes
 * with missing-before-hook-creation's fix, which rewrites the first token. In a flow mapping a
 * plain value is quoted whole, since the new comma would end it.
 */
function appendEdit(resource: LiveHook, policy: AnnotationEntry): TextEdit | undefined {
  const site = { entry: policy, file: resource.file.path, text: resource.file.text, view: resource.view, resource, inFlowMapping: inFlowMapping(resource, policy) };
  const list = resource.view.listOf(policy.value);
  if (!list.exact) return setValueEdit(site, `${policy.value.value ?? ''},hook-succeeded`);
  const last = list.tokens[list.tokens.length - 1];
  // After an empty last token (a trailing comma), the comma is already there.
  const insert = last.normalized === '' ? 'hook-succeeded' : ',hook-succeeded';
  const at = last.normalized === '' ? last.rawSpan.end : last.span.end;
  return flowSafeValueEdit(replace(site.file, { start: at, end: at }, insert), policy.value, site.text, site.inFlowMapping);
}
