/**
 * Helm 4's dependency processing before rendering (`pkg/chart/v2/util/dependencies.go`):
 * aliases make renamed copies of a subchart, tags and then conditions (first path that holds a
 * bool wins) switch dependencies off, disabled ones are removed, and `import-values` copies a
 * child's values into the parent's defaults (parent values win). Works on the mutable chart tree
 * of one build, as Helm mutates its loaded chart.
 */
import type { GoMap, Value } from '../value';
import { coalesceTables, coalesceValues, deepCopy, type CoalesceChart, type CoalesceRun } from './coalesce';
import { copyMetadata, type Dependency, type Metadata } from './chartMetadata';
import { deepCopyMap, isTable, pathValue, tableAt } from './goValues';
import { semverCompare } from '../functions/semver';
import type { ChartFileData } from './objects';
import type { SourceFile } from '../../types';

/** Helm's `IsCompatibleRange`: false when the range or the version does not parse (an empty range does not). */
export function isCompatibleRange(constraint: string, version: string): boolean {
  try {
    return semverCompare(constraint, version);
  } catch {
    return false;
  }
}

/** One chart of the build: what Helm's `*chart.Chart` holds. */
export class ChartNode implements CoalesceChart {
  dependencies: ChartNode[] = [];
  parent: ChartNode | undefined;

  constructor(
    public metadata: Metadata,
    public values: GoMap,
    /** Prefix of the chart's paths in the input (`charts/db/`). */
    readonly prefix: string,
    readonly templates: readonly SourceFile[],
    readonly files: readonly ChartFileData[],
  ) {}

  get name(): string {
    return this.metadata.name;
  }

  /** Helm's `ChartFullPath`: `top/charts/sub/charts/subsub` (aliases applied). */
  get fullPath(): string {
    return this.parent ? `${this.parent.fullPath}/charts/${this.name}` : this.name;
  }

  setDependencies(charts: ChartNode[]): void {
    this.dependencies = charts;
    for (const chart of charts) chart.parent = this;
  }

  /** A copy for an alias: own metadata (with copied dependency entries) and one level of copied subcharts, as Helm copies. */
  copy(): ChartNode {
    const copy = new ChartNode(copyMetadata(this.metadata), this.values, this.prefix, this.templates, this.files);
    copy.setDependencies(this.dependencies.map((sub) => sub.copy()));
    return copy;
  }
}

function aliasDependency(charts: readonly ChartNode[], dep: Dependency): ChartNode | undefined {
  for (const chart of charts) {
    if (chart.name !== dep.name || !isCompatibleRange(dep.version, chart.metadata.version)) continue;
    const copy = chart.copy();
    if (dep.alias !== '') copy.metadata.name = dep.alias;
    return copy;
  }
  return undefined;
}

/** `processDependencyEnabled`; returns an error text when coalescing fails. */
export function processDependencyEnabled(chart: ChartNode, values: GoMap, path: string, run: CoalesceRun): string | undefined {
  const declared = chart.metadata.dependencies;
  if (declared.length === 0 && !chart.metadata.dependenciesDeclared) return undefined;
  const chosen: ChartNode[] = [];
  for (const existing of chart.dependencies) {
    const listed = declared.some((req) => existing.name === req.name && isCompatibleRange(req.version, existing.metadata.version));
    if (!listed) chosen.push(existing);
  }
  for (const req of declared) {
    const aliased = aliasDependency(chart.dependencies, req);
    if (aliased) chosen.push(aliased);
    if (req.alias !== '') req.name = req.alias;
  }
  chart.setDependencies(chosen);
  for (const req of declared) req.enabled = true;
  const coalesced = coalesceValues(chart, values, false, run);
  if (coalesced.error !== undefined) return coalesced.error;
  const cvals = coalesced.values;
  processTags(declared, cvals, run);
  processConditions(declared, cvals, path, run);
  const removed = new Set(declared.filter((req) => !req.enabled).map((req) => req.name));
  const kept = chart.dependencies.filter((sub) => !removed.has(sub.name));
  const keptMetadata = declared.filter((req) => !removed.has(req.name));
  for (const sub of kept) {
    const error = processDependencyEnabled(sub, cvals, `${path}${sub.name}.`, run);
    if (error !== undefined) return error;
  }
  chart.metadata.dependencies = keptMetadata;
  // Go appends the kept entries to a nil slice: none kept leaves it nil, so imports are skipped.
  chart.metadata.dependenciesDeclared = keptMetadata.length > 0;
  chart.setDependencies(kept);
  return undefined;
}

