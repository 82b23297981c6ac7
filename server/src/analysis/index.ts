/**
 * The analysis core's API. Everything an adapter (language server, CLI) needs goes through
 * here, as plain data. The core does no IO and never throws on input.
 *
 * The API is one family: a `ChartAnalysis` per chart state (`createChartAnalysis`), whose
 * methods answer findings, code-action fixes, completion, hover and the plan. `analyzeChart`
 * and the `get…` functions ask one question of a fresh analysis.
 */
export { createChartAnalysis, analyzeChart, buildRenderedPlan, getCompletions, getExecutionPlan, getHookPlacements, getHover, suggestWeights, createRenderCache, type ChartAnalysis, type RenderCache, type RenderOptions } from './api/chartAnalysis';
export { analyzeProfiles, defaultProfileName, mergeProfileFindings, profileRenderOptions, valuesProfiles, type ProfiledFinding, type ProfilesResult, type ValuesProfile } from './api/profiles';
export { prerender, prerenderEach, prerenderedCache, type FailedRender, type Prerendered } from './api/prerendered';
export { createParseCache, parseAhead, type ParseCache } from './model/chart';
export { createLineIndex, type LineIndex, type Position } from './text/lineIndex';
export { isHookKeyCandidate } from './helm/hooks';
export { rules } from './rules';
export type { Rule } from './rules/rule';
export * from './types';
export { chartFilesOf, chartMetadataOf, chartsOf, mapCharts, mapSources, parseChartYaml, sourcesOf, type ChartDependency, type ChartEntry, type ChartMetadata, type SourceRole } from './input/chartInput';
export { isIgnored, parseHelmignore, type HelmignoreRules } from './input/helmignore';
export { applyEdits, applyFixes, preferredFixEdits, type ApplyResult } from './api/edits';
export { suppressionFix } from './suppress/edits';
export { isPhaseStep, lifecycles, lifecycleSteps, type ExecutionPlan, type HookSortKey, type DroppedHook, type LeftBehind, type Lifecycle, type PhaseStep, type PlacementReason, type PlanNote, type PlanRender, type PlanStep, type PlannedHook, type ReleaseStep } from './semantics/plan';
export { formatPlanText } from './semantics/planText';
export { renderPlan, type RenderedPlanOptions } from './semantics/renderedPlan';
export type { HookPlacement, NeighbourHook, WeightSuggestion } from './semantics/placement';
export type { CompletionEntry, CompletionResult } from './ide/completion';
export { hookSnippets, type HookSnippet, type SnippetPlace } from './ide/snippets';
export type { HoverResult } from './ide/hover';
export { buildPlanTree, type PlanTree, type PlanTreeMarker, type PlanTreeNode, type PlanTreeNodeKind } from './ide/planTree';
