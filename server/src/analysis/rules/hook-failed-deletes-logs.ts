/** Rule hook-failed-deletes-logs: the hook-failed delete policy removes a failed Job or Pod, and its logs, at once. */
import { outputLogPolicyKey } from '../helm/hooks';
import type { TextEdit } from '../types';
import { fix, flowSafeValueEdit } from './support/helpers';
import { liveHooks, valuesMaySupply, type LiveHook } from './support/hookResources';
import { addAnnotation } from './support/insertions';
import type { Rule } from './rule';
import { inFlowMapping } from './support/sites';

export const hookFailedDeletesLogs: Rule = {
  id: 'hook-failed-deletes-logs',
  defaultSeverity: 'information',
  judges: 'resource',
  summary: 'hook-failed deletes the logs of a failed hook',
  rationale: [
    'With `hook-failed` in `helm.sh/hook-delete-policy`, Helm deletes a hook right after it fails (`execHookWithDelayedShutdown`).',
    'For a Job or Pod that removes the failed Pods and their logs, so the evidence of the failure is gone (helm/helm#1769).',
    'Since Helm 3.18 and 4.0, `helm.sh/hook-output-log-policy: hook-failed` makes Helm print the logs of a failing Job or',
    'Pod before deleting it (helm/helm#10309); older Helm ignores the annotation. Keeping only `before-hook-creation`',
    'also works: the failed object then stays until the next run.',
  ].join(' '),
  example: {
    bad: '"helm.sh/hook": post-install,post-upgrade\n"helm.sh/hook-delete-policy": before-hook-creation,hook-failed',
    good: '"helm.sh/hook": post-install,post-upgrade\n"helm.sh/hook-delete-policy": before-hook-creation,hook-failed\n"helm.sh/hook-output-log-policy": hook-failed',
  },
  fixDescription: 'Adds `hook-failed` to `helm.sh/hook-output-log-policy` (Helm 3.18+; a no-op before, so it is not applied automatically).',
  check(context) {
    for (const resource of liveHooks(context.chart)) {
      if (resource.kind !== 'Job' && resource.kind !== 'Pod') continue;
      const policyEntry = resource.hook.deletePolicyEntry;
      if (!policyEntry) continue;
      const token = tokensOf(resource, policyEntry).find((candidate) => !candidate.partial && candidate.normalized === 'hook-failed');
      if (!token) continue;
      const logEntry = resource.hook.outputLogPolicyEntry;
      if (logEntry && tokensOf(resource, logEntry).some((candidate) => candidate.partial || candidate.normalized === 'hook-failed')) continue;
      if (!logEntry && valuesMaySupply(resource, outputLogPolicyKey)) continue;
      const edit = logEntry ? appendToken(resource, logEntry) : addAnnotation(resource, policyEntry, outputLogPolicyKey, 'hook-failed');
      context.report({
        file: resource.file.path,
        span: token.span,
        message: `Delete policy "hook-failed" deletes the failed ${resource.kind} and its logs at once, unless hook-output-log-policy has hook-failed.`,
        fixes: edit ? [fix(`Add hook-failed to "${outputLogPolicyKey}" (Helm 3.18+ prints the logs before deleting)`, [edit], false)] : [],
      });
    }
  },
};

function tokensOf(resource: LiveHook, entry: NonNullable<LiveHook['hook']['deletePolicyEntry']>) {
  if (entry.value.type !== 'string' && entry.value.type !== 'templated' && entry.value.type !== 'null') return [];
  return resource.view.listOf(entry.value).tokens;
}

/** `,hook-failed` after the last token of an existing output-log policy whose offsets are exact (quoted whole in a flow mapping). */
function appendToken(resource: LiveHook, entry: NonNullable<LiveHook['hook']['outputLogPolicyEntry']>): TextEdit | undefined {
  if (entry.value.type !== 'string' || !entry.value.literalMapping) return undefined;
  const list = resource.view.listOf(entry.value);
  const last = list.tokens[list.tokens.length - 1];
  if (!last || !list.exact) return undefined;
  const empty = list.tokens.length === 1 && last.normalized === '';
  const at = empty ? last.rawSpan.start : last.span.end;
  const edit = { file: resource.file.path, span: { start: at, end: empty ? last.rawSpan.end : at }, newText: empty ? 'hook-failed' : ',hook-failed' };
  return flowSafeValueEdit(edit, entry.value, resource.file.text, inFlowMapping(resource, entry));
}
