/** Rule ttl-on-hook-job: `ttlSecondsAfterFinished` lets Kubernetes delete a hook Job that Helm may still be waiting for. */
import { shownText } from './support/helpers';
import { liveHooks } from './support/hookResources';
import type { Rule } from './rule';

export const ttlOnHookJob: Rule = {
  id: 'ttl-on-hook-job',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'ttlSecondsAfterFinished on a hook Job',
  rationale: [
    'Helm waits for every hook Job until it is `Complete`. With `spec.ttlSecondsAfterFinished` the TTL controller',
    'deletes the Job on its own once it has finished. Helm 4\'s default wait (`--wait` omitted means `hookOnly`, which uses',
    'kstatus) then has three outcomes: a Job deleted right after Helm saw it complete fails the hook at once with',
    '`resource Job/<ns>/<name> not ready. status: NotFound, message: Resource not found`; a Job deleted before Helm saw it',
    'complete makes Helm wait the full `--timeout` and then fail with the same `status: NotFound` and `context deadline exceeded`;',
    'a Job gone before Helm\'s first look makes it wait the full `--timeout` with `status: Unknown`. Helm 3\'s watcher (Helm 4\'s',
    '`--wait=legacy`) counts a deleted Job as success, so only the last case hurts there, ending in `timed out waiting for the condition`',
    '(helm/helm PRs #31851 and #32586, reported with the ingress-nginx admission Jobs and their TTL of 0). Short TTLs make',
    'these races likely; a TTL longer than Helm\'s wait is harmless. Cleaning up is what',
    '`helm.sh/hook-delete-policy` is for: `hook-succeeded` deletes the Job after Helm has seen it succeed, which makes',
    'the TTL redundant for succeeded Jobs. A TTL of 60 seconds or more is reported as information only: Helm sees a Job',
    'complete within moments, so such a TTL does not race it in practice. A literal TTL of 300 seconds (Helm\'s default `--timeout`) or more',
    'is not reported: the Job finishes after Helm created it, so the TTL controller deletes it only after Helm\'s whole wait for it has ended. The key is reported also when its value is templated (the key is literal, so',
    'it renders), as information, because the value is then the user\'s and may be long enough never to race Helm; and',
    'when it sits inside an `if`: it then renders whenever that condition holds, and the message says so.',
  ].join(' '),
  example: {
    bad: 'kind: Job\nmetadata:\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\nspec:\n  ttlSecondsAfterFinished: 0',
    good: 'kind: Job\nmetadata:\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded\nspec:\n  backoffLimit: 1',
  },
  check(context) {
    for (const resource of liveHooks(context.chart)) {
      if (resource.kind !== 'Job') continue;
      const ttl = resource.doc.ttlSecondsAfterFinished;
      if (!ttl) continue;
      if (ttl.value.type !== 'templated' && outlastsHelmWait(ttl.value.value)) continue;
      const view = resource.view;
      const conditional = view.conditionsAt(ttl.keySpan.start).length > view.conditionsAt(resource.hook.entry.keySpan.start).length;
      const policy = resource.hook.deletePolicyEntry;
      const deletesOnSuccess = policy !== undefined && (policy.value.type === 'string' || policy.value.type === 'templated')
        && view.listOf(policy.value).tokens.some((token) => !token.partial && token.normalized === 'hook-succeeded');
      const templated = ttl.value.type === 'templated';
      const setting = templated ? 'A templated ttlSecondsAfterFinished' : `ttlSecondsAfterFinished "${shownText(ttl.value.value ?? '')}"`;
      // Helm 3's watcher counts a deleted Job as success; only a Job gone before its first look times out.
      const outcome = context.helmVersion === '3'
        ? 'can delete the Job before Helm 3 sees it; Helm then waits until --timeout'
        : 'can delete the Job before Helm 4 sees it done ("status: NotFound")';
      context.report({
        file: resource.file.path,
        span: ttl.keySpan,
        // A templated TTL is the user's choice, and a minute or more (a rendered one too) is far longer than Helm needs
        // to see the Job complete: a nudge toward hook-succeeded, not a warning.
        severity: templated || longTtl(ttl.value.value) ? 'information' : undefined,
        message: `${setting}${conditional ? ' (if rendered)' : ''} ${outcome}.`,
        related: deletesOnSuccess && policy
          ? [{ file: resource.file.path, span: policy.value.span, message: 'hook-succeeded already deletes the Job once Helm has seen it succeed; the TTL is redundant.' }]
          : [{ file: resource.file.path, span: resource.hook.entry.keySpan, message: 'Use helm.sh/hook-delete-policy: hook-succeeded to clean up this hook instead of a TTL.' }],
      });
    }
  },
};

/** Helm's default `--timeout` for a hook, in seconds (`helm install --help`: 5m0s). */
const helmDefaultTimeoutSeconds = 300;

/** The TTL in seconds when it is written as a plain number, else undefined. */
function literalSeconds(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** A TTL of a minute or more: Helm sees a Job complete within moments, so it does not race Helm in practice. */
function longTtl(value: string | undefined): boolean {
  return (literalSeconds(value) ?? 0) >= 60;
}

/** A literal TTL that ends only after Helm's whole wait (default timeout) for a Job it created: nothing can race it. */
function outlastsHelmWait(value: string | undefined): boolean {
  return (literalSeconds(value) ?? 0) >= helmDefaultTimeoutSeconds;
}
