/**
 * The analysis core's API. Everything an adapter (language server, CLI) needs goes through
 * here, as plain data. The core does no IO and never throws on input.
 */
export { analyzeChart, runRules } from './analyze';
export { buildChartModel, createParseCache, type ChartModel, type ParseCache, type Resource, type HookInfo } from './chart';
export { createLineIndex, type LineIndex, type Position } from './text/lineIndex';
export { isHookKeyCandidate } from './hooks';
export { rules } from './rules';
export type { Rule } from './rules/rule';
export * from './types';
export { applyEdits, applyFixes, preferredFixEdits, type ApplyResult } from './edits';
export { getExecutionPlan, isPhaseStep, lifecycles, lifecycleSteps, type ExecutionPlan, type HookSortKey, type LeftBehind, type Lifecycle, type PhaseStep, type PlacementReason, type PlanNote, type PlanStep, type PlannedHook, type ReleaseStep } from './plan';
export { getHookPlacements, suggestWeights, type HookPlacement, type NeighbourHook, type WeightSuggestion } from './placement';
export { getCompletions, getCompletionsInChart, type CompletionEntry, type CompletionResult } from './completion';
export { getHover, getHoverInChart, type HoverResult } from './hover';
