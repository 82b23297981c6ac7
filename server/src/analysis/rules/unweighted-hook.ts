/** Rule unweighted-hook: a hook without `helm.sh/hook-weight`, ordered against its phase's other hooks by name. */
import { weightKey } from '../helm/hooks';
import type { Fix, RelatedLocation } from '../types';
import { fix } from './support/helpers';
import { liveHooks, resourceLabel, valuesMaySupply, type LiveHook } from './support/hookResources';
import { addAnnotation } from './support/insertions';
import { dependencyBetween, dependencyWeight, linkedHooks, mayUse, tieOrder } from '../semantics/hookLinks';
import type { Resource } from '../model/chart';
import type { HookDependency } from '../semantics/dependencies';
import type { ReleaseNameOrders } from '../semantics/releaseNames';
import type { Rule } from './rule';

export const unweightedHook: Rule = {
  id: 'unweighted-hook',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'Hook without a weight',
  rationale: [
    'A hook without `helm.sh/hook-weight` has weight 0. Within one phase Helm runs hooks one at a time, sorted by',
    '**weight, then `metadata.name`** (byte-wise); kind only breaks ties between hooks of the same name (`hookByWeight.Less`',
    'in `pkg/action/hooks.go`, helm/helm#12414). The docs\' "by weight, by kind, then by name" is wrong for differently named',
    'objects, so two unweighted hooks of the same event run in the order of their names, whatever depends on what.',
    'Hooks of subcharts are pooled with the parent\'s. The finding is a warning when the hook ties at weight 0 with a hook of',
    'the same event that it uses or that uses it (a pod reference, an RBAC binding, or the other\'s name written in a workload',
    'or custom resource) and Helm\'s order by name is not certainly the one the dependency needs; it is information when the',
    'hook is alone in its phases, or shares them only with hooks it does not use (any order works), or the order is certainly',
    'right. A hook of a tie that Helm orders against a dependency is left to `hook-dependency-runs-later`, which',
    'gives the weight that mends it. When every hook of the warning\'s tie has a direction (the hook uses it, or it uses the hook), the fix writes the',
    'weight that puts the hook after every hook of its phases it uses and before every one that uses it (one above the highest',
    'weight it uses, else one below the lowest that uses it) and `--fix` applies it; otherwise (no direction, a templated weight,',
    'or no weight between) it writes the weight Helm already uses, `"0"`, so nothing moves, and is only offered.',
  ].join(' '),
  example: {
    bad: '"helm.sh/hook": pre-install,pre-upgrade',
    good: '"helm.sh/hook": pre-install,pre-upgrade\n"helm.sh/hook-weight": "0"',
  },
  fixDescription: 'Inserts `"helm.sh/hook-weight"` under `helm.sh/hook`: the weight that puts the hook after the hooks of its phases it uses and before those that use it (applied by `--fix`), else `"0"`, which keeps the current order (offered only).',
  check(context) {
    const hooks = liveHooks(context.chart);
    let dependencies: readonly HookDependency[] | undefined;
    for (const resource of hooks) {
      const hook = resource.hook;
      if (hook.weightEntry || valuesMaySupply(resource, weightKey)) continue;
      const sharing = hooks.filter((other) => other !== resource && sharedEvent(resource, other) !== undefined);
      dependencies ??= context.dependencies();
      // Only a tie with a hook it uses, or that uses it, can go wrong; independent hooks may run in any order.
      const risky = sharing.filter((other) => tieRisk(resource, other, dependencies!, context.releaseNameOrders));
      // A tie Helm orders against a dependency (under this release name, or under another) is
      // hook-dependency-runs-later's finding, with the weight that mends it; "safe for now" would contradict it.
      if (risky.length === 0 && sharing.some((other) => leftToRunsLater(resource, other, dependencies!, context.releaseNameOrders))) continue;
      const shown = risky.length > 0 ? risky : sharing;
      const event = shown.length > 0 ? sharedEvent(resource, shown[0]) : undefined;
      context.report({
        file: resource.file.path,
        span: hook.entry.keySpan,
        severity: risky.length > 0 ? 'warning' : 'information',
        message: risky.length > 0
          ? risky.length === 1
            ? `No hook-weight: ties at 0 with ${resourceLabel(risky[0])} in ${event}; names decide.`
            : `No hook-weight: this hook ties at 0 with ${risky.length} hooks it uses or that use it in ${event}.`
          : sharing.length > 0
            ? `No hook-weight: weight 0 is safe in "${event}" for now; no tie there has a dependency in doubt.`
            : 'No hook-weight: this hook runs at weight 0, and hooks added later are ordered against it by name.',
        fixes: weightFixes(resource, risky, sharing, dependencies),
        related: shown.map((other): RelatedLocation => ({
          file: other.file.path,
          span: other.hook.entry.keySpan,
          message: `${resourceLabel(other)} also runs on "${sharedEvent(resource, other)}" (weight ${other.hook.weight ?? 'templated'}).`,
        })),
      });
    }
  },
};

