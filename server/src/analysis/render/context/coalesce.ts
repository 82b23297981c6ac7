/**
 * Helm 4's value coalescing (`pkg/chart/common/util/coalesce.go`), step for step, on Go values:
 * the higher-priority map (`dst`, the user's values or the parent's) keeps its keys, the chart's
 * defaults fill the gaps, a `null` from above deletes the key (coalesce) or stays (merge),
 * `global` is copied down into each subchart, and each subchart's values are coalesced under
 * its name (alias already applied). Warnings are the texts Helm logs.
 */
import type { GoMap, Value } from '../value';
import { deepCopy, deepCopyMap, isTable } from './goValues';
import type { ValueOrigins } from './origins';

/** What coalescing needs of a chart: its name (alias applied), default values and enabled subcharts. */
export interface CoalesceChart {
  readonly name: string;
  readonly values: GoMap;
  readonly dependencies: readonly CoalesceChart[];
}

export interface CoalesceRun {
  readonly origins: ValueOrigins;
  /** Helm's logged warnings, in the order they happen. */
  readonly warnings: string[];
}

const concatPrefix = (a: string, b: string): string => (a === '' ? b : `${a}.${b}`);

/** Go's `%v` of a value in a warning, close enough for a message. */
const shown = (value: Value): string => (value instanceof Map ? 'map[…]' : Array.isArray(value) ? '[…]' : value === null ? '<nil>' : String(value));

/** `CoalesceValues` (merge false: nulls delete keys) and `MergeValues` (merge true: nulls stay). Returns the coalesced copy, or an error text. */
export function coalesceValues(chart: CoalesceChart, values: GoMap | undefined, merge: boolean, run: CoalesceRun): { values: GoMap; error?: string } {
  const copy = values ? deepCopyMap(values, run.origins) : new Map<string, Value>();
  return coalesce(chart, copy, '', merge, run);
}

function coalesce(chart: CoalesceChart, dest: GoMap, prefix: string, merge: boolean, run: CoalesceRun): { values: GoMap; error?: string } {
  coalesceChartValues(chart, dest, prefix, merge, run);
  return coalesceDeps(chart, dest, prefix, merge, run);
}

function coalesceDeps(chart: CoalesceChart, dest: GoMap, prefix: string, merge: boolean, run: CoalesceRun): { values: GoMap; error?: string } {
  for (const sub of chart.dependencies) {
    const current = dest.get(sub.name);
    if (!dest.has(sub.name)) dest.set(sub.name, new Map());
    else if (!isTable(current)) return { values: dest, error: `type mismatch on ${sub.name}: ${typeof current === 'boolean' ? String(current) : `%!t(${goTypeName(current ?? null)}=${shown(current ?? null)})`}` };
    const subValues = dest.get(sub.name) as GoMap;
    const subPrefix = concatPrefix(prefix, chart.name);
    coalesceGlobals(subValues, dest, subPrefix, run);
    const result = coalesce(sub, subValues, subPrefix, merge, run);
    dest.set(sub.name, result.values);
    if (result.error !== undefined) return { values: dest, error: result.error };
  }
  return { values: dest };
}

const goTypeName = (value: Value): string => (typeof value === 'string' ? 'string' : typeof value === 'number' ? 'float64' : typeof value === 'bigint' ? 'int64' : typeof value === 'boolean' ? 'bool' : Array.isArray(value) ? '[]interface {}' : 'interface {}');

