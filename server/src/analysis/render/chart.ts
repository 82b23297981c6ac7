/**
 * Rendering a whole chart as `helm template` does: the render context of every template
 * (`render/context`: values, subcharts, dependency conditions, library charts, `.Release`,
 * `.Chart`, `.Capabilities`, `.Files`), then every template of the chart and its enabled
 * subcharts in one engine call (so `define`s are shared as in Helm), then Helm's document split,
 * hook separation, kind order and printing (`render/manifests.ts`).
 *
 * How rendered output flows: ChartInput → buildRenderContexts (one `.` per template, named as
 * Helm names it: `<chart>/charts/<sub>/templates/<file>`) → renderTemplates (output and source
 * map per file) → sortManifests (documents, hooks) → printTemplateOutput (the text).
 * The result keeps every step, so callers (the CLI, the next issue's rules) can use the
 * rendered documents and trace them back. Pure and never throws.
 *
 * Rendering again after an edit: pass the previous result. When only template texts changed
 * (same values, Chart.yaml, other files, template paths and options), its contexts are kept and
 * the engine executes only the templates whose text changed or that look up a changed `define`;
 * anything else renders all again. The output is the same either way; `executed` says what ran.
 */
import type { ChartFile, ChartInput, SourceFile } from '../types';
import { buildRenderContexts, withRelease, type RenderContextOptions, type RenderContexts } from './context';
import { renderTemplates, type EngineTemplate, type RenderLimits, type RenderResult } from './engine';
import { functionLibrary } from './functions';
import type { SlotOrigins } from './output';
import type { GoList, GoMap } from './value';
import { debugHint, printedError, printTemplateOutput, sortManifests, type DocumentReading, type HeadMemo, type SortedManifests } from './manifests';

export interface TemplateOptions extends RenderContextOptions {
  /** `--show-only` patterns (Go's filepath.Match against `templates/…` paths). */
  readonly showOnly?: readonly string[];
  readonly limits?: RenderLimits;
  /** How documents are read for their kind and name (`manifests.ts`, DocumentReading); Helm's way by default. */
  readonly documents?: DocumentReading;
  /**
   * Only these templates (Helm's names) execute; every file is still parsed, so all `define`s are
   * there. The result is then that of those templates alone, the same as in the whole render only
   * when every template that writes into the shared contexts is among them
   * (`rendered.memo.contextWrites.writers`), which the caller must know from a whole render.
   */
  readonly execute?: readonly string[];
  /**
   * Stop executing where Helm stops: at a parse error, or after the first template that fails (the
   * error is the same). For one-shot commands (`check`): an editor leaves it off, so that the next
   * render after an edit keeps the outputs of the templates after the failing one.
   */
  readonly untilError?: boolean;
  /**
   * False: the text `helm template` prints is not built (`text` is empty; `error` is the same).
   * For callers that read only the sorted documents (`check`): joining and trimming every document
   * of argo-cd's 2.5 MB output was 2% of its `check` (bench/README.md, section 10).
   */
  readonly print?: boolean;
}

export interface ChartRender {
  /** What `helm template` prints on stdout (empty when it fails before printing). */
  readonly text: string;
  /** What `helm template` prints after `Error: ` (its exit code is then 1). */
  readonly error?: string;
  /** Lines Helm logs on stderr while coalescing values (warnings), in order. */
  readonly warnings: readonly string[];
  /** The contexts built for the templates; absent when rendering stopped before. */
  readonly contexts?: RenderContexts;
  /** The engine's result per template (output and source map). */
  readonly rendered?: RenderResult;
  /** The rendered documents, hooks apart, in Helm's order. */
  readonly sorted?: SortedManifests;
  /** Names of the templates executed for this result (all of them, or all of `execute`, unless a previous render was reused). */
  readonly executed: readonly string[];
  /** The input and options rendered, for the next render to compare with. */
  readonly source?: { readonly input: ChartInput; readonly options: string };
  /** The document heads read, for the next render to reuse those of documents that did not change. */
  readonly heads?: HeadMemo;
  /** How `heads` were read (`TemplateOptions.documents`). */
  readonly headsRead?: DocumentReading;
}

/**
 * Renders `input` with `options` as `helm template release-name CHART …` would; `previous` (of the
 * same chart) lets it keep what an edit did not touch. `sibling`: a render of the same input whose
 * options differ at most in the release name and `execute` (the api's renders under other release
 * names): its template parses are taken, and its contexts under this release name when no
 * template wrote into them (values are not read again); the output is the same either way.
 */
