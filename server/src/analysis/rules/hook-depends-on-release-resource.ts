/**
 * Rule hook-depends-on-release-resource: a pre-install, pre-rollback or pre-upgrade hook's pod
 * needs an object that the chart renders as a normal resource of the release.
 */
import { toEntry } from '../semantics/plan';
import type { Fix, Severity } from '../types';
import { makeHookEdit } from './support/dependencyEdits';
import { label, neededBecause } from './support/dependencyFindings';
import type { Rule } from './rule';

/** What each early phase sees of a normal object (spec §3.3). */
const clauses: Readonly<Record<string, string>> = {
  'pre-install': 'it does not exist yet when pre-install hooks run',
  'pre-rollback': 'pre-rollback hooks run before the rollback restores it',
  'pre-upgrade': "pre-upgrade hooks see the previous revision's copy, none if it is new",
};

/** Kinds that are safe to recreate as a hook; a PersistentVolumeClaim would lose its data, a binding needs its role and account too. */
const convertible: ReadonlySet<string> = new Set(['ConfigMap', 'Secret', 'ServiceAccount']);

/** The example: a pre-install Job that mounts a ConfigMap; the fix is in the ConfigMap's annotations. */
function configAndJob(...configAnnotations: string[]): string {
  return [
    'kind: ConfigMap',
    'metadata:',
    '  name: migrate-config',
    ...configAnnotations,
    '---',
    'kind: Job',
    'metadata:',
    '  name: migrate',
    '  annotations:',
    '    "helm.sh/hook": pre-install',
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      volumes:',
    '        - name: config',
    '          configMap:',
    '            name: migrate-config',
  ].join('\n');
}

export const hookDependsOnReleaseResource: Rule = {
  id: 'hook-depends-on-release-resource',
  defaultSeverity: 'error',
  judges: 'resource',
  summary: 'Pre-install, pre-upgrade or pre-rollback hook needs a normal resource of the release',
  rationale: [
    'Helm runs pre-install hooks before it creates any normal resource of the release, and pre-upgrade and pre-rollback hooks before it updates them (`install.go`, `upgrade.go`, `rollback.go`).',
    'A hook Pod or Job whose service account, ConfigMap, Secret or PersistentVolumeClaim is a normal resource therefore cannot start on install',
    '(`configmap "x" not found`, `CreateContainerConfigError`), and Helm waits for it until `--timeout` (helm/helm#7447, #9163). Helm 4\'s default wait then fails with `resource Job/<ns>/<name> not ready. status: InProgress, message: Job in progress` and `context deadline exceeded`; Helm 3 (and Helm 4\'s `--wait=legacy`) with `timed out waiting for the condition`.',
    'The same holds for the RoleBinding that gives its service account permissions.',
    "On upgrade the object exists but still holds the previous revision's values, which may be what the hook wants (a password rotation reading the old password) or stale data;",
    'only the upgrade that first adds the object (a new chart version, a value that turns it on, or the upgrade after a failed first install) finds none and waits until `--timeout`.',
    'So it is an error for pre-install and pre-rollback, and information for pre-upgrade alone: check that the previous revision\'s copy is what the hook needs, and that the object is not new in the same upgrade as the hook.',
    'The usual fix is to make the dependency a hook of the same events with a lower weight; note that an object that turns from a normal resource into a hook is deleted by the first upgrade after the change (helm/helm#11608).',
  ].join(' '),
  example: {
    bad: configAndJob(),
    good: configAndJob('  annotations:', '    "helm.sh/hook": pre-install', '    "helm.sh/hook-weight": "-1"'),
  },
  fixDescription: 'Offers (not as the preferred fix) to make the ConfigMap, Secret or ServiceAccount a hook of the same events, one weight below the hook that needs it, when the hook runs pre-install: a hook of the other events alone would leave the object out of every install.',
  check(context) {
    for (const dependency of context.releaseDependencies()) {
      const { hook, target } = dependency;
      const entry = toEntry(hook);
      const early = ['pre-install', 'pre-rollback', 'pre-upgrade'].filter((event) => entry.events.includes(event));
      if (early.length === 0) continue;
      // Pre-upgrade alone: Helm fails only on the upgrade that first adds the object, which the chart cannot tell.
      const severity: Severity = early.includes('pre-install') || early.includes('pre-rollback') ? 'error' : 'information';
      context.report({
        file: hook.file.path,
        span: dependency.span,
        severity,
        message: `${label(target)} is a normal resource: ${clauses[early[0]]}.`,
        related: [{ file: target.file.path, span: dependency.targetSpan, message: `${label(target)}${neededBecause(dependency)} is applied with the release's normal resources, after the ${early.join(' and ')} hooks: ${joinClauses(early.map((event) => clauses[event]))}.` }],
        fixes: makeHookFix(entry.events, entry.eventsTemplated, entry.weight, target),
      });
    }
  },
};

function makeHookFix(events: readonly string[], eventsTemplated: boolean, weight: number | string, target: Parameters<typeof makeHookEdit>[0]): Fix[] {
  if (eventsTemplated || typeof weight !== 'number' || !convertible.has(target.kind ?? '')) return [];
  // As a hook of pre-upgrade or pre-rollback alone, the object would no longer be created on install.
  if (!events.includes('pre-install')) return [];
  const unique = [...new Set(events)];
  const edit = makeHookEdit(target, unique, weight - 1);
  if (!edit) return [];
  return [{ title: `Make ${label(target)} a ${unique.join(',')} hook with weight ${weight - 1}`, edits: [edit], isPreferred: false }];
}

function joinClauses(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