/** The parent's `global` goes into the subchart's `global`: parent keys win, maps are merged top-down. */
function coalesceGlobals(dest: GoMap, src: GoMap, prefix: string, run: CoalesceRun): void {
  let destGlobals: GoMap;
  let srcGlobals: GoMap;
  const destGlobal = dest.get('global');
  if (!dest.has('global')) destGlobals = new Map();
  else if (isTable(destGlobal)) destGlobals = destGlobal;
  else {
    run.warnings.push('warning: skipping globals because destination global is not a table.');
    return;
  }
  const srcGlobal = src.get('global');
  if (!src.has('global')) srcGlobals = new Map();
  else if (isTable(srcGlobal)) srcGlobals = srcGlobal;
  else {
    run.warnings.push('warning: skipping globals because source global is not a table.');
    return;
  }
  for (const [key, value] of srcGlobals) {
    if (isTable(value)) {
      const copy = shallowCopy(value, run);
      const existing = destGlobals.get(key);
      if (!destGlobals.has(key)) {
        destGlobals.set(key, copy);
      } else if (!isTable(existing)) {
        run.warnings.push(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
        continue;
      } else {
        coalesceTablesFullKey(copy, existing, concatPrefix(prefix, key), true, run);
        destGlobals.set(key, copy);
      }
      run.origins.copySlotOrigin(destGlobals, key, srcGlobals, key);
    } else if (isTable(destGlobals.get(key))) {
      run.warnings.push(`key ${key} is table. Skipping`);
    } else {
      destGlobals.set(key, value);
      run.origins.copySlotOrigin(destGlobals, key, srcGlobals, key);
    }
  }
  dest.set('global', destGlobals);
}

function shallowCopy(map: GoMap, run: CoalesceRun): GoMap {
  const copy: GoMap = new Map(map);
  run.origins.copyAll(copy, map);
  return copy;
}

/** Fills `dest` (higher priority) with the chart's default values. */
function coalesceChartValues(chart: CoalesceChart, dest: GoMap, prefix: string, merge: boolean, run: CoalesceRun): void {
  const subPrefix = concatPrefix(prefix, chart.name);
  const defaults = deepCopyMap(chart.values, run.origins);
  for (const [key, value] of defaults) {
    if (dest.has(key)) {
      const current = dest.get(key) as Value;
      if (current === null && !merge) {
        dest.delete(key);
        run.origins.set(dest, key, undefined);
      } else if (isTable(current)) {
        if (!isTable(value)) {
          if (value !== null) run.warnings.push(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else {
          const childMerge = chart.dependencies.some((sub) => sub.name === key) ? true : merge;
          coalesceTablesFullKey(current, value, concatPrefix(subPrefix, key), childMerge, run);
        }
      }
    } else {
      dest.set(key, value);
      run.origins.copySlotOrigin(dest, key, defaults, key);
    }
  }
}

/** Helm's `CoalesceTables` (merge false) and `MergeTables` (merge true): `dst` wins. */
export function coalesceTables(dst: GoMap, src: GoMap, merge: boolean, run: CoalesceRun): GoMap {
  return coalesceTablesFullKey(dst, src, '', merge, run);
}

function coalesceTablesFullKey(dst: GoMap, src: GoMap, prefix: string, merge: boolean, run: CoalesceRun): GoMap {
  const srcOriginalNonNil = new Set<string>();
  for (const [key, value] of src) if (value !== null) srcOriginalNonNil.add(key);
  // As Helm does, a null in dst is copied into src first (it mutates src), so the loop below sees it.
  for (const [key, value] of dst) if (value === null) src.set(key, null);
  for (const [key, value] of src) {
    const fullKey = concatPrefix(prefix, key);
    const has = dst.has(key);
    const current = dst.get(key) as Value;
    if (has && !merge && current === null && srcOriginalNonNil.has(key)) {
      dst.delete(key);
      run.origins.set(dst, key, undefined);
    } else if (!has) {
      dst.set(key, value);
      run.origins.copySlotOrigin(dst, key, src, key);
    } else if (isTable(value)) {
      if (isTable(current)) coalesceTablesFullKey(current, value, fullKey, merge, run);
      else run.warnings.push(`warning: cannot overwrite table with non table for ${fullKey} (${shown(value)})`);
    } else if (isTable(current) && value !== null) {
      run.warnings.push(`warning: destination for ${fullKey} is a table. Ignoring non-table value (${shown(value)})`);
    }
  }
  return dst;
}

/** Helm's `loader.MergeMaps`: `b` over `a`, maps merged key by key, anything else replaced. Returns a new top map. */
export function mergeMaps(a: GoMap, b: GoMap, origins: ValueOrigins): GoMap {
  const out: GoMap = new Map(a);
  origins.copyAll(out, a);
  for (const [key, value] of b) {
    const existing = out.get(key);
    if (isTable(value) && isTable(existing)) {
      out.set(key, mergeMaps(existing, value, origins));
      // The merged map's own slot keeps the later file's position: that is where its last keys came from.
    } else {
      out.set(key, value);
    }
    origins.copySlotOrigin(out, key, b, key);
  }
  return out;
}

export { deepCopy };
