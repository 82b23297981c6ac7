/**
 * When charts are checked and what is published: a change waits for typing to pause, an open
 * is checked at once, a chart opened for the first time gets a quick first look at its open
 * files before the whole chart is parsed, and a document that leaves a chart is cleared.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisConfig } from './analysis';
import { AdaptiveDebounce } from './debounce';
import type { ChartRun, EditorCharts } from './editorCharts';
import type { ServerLog } from './serverLog';
import type { ServerSettings, SettingsStore } from './settings';
import { documentLines, toDiagnostic } from './toLsp';
import { isAlternateValues, type DocumentPlace } from './workspace';

/** Debounce between the last keystroke and re-checking a slow chart (initializationOptions.validationDelayMs overrides it); see debounce.ts. */
export const defaultValidationDelayMs = 150;

export class Validation {
  /** When a change is checked: at once for a chart analysed fast, after `delayMs` of no typing for a slow one. */
  private readonly debounce = new AdaptiveDebounce(defaultValidationDelayMs);
  /** Pending validations by chart; `immediate` marks one that no debounce may postpone. */
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; immediate: boolean }>();
  /** Open documents that currently show diagnostics, so a document that leaves a chart is cleared. */
  private readonly published = new Set<string>();
  /** Charts analysed whole at least once: their parse cache is warm. */
  private readonly analysedCharts = new Set<string>();
  /** Documents opened in a chart not analysed yet, waiting for a first look on their own. */
  private readonly firstLooks = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly charts: EditorCharts,
    private readonly settings: SettingsStore,
    private readonly log: ServerLog,
    /** The `helmHooks.values` entry of a chart changed what it is judged with (this class checks it again already). */
    private readonly profilesChanged: (chartKey: string) => void = () => undefined,
    /** A chart's whole analysis is done (start-up is over once one is: main.ts). */
    private readonly analysedWhole: () => void = () => undefined,
  ) {}

  opened(doc: TextDocument): void {
    const place = this.charts.placeOf(doc.uri);
    if (!place) return;
    // An unsaved document is a chart of its own: its whole-chart analysis is already a first look.
    if (place.root && !this.analysedCharts.has(place.chartKey)) this.firstLooks.add(doc.uri);
    // Not debounced: the user waits for the first diagnostics of a document just opened.
    this.schedule(place.chartKey, 0);
  }

  changed(doc: TextDocument): void {
    const place = this.charts.placeOf(doc.uri);
    if (place) this.schedule(place.chartKey);
  }

  /**
   * A document closed: its chart now reads it from disk again. Its diagnostics are cleared
   * unless `clear` is false (the workspace checks then publish what the disk version shows).
   */
  closed(uri: string, place: DocumentPlace | undefined, clear = true): void {
    this.published.delete(uri);
    this.firstLooks.delete(uri);
    if (clear) this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch((error) => this.log.failed('publishDiagnostics', error));
    if (place) this.schedule(place.chartKey);
  }

  /** Checks the chart's open documents at once (it is shown in another values profile). */
  chartChanged(chartKey: string): void {
    this.schedule(chartKey, 0);
  }

  /** Whether a check of open documents is waiting to run: background work gives way to it. */
  get busy(): boolean {
    return this.timers.size > 0;
  }

  /** Files changed on disk: `stale` charts are checked again, or every chart when chart roots may have moved. */
  filesChanged(stale: Iterable<string>, rootsMoved: boolean): void {
    if (rootsMoved) this.revalidateAll();
    else for (const key of stale) this.schedule(key);
  }

  /** Checks every open chart at once (settings or chart roots changed); clears documents no longer in a chart. */
  revalidateAll(): void {
    const keys = new Set<string>();
    for (const doc of this.charts.documents.all()) {
      const place = this.charts.placeOf(doc.uri);
      if (place) keys.add(place.chartKey);
      else if (this.published.has(doc.uri)) void this.publish(doc.uri, doc.version, []);
    }
    for (const key of keys) this.schedule(key, 0);
  }

  /** Milliseconds a change of a slow chart waits for the next one before the chart is checked. */
  get delayMs(): number {
    return this.debounce.delayMs;
  }

  set delayMs(milliseconds: number) {
    this.debounce.delayMs = milliseconds;
  }

  dispose(): void {
    for (const pending of this.timers.values()) clearTimeout(pending.timer);
    this.timers.clear();
  }

  /**
   * Validates the chart after `delay`, replacing a pending validation: typing postpones it until
   * a pause. An immediate one (a document opened) is never postponed: TextDocuments reports an
   * open as a content change too, and the validation reads the texts current when it runs.
   */
  private schedule(chartKey: string, delay = this.debounce.delayFor(chartKey)): void {
    const pending = this.timers.get(chartKey);
    if (pending?.immediate) return;
    clearTimeout(pending?.timer);
    const generation = this.debounce.scheduled(chartKey, delay);
    const timer = setTimeout(() => {
      this.timers.delete(chartKey);
      this.validateChart(chartKey, generation).catch((error) => this.log.failed('validation', error));
    }, delay);
    this.timers.set(chartKey, { timer, immediate: delay === 0 });
  }

  private async validateChart(chartKey: string, generation: number): Promise<void> {
    const docs = this.charts.openIn(chartKey);
    const docSettings = await Promise.all(docs.map((doc) => this.settings.get(doc.uri)));
    // A newer check of this chart runs at once: it reads the same or newer texts, this one would only publish twice.
    if (this.debounce.isOvertaken(chartKey, generation)) return;
    // The chart's `helmHooks.values` entry (the first open document's settings: one chart, one folder).
    const place = docs.length > 0 ? this.charts.placeOf(docs[0].uri) : undefined;
    if (place && this.charts.profiles.useSettings(chartKey, place.root, docSettings[0].values)) this.profilesChanged(chartKey);
    const firstLook = docs.filter((doc) => this.firstLooks.delete(doc.uri));
    if (firstLook.length > 0 && !this.analysedCharts.has(chartKey) && place && this.charts.firstLookSaves(place)) {
      // Parsing a whole chart for the first time can take a second: publish what the open files
      // alone show at once, then the whole-chart analysis below publishes again. (Not when the
      // open files are all the chart's templates: that look would parse all the whole check does.)
      // It holds only the rules that judge the source as written (editorCharts.ts, openPartRun), so
      // nothing it shows is taken back by the whole chart's rendered check.
      const runs = new Map<string, ChartRun>();
      const sent = firstLook.map((doc) =>
        this.check(
          doc,
          docSettings[docs.indexOf(doc)],
          (place, config, key) => {
            let run = runs.get(key);
            if (!run) runs.set(key, (run = this.charts.openPartRun(place, config)));
            return run;
          },
        ),
      );
      await Promise.all(sent);
    }
    // CPU time, not wall: a busy machine makes the wait longer but analysing on each keystroke no dearer.
    const started = process.cpuUsage();
    for (let i = 0; i < docs.length; i++) void this.check(docs[i], docSettings[i], (place, config) => this.charts.run(place, config));
    const used = process.cpuUsage(started);
    this.debounce.analysed(chartKey, (used.user + used.system) / 1000);
    this.analysedCharts.add(chartKey);
    this.analysedWhole();
  }

  /**
   * Publishes the findings for one document with `settings`; `analyse` gives the chart's
   * analysis under a configuration (`key` names the configuration and values variant, so
   * documents that share them share one run) and the chart's file texts.
   */
  private check(opened: TextDocument, docSettings: ServerSettings, analyse: (place: DocumentPlace, config: AnalysisConfig, key: string) => ChartRun): Promise<void> {
    const doc = this.charts.documents.get(opened.uri);
    if (!doc) return Promise.resolve(); // Closed while the settings were pulled.
    const place = this.charts.placeOf(doc.uri);
    if (!place || !docSettings.enable) return this.publish(doc.uri, doc.version, []);
    const key = `${JSON.stringify(docSettings.analysis)}|${isAlternateValues(place) ? place.file : ''}`;
    const { result, files } = analyse(place, docSettings.analysis, key);
    this.log.internalErrors(result);
    const index = documentLines(doc);
    const resolve = this.charts.resolverFor(place, files);
    const findings = result.findings.filter((finding) => finding.file === place.file);
    return this.publish(doc.uri, doc.version, findings.map((finding) => toDiagnostic(finding, index, resolve)));
  }

  /** Sends diagnostics; the promise settles once they are written (never rejects). */
  private publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): Promise<void> {
    if (diagnostics.length > 0) this.published.add(uri);
    else this.published.delete(uri);
    return this.connection.sendDiagnostics({ uri, version, diagnostics }).catch((error) => this.log.failed('publishDiagnostics', error));
  }
}
