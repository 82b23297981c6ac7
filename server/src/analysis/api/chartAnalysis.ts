/**
 * One analysis per chart state: the core's API. Created from a chart input (and the caller's
 * parse cache), it builds the model, the execution plan and the dependency graph once, on first
 * use, keeps the findings per settings, and answers every question about that state as plain
 * data. An editor keeps one per chart state, so the requests after a keystroke share it; the
 * `get…`/`analyzeChart` functions below are shorthands for one question about a fresh one.
 * Nothing here throws on input.
 */
import { findingsOf, type RenderedFacts } from './analyze';
import { buildChartModel, type ParseCache } from '../model/chart';
import { buildRenderedChartModel, renderedSources, unrenderedHooksModel, type RenderedChartModel } from '../model/renderedChart';
import { renderChart, type ChartRender, type TemplateOptions } from '../render/chart';
import { helmParseOrder } from '../render/engine';
import { completionsIn, type CompletionResult } from '../ide/completion';
import { chartFacts, createRuleMemo, type ChartFacts, type RuleMemo } from './facts';
import { hoverIn, type HoverResult } from '../ide/hover';
import { placementsIn, weightSuggestionsIn, type HookPlacement, type WeightSuggestion } from '../semantics/placement';
import { createPlanMemo, emptyPlan, isPhaseStep, type ExecutionPlan, type PlanMemo } from '../semantics/plan';
import { otherReleaseNames, releaseNameOrders, tieBreaks, withReleaseNameOrders, type OtherRender, type ReleaseNameOrders } from '../semantics/releaseNames';
import { renderPlan } from '../semantics/renderedPlan';
import type { AnalysisConfig, AnalysisResult, ChartInput, Finding, RenderStatus, Span } from '../types';

/** How to render the chart for the rules: values files' texts, `--set` and its kin, release name and namespace (as `helm template` takes them). */
export type RenderOptions = Omit<TemplateOptions, 'showOnly'>;

/**
 * The last render of one chart with one set of render options, kept by the caller as it keeps a
 * `ParseCache` (an editor: one per chart and values profile). An analysis given one renders
 * again keeping what the edit since did not touch (`renderChart`'s `previous`), and leaves its
 * own render there for the next state, and for `renderPlan` of the same state.
 */
export interface RenderCache {
  last?: ChartRender;
  /** The last render with each other release name a tie was checked under (semantics/releaseNames.ts), and its model. */
  others?: Map<string, { readonly render: ChartRender; readonly chart?: RenderedChartModel }>;
  /** What the plan of the chart as written described of each hook document, for the next state (with the parse cache's moves). */
  plan?: PlanMemo;
  /** What the per-document rules reported on each document of the chart as written, for the next state. */
  rules?: RuleMemo;
}

export function createRenderCache(): RenderCache {
  return {};
}

export interface ChartAnalysis {
  /** The rules' findings under `config` (computed once per configuration). */
  findings(config?: AnalysisConfig): AnalysisResult;
  /** The findings under `config` in `file` whose span touches `span`, each with its fixes: what a code action offers. */
  findingsAt(file: string, span: Span, config?: AnalysisConfig): readonly Finding[];
  completions(file: string, offset: number, rendered?: ExecutionPlan): CompletionResult;
  /** `rendered`: this state's `renderPlan` plan, when the caller has it; hooks are then placed by their rendered names. */
  hover(file: string, offset: number, rendered?: ExecutionPlan): HoverResult | undefined;
  /** Helm's execution order per lifecycle, read from the templates as written; an empty plan when it cannot be built. */
  plan(): ExecutionPlan;
  /**
   * The plan of the chart rendered with the analysis's render options (`renderPlan`; the plan as
   * written, with Helm's error, when it does not render), each tie whose order the release name
   * decides marked (`orderDependsOnReleaseName`) from the same renders under other release names
   * the rules ask about.
   */
  renderedPlan(): ExecutionPlan;
  /** Where the hook at `offset` runs in each of its phases. */
  placements(file: string, offset: number, rendered?: ExecutionPlan): readonly HookPlacement[];
  /** Weights that would put the hook at `offset` first, between two others, or last. */
  weightSuggestions(file: string, offset: number, rendered?: ExecutionPlan): readonly WeightSuggestion[];
}

/**
 * The analysis of `input`. With `render`, the chart is rendered once with those options (part of
 * the chart state, not settings) and the rules that judge resources judge the rendered documents;
 * when it does not render, the chart is read literally and the findings say why (`render`).
 */
