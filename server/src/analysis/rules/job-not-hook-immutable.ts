/**
 * Rule job-not-hook-immutable: a Job that is a normal resource of the release and has a fixed
 * name. Its pod template is immutable, so an upgrade that changes it fails.
 */
import type { Resource } from '../model/chart';
import { conditionsAt } from '../semantics/conditions';
import { isReleaseResource } from '../semantics/dependencies';
import { nameStability } from '../semantics/nameStability';
import type { Rule } from './rule';

/** The example: a Job with a fixed name; the fix is in its annotations. */
function migrateJob(...annotations: string[]): string {
  return [
    'kind: Job',
    'metadata:',
    '  name: db-migrate',
    ...annotations,
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
  ].join('\n');
}

/** The error an upgrade gets, by apply method: Helm 4's server-side apply, Helm 3's client-side patch. */
const immutable = {
  '3': '"cannot patch … field is immutable"',
  '4': '"spec.template: … field is immutable"',
} as const;

export const jobNotHookImmutable: Rule = {
  id: 'job-not-hook-immutable',
  defaultSeverity: 'information',
  judges: 'resource',
  summary: 'Normal Job with a fixed name: upgrades fail once its pod template changes',
  rationale: [
    "A Job's `spec.template` is immutable. A Job that is a normal resource of the release is patched by `helm upgrade`, and any change to its pod template",
    '(a new image tag, a changed value) fails: under Helm 4\'s default server-side apply with `… is invalid: spec.template: … field is immutable`,',
    'with Helm 3\'s client-side patch (or Helm 4\'s `--server-side=false`) with `cannot patch … field is immutable` (apache/airflow#27561, apache/pulsar-helm-chart#67).',
    'Make it a hook with the `before-hook-creation` delete policy, so Helm deletes and recreates it, or put something that changes on every release in its name, such as `.Release.Revision`.',
  ].join(' '),
  example: {
    bad: migrateJob(),
    good: migrateJob('  annotations:', '    "helm.sh/hook": pre-upgrade', '    "helm.sh/hook-delete-policy": before-hook-creation'),
  },
  check(context) {
    const stability = nameStability(context.chart);
    for (const resource of context.chart.resources) {
      if (resource.kind !== 'Job' || !resource.doc.name || !isReleaseResource(context.chart, resource) || installOnly(resource)) continue;
      const name = resource.doc.name;
      if (name.type === 'null' || name.type === 'map' || name.type === 'seq') continue;
      if (name.type === 'templated' && stability(resource) !== 'fixed') continue;
      context.report({
        file: resource.file.path,
        span: name.span,
        message: `This normal Job keeps its name, so changing its pod template fails the upgrade: ${immutable[context.helmVersion]}.`,
      });
    }
  },
};

/** Rendered only by `helm install` (`if .Release.IsInstall`, `if not .Release.IsUpgrade`): an upgrade removes it instead of patching it. */
function installOnly(resource: Resource): boolean {
  const isField = (text: string, name: string): boolean => text === `.Release.${name}` || text === `$.Release.${name}`;
  const requires = (text: string, name: string): boolean => isField(text, name) || (text.startsWith('and ') && text.split(/[\s()]+/).some((word) => isField(word, name)));
  return conditionsAt(resource.file, resource.doc.name!.span.start).some((condition) => (condition.negated ? isField(condition.text, 'IsUpgrade') : requires(condition.text, 'IsInstall')));
}
