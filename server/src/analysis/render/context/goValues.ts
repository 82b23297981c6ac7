/**
 * Small operations on Go values that coalescing and the context need: copying a tree the way
 * Helm's `copystructure.Copy` does (new maps and slices, same scalars), keeping origins.
 */
import { isGoList, isGoMap, type GoList, type GoMap, type Value } from '../value';
import type { ValueOrigins } from './origins';

/** A deep copy of maps and slices; origins of every slot are copied along (from `source`, where `value`'s are recorded: `origins` by default). */
export function deepCopy(value: Value, origins: ValueOrigins, source: ValueOrigins = origins): Value {
  if (isGoMap(value)) return deepCopyMap(value, origins, source);
  if (isGoList(value)) {
    const copy: GoList = value.map((item) => deepCopy(item, origins, source));
    if (value.elem) copy.elem = value.elem;
    origins.copyAll(copy, value, source);
    return copy;
  }
  return value;
}

export function deepCopyMap(map: GoMap, origins: ValueOrigins, source: ValueOrigins = origins): GoMap {
  const copy: GoMap = new Map();
  for (const [key, item] of map) copy.set(key, deepCopy(item, origins, source));
  origins.copyAll(copy, map, source);
  return copy;
}

/** Go's `v.(map[string]interface{})` check. */
export const isTable = (value: Value | undefined): value is GoMap => isGoMap(value);

/** Helm's `Values.Table("a.b")`: walks map keys split at dots; undefined when a step is missing or not a map. */
export function tableAt(values: GoMap, dottedPath: string): GoMap | undefined {
  let table: GoMap = values;
  for (const name of dottedPath.split('.')) {
    const next = table.get(name);
    if (!isTable(next)) return undefined;
    table = next;
  }
  return table;
}

/**
 * Helm's `Values.PathValue`: the value at a dotted path when it exists and is not a map;
 * `found: false` otherwise (Helm's `ErrNoValue`).
 */
export function pathValue(values: GoMap, dottedPath: string): { found: boolean; value?: Value } {
  const parts = dottedPath.split('.');
  const key = parts.pop() as string;
  const table = parts.length === 0 ? values : tableAt(values, parts.join('.'));
  if (!table || !table.has(key)) return { found: false };
  const value = table.get(key) as Value;
  return isTable(value) ? { found: false } : { found: true, value };
}
