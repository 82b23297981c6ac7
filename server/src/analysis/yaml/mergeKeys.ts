/**
 * Merge keys (`<<`) as Helm's YAML library applies them. Helm reads manifests and values files
 * through sigs.k8s.io/yaml on go-yaml v2, which applies a mapping's pairs in the order they are
 * written, a merge where it stands: a merged key overwrites the same key written before the
 * `<<`, and a key written after it overwrites the merged one. In a sequence of merges
 * (`<<: [*a, *b]`) the earlier mapping wins (go-yaml applies them from the last). A merged mapping's
 * own merges apply inside it first. (The `yaml` package, following the YAML 1.1 merge spec, never
 * lets a merged key overwrite a written one; that differs when the key comes before the `<<`.)
 * Checked with Helm 4.1.4 (`helm install --dry-run=client -o json` of hooks annotated this way).
 */
import * as yaml from 'yaml';
import type { Alias, Node, Pair, YAMLMap } from 'yaml';

// Read once: the bundle reaches the exports of `yaml` (a CommonJS package) through one shared getter per use,
// a megamorphic load that was a twentieth of reading the 13,548-hook file (bench/README.md, section 7).
const { isAlias, isMap, isScalar, isSeq } = yaml;

/** A pair of a mapping as Helm's library applies it; `through` is the merge value (`*meta`, `[*a, *b]`, `{…}`) of the walked mapping that brought it. */
export interface AppliedPair {
  readonly pair: Pair;
  readonly through?: Node;
}

/** Why Helm's library refuses a merge (its own text). */
export const mergeValueError = 'map merge requires map or sequence of maps as the value';

/** The node an alias names, or undefined when it names none. */
export type ResolveAlias = (alias: Alias) => Node | undefined;

/** Pairs merged into one mapping at most: merges of merges can multiply a small text. */
const maxMergedPairs = 10_000;

/** Whether a pair's key is the merge key: a plain, untagged `<<` (a quoted "<<" is an ordinary key). */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.type === 'PLAIN' && key.source === '<<' && !key.tag;
}

/**
 * The pairs of `map` in the order Helm's library applies them, merges expanded where they stand:
 * for one key the last one applied is what Helm reads. A merge of anything but a mapping or a
 * sequence of mappings gives `{ error }` (Helm fails the whole document) and the walk goes on;
 * a merge that reaches a mapping being merged already (an anchor inside itself) or more than
 * `maxMergedPairs` pairs is left out.
 */
export function* appliedPairs(map: YAMLMap, resolve: ResolveAlias): Generator<AppliedPair | { readonly error: string }> {
  const budget = { left: maxMergedPairs };
  for (const item of map.items) {
    const pair = item as Pair;
    if (!isMergeKey(pair.key)) {
      yield { pair };
      continue;
    }
    const through = pair.value as Node | null;
    for (const merged of mergedPairs(through, resolve, new Set([map]), budget)) yield 'error' in merged ? merged : { pair: merged, through: through ?? undefined };
  }
}

function* mergedPairs(value: Node | null | undefined, resolve: ResolveAlias, open: Set<YAMLMap>, budget: { left: number }): Generator<Pair | { readonly error: string }> {
  const target = isAlias(value) ? resolve(value) : value;
  if (isMap(target)) {
    yield* mappingPairs(target, resolve, open, budget);
    return;
  }
  if (!isSeq(target)) {
    yield { error: mergeValueError };
    return;
  }
  // Applied from the last, so the first mapping's keys are the ones left standing.
  for (let index = target.items.length - 1; index >= 0; index--) {
    const item = target.items[index] as Node | null;
    const resolved = isAlias(item) ? resolve(item) : item;
    if (!isMap(resolved)) {
      yield { error: mergeValueError };
      continue;
    }
    yield* mappingPairs(resolved, resolve, open, budget);
  }
}

function* mappingPairs(map: YAMLMap, resolve: ResolveAlias, open: Set<YAMLMap>, budget: { left: number }): Generator<Pair | { readonly error: string }> {
  if (open.has(map)) return;
  open.add(map);
  for (const item of map.items) {
    const pair = item as Pair;
    if (isMergeKey(pair.key)) {
      yield* mergedPairs(pair.value as Node | null, resolve, open, budget);
      continue;
    }
    if (budget.left-- <= 0) break;
    yield pair;
  }
  open.delete(map);
}
