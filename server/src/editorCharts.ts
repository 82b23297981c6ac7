/**
 * The charts as the editor shows them: which chart and file an open document is, each chart's
 * text with the open documents laid over the disk copy, one snapshot per chart state, and how a
 * chart-relative file becomes a URI and line index. The validation and the request handlers
 * look everything up here.
 */
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeChart, chartsOf, createLineIndex, rules, type AnalysisConfig, type AnalysisResult, type ChartInput, type LineIndex, type ParseCache } from './analysis';
import { ChartSnapshots, filesOf, type ChartSnapshot } from './snapshots';
import type { ValuesProfileChoice } from './valuesProfiles';

/** Rules that judge the templates as written (not suppression reviews, which depend on every other rule's findings). */
/** The rules a first look shows (see openPartRun): those that judge the source as written. */
export const firstLookRules: ReadonlySet<string> = new Set(rules.filter((rule) => rule.judges === 'source' && !rule.reviewsSuppressions).map((rule) => rule.id));
import { documentLines, type FileResolver } from './toLsp';
import { withValuesFile } from './valuesVariants';
import { isAlternateValues, type ChartWorkspace, type DocumentPlace, type OpenText } from './workspace';

/** An analysis of a chart and the texts of its files (to resolve related locations and fix targets). */
export interface ChartRun {
  readonly result: AnalysisResult;
  readonly files: ReadonlyMap<string, string>;
}

export class EditorCharts {
  private readonly snapshots = new ChartSnapshots();

  constructor(
    readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: ChartWorkspace,
    /** The values profile each chart is shown in. */
    readonly profiles: ValuesProfileChoice,
  ) {}

  placeOf(uri: string): DocumentPlace | undefined {
    return this.workspace.placeOf(uri);
  }

  /** The open documents of a chart. */
  openIn(chartKey: string): TextDocument[] {
    return this.documents.all().filter((doc) => this.placeOf(doc.uri)?.chartKey === chartKey);
  }

  /**
   * The chart as the editor shows it now, for analysing `place`. Kept while no document of the
   * chart changes (versions) and its disk copy stays current (generation), so the requests
   * after a keystroke share one model and one analysis.
   */
  snapshotOf(place: DocumentPlace): ChartSnapshot {
    const versions = this.openIn(place.chartKey)
      .map((doc) => `${doc.uri}@${doc.version}`)
      .sort()
      .join(' ');
    const signature = `${this.workspace.generationOf(place.chartKey)} ${versions}`;
    const variant = `${isAlternateValues(place) ? place.file : ''}\u0000${this.profiles.keyOf(place.chartKey)}`;
    const input = (): ChartInput => this.variantOf(place, this.workspace.inputOf(place, this.openTexts()));
    return this.snapshots.get(place.chartKey, variant, signature, input, this.workspace.cacheOf(place.chartKey), (read) => this.profiles.renderOptions(place.chartKey, read));
  }

  /** The chart's findings under `config` as the editor shows it now, and its file texts. */
  run(place: DocumentPlace, config: AnalysisConfig): ChartRun {
    const snapshot = this.snapshotOf(place);
    return { result: snapshot.analysis.findings(config), files: snapshot.files };
  }

  /**
   * The chart's findings as the editor shows it now, for publishing files that are not open: the
   * kept snapshot while a document of the chart is open (its checks share it), else an analysis
   * of the disk copy that is not kept, so a workspace of many closed charts holds no models.
   */
  currentRun(place: DocumentPlace, config: AnalysisConfig): ChartRun {
    if (this.openIn(place.chartKey).length > 0) return this.run(place, config);
    const input = this.workspace.inputOf(place, []);
    return { result: analyzeChart(input, config, this.workspace.cacheOf(place.chartKey), this.profiles.renderOptions(place.chartKey, input)), files: filesOf(input) };
  }

  /**
   * The findings of the chart cut down to its open documents (see ChartWorkspace.openPartOf): a
   * first look before the whole chart is parsed and rendered. Only the rules that judge the source
   * as written: they find the same there whether the chart renders or not, while a resource rule's
   * finding on the templates as written may be one the rendered chart does not have, and would
   * flash until the whole-chart check removed it.
   */
  openPartRun(place: DocumentPlace, config: AnalysisConfig): ChartRun {
    const input = this.variantOf(place, this.workspace.openPartOf(place, this.openTexts()));
    const result = analyzeChart(input, config, this.workspace.cacheOf(place.chartKey));
    return { result: { ...result, findings: result.findings.filter((finding) => firstLookRules.has(finding.rule)) }, files: filesOf(input) };
  }

  /**
   * Whether a first look (openPartRun) would read fewer templates than the whole chart: when every
   * template of the chart is open (a one-file chart), it parses all the whole check parses and
   * only runs the source rules twice, and the whole check after it delays the first edit.
   */
  firstLookSaves(place: DocumentPlace): boolean {
    const open = this.openTexts();
    const templates = (input: ChartInput): number => chartsOf(input).reduce((count, { chart }) => count + (Array.isArray(chart.templates) ? chart.templates.length : 0), 0);
    return templates(this.workspace.openPartOf(place, open)) < templates(this.workspace.inputOf(place, open));
  }

  /** The chart's parse cache, shared by every analysis of it. */
  cacheOf(chartKey: string): ParseCache {
    return this.workspace.cacheOf(chartKey);
  }

  /** The chart of `place` as it is now, read afresh (for a request that wants no memo). */
  inputOf(place: DocumentPlace): ChartInput {
    return this.workspace.inputOf(place, this.openTexts());
  }

  /** Resolves the chart's files to open documents (their own line index) or, failing that, to disk URIs over `texts`. */
  resolverFor(place: DocumentPlace, texts: ReadonlyMap<string, string>): FileResolver {
    const diskIndexes = new Map<string, LineIndex>();
    return (file) => {
      const open = this.openDocument(place.chartKey, file);
      if (open) return { uri: open.uri, lines: documentLines(open) };
      const text = texts.get(file);
      const uri = this.workspace.uriOf(place, file, this.documents.keys());
      if (text === undefined || !uri) return undefined;
      let lines = diskIndexes.get(file);
      if (!lines) diskIndexes.set(file, (lines = createLineIndex(text)));
      return { uri, lines };
    };
  }

  /** Forgets what was kept for a document that closed; the chart's snapshots go with its last open document. */
  closed(uri: string, place: DocumentPlace | undefined): void {
    this.workspace.forgetPlace(uri);
    if (place && !this.documents.all().some((doc) => doc.uri !== uri && this.placeOf(doc.uri)?.chartKey === place.chartKey)) this.snapshots.forget(place.chartKey);
  }

  /** A file changed on disk; returns the keys of the charts whose disk copy went stale. */
  fileChanged(uri: string): string[] {
    return this.workspace.fileChanged(uri);
  }

  private openTexts(): OpenText[] {
    return this.documents.all().map((doc) => ({ uri: doc.uri, text: doc.getText() }));
  }

  private openDocument(chartKey: string, file: string): TextDocument | undefined {
    return this.documents.all().find((doc) => {
      const place = this.placeOf(doc.uri);
      return place !== undefined && place.chartKey === chartKey && place.file === file;
    });
  }

  /** `input` as analysed for `place`: a values file other than values.yaml stands in for it. */
  private variantOf(place: DocumentPlace, input: ChartInput): ChartInput {
    if (!isAlternateValues(place)) return input;
    const text = this.openDocument(place.chartKey, place.file)?.getText() ?? filesOf(input).get(place.file);
    return text === undefined ? input : withValuesFile(input, place.file, text);
  }
}