export function renderChart(input: ChartInput, options: TemplateOptions = {}, previous?: ChartRender, sibling?: ChartRender): ChartRender {
  try {
    const optionsKey = JSON.stringify(options);
    // The same input object with the same options renders the same: an editor's findings and plan of one chart state share one render.
    if (previous?.source?.input === input && previous.source.options === optionsKey) return previous;
    const source = { input, options: optionsKey };
    const sameChart = previous?.contexts !== undefined && previous.source?.options === optionsKey && sameBesideTemplateTexts(previous.source.input, input);
    // Contexts fail (a missing dependency, values that do not parse) whatever the templates say: the same error again, without reading the values again.
    if (sameChart && previous?.contexts?.error !== undefined) return { ...previous, contexts: withTemplateTexts(previous.contexts, input), source, heads: undefined };
    const keep = sameChart && previous?.rendered && !previous.rendered.memo.contextWrites.written ? previous : undefined;
    const siblingContexts = keep || !sibling ? undefined : releaseOnlyContexts(sibling, input, options);
    // Values files are read once per chart: a build of its contexts copies the readings of the last one (a sibling's, the previous render's).
    const reads = previous?.contexts?.reads ?? sibling?.contexts?.reads;
    let contexts = keep ? withTemplateTexts(keep.contexts!, input) : (siblingContexts ?? buildRenderContexts(input, options, reads));
    const warnings = contexts.problems.filter((problem) => problem.severity === 'warning').map((problem) => problem.message);
    if (contexts.error !== undefined) return { text: '', error: contexts.errorAfterRelease ? `${contexts.error}${debugHint}` : contexts.error, warnings, contexts, executed: [], source };
    const slotOrigins: SlotOrigins = (slot) => contexts.origins.of(slot.container as GoMap | GoList, slot.key);
    const only = options.execute ? new Set(options.execute) : undefined;
    // Parses depend on file texts alone: a sibling's, or the previous render's when its outputs cannot be kept.
    const parses = sibling?.rendered?.memo.parsed ?? previous?.rendered?.memo.parsed;
    let rendered = renderTemplates(engineTemplates(contexts), functionLibrary, options.limits, slotOrigins, keep?.rendered, only, parses, options.untilError === true);
    if ((keep || siblingContexts) && rendered.memo.contextWrites.written) {
      // An edited template now writes into the values that kept outputs were rendered without,
      // or a template wrote under this release name alone into the values shared with the sibling:
      // nothing may reuse those maps any more, and this render starts again from its own.
      if (siblingContexts) sibling!.rendered!.memo.contextWrites.written = true;
      contexts = buildRenderContexts(input, options, reads ?? contexts.reads);
      rendered = renderTemplates(engineTemplates(contexts), functionLibrary, options.limits, slotOrigins, undefined, only, rendered.memo.parsed, options.untilError === true);
    }
    const executed = rendered.executed;
    // Helm has created the release by now, so it adds its hint to a render error.
    if (rendered.helmError) return { text: '', error: `${rendered.helmError.helmMessage}${debugHint}`, warnings, contexts, rendered, executed, source };
    const heads: HeadMemo = new Map();
    const reading = options.documents ?? 'helm';
    const sorted = sortManifests(
      rendered.templates.map((template) => ({ name: template.name, output: template.output })),
      // Heads read the other way may differ (the identity reading misses errors past the head).
      { previous: (previous?.headsRead ?? 'helm') === reading ? previous?.heads : undefined, next: heads },
      reading,
    );
    const printed = options.print === false && (options.showOnly ?? []).length === 0 ? printedError(sorted) : printTemplateOutput(sorted, options.showOnly);
    return { text: printed.text, ...(printed.error !== undefined ? { error: printed.error } : {}), warnings, contexts, rendered, sorted, executed, source, heads, headsRead: reading };
  } catch (error) {
    return { text: '', error: `internal error while rendering: ${error instanceof Error ? error.message : String(error)}`, warnings: [], executed: [] };
  }
}

/**
 * `sibling`'s contexts under the release `options` names, when `sibling` rendered the same input
 * with the same options beside the release name and `execute`, and no template wrote into its
 * contexts (then they are as built); undefined otherwise.
 */
function releaseOnlyContexts(sibling: ChartRender, input: ChartInput, options: TemplateOptions): RenderContexts | undefined {
  if (sibling.source?.input !== input || !sibling.contexts || sibling.contexts.error !== undefined) return undefined;
  if (!sibling.rendered || sibling.rendered.memo.contextWrites.written) return undefined;
  if (beyondRelease(JSON.parse(sibling.source.options) as TemplateOptions) !== beyondRelease(options)) return undefined;
  return withRelease(sibling.contexts, options);
}

/** The options' key without the release name and `execute`. */
const beyondRelease = (options: TemplateOptions): string => JSON.stringify({ ...options, name: undefined, execute: undefined });

function engineTemplates(contexts: RenderContexts): EngineTemplate[] {
  return contexts.templates.map((template) => ({ name: template.name, text: template.text, context: template.context, basePath: template.basePath }));
}

/** The same contexts with each template's text taken from `input` (whose template paths are the same). */
function withTemplateTexts(contexts: RenderContexts, input: ChartInput): RenderContexts {
  const texts = new Map<string, string>();
  const collect = (chart: ChartInput): void => {
    for (const template of chart.templates) texts.set(template.path, template.text);
    for (const sub of chart.subcharts ?? []) collect(sub);
  };
  collect(input);
  return { ...contexts, templates: contexts.templates.map((template) => ({ ...template, text: texts.get(template.path) ?? template.text })) };
}

/** Whether two inputs differ at most in the texts of their templates. */
function sameBesideTemplateTexts(a: ChartInput, b: ChartInput): boolean {
  if (a === b) return true;
  return (
    a.name === b.name &&
    a.prefix === b.prefix &&
    a.archive === b.archive &&
    sameFile(a.chartYaml, b.chartYaml) &&
    sameFile(a.values, b.values) &&
    sameList(a.templates, b.templates, (x, y) => x.path === y.path) &&
    sameList(a.files, b.files, (x: ChartFile, y: ChartFile) => x.path === y.path && x.text === y.text && x.binary === y.binary) &&
    sameList(a.subcharts, b.subcharts, sameBesideTemplateTexts)
  );
}

function sameFile(a: SourceFile | undefined, b: SourceFile | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.path === b.path && a.text === b.text);
}

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, same: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((item, index) => same(item, b[index]));
}
