/**
 * The analysis of each chart as the editor currently sees it, kept until the chart changes.
 * Diagnostics, completion, hover and code actions after one keystroke all ask about the same
 * document versions, so they share one `ChartAnalysis` (the core's object per chart state,
 * which builds the model, plan and findings once). This file only decides which one is current.
 */
import { createChartAnalysis, createRenderCache, sourcesOf, type ChartAnalysis, type ChartInput, type ParseCache, type RenderCache, type RenderOptions } from './analysis';

/** How the editor renders a chart for its findings and plan: as `check` does without flags (`helm template` defaults). */
export const editorRenderOptions: RenderOptions = {};

/** One chart at one state: the input, the core's analysis of it and the texts of its files. */
export class ChartSnapshot {
  readonly analysis: ChartAnalysis;
  private texts?: ReadonlyMap<string, string>;

  constructor(
    /** Identifies the state: the same signature means the same input text. */
    readonly signature: string,
    readonly input: ChartInput,
    cache: ParseCache,
    /** The chart's last render (kept across its states): this state's findings and plan re-render only what changed. */
    readonly renders: RenderCache = createRenderCache(),
    readonly renderOptions: RenderOptions = editorRenderOptions,
  ) {
    this.analysis = createChartAnalysis(input, cache, renderOptions, renders);
  }

  /** Text of every file of the input by chart-relative path. */
  get files(): ReadonlyMap<string, string> {
    return (this.texts ??= filesOf(this.input));
  }
}

/** The latest snapshot of each chart (and of each values-file variant of it). */
export class ChartSnapshots {
  private readonly latest = new Map<string, ChartSnapshot>();
  private readonly renders = new Map<string, RenderCache>();

  /**
   * The snapshot for `signature`: the kept one when the chart has not changed since, else a new
   * one over `input()`, which replaces it. `variant` tells apart analyses of the same chart with
   * another values file standing in for values.yaml, or in another values profile (whose render
   * options `renderOptions` gives).
   */
  get(chartKey: string, variant: string, signature: string, input: () => ChartInput, cache: ParseCache, renderOptions: (input: ChartInput) => RenderOptions = () => editorRenderOptions): ChartSnapshot {
    const key = `${chartKey}\u0000${variant}`;
    const kept = this.latest.get(key);
    if (kept && kept.signature === signature) return kept;
    let renders = this.renders.get(key);
    if (!renders) this.renders.set(key, (renders = createRenderCache()));
    const read = input();
    const snapshot = new ChartSnapshot(signature, read, cache, renders, renderOptions(read));
    this.latest.set(key, snapshot);
    return snapshot;
  }

  /** Drops every snapshot of a chart (its last open document closed). */
  forget(chartKey: string): void {
    for (const key of this.latest.keys()) if (key.startsWith(`${chartKey}\u0000`)) this.latest.delete(key);
    for (const key of this.renders.keys()) if (key.startsWith(`${chartKey}\u0000`)) this.renders.delete(key);
  }
}

/** Text of every file of a chart input (templates and values, subcharts included) by chart-relative path. */
export function filesOf(input: ChartInput): Map<string, string> {
  return new Map(sourcesOf(input).map((file) => [file.path, file.text]));
}
