/**
 * The render context: for every template of a chart and its enabled subcharts, the `.` that
 * `helm template` (Helm 4.1.4) executes it with — `.Values`, `.Release`, `.Chart`,
 * `.Capabilities`, `.Files`, `.Subcharts`, `.Template` — built in Helm's order: user values
 * (`-f` files in order, then `--set-json`, `--set`, `--set-string`, `--set-literal`), chart
 * loading, the dependency check, dependency processing (aliases, tags, conditions,
 * import-values), coalescing, then one context per chart. Pure: the caller gives file texts.
 *
 * Usage (driver): `const built = buildRenderContexts(input, options)`; when `built.error` is set,
 * `helm template` would stop with `Error: <error>`; otherwise render `built.templates` (each has
 * Helm's template name, its input path and text, and its context).
 */
import type { ChartInput, Span } from '../../types';
import type { GoMap, Value } from '../value';
import { metadataAsMap, type Metadata } from './chartMetadata';
import { coalesceValues, mergeMaps, type CoalesceRun } from './coalesce';
import { ChartNode, isCompatibleRange, processDependencyEnabled, processImportValues } from './dependencies';
import { capabilitiesObject, filesObject, releaseObject, type CapabilitiesOptions, type ChartFileData, type ReleaseOptions } from './objects';
import { ValueOrigins } from './origins';
import { fromJson, jsonValueEnd, parseSetInto, type SetFlag } from './strvals';
import { parseVersion } from '../functions/semver';
import { readValuesYaml, ValuesReads } from './yamlValues';
import { namedGoType } from '../value';

export type { ValueOrigin } from './origins';
export { ValueOrigins } from './origins';
export { ValuesReads } from './yamlValues';
export type { ReleaseOptions, CapabilitiesOptions } from './objects';

/** User values as `helm template` takes them. */
export interface ValuesOptions {
  /** `-f`/`--values` files in command-line order: the name as given (it names the origin) and the text. */
  readonly valueFiles?: readonly { readonly name: string; readonly text: string }[];
  /** `--set` arguments in order (each may hold several `a=b,c=d`). */
  readonly set?: readonly string[];
  readonly setString?: readonly string[];
  readonly setJson?: readonly string[];
  readonly setLiteral?: readonly string[];
}

export interface RenderContextOptions extends ValuesOptions, ReleaseOptions, CapabilitiesOptions {
  /**
   * Dependencies declared in Chart.yaml but absent from `charts/`: `fail` as Helm does (the
   * default, and what `template` uses), or `skip`: render as if they were not declared, which is
   * what Helm renders once they are removed from Chart.yaml. Analysis uses `skip` so that a chart
   * checked out before `helm dependency build` is still judged on what it renders itself.
   */
  readonly missingDependencies?: 'fail' | 'skip';
  /**
   * Stop, as Helm does, when the top chart's `kubeVersion` constraint refuses the Kubernetes
   * version (`template` sets it). Analysis leaves it off: the version is `--kube-version` or
   * Helm's default, not the user's cluster, and a chart that supports only older clusters
   * installs on them (review14 D5).
   */
  readonly checkKubeVersion?: boolean;
}

export interface ChartContext {
  /** Helm's `ChartFullPath`: `app`, `app/charts/db` (alias applied). Templates are named under it. */
  readonly fullPath: string;
  /** The chart's name (its alias when it has one). */
  readonly name: string;
  /** Prefix of the chart's files in the input (`` or `charts/db/`). */
  readonly prefix: string;
  readonly isLibrary: boolean;
  /** The `.` shared by the chart's templates, without `.Template`. */
  readonly context: GoMap;
}

/** One template, ready for `renderTemplates` (`render/engine.ts`): name, text and context. */
export interface TemplateContext {
  /** Helm's template name (`app/charts/db/templates/x.yaml`): `# Source:` and `.Template.Name` show it. */
  readonly name: string;
  /** The template's path in the input (`charts/db/templates/x.yaml`), where its text is. */
  readonly path: string;
  readonly text: string;
  /** Index in `charts`. */
  readonly chart: number;
  /** `.` for this template: its chart's context, without `.Template` (the engine adds it). */
  readonly context: GoMap;
  /** `.Template.BasePath`: `<chart full path>/templates`. */
  readonly basePath: string;
}

