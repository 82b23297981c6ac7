/**
 * What Helm knows about hooks, as data: annotation keys, events, delete and log policies,
 * Helm's kind order, and how Helm parses each value. Sources: ../shared/helm-hooks-spec.md
 * §1–§4 (Helm's `manifest_sorter.go`, `kind_sorter.go`, `hooks.go`).
 */

export const hookKey = 'helm.sh/hook';
export const weightKey = 'helm.sh/hook-weight';
export const deletePolicyKey = 'helm.sh/hook-delete-policy';
export const outputLogPolicyKey = 'helm.sh/hook-output-log-policy';
export const resourcePolicyKey = 'helm.sh/resource-policy';

export const hookKeys: readonly string[] = [hookKey, weightKey, deletePolicyKey, outputLogPolicyKey];

/** Events Helm accepts, in lifecycle order; `test-success` is the Helm 2 alias of `test`. */
export const hookEvents: readonly string[] = ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'pre-delete', 'post-delete', 'test'];
const legacyEvents: Readonly<Record<string, string>> = { 'test-success': 'test' };

export const deletePolicies: readonly string[] = ['before-hook-creation', 'hook-succeeded', 'hook-failed'];
export const outputLogPolicies: readonly string[] = ['hook-succeeded', 'hook-failed'];
export const recommendedDeletePolicy = 'before-hook-creation,hook-succeeded';

/** Helm's InstallOrder (kind_sorter.go); hooks of every event are pre-sorted by it. */
export const installOrder: readonly string[] = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
];

/** Helm's UninstallOrder (kind_sorter.go): the order `helm uninstall` deletes the release's normal resources in. */
export const uninstallOrder: readonly string[] = [
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'Ingress', 'IngressClass', 'Service', 'CronJob', 'Job', 'StatefulSet', 'HorizontalPodAutoscaler', 'Deployment', 'ReplicaSet', 'ReplicationController', 'Pod', 'DaemonSet', 'RoleBindingList', 'RoleBinding', 'RoleList', 'Role', 'ClusterRoleBindingList', 'ClusterRoleBinding', 'ClusterRoleList', 'ClusterRole', 'CustomResourceDefinition', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'ConfigMap', 'SecretList', 'Secret', 'ServiceAccount', 'PodDisruptionBudget', 'PodSecurityPolicy', 'LimitRange', 'ResourceQuota', 'NetworkPolicy', 'Namespace', 'PriorityClass',
];

/** Canonical event for a token as Helm normalises it (trim, lower case, alias), or undefined. */
export function canonicalEvent(token: string): string | undefined {
  const normalised = token.trim().toLowerCase();
  if (hookEvents.includes(normalised)) return normalised;
  return legacyEvents[normalised];
}

/**
 * Helm's `strconv.Atoi` as a number. Weights beyond ±2^53 are rounded, so two of them may look
 * equal: order hooks with `parseWeightExact`.
 */
export function parseWeight(text: string): number | undefined {
  const exact = parseWeightExact(text);
  return exact === undefined ? undefined : Number(exact);
}

/** Helm's `strconv.Atoi`, exactly: optional sign, decimal digits, no spaces, within int64 (Helm's int on 64-bit). */
export function parseWeightExact(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n) return undefined;
  return value;
}

/** Whether a key is, or nearly is, one of Helm's hook annotation keys (for scanning data). */
export function isHookKeyCandidate(key: string): boolean {
  const lower = key.toLowerCase();
  if (lower.startsWith('helm.sh/hook')) return true;
  return nearestHookKey(key) !== undefined;
}

/** The canonical hook key that `key` misspells (case, or edit distance ≤ 2), or undefined. */
export function nearestHookKey(key: string): string | undefined {
  if (hookKeys.includes(key)) return undefined;
  const lower = key.toLowerCase();
  const byCase = hookKeys.find((canonical) => canonical === lower);
  if (byCase) return byCase;
  if (!/^helm\.?sh|hook/i.test(key)) return undefined;
  return nearest(lower, hookKeys, 2);
}

/** The candidate within `maxDistance` edits of `word`, preferring the closest; undefined on a tie or none. */
export function nearest(word: string, candidates: readonly string[], maxDistance: number): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  let tie = false;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance && candidate !== best) {
      tie = true;
    }
  }
  return bestDistance <= maxDistance && !tie ? best : undefined;
}

/**
 * Damerau (optimal string alignment) distance, cut off above `limit`: the exact distance when it
 * is at most `limit`, else some number above it. Three rows, reused; it stops once two rows in a
 * row exceed the limit (a transposition can skip one row, never two). Scanning values files and
 * documents for near-miss hook keys calls it thousands of times per chart.
 */
function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const width = b.length + 1;
  let twoBack: number[] = new Array<number>(width).fill(0);
  let previous: number[] = new Array<number>(width);
  let current: number[] = new Array<number>(width);
  for (let j = 0; j < width; j++) previous[j] = j;
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < width; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, twoBack[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit && previousMin > limit) return limit + 1;
    previousMin = rowMin;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[width - 1];
}

/**
 * Helm's `lessByKind` (kind_sorter.go) as a comparator over `order` (installOrder or
 * uninstallOrder): listed kinds by their position; kinds the list lacks come last, ordered
 * byte-wise by kind as Go's string `<` does.
 */
export function compareByOrder(order: readonly string[], a: string, b: string): number {
  const indexA = kindIndex(order, a);
  const indexB = kindIndex(order, b);
  if (indexA !== indexB) return indexA - indexB;
  return indexA === order.length ? compareBytes(a, b) : 0;
}

/** The position of `kind` in `order`; kinds the list lacks share the last position, `order.length`. */
export function kindIndex(order: readonly string[], kind: string): number {
  const index = order.indexOf(kind);
  return index >= 0 ? index : order.length;
}

/** Go's byte-wise string comparison: UTF-8 byte order is Unicode code-point order. */
export function compareBytes(a: string, b: string): number {
  // Compared unit by unit without copying (the plan sorts thousands of hooks with it).
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const unitA = a.charCodeAt(index);
    const unitB = b.charCodeAt(index);
    if (unitA !== unitB) return codePointRank(unitA) - codePointRank(unitB);
  }
  return a.length - b.length;
}

/**
 * UTF-16 units sort as code points except surrogates: they encode points above U+FFFF, so at
 * the first difference a surrogate ranks above every other unit (pairs compare among
 * themselves in code-point order, high then low).
 */
function codePointRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit;
}