export function createChartAnalysis(input: ChartInput, cache?: ParseCache, render?: RenderOptions, given?: RenderCache): ChartAnalysis {
  // The plan and the rules of one analysis share one render (and one per other release name) through it.
  const renders = given ?? createRenderCache();
  let built: ChartFacts | undefined;
  // The model is built on the first question, so creating an analysis per keystroke costs nothing.
  // An editor's analysis (a render cache given) takes over the plan's descriptions of the documents its parse cache took over.
  const planMemo = given && cache ? { kept: (renders.plan ??= createPlanMemo()), moves: cache.moves } : undefined;
  const ruleMemo = given && cache ? { kept: (renders.rules ??= createRuleMemo()), moves: cache.moves } : undefined;
  const facts = (): ChartFacts => (built ??= chartFacts(buildChartModel(input, cache), undefined, planMemo, ruleMemo));
  let renderedState: { readonly facts?: RenderedFacts; readonly status: RenderStatus } | undefined;
  const rendered = (): { readonly facts?: RenderedFacts; readonly status: RenderStatus } => (renderedState ??= renderedFactsOf(input, facts(), render ?? {}, renders, cache));
  const byConfig = new Map<string, AnalysisResult>();
  const findings = (config: AnalysisConfig = {}): AnalysisResult => {
    const key = configKey(config);
    let result = byConfig.get(key);
    if (!result) {
      if (!render) result = findingsOf(facts(), config);
      else {
        const { facts: renderedFacts, status } = rendered();
        result = { ...findingsOf(facts(), config, undefined, renderedFacts), render: status };
      }
      byConfig.set(key, result);
    }
    return result;
  };
  const literalPlan = (): ExecutionPlan => {
    try {
      return facts().plan();
    } catch {
      return emptyPlan(typeof input?.name === 'string' ? input.name : '');
    }
  };
  let planned: ExecutionPlan | undefined;
  const renderedPlan = (): ExecutionPlan => {
    if (planned) return planned;
    const { plan, render: made } = renderPlan(input, render ?? {}, renders.last, literalPlan, () => facts().model);
    if (made) renders.last = made;
    // Only a tie can depend on the release name; a plan without one needs no rendered model.
    const tied = plan.render?.mode === 'rendered' && Object.values(plan.lifecycles).some((steps) => steps.some((step) => isPhaseStep(step) && step.hooks.some((hook) => tieBreaks.has(hook.placedBy))));
    const ties = tied ? rendered().facts : undefined;
    return (planned = ties ? withReleaseNameOrders(plan, ties.model.hooks, ties.facts.releaseNameOrders) : plan);
  };
  return Object.freeze<ChartAnalysis>({
    findings,
    findingsAt: (file, span, config) => findings(config).findings.filter((finding) => finding.file === file && finding.span.start <= span.end && span.start <= finding.span.end),
    completions: (file, offset, rendered) => completionsIn(facts(), file, offset, rendered),
    hover: (file, offset, rendered) => hoverIn(facts(), file, offset, rendered),
    plan: literalPlan,
    renderedPlan,
    placements: (file, offset, rendered) => placementsIn(facts(), file, offset, rendered),
    weightSuggestions: (file, offset, rendered) => weightSuggestionsIn(facts(), file, offset, rendered),
  });
}

/** The rules' findings on a chart: `createChartAnalysis(input, cache, render).findings(config)`. */
export function analyzeChart(input: ChartInput, config: AnalysisConfig = {}, cache?: ParseCache, render?: RenderOptions): AnalysisResult {
  return createChartAnalysis(input, cache, render).findings(config);
}

/**
 * The chart rendered once, as the rules read it; Helm's error (and no facts) when it does not render. Never throws.
 * (`profiles.ts` shares the source facts across profiles through it.) `renders`: the chart's last render, reused and replaced;
 * `cache`: the chart's parse cache, which keeps the rendered outputs read too.
 */
