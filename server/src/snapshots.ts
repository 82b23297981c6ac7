/**
 * The analysis of each chart as the editor currently sees it, kept until the chart changes.
 * Diagnostics, completion, hover and code actions after one keystroke all ask about the same
 * document versions; they share one chart model and one analysis per configuration instead
 * of each rebuilding them. The core stays stateless: this memo lives in the server.
 */
import { buildChartModel, runRules, sourcesOf, type AnalysisConfig, type AnalysisResult, type ChartInput, type ChartModel, type ParseCache } from './analysis';

/** One chart at one state: the input, its model (built on first use) and analyses by configuration. */
export class ChartSnapshot {
  private built?: ChartModel;
  private readonly analyses = new Map<string, AnalysisResult>();
  private texts?: ReadonlyMap<string, string>;

  constructor(
    /** Identifies the state: the same signature means the same input text. */
    readonly signature: string,
    readonly input: ChartInput,
    private readonly cache: ParseCache,
  ) {}

  /** The chart model; the core never throws, it names what it could not read in `internalErrors`. */
  get model(): ChartModel {
    return (this.built ??= buildChartModel(this.input, this.cache));
  }

  /** Text of every file of the input by chart-relative path. */
  get files(): ReadonlyMap<string, string> {
    return (this.texts ??= filesOf(this.input));
  }

  /** The rules' findings under `config`, computed once per configuration. */
  analysis(config: AnalysisConfig): AnalysisResult {
    const key = JSON.stringify(config);
    let result = this.analyses.get(key);
    if (!result) {
      result = runRules(this.model, config);
      this.analyses.set(key, result);
    }
    return result;
  }
}

/** The latest snapshot of each chart (and of each values-file variant of it). */
export class ChartSnapshots {
  private readonly latest = new Map<string, ChartSnapshot>();

  /**
   * The snapshot for `signature`: the kept one when the chart has not changed since, else a new
   * one over `input()`, which replaces it. `variant` tells apart analyses of the same chart with
   * another values file standing in for values.yaml.
   */
  get(chartKey: string, variant: string, signature: string, input: () => ChartInput, cache: ParseCache): ChartSnapshot {
    const key = `${chartKey}\u0000${variant}`;
    const kept = this.latest.get(key);
    if (kept && kept.signature === signature) return kept;
    const snapshot = new ChartSnapshot(signature, input(), cache);
    this.latest.set(key, snapshot);
    return snapshot;
  }

  /** Drops every snapshot of a chart (its last open document closed). */
  forget(chartKey: string): void {
    for (const key of this.latest.keys()) if (key.startsWith(`${chartKey}\u0000`)) this.latest.delete(key);
  }
}

/** Text of every file of a chart input (templates and values, subcharts included) by chart-relative path. */
export function filesOf(input: ChartInput): Map<string, string> {
  return new Map(sourcesOf(input).map((file) => [file.path, file.text]));
}