export interface ContextProblem {
  readonly severity: 'error' | 'warning';
  /** Helm's text (warnings are what Helm logs). */
  readonly message: string;
  /** File the problem is in (input path or `-f` name), when known. */
  readonly source?: string;
  readonly span?: Span;
}

export interface RenderContexts {
  /** Enabled charts, top chart first, each before its subcharts. Empty when `error` is set. */
  readonly charts: readonly ChartContext[];
  /** Every template Helm renders or includes (a library chart's only `_` partials), charts in `charts` order. */
  readonly templates: readonly TemplateContext[];
  /** Where each value of every `.Values` came from. */
  readonly origins: ValueOrigins;
  /** Warnings Helm logs while coalescing, and the error when there is one. */
  readonly problems: readonly ContextProblem[];
  /** Set when `helm template` stops before rendering: the text after its `Error: `. */
  readonly error?: string;
  /** The error came after Helm created the release (so `helm template` adds its `--debug` hint). */
  readonly errorAfterRelease?: boolean;
  /** Dependencies rendered as if not declared (`missingDependencies: 'skip'`), by name. */
  readonly skippedDependencies?: readonly string[];
  /** The values files' readings these contexts were built from, for the next build of the same chart to copy. */
  readonly reads?: ValuesReads;
}

/**
 * Builds every template's context. Never throws. `reads`: the values files' readings of an earlier
 * build of the same chart (under another release name, or before an edit): a file whose text is
 * the same is copied from there instead of read again.
 */
