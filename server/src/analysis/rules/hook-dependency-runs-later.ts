/**
 * Rule hook-dependency-runs-later: a hook's pod needs another hook of the same phase that
 * Helm creates after it, usually because equal weights are ordered by name, not by kind.
 */
import type { Resource } from '../model/chart';
import type { HookDependency } from '../semantics/dependencies';
import { orderBetween, toEntry, type HookEntry } from '../semantics/plan';
import { swappedUnder, type OrderUnderName, type ReleaseNameOrders } from '../semantics/releaseNames';
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
    'When the names start with the release name (or print it where they differ), that order can change with the release name: the rendered chart is compared with renders under other release names, and a tie that another name swaps is reported with both orders, whichever the checked name gives.',
    'Each hook must be ready before the next starts, so a Job whose service account, ConfigMap, Secret or RoleBinding comes later cannot start or lacks permissions, and Helm waits until `--timeout`.',
    'Give the dependency a strictly lower weight.',
  ].join(' '),
  example: { bad: accountAndJob(), good: accountAndJob('    "helm.sh/hook-weight": "-1"') },
  fixDescription: "Sets the dependency's weight to one below the lowest weight of the hooks that need it; preferred only when that does not move it before a hook it needs itself.",
  check(context) {
    const dependencies = context.dependencies();
    const late = lateDependencies(dependencies, context.releaseNameOrders);
    for (const { dependency, swapped } of late) {
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
        message: swapped ? releaseNameMessage(object, a, b, order.order, swapped, context.releaseNameOrders!.releaseName) : `${object} is created after this hook: ${reason}.`,
        related: [{ file: target.file.path, span: dependency.targetSpan, message: swapped ? `${object} is in ${phases} at the same weight.` : `${object} runs later in ${phases}.` }],
        fixes: weightFix(dependencies, late.map((item) => item.dependency), target),
      });
    }
  },
};

/**
 * Both orders of a tie that the release name decides, in one sentence: under the user's release
 * name (`own`) and under the other name that swaps them (its two rendered names compared).
 */
function releaseNameMessage(object: string, hook: HookEntry, target: HookEntry, order: number, swapped: OrderUnderName, own: string): string {
  const [hookName, targetName] = swapped.names.map((name) => shownText(name));
  const otherOrder = hookName === targetName ? `both named "${hookName}"` : swapped.order < 0 ? `"${hookName}" < "${targetName}"` : `"${targetName}" < "${hookName}"`;
  const when = (before: boolean): string => (before ? 'before' : 'after');
  return `${object} is created ${when(order > 0)} this hook with release name "${shownText(own)}" but ${when(swapped.order > 0)} it with "${shownText(swapped.releaseName)}" (${otherOrder}): both weigh ${hook.weight}, so the release name decides.`;
}

/**
 * Dependencies on a hook of a shared phase that certainly sorts after the hook that needs it, and,
 * on a rendered chart, those of a tie whose order another release name swaps (`swapped`: under
 * which name), whichever order the user's release name gives.
 */
function lateDependencies(dependencies: readonly HookDependency[], orders: ReleaseNameOrders | undefined): { dependency: HookDependency; swapped?: OrderUnderName }[] {
  const result: { dependency: HookDependency; swapped?: OrderUnderName }[] = [];
  for (const dependency of dependencies) {
    if (!dependency.target.hook || dependency.target.hook.dropped) continue;
    const a = toEntry(dependency.hook);
    const b = toEntry(dependency.target);
    if (sharedPhases(a, b).length === 0) continue;
    const order = orderBetween(a, b);
    if (!order.certain) continue;
    // Only a tie can depend on the release name: weights are not names.
    const swapped = order.decidedBy !== 'weight' && order.decidedBy !== 'repeat' ? swappedUnder(orders, dependency.hook, dependency.target) : undefined;
    if (swapped || order.order < 0) result.push({ dependency, ...(swapped ? { swapped } : {}) });
  }
  return result;
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
