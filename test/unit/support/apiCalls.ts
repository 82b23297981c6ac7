/**
 * How the plain-data tests call each method of a `ChartAnalysis`. The record's type names every
 * method, so a method added to the API without a call here does not compile.
 */
import type { ChartAnalysis } from '../../../server/src/analysis';

type Call = (analysis: ChartAnalysis, file: string, offset: number) => unknown;

export const analysisCalls: { readonly [Method in keyof ChartAnalysis]: Call } = {
  findings: (analysis) => analysis.findings(),
  findingsAt: (analysis, file, offset) => analysis.findingsAt(file, { start: offset, end: offset }),
  completions: (analysis, file, offset) => analysis.completions(file, offset),
  hover: (analysis, file, offset) => analysis.hover(file, offset),
  plan: (analysis) => analysis.plan(),
  renderedPlan: (analysis) => analysis.renderedPlan(),
  placements: (analysis, file, offset) => analysis.placements(file, offset),
  weightSuggestions: (analysis, file, offset) => analysis.weightSuggestions(file, offset),
};