export function buildRenderContexts(input: ChartInput, options: RenderContextOptions = {}, reads: ValuesReads = new ValuesReads()): RenderContexts {
  const origins = new ValueOrigins();
  const run: CoalesceRun = { origins, warnings: [] };
  const fail = (error: string, source?: string): RenderContexts => ({ charts: [], templates: [], origins, problems: [...warningsOf(run), { severity: 'error', message: error, ...(source ? { source } : {}) }], error, reads });
  try {
    const user = userValues(options, origins, reads);
    if (typeof user === 'string') return fail(user);
    const loaded = loadChart(input, '', origins, reads);
    if (typeof loaded === 'string') return fail(loaded);
    const root = loaded;
    const missing = root.metadata.dependencies.filter((req) => !root.dependencies.some((sub) => sub.name === req.name)).map((req) => req.name);
    if (missing.length > 0 && options.missingDependencies !== 'skip') return fail(`an error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`);
    if (missing.length > 0) root.metadata.dependencies = root.metadata.dependencies.filter((req) => !missing.includes(req.name));
    const enabledError = processDependencyEnabled(root, user, '', run) ?? processImportValues(root, run);
    if (enabledError !== undefined) return fail(`chart dependencies processing failed: ${enabledError}`);
    const { capabilities, kube, error: kubeError } = capabilitiesObject(options);
    if (kubeError) return fail(kubeError);
    const coalesced = coalesceValues(root, user, false, run);
    if (coalesced.error !== undefined) return fail(coalesced.error);
    // Helm's renderResources, before any template: only the top chart's constraint counts (only when asked: see checkKubeVersion).
    const required = root.metadata.kubeVersion;
    if (options.checkKubeVersion === true && required !== '' && !isCompatibleRange(required, kube.normalized)) return { ...fail(`chart requires kubeVersion: ${required} which is incompatible with Kubernetes ${kube.version}`), errorAfterRelease: true };
    const release = releaseObject(options);
    const charts: ChartContext[] = [];
    const templates: TemplateContext[] = [];
    const visit = (chart: ChartNode, parentContext: GoMap | undefined): GoMap => {
      const subcharts: GoMap = new Map();
      let values: GoMap = new Map();
      if (!parentContext) values = coalesced.values;
      else {
        const parentValues = parentContext.get('Values');
        const own = parentValues instanceof Map ? parentValues.get(chart.name) : undefined;
        // Helm's Values.Table gives the same map under the named type; a copy keeps the parent's map plain.
        if (own instanceof Map) {
          values = new Map(own);
          origins.copyAll(values, own);
        }
      }
      const context: GoMap = new Map<string, Value>([
        ['Chart', metadataAsMap(chart.metadata, !chart.parent)],
        ['Files', filesObject(chart.files)],
        ['Release', release],
        ['Capabilities', capabilities],
        ['Values', namedGoType(values, 'common.Values')],
        ['Subcharts', subcharts],
      ]);
      const index = charts.length;
      const isLibrary = chart.metadata.type.toLowerCase() === 'library';
      charts.push({ fullPath: chart.fullPath, name: chart.name, prefix: chart.prefix, isLibrary, context });
      for (const template of chart.templates) {
        const relative = template.path.startsWith(chart.prefix) ? template.path.slice(chart.prefix.length) : template.path;
        if (isLibrary && !baseName(relative).startsWith('_')) continue;
        templates.push({ name: `${chart.fullPath}/${relative}`, path: template.path, text: template.text, chart: index, context, basePath: `${chart.fullPath}/templates` });
      }
      for (const sub of chart.dependencies) subcharts.set(sub.name, visit(sub, context));
      return context;
    };
    visit(root, undefined);
    return { charts, templates, origins, problems: warningsOf(run), ...(missing.length > 0 ? { skippedDependencies: missing } : {}), reads };
  } catch (error) {
    return fail(`internal error while building the render context: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * `contexts` (built and rendered with the same input and options) under the release `options`
 * names: every chart's `.` copied with the new `.Release`, its `.Subcharts` pointing at the
 * copies, the values shared. Nothing else of a context depends on the release. Exact only when no
 * render wrote into the shared maps (the engine's `memo.contextWrites`), which the caller checks.
 */
export function withRelease(contexts: RenderContexts, options: ReleaseOptions): RenderContexts {
  const release = releaseObject(options);
  const copies = new Map<GoMap, GoMap>(contexts.charts.map((chart) => [chart.context, new Map(chart.context).set('Release', release)]));
  for (const copy of copies.values()) {
    const subcharts = copy.get('Subcharts');
    if (subcharts instanceof Map) copy.set('Subcharts', new Map([...subcharts].map(([name, sub]) => [name, (sub instanceof Map && copies.get(sub)) || sub])));
  }
  return {
    ...contexts,
    charts: contexts.charts.map((chart) => ({ ...chart, context: copies.get(chart.context)! })),
    templates: contexts.templates.map((template) => ({ ...template, context: copies.get(template.context) ?? template.context })),
  };
}

const warningsOf = (run: CoalesceRun): ContextProblem[] => run.warnings.map((message) => ({ severity: 'warning', message }));
const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** `values.Options.MergeValues`: the user's values, or Helm's error text. */
export function userValues(options: ValuesOptions, origins: ValueOrigins, reads?: ValuesReads): GoMap | string {
  let base: GoMap = new Map();
  for (const file of options.valueFiles ?? []) {
    const read = reads ? reads.read(file.text, file.name, origins) : readValuesYaml(file.text, file.name, origins);
    if (read.error !== undefined) return `failed to parse ${file.name}: ${read.error}`;
    base = mergeMaps(base, read.values, origins);
  }
  for (const argument of options.setJson ?? []) {
    const trimmed = argument.trim();
    if (trimmed.startsWith('{')) {
      const end = jsonValueEnd(trimmed);
      let parsed: unknown;
      try {
        if (end !== trimmed.length) throw new Error('trailing data');
        parsed = JSON.parse(trimmed);
      } catch {
        return `failed parsing --set-json data JSON: ${argument}`;
      }
      const map = fromJson(parsed) as GoMap;
      markFlagOrigins(map, [], '--set-json', argument, origins);
      base = mergeMaps(base, map, origins);
    } else if (parseSetInto(argument, base, '--set-json', origins) !== undefined) {
      return `failed parsing --set-json data ${argument}`;
    }
  }
  const flags: [SetFlag, readonly string[] | undefined, string][] = [
    ['--set', options.set, 'failed parsing --set data'],
    ['--set-string', options.setString, 'failed parsing --set-string data'],
    ['--set-literal', options.setLiteral, 'failed parsing --set-literal data'],
  ];
  for (const [flag, argumentsOfFlag, prefix] of flags) {
    for (const argument of argumentsOfFlag ?? []) {
      const error = parseSetInto(argument, base, flag, origins);
      if (error !== undefined) return `${prefix}: ${error}`;
    }
  }
  return base;
}

function markFlagOrigins(map: GoMap, path: string[], flag: SetFlag, argument: string, origins: ValueOrigins): void {
  for (const [key, value] of map) {
    origins.set(map, key, { source: flag, path: [...path, key], argument });
    if (value instanceof Map) markFlagOrigins(value, [...path, key], flag, argument, origins);
  }
}

/** Helm's `LoadFiles` for one chart and its subcharts: metadata, values, validation. Returns the tree or Helm's error text. */
function loadChart(input: ChartInput, prefix: string, origins: ValueOrigins, reads: ValuesReads): ChartNode | string {
  if (!input.chartYaml) return 'Chart.yaml file is missing';
  const read = reads.chartYaml(input.chartYaml.text, prefix);
  if (read.error !== undefined) return `cannot load Chart.yaml: ${read.error}`;
  let values: GoMap = new Map();
  if (input.values) {
    const valuesRead = reads.read(input.values.text, input.values.path, origins);
    if (valuesRead.error !== undefined) return `cannot load values.yaml: ${valuesRead.error}`;
    values = valuesRead.values;
  }
  const invalid = validate(read.metadata);
  if (invalid) return invalid;
  const files: ChartFileData[] = (input.files ?? []).map((file) => ({ name: file.path.startsWith(prefix) ? file.path.slice(prefix.length) : file.path, text: file.text, ...(file.binary ? { binary: true } : {}) }));
  const node = new ChartNode(read.metadata, values, prefix, input.templates ?? [], files);
  const subcharts: ChartNode[] = [];
  for (const sub of input.subcharts ?? []) {
    const subPrefix = typeof sub.prefix === 'string' ? sub.prefix : `${prefix}charts/${sub.name}/`;
    const folder = subPrefix.slice(prefix.length).replace(/^charts\//, '').replace(/\/$/, '');
    const loaded = loadChart(sub, subPrefix, origins, reads);
    if (typeof loaded === 'string') return `error unpacking subchart ${folder} in ${read.metadata.name}: ${loaded}`;
    subcharts.push(loaded);
  }
  node.setDependencies(subcharts);
  return node;
}

function isVersion(text: string): boolean {
  try {
    parseVersion(text);
    return true;
  } catch {
    return false;
  }
}

/** The checks of Helm's `Metadata.Validate` that stop loading. */
function validate(metadata: Metadata): string | undefined {
  if (metadata.apiVersion === '') return 'validation: chart.metadata.apiVersion is required';
  if (metadata.name === '') return 'validation: chart.metadata.name is required';
  if (metadata.name === '.' || metadata.name === '..') return `validation: chart.metadata.name "${metadata.name}" is not allowed`;
  if (/[/\\]/.test(metadata.name)) return `validation: chart.metadata.name "${metadata.name}" is invalid`;
  if (metadata.version === '') return 'validation: chart.metadata.version is required';
  if (!isVersion(metadata.version)) return `validation: chart.metadata.version "${metadata.version}" is invalid`;
  if (!['', 'application', 'library'].includes(metadata.type)) return 'validation: chart.metadata.type must be application or library';
  if (metadata.maintainers.some((m) => m.isNull)) return 'validation: maintainers must not contain empty or null nodes';
  const seen = new Set<string>();
  for (const dep of metadata.dependencies) {
    if (dep.isNull) return 'validation: dependencies must not contain empty or null nodes';
    if (dep.alias !== '' && !/^[a-zA-Z0-9-_]+$/.test(dep.alias)) return `validation: dependency "${dep.name}" has disallowed characters in the alias`;
    const key = dep.alias !== '' ? dep.alias : dep.name;
    if (seen.has(key)) return `validation: more than one dependency with name or alias "${key}"`;
    seen.add(key);
  }
  return undefined;
}