export function renderedFactsOf(input: ChartInput, source: ChartFacts, options: RenderOptions, renders?: RenderCache, cache?: ParseCache): { readonly facts?: RenderedFacts; readonly status: RenderStatus } {
  try {
    const render = renderChart(input, options, renders?.last);
    if (renders) renders.last = render;
    const model = buildRenderedChartModel(render, source.model, cache);
    if (!model) return { status: { mode: 'literal', error: render.error ?? 'the chart could not be rendered' } };
    const unrendered = chartFacts(unrenderedHooksModel(source.model, renderedSources(model, source.model)));
    const skipped = render.contexts?.skippedDependencies;
    return { facts: { model, facts: chartFacts(model, underOtherNames(input, source, options, render, hookTemplates(model), renders)), unrendered }, status: { mode: 'rendered', ...(skipped && skipped.length > 0 ? { skippedDependencies: skipped } : {}) } };
  } catch (error) {
    return { status: { mode: 'literal', error: `internal error while rendering: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

/**
 * The chart's ties under the other release names, rendered when a rule first asks (so a chart
 * without ties renders once). `renders` keeps each name's last render for the next chart state,
 * so an edit re-renders only what it touched there too. Never throws: a name under which the
 * chart does not render is left out. `own`: the user's render, whose parses (and contexts, when
 * no template wrote into them) the others take. `execute`: the templates to execute (all when absent).
 */
function underOtherNames(input: ChartInput, source: ChartFacts, options: RenderOptions, ownRender: ChartRender, execute: readonly string[] | undefined, renders?: RenderCache): ReleaseNameOrders {
  const own = options.name ?? 'release-name';
  const others = (): OtherRender[] => otherReleaseNames.filter((name) => name !== own).map((name): OtherRender => {
    try {
      const previous = renders?.others?.get(name);
      let render = renderChart(input, { ...options, name, ...(execute ? { execute } : {}) }, previous?.render, ownRender);
      // The templates left out may still fail or print what --show-only needs: the whole chart decides then.
      if (execute && render.error !== undefined) render = renderChart(input, { ...options, name }, previous?.render, ownRender);
      const chart = render === previous?.render ? previous.chart : buildRenderedChartModel(render, source.model);
      if (renders) (renders.others ??= new Map()).set(name, { render, chart });
      return { releaseName: name, chart };
    } catch {
      return { releaseName: name };
    }
  });
  return releaseNameOrders(own, others);
}

/**
 * The templates to execute under the other release names: those that hold the user's hooks
 * (ties are matched by template and document index) and those that wrote into the shared
 * contexts (values, `.`) in the user's render before the last of them executed, which they may
 * then read: the rest change nothing a hook template reads (Helm executes the templates one after
 * another, in `helmParseOrder`), so leaving them out changes no hook. Undefined: render
 * everything. (A template that writes only under another name, or another template that fails
 * only under it, is not seen; the user's render is the evidence taken.)
 */
export function hookTemplates(model: RenderedChartModel): readonly string[] | undefined {
  const writes = model.render.rendered?.memo.contextWrites;
  if (!writes) return undefined;
  const names = new Set<string>();
  for (const hook of model.hooks) {
    const name = model.templateNames.get(hook.file.path);
    if (name === undefined) return undefined;
    names.add(name);
  }
  const last = [...names].sort(helmParseOrder).at(-1);
  // ingress-nginx's controller-deployment.yaml merges into .Values after its admission hooks have executed.
  for (const writer of writes.writers) if (last !== undefined && helmParseOrder(writer, last) < 0) names.add(writer);
  return [...names].sort();
}

/** The plan of `input` rendered with `options` (`ChartAnalysis.renderedPlan`); the literal plan, with Helm's error, when rendering fails. */
export function buildRenderedPlan(input: ChartInput, options: RenderOptions = {}): ExecutionPlan {
  return createChartAnalysis(input, undefined, options).renderedPlan();
}

export function getCompletions(input: ChartInput, file: string, offset: number, cache?: ParseCache): CompletionResult {
  return createChartAnalysis(input, cache).completions(file, offset);
}

export function getHover(input: ChartInput, file: string, offset: number, cache?: ParseCache): HoverResult | undefined {
  return createChartAnalysis(input, cache).hover(file, offset);
}

export function getExecutionPlan(input: ChartInput, cache?: ParseCache): ExecutionPlan {
  return createChartAnalysis(input, cache).plan();
}

export function getHookPlacements(input: ChartInput, file: string, offset: number, cache?: ParseCache): HookPlacement[] {
  return [...createChartAnalysis(input, cache).placements(file, offset)];
}

export function suggestWeights(input: ChartInput, file: string, offset: number, cache?: ParseCache): WeightSuggestion[] {
  return [...createChartAnalysis(input, cache).weightSuggestions(file, offset)];
}

/** Configurations that set the same severities and Helm version share one run, whatever the key order. */
function configKey(config: AnalysisConfig): string {
  const version = config?.helmVersion === '3' ? '3' : '';
  const rules = config?.rules;
  if (!rules || typeof rules !== 'object') return version;
  return version + JSON.stringify(Object.keys(rules).sort().map((id) => [id, rules[id]]));
}
