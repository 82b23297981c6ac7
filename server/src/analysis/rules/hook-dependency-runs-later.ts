/**
 * Rule hook-dependency-runs-later: a hook's pod needs another hook of the same phase that
 * Helm creates after it, usually because equal weights are ordered by name, not by kind.
 */
import type { Resource } from '../model/chart';
import type { HookDependency } from '../semantics/dependencies';
import { orderBetween, toEntry, type HookEntry } from '../semantics/plan';
import type { Fix } from '../types';
import { weightEdit } from './support/dependencyEdits';
import { label } from './support/dependencyFindings';
import { shownText } from './support/helpers';
import type { Rule } from './rule';

/** The example: a Job and the ServiceAccount it runs as, in one phase; `accountWeight` is the fix. */
function accountAndJob(...accountWeight: string[]): string {
  return [
    'kind: ServiceAccount',
    'metadata:',
    '  name: app-sa',
    '  annotations:',
    '    "helm.sh/hook": pre-install',
    ...accountWeight,
    '---',
    'kind: Job',
    'metadata:',
    '  name: app-job',
    '  annotations:',
    '    "helm.sh/hook": pre-install',
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      serviceAccountName: app-sa',
  ].join('\n');
}

export const hookDependencyRunsLater: Rule = {
  id: 'hook-dependency-runs-later',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'Hook needs a hook that Helm creates after it',
  rationale: [
    'Helm runs the hooks of a phase one at a time, sorted by weight, then by `metadata.name` compared byte-wise, and only then by kind (`hookByWeight` in `pkg/action/hooks.go`).',
    "Helm's docs say \"weight, kind, name\", but at equal weight a Job named `app-job` is created before the ServiceAccount `app-sa` it uses (helm/helm#10768, #12414).",
    'Each hook must be ready before the next starts, so a Job whose service account, ConfigMap, Secret or RoleBinding comes later cannot start or lacks permissions, and Helm waits until `--timeout`.',
    'Give the dependency a strictly lower weight.',
  ].join(' '),
  example: { bad: accountAndJob(), good: accountAndJob('    "helm.sh/hook-weight": "-1"') },
  fixDescription: "Sets the dependency's weight to one below the lowest weight of the hooks that need it; preferred only when that does not move it before a hook it needs itself.",
  check(context) {
    const dependencies = context.dependencies();
    const late = lateDependencies(dependencies);
    for (const dependency of late) {
      const { hook, target } = dependency;
      const a = toEntry(hook);
      const b = toEntry(target);
      const phases = sharedPhases(a, b).join(' and ');
      const object = label(target);
      const order = orderBetween(a, b);
      const reason = order.decidedBy === 'weight'
        ? `it has weight ${b.weight} and this hook ${a.weight}`
        : `both weigh ${a.weight}, and Helm goes by name ("${shownText(a.name?.text ?? '')}" < "${shownText(b.name?.text ?? '')}")`;
      context.report({
        file: hook.file.path,
        span: dependency.span,
        message: `${object} is created after this hook: ${reason}.`,
        related: [{ file: target.file.path, span: dependency.targetSpan, message: `${object} runs later in ${phases}.` }],
        fixes: weightFix(dependencies, late, target),
      });
    }
  },
};

/** Dependencies on a hook of a shared phase that certainly sorts after the hook that needs it. */
function lateDependencies(dependencies: readonly HookDependency[]): HookDependency[] {
  return dependencies.filter((dependency) => {
    if (!dependency.target.hook || dependency.target.hook.dropped) return false;
    const a = toEntry(dependency.hook);
    const b = toEntry(dependency.target);
    if (sharedPhases(a, b).length === 0) return false;
    const order = orderBetween(a, b);
    return order.certain && order.order < 0;
  });
}

function sharedPhases(a: HookEntry, b: HookEntry): string[] {
  return [...new Set(a.events.filter((event) => b.events.includes(event)))];
}

/**
 * The target's new weight: one below every hook that needs it too late. Preferred when no
 * hook the target itself needs in a shared phase would then run after it.
 */
function weightFix(dependencies: readonly HookDependency[], late: readonly HookDependency[], target: Resource): Fix[] {
  const weights = late.filter((dependency) => dependency.target === target).map((dependency) => toEntry(dependency.hook).weight).filter((weight): weight is number => typeof weight === 'number');
  if (weights.length === 0) return [];
  const weight = Math.min(...weights) - 1;
  const edit = weightEdit(target, weight);
  if (!edit) return [];
  const moved: HookEntry = { ...toEntry(target), weight };
  const breaks = dependencies.some((dependency) => {
    if (dependency.hook !== target || !dependency.target.hook) return false;
    const needed = toEntry(dependency.target);
    if (sharedPhases(moved, needed).length === 0) return false;
    const runsBefore = (order: ReturnType<typeof orderBetween>): boolean => order.certain && order.order > 0;
    return runsBefore(orderBetween(toEntry(target), needed)) && !runsBefore(orderBetween(moved, needed));
  });
  return [{ title: `Set the weight of ${label(target)} to "${weight}"`, edits: [edit], isPreferred: !breaks }];
}
