/**
 * Rule hook-name-collides-with-resource: a hook and a normal resource of the chart are the
 * same object (same kind, namespace and name).
 */
import type { Resource } from '../model/chart';
import { conditionsAt, contradict } from '../semantics/conditions';
import { isReleaseResource, resourcesByKind, sameNamespace } from '../semantics/dependencies';
import { resourceName, sameName } from '../semantics/objectNames';
import { deletePolicies } from '../semantics/plan';
import { label } from './support/dependencyFindings';
import type { Rule } from './rule';

/** The example: a normal Secret and a Secret hook; the fix is the hook's name. */
function secretAndHook(hookName: string): string {
  return [
    'kind: Secret',
    'metadata:',
    '  name: app-config',
    '---',
    'kind: Secret',
    'metadata:',
    `  name: ${hookName}`,
    '  annotations:',
    '    "helm.sh/hook": pre-install',
  ].join('\n');
}

export const hookNameCollidesWithResource: Rule = {
  id: 'hook-name-collides-with-resource',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'Hook has the same kind, namespace and name as a normal resource',
  rationale: [
    'Hooks and normal resources are separate lists in Helm: the release manifest never contains hooks, and hooks are created and deleted by their own policies (see [implicit-delete-policy](#implicit-delete-policy)).',
    'When both name the same object, a hook that runs after the release created it (a `post-*` hook, or any hook on upgrade) deletes the release\'s copy by `before-hook-creation`',
    'and replaces it with the hook\'s copy, which carries no release ownership metadata. A `pre-install` hook runs first: with client-side apply (Helm 3, or Helm 4 with `--server-side=false`)',
    'the release then fails with `… already exists`; under Helm 4\'s default server-side apply the release\'s apply lands on the hook\'s object without an error.',
    'The next upgrade may delete or recreate it (helm/helm#11608). Rename one of them, or keep only one.',
  ].join(' '),
  example: { bad: secretAndHook('app-config'), good: secretAndHook('app-config-bootstrap') },
  check(context) {
    const { chart } = context;
    // Only normal resources of the hook's kind can collide with it; grouping them once keeps this linear.
    const releaseByKind = resourcesByKind(chart.resources.filter((resource) => isReleaseResource(chart, resource)));
    for (const hook of chart.hooks) {
      if (!hook.hook || hook.hook.dropped || !hook.kind) continue;
      const others = releaseByKind.get(hook.kind);
      // The name only when there is a normal resource of the kind to compare it with (working it out reads the name's actions).
      if (!others) continue;
      const name = resourceName(hook);
      if (!name) continue;
      for (const other of others) {
        if (exclusiveBranches(hook, other)) continue;
        const otherName = resourceName(other);
        if (!otherName || !sameName(name, otherName) || !sameNamespace(hook, other)) continue;
        const deletes = deletePolicies(hook).values.includes('before-hook-creation');
        const effect = deletes ? ", which this hook's before-hook-creation can delete" : '; the hook and the release overwrite each other';
        const installFails = context.helmVersion === '3' && hook.hook.knownEvents?.includes('pre-install') === true;
        context.report({
          file: hook.file.path,
          span: hook.doc.name!.span,
          message: installFails
            ? `${label(other)} is also a normal resource: a fresh install fails with "already exists".`
            : `${label(other)} is also a normal resource${effect}.`,
          related: [{ file: other.file.path, span: other.doc.name!.span, message: `The normal ${label(other)}.` }],
        });
      }
    }
  },
};

/** Two documents that never render together: one is under a condition the other needs false. */
function exclusiveBranches(a: Resource, b: Resource): boolean {
  return contradict(conditionsAt(a.file, a.doc.name?.span.start ?? a.doc.span.start), conditionsAt(b.file, b.doc.name?.span.start ?? b.doc.span.start));
}
