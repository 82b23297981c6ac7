/**
 * What Helm does with each hook key, event and policy, as markdown for completion items and
 * hovers. Every sentence follows ../shared/helm-hooks-spec.md (§1 keys and parsing, §2 events,
 * §3 order and lifecycle, §4 delete policies); nothing here guesses.
 */
import { deletePolicyKey, hookKey, outputLogPolicyKey, weightKey } from './hooks';

export const keyDocs: Readonly<Record<string, string>> = {
  [hookKey]: [
    'Makes this resource a **hook**: Helm creates it at the listed lifecycle events instead of installing it with the release.',
    '',
    'Comma-separated events; Helm trims and lower-cases each one. **Any unknown or empty event makes Helm skip the whole resource** — it is neither run as a hook nor installed, and Helm only logs `skipping unknown hook`.',
    '',
    'Hooks are not part of the release: `helm uninstall` does not delete them; only the delete policy does.',
  ].join('\n'),
  [weightKey]: [
    'Orders hooks **within one event**: lower weights run first. Hooks run one at a time.',
    '',
    'Helm reads it with Go\'s `strconv.Atoi`: an optional sign and digits, no spaces. **Anything else silently becomes 0** (`" 5"`, `"5.0"`, `"1e3"`). The sort is numeric (`"10"` comes after `"2"`).',
    '',
    'Equal weights are ordered by `metadata.name` (byte-wise), and only then by kind — despite the docs (helm#12414).',
    '',
    'Write it as a quoted string (`"5"`): Kubernetes rejects a number as an annotation value when the hook runs.',
  ].join('\n'),
  [deletePolicyKey]: [
    'When Helm deletes this hook: `before-hook-creation`, `hook-succeeded`, `hook-failed` (comma-separated).',
    '',
    'Without this annotation Helm uses `before-hook-creation`. **Any value at all — even an unknown one or `""` — replaces that default**; unknown values do nothing.',
    '',
    'The usual choice is `before-hook-creation,hook-succeeded`. A `CustomResourceDefinition` hook is never deleted by any policy.',
  ].join('\n'),
  [outputLogPolicyKey]: [
    'When Helm prints the hook\'s container logs: `hook-succeeded`, `hook-failed` (comma-separated).',
    '',
    'Only for `Job` and `Pod` hooks; other kinds and unknown values are ignored. Added in Helm 3.18 / 4.0; older Helm ignores the key. The `helm` CLI writes the logs to stderr.',
  ].join('\n'),
};

const timing: Readonly<Record<string, string>> = {
  'pre-install': 'Runs on `helm install` after the templates are rendered and before any release resource is created. The release resources do not exist yet.',
  'post-install': 'Runs on `helm install` after all release resources are created — and, without `--wait`, before they are ready.',
  'pre-upgrade': 'Runs on `helm upgrade` after rendering and before any resource is updated, with the new chart\'s hooks. Release resources still hold the old values. A release whose only revision failed is upgraded, not installed, so `upgrade --install` runs this event, not `pre-install`.',
  'post-upgrade': 'Runs on `helm upgrade` after all resources are updated — and, without `--wait`, before they are ready.',
  'pre-rollback': 'Runs on `helm rollback` before any resource is rolled back. Rollback uses the hooks stored with the **target** (old) revision.',
  'post-rollback': 'Runs on `helm rollback` after all resources are rolled back, with the target revision\'s hooks.',
  'pre-delete': 'Runs on `helm uninstall` before any release resource is deleted. **If it fails, the uninstall stops** (`--no-hooks` skips the hooks).',
  'post-delete': 'Runs on `helm uninstall` after all release resources are deleted: the release\'s ServiceAccounts, ConfigMaps and Secrets are already gone.',
  test: 'Runs only on `helm test`; install and upgrade never run it. `helm template --skip-tests` leaves it out.',
};

/** Markdown for one event (canonical name or `test-success`). */
export function eventDoc(event: string): string | undefined {
  if (event === 'test-success') return `\`test-success\` is the Helm 2 name of \`test\`; Helm 3 and 4 still accept it as \`test\`.\n\n${timing.test}`;
  const text = timing[event];
  return text === undefined ? undefined : `**${event}** — ${text}`;
}

const deletePolicyText: Readonly<Record<string, string>> = {
  'before-hook-creation': 'Deletes the previous copy of this hook (by kind, name and namespace) before creating it again. This is Helm\'s default when no policy is set, and it prevents `already exists` failures after an interrupted run.',
  'hook-succeeded': 'Deletes the hook after **the whole event** succeeded (hooks of the event are deleted in reverse order), not right after this hook finished.',
  'hook-failed': 'Deletes the hook when it fails — together with its Pod logs, unless `helm.sh/hook-output-log-policy: hook-failed` prints them first.',
};

export function deletePolicyDoc(policy: string): string | undefined {
  const text = deletePolicyText[policy];
  return text === undefined ? undefined : `**${policy}** — ${text}`;
}

const outputLogPolicyText: Readonly<Record<string, string>> = {
  'hook-succeeded': 'Prints the logs of the hook\'s Pods after the whole event succeeded.',
  'hook-failed': 'Prints the logs of the hook\'s Pods when the hook fails, before a `hook-failed` delete policy removes them.',
};

export function outputLogPolicyDoc(policy: string): string | undefined {
  const text = outputLogPolicyText[policy];
  return text === undefined ? undefined : `**${policy}** — ${text} Only for \`Job\` and \`Pod\` hooks (Helm 3.18+).`;
}
