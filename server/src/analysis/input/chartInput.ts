/**
 * The one place that walks a `ChartInput`: which charts it holds (each with its prefix and
 * parent), every source file in it, a copy with some files' text swapped, and Chart.yaml read
 * as Helm reads it. Adapters and the rest of the core call these instead of recursing by hand,
 * so no one finds a subchart's prefix by matching a regular expression on a path.
 */
import type { ChartFile, ChartInput, SourceFile } from '../types';
import { parseDocumentSafely } from '../yaml/parseGuard';

/** One chart of an input, top chart first, then each subchart before its own subcharts. */
export interface ChartEntry {
  readonly chart: ChartInput;
  /** `` for the top chart, `charts/<folder>/` (nested: `charts/a/charts/b/`) for a subchart. */
  readonly prefix: string;
  /** Index in `chartsOf`'s result of the chart this one is a subchart of. */
  readonly parent?: number;
  /** The chart names from the top chart down to this one (`['app', 'db']`), as Helm joins them into template names. */
  readonly namePath: readonly string[];
}

/** Every chart of an input, depth first in the input's order. Never throws. */
export function chartsOf(input: ChartInput): ChartEntry[] {
  const entries: ChartEntry[] = [];
  const visit = (chart: ChartInput, parent: number | undefined): void => {
    if (!chart || typeof chart !== 'object') return;
    const above = parent === undefined ? undefined : entries[parent];
    const prefix = typeof chart.prefix === 'string' ? chart.prefix : above ? `${above.prefix}charts/${chart.name}/` : '';
    const index = entries.length;
    entries.push({ chart, prefix, parent, namePath: [...(above?.namePath ?? []), chart.name] });
    for (const sub of Array.isArray(chart.subcharts) ? chart.subcharts : []) visit(sub, index);
  };
  visit(input, undefined);
  return entries;
}

export type SourceRole = 'chartYaml' | 'values' | 'template';

/** The source files of every chart: Chart.yaml (when `withChartYaml`), values.yaml and templates. */
export function sourcesOf(input: ChartInput, options: { withChartYaml?: boolean } = {}): SourceFile[] {
  const sources: SourceFile[] = [];
  for (const { chart } of chartsOf(input)) {
    if (options.withChartYaml && chart.chartYaml) sources.push(chart.chartYaml);
    sources.push(...(Array.isArray(chart.templates) ? chart.templates : []));
    if (chart.values) sources.push(chart.values);
  }
  return sources;
}

/** The non-template files of every chart (`.Files`), with their prefixed paths. */
export function chartFilesOf(input: ChartInput): ChartFile[] {
  return chartsOf(input).flatMap(({ chart }) => chart.files ?? []);
}

/**
 * A copy of the input with every chart passed through `change`, subcharts first, so a change
 * sees its subcharts already changed. `change` gets the chart's entry (prefix, name path).
 */
export function mapCharts(input: ChartInput, change: (chart: ChartInput, entry: ChartEntry) => ChartInput): ChartInput {
  const entries = chartsOf(input);
  const byChart = new Map(entries.map((entry) => [entry.chart, entry]));
  const rebuild = (chart: ChartInput): ChartInput => {
    const entry = byChart.get(chart);
    if (!entry) return chart;
    const subcharts = chart.subcharts?.map(rebuild);
    return change({ ...chart, prefix: entry.prefix, ...(subcharts ? { subcharts } : {}) }, entry);
  };
  return rebuild(input);
}

/** A copy of the input with each source file (Chart.yaml, values.yaml, templates) passed through `swap`. */
export function mapSources(input: ChartInput, swap: (source: SourceFile, role: SourceRole) => SourceFile): ChartInput {
  return mapCharts(input, (chart) => ({
    ...chart,
    chartYaml: chart.chartYaml && swap(chart.chartYaml, 'chartYaml'),
    values: chart.values && swap(chart.values, 'values'),
    templates: chart.templates.map((source) => swap(source, 'template')),
  }));
}

/** A dependency as Chart.yaml declares it. */
export interface ChartDependency {
  readonly name: string;
  readonly version?: string;
  readonly repository?: string;
  readonly alias?: string;
  readonly condition?: string;
  readonly tags: readonly string[];
  readonly enabled?: boolean;
  /** `import-values` entries as written: a string, or `{child, parent}`. */
  readonly importValues: readonly unknown[];
}

/** Chart.yaml read as Helm reads it (through YAML-to-JSON, so numbers are plain numbers). */
export interface ChartMetadata {
  /** The whole document as plain data; `{}` when the text is not a mapping. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly name?: string;
  readonly version?: string;
  readonly apiVersion?: string;
  readonly appVersion?: string;
  /** `application` (also when absent) or `library`. */
  readonly type: string;
  readonly dependencies: readonly ChartDependency[];
  /** Why the text could not be read, in one sentence; the other fields are then empty. */
  readonly error?: string;
}

/** Parses a Chart.yaml text. Never throws. */
export function parseChartYaml(text: string): ChartMetadata {
  const empty = (error?: string): ChartMetadata => ({ raw: {}, type: 'application', dependencies: [], ...(error ? { error } : {}) });
  const doc = parseDocumentSafely(text, { version: '1.1', uniqueKeys: false });
  if (!doc) return empty('Chart.yaml is nested too deeply to read');
  if (doc.errors.length > 0) return empty(`Chart.yaml is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return empty(`Chart.yaml cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return empty('Chart.yaml is not a mapping');
  const record = raw as Record<string, unknown>;
  const stringField = (key: string, from: Record<string, unknown> = record): string | undefined => (typeof from[key] === 'string' ? (from[key] as string) : from[key] === undefined || from[key] === null ? undefined : String(from[key]));
  const dependencies: ChartDependency[] = [];
  for (const item of Array.isArray(record.dependencies) ? record.dependencies : []) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
    const dep = item as Record<string, unknown>;
    const name = stringField('name', dep);
    if (name === undefined) continue;
    dependencies.push({
      name,
      version: stringField('version', dep),
      repository: stringField('repository', dep),
      alias: stringField('alias', dep),
      condition: stringField('condition', dep),
      tags: Array.isArray(dep.tags) ? dep.tags.filter((tag): tag is string => typeof tag === 'string') : [],
      ...(typeof dep.enabled === 'boolean' ? { enabled: dep.enabled } : {}),
      importValues: Array.isArray(dep['import-values']) ? dep['import-values'] : [],
    });
  }
  return {
    raw: record,
    name: stringField('name'),
    version: stringField('version'),
    apiVersion: stringField('apiVersion'),
    appVersion: stringField('appVersion'),
    type: stringField('type') || 'application',
    dependencies,
  };
}

/** The chart's Chart.yaml, parsed; an empty application chart when it has none. */
export function chartMetadataOf(chart: ChartInput): ChartMetadata {
  return chart.chartYaml ? parseChartYaml(chart.chartYaml.text) : parseChartYaml('');
}