/**
 * The weight to write. When every hook of the risky tie is one this hook uses (or one that uses
 * it), the weight that puts the hook after every hook of its phases it uses and before every one
 * that uses it (hookLinks.dependencyWeight: one above the highest weight it needs, else one below
 * the lowest that needs it) is what the dependencies need, so `--fix` applies it. Otherwise (no
 * direction, a templated weight among them, or no weight between) the fix writes the weight Helm
 * uses now, "0", and only offers it: nothing moves, and the order is for the author to choose.
 */
function weightFixes(resource: LiveHook, risky: readonly LiveHook[], sharing: readonly LiveHook[], dependencies: readonly HookDependency[]): Fix[] {
  const { uses: needed, usedBy: needing } = linkedHooks(resource, sharing, dependencies);
  const direct = risky.length > 0 && risky.every((other) => needed.includes(other) || needing.includes(other));
  const weights = (hooks: readonly Resource[]): number[] | undefined => (hooks.every((other) => other.hook?.weight !== undefined) ? hooks.map((other) => other.hook!.weight!) : undefined);
  const after = weights(needed);
  const before = weights(needing);
  const weight = direct && after && before ? dependencyWeight(after, before) : undefined;
  const edit = addAnnotation(resource, resource.hook.entry, weightKey, weight === undefined ? '0' : String(weight));
  if (!edit) return [];
  if (weight !== undefined) {
    // Named: the hook at the bound the weight steps past, one of the risky tie first.
    const named = (hooks: readonly Resource[], bound: number): Resource => {
      const at = hooks.filter((other) => other.hook!.weight === bound);
      return at.find((other) => risky.includes(other as LiveHook)) ?? at[0];
    };
    const parts: string[] = [];
    if (needed.length > 0) parts.push(`after ${resourceLabel(named(needed, Math.max(...after!)))}, which it uses`);
    if (needing.length > 0) parts.push(`before ${resourceLabel(named(needing, Math.min(...before!)))}, which uses it`);
    return [fix(`Add "helm.sh/hook-weight": "${weight}" (${parts.join(', and ')})`, [edit], true)];
  }
  // Without a direction the weight orders nothing yet: offered, not a `--fix` edit.
  return [fix('Add "helm.sh/hook-weight": "0" (the weight Helm uses now)', [edit], false)];
}

/**
 * Whether the unweighted hook and `other` form a tie whose order can be wrong: `other` runs at
 * weight 0 too (or a templated weight), one may use the other, and Helm's order by name is not
 * certainly the one the dependency needs. A tie of a dependency whose order is certainly wrong,
 * or wrong under some release names, is hook-dependency-runs-later's finding, not this one's.
 */
function tieRisk(resource: LiveHook, other: LiveHook, dependencies: readonly HookDependency[], orders: ReleaseNameOrders | undefined): boolean {
  if (other.hook.weight !== undefined && other.hook.weight !== 0) return false;
  if (!mayUse(resource, other, dependencies)) return false;
  if (other.hook.weight === undefined) return true;
  const order = tieOrder(resource, other, dependencies, orders);
  return order === 'unknown' || (order === 'varies' && !dependencyBetween(resource, other, dependencies));
}

/** Whether the tie of the hook and `other` is hook-dependency-runs-later's: one needs the other, and Helm's order by name is wrong, or wrong under some release name. */
function leftToRunsLater(resource: LiveHook, other: LiveHook, dependencies: readonly HookDependency[], orders: ReleaseNameOrders | undefined): boolean {
  if (other.hook.weight !== 0 || !dependencyBetween(resource, other, dependencies)) return false;
  const order = tieOrder(resource, other, dependencies, orders);
  return order === 'wrong' || order === 'varies';
}

function sharedEvent(a: LiveHook, b: LiveHook): string | undefined {
  const eventsB = b.hook.knownEvents ?? [];
  return (a.hook.knownEvents ?? []).find((event) => eventsB.includes(event));
}

