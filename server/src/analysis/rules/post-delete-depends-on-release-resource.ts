/**
 * Rule post-delete-depends-on-release-resource: a post-delete hook's pod needs an object that
 * `helm uninstall` has already deleted with the release.
 */
import { toEntry } from '../semantics/plan';
import { label, neededBecause } from './support/dependencyFindings';
import type { Rule } from './rule';

/** The example: a post-delete Job and its ServiceAccount; the fix is in the account's annotations. */
function accountAndJob(...accountAnnotations: string[]): string {
  return [
    'kind: ServiceAccount',
    'metadata:',
    '  name: cleanup',
    ...accountAnnotations,
    '---',
    'kind: Job',
    'metadata:',
    '  name: cleanup',
    '  annotations:',
    '    "helm.sh/hook": post-delete',
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      serviceAccountName: cleanup',
  ].join('\n');
}

export const postDeleteDependsOnReleaseResource: Rule = {
  id: 'post-delete-depends-on-release-resource',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'Post-delete hook needs a normal resource that uninstall already deleted',
  rationale: [
    '`helm uninstall` runs pre-delete hooks, then deletes every normal resource of the release, and only then runs post-delete hooks (`uninstall.go`).',
    'A post-delete hook Pod or Job whose service account, ConfigMap, Secret or PersistentVolumeClaim is a normal resource, or whose service account gets its permissions',
    'from a normal RoleBinding, runs after that object is gone: the pod cannot start or is forbidden, and the uninstall ends with `uninstallation completed with 1 error(s)`',
    '(helm/helm#6149 shows the same missing-RBAC symptom). Make the object a hook of the post-delete event with a lower weight, or use a pre-delete hook.',
  ].join(' '),
  example: {
    bad: accountAndJob(),
    good: accountAndJob('  annotations:', '    "helm.sh/hook": post-delete', '    "helm.sh/hook-weight": "-1"'),
  },
  check(context) {
    for (const dependency of context.releaseDependencies()) {
      const { hook, target } = dependency;
      if (!toEntry(hook).events.includes('post-delete')) continue;
      context.report({
        file: hook.file.path,
        span: dependency.span,
        message: `${label(target)} is a normal resource, deleted by uninstall before post-delete hooks.`,
        related: [{ file: target.file.path, span: dependency.targetSpan, message: `${label(target)}${neededBecause(dependency)} is deleted with the release's normal resources, before the post-delete hooks.` }],
      });
    }
  },
};