function processTags(reqs: readonly Dependency[], cvals: GoMap, run: CoalesceRun): void {
  const tags = tableAt(cvals, 'tags');
  if (!tags) return;
  for (const req of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const tag of req.tags) {
      if (!tags.has(tag)) continue;
      const value = tags.get(tag);
      if (typeof value === 'boolean') {
        if (value) hasTrue = true;
        else hasFalse = true;
      } else {
        run.warnings.push(`Tag '${tag}' for chart ${req.name} returned non-bool value`);
      }
    }
    req.enabled = !(!hasTrue && hasFalse);
  }
}

function processConditions(reqs: readonly Dependency[], cvals: GoMap, path: string, run: CoalesceRun): void {
  for (const req of reqs) {
    for (const condition of req.condition.trim().split(',')) {
      if (condition.length === 0) continue;
      const found = pathValue(cvals, path + condition);
      if (!found.found) continue;
      if (typeof found.value === 'boolean') {
        req.enabled = found.value;
        break;
      }
      run.warnings.push(`Condition path '${condition}' for chart ${req.name} returned non-bool value`);
    }
  }
}

/** `processDependencyImportValues` with merge (as Helm 4's `ProcessDependencies`): children first. */
export function processImportValues(chart: ChartNode, run: CoalesceRun): string | undefined {
  for (const sub of chart.dependencies) {
    const error = processImportValues(sub, run);
    if (error !== undefined) return error;
  }
  if (chart.metadata.dependencies.length === 0 && !chart.metadata.dependenciesDeclared) return undefined;
  const merged = coalesceValues(chart, undefined, true, run);
  if (merged.error !== undefined) return merged.error;
  const cvals = merged.values;
  let imported: GoMap = new Map();
  for (const req of chart.metadata.dependencies) {
    const rewritten: Value[] = [];
    for (const entry of req.importValues) {
      if (isTable(entry)) {
        const child = goSprint(entry.get('child') ?? null);
        const parent = goSprint(entry.get('parent') ?? null);
        rewritten.push(new Map<string, Value>([['child', child], ['parent', parent]]));
        const table = tableAt(cvals, `${req.name}.${child}`);
        if (!table) {
          run.warnings.push(`ImportValues missing table from chart ${req.name}: no table named "${child.split('.').pop()}"`);
          continue;
        }
        imported = coalesceTables(imported, pathToMap(parent, table), true, run);
      } else if (typeof entry === 'string') {
        const child = `exports.${entry}`;
        rewritten.push(new Map<string, Value>([['child', child], ['parent', '.']]));
        const table = tableAt(cvals, `${req.name}.${child}`);
        if (!table) {
          run.warnings.push(`ImportValues missing table: no table named "${entry.split('.').pop()}"`);
          continue;
        }
        imported = coalesceTables(imported, table, true, run);
      }
    }
    req.importValues = rewritten;
  }
  chart.values = coalesceTables(deepCopyMap(cvals, run.origins), imported, true, run);
  return undefined;
}

/** Helm's `pathToMap`: `.` is the table itself; `a.b` nests it as `{a: {b: table}}`. */
function pathToMap(path: string, table: GoMap): GoMap {
  if (path === '.') return table;
  let current: GoMap = table;
  for (const part of path.split('.').reverse()) current = new Map<string, Value>([[part, current]]);
  return current;
}

/** `fmt.Sprintf("%v", x)` for the scalars an import-values entry holds. */
function goSprint(value: Value): string {
  if (value === null) return '<nil>';
  if (typeof value === 'string') return value;
  return String(value);
}

export { deepCopy };
