/**
 * Whether the order of two hooks of one phase can matter, and whether Helm's order of a tie is
 * already the right one. A tie of equal weights is only a risk between hooks where one uses the
 * other: a pod reference or RBAC binding (dependencies.ts), or, for anything that consumes other
 * objects (a workload, a custom resource), the other's name written in its document (an owner,
 * an issuer, a URL). Passive objects alone (Secrets, ConfigMaps, RBAC) do not care in which
 * order they are created. Unknown counts as "may use": a templated name that cannot be searched
 * for keeps the pair linked, so no warning is lost to a guess.
 */
import type { Resource } from '../model/chart';
import { installOrder } from '../helm/hooks';
import type { HookDependency } from './dependencies';
import { orderBetween, toEntry } from './plan';
import { swappedUnder, type ReleaseNameOrders } from './releaseNames';

/** Kinds that run pods: they mount and use other objects by name. */
const workloads: ReadonlySet<string> = new Set(['Pod', 'Job', 'CronJob', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

/** A workload or a custom resource (any kind Helm's install order does not list): it may need other objects to exist. */
export function isConsumer(kind: string | undefined): boolean {
  return kind === undefined || workloads.has(kind) || !installOrder.includes(kind);
}

/** The dependency between `a` and `b`, in either direction. */
export function dependencyBetween(a: Resource, b: Resource, dependencies: readonly HookDependency[]): HookDependency | undefined {
  return dependencies.find((dependency) => (dependency.hook === a && dependency.target === b) || (dependency.hook === b && dependency.target === a));
}

/** Whether one of the two hooks may use the other, so the order they are created in can matter. */
export function mayUse(a: Resource, b: Resource, dependencies: readonly HookDependency[]): boolean {
  if (dependencyBetween(a, b, dependencies)) return true;
  // A Role's rules reach a pod through a binding of its account (roleRef is not read): linked when the pod depends on any binding.
  if (usesRbac(a, dependencies) && isRole(b)) return true;
  if (usesRbac(b, dependencies) && isRole(a)) return true;
  return (isConsumer(a.kind) && mentions(a, b) && !explained(a, b, dependencies)) || (isConsumer(b.kind) && mentions(b, a) && !explained(b, a, dependencies));
}

/** `user` writes `other`'s name because it names another object of that name it needs (a ServiceAccount named like a NetworkPolicy). */
function explained(user: Resource, other: Resource, dependencies: readonly HookDependency[]): boolean {
  return other.name !== undefined && !other.nameTemplated && dependencies.some((dependency) => dependency.hook === user && dependency.target !== other && dependency.target.name === other.name && !dependency.target.nameTemplated);
}

/**
 * Helm's order of a tie between two hooks, as the dependency between them needs it: `right` when
 * the needed object certainly comes first whatever the names render to, `wrong` when it certainly
 * comes after, `varies` when it comes first under some release names and after under others
 * (`orders`: the rendered chart's ties under other names), `unknown` otherwise. Only a known
 * dependency gives a direction (a pod needs the Roles its account's bindings grant); a pair
 * linked by a mention is always `unknown`.
 */
export function tieOrder(a: Resource, b: Resource, dependencies: readonly HookDependency[], orders?: ReleaseNameOrders): 'right' | 'wrong' | 'varies' | 'unknown' {
  const needed = neededBy(a, b, dependencies);
  if (!needed) return 'unknown';
  const relation = orderBetween(toEntry(needed.target), toEntry(needed.user));
  if (!relation.certain) return 'unknown';
  // Names (or kinds of equal names) decide a tie, and the release name may change the names.
  if (relation.decidedBy !== 'weight' && relation.decidedBy !== 'repeat' && swappedUnder(orders, needed.target, needed.user)) return 'varies';
  return relation.order < 0 ? 'right' : 'wrong';
}

/** Which of the two needs the other: a known dependency, or a pod whose account is bound (through some binding) and a Role. */
export function neededBy(a: Resource, b: Resource, dependencies: readonly HookDependency[]): { user: Resource; target: Resource } | undefined {
  const dependency = dependencyBetween(a, b, dependencies);
  if (dependency) return { user: dependency.hook, target: dependency.target };
  if (usesRbac(a, dependencies) && isRole(b)) return { user: a, target: b };
  if (usesRbac(b, dependencies) && isRole(a)) return { user: b, target: a };
  return undefined;
}

function usesRbac(resource: Resource, dependencies: readonly HookDependency[]): boolean {
  return dependencies.some((dependency) => dependency.hook === resource && dependency.via === 'RBAC');
}

function isRole(resource: Resource): boolean {
  return resource.kind === 'Role' || resource.kind === 'ClusterRole';
}

/**
 * Whether `user`'s document writes `other`'s name. A templated name renders to text unknown
 * here: written as the same template text, or printable by any action of `user`, it counts;
 * a document without template actions can only hold it if it holds it literally, which no
 * literal name can be known to. A missing name counts (unknown).
 */
function mentions(user: Resource, other: Resource): boolean {
  if (other.name === undefined || other.name === '') return true;
  const span = user.doc.span;
  // Its own name does not count: `x-admission-create` writes `x-admission` without naming that object.
  const own = user.name !== undefined && !user.nameTemplated && user.name !== '' ? user.name : undefined;
  const written = user.file.text.slice(span.start, span.end);
  const text = own ? written.split(own).join('') : written;
  if (other.nameTemplated) return user.doc.hasTemplateActions || text.includes(other.name);
  return text.includes(other.name);
}

/**
 * The weight that puts a hook after the hooks it uses (weights `after`) and before the hooks that
 * use it (weights `before`): one above the highest of `after`, else one below the lowest of
 * `before`. None when there is no such hook, or when no weight lies strictly between (a cycle,
 * or a hook it uses already runs after one that uses it). Strictly, so the order never rests on names.
 */
export function dependencyWeight(after: readonly number[], before: readonly number[]): number | undefined {
  const low = after.length > 0 ? Math.max(...after) : undefined;
  const high = before.length > 0 ? Math.min(...before) : undefined;
  const weight = low !== undefined ? low + 1 : high !== undefined ? high - 1 : undefined;
  return weight !== undefined && (high === undefined || weight < high) ? weight : undefined;
}

/**
 * The hooks among `others` that `resource` needs and those that need it, as `neededBy` reads
 * them (a known dependency, or a pod whose account is bound and a Role), in one pass over the
 * dependencies rather than one per pair.
 */
export function linkedHooks(resource: Resource, others: readonly Resource[], dependencies: readonly HookDependency[]): { readonly uses: Resource[]; readonly usedBy: Resource[] } {
  const uses = new Set<Resource>();
  const usedBy = new Set<Resource>();
  const rbacUsers = new Set<Resource>();
  for (const dependency of dependencies) {
    if (dependency.hook === resource) uses.add(dependency.target);
    if (dependency.target === resource) usedBy.add(dependency.hook);
    if (dependency.via === 'RBAC') rbacUsers.add(dependency.hook);
  }
  const candidates = others.filter((other) => other !== resource);
  const grants = (user: Resource, role: Resource): boolean => rbacUsers.has(user) && isRole(role);
  const usesOther = (other: Resource): boolean => uses.has(other) || (!usedBy.has(other) && grants(resource, other));
  return {
    uses: candidates.filter(usesOther),
    usedBy: candidates.filter((other) => !usesOther(other) && (usedBy.has(other) || grants(other, resource))),
  };
}
