/**
 * Whole-workspace diagnostics (`helmHooks.diagnostics.scope: workspace`, the default): every
 * chart under the workspace folders is checked in the background, at startup, after files
 * change on disk and after edits that may change what other files of a chart show, and the
 * findings of files that are not open are published too. A file that closes keeps showing
 * findings: those of its disk version.
 *
 * Open documents always win. Their diagnostics come from validation.ts, with their versions;
 * this module never publishes them, and reads a chart with their text laid over the disk copy
 * (the same snapshot their checks use).
 *
 * Typing comes first. A chart with no open document is checked on a worker thread at low
 * priority (workspaceWorker.ts), one chart at a time: this thread only sends the chart's folder
 * and settings and publishes the diagnostics that come back. An edit, open or close of one of
 * the chart's documents, or a change of its files on disk, while the worker has it supersedes
 * the answer: it is dropped (open documents are fresher) and the chart checked again.
 *
 * A chart with an open document, and every chart when the worker cannot start, is checked on
 * this thread (it shares the open documents' snapshot): one chart per slice, each slice its own
 * timer so the messages that arrived are read between charts; no such slice starts while a check
 * of open documents waits for its debounce, nor within `quietMs` of the last edit. Within a slice
 * the chart's files are parsed one per turn of the event loop (parsing is most of a first check),
 * so an edit waits for one file's parse, not a chart's; an edit while a slice parses or waits for
 * settings abandons it (what was parsed stays in the chart's cache) and puts its chart back at the
 * front of the queue. While the user types, this thread's background work rests as long as it works.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { EditorCharts } from './editorCharts';
import { parseAhead } from './analysis';
import { findChartRoots } from './node/chartLoader';
import type { ServerLog } from './serverLog';
import type { DiagnosticsScope, SettingsStore } from './settings';
import { toDiagnostic } from './toLsp';
import type { DocumentPlace } from './workspace';
import { WorkspaceWorker } from './workspaceWorker';

export class WorkspaceChecks {
  /** Milliseconds after an edit or an open during which no background slice starts. */
  quietMs = 100;
  /** Files parsed per turn of the event loop before a chart is analysed. */
  filesPerTurn = 1;
  /** Milliseconds after an edit during which the user counts as typing: background work then rests as long as it works. */
  typingMs = 2000;
  private lastEditAt = -Infinity;
  /** How long the last chart's analysis took: while typing, the next slice starts no sooner than that after it. */
  private restMs = 0;
  private folders: readonly string[] = [];
  /** Chart roots found under the workspace folders (the chart keys of their documents). */
  private readonly roots = new Set<string>();
  private rootsStale = false;
  /** Charts waiting for a check; `urgent` ones (a document closed, a check abandoned) go first. Sets keep order and drop repeats. */
  private readonly queue = new Set<string>();
  private readonly urgent = new Set<string>();
  /** Per chart, the files not open that show findings published here. */
  private readonly shown = new Map<string, Set<string>>();
  /** Per chart, documents that closed since its last check: they get the disk version's findings, or none. */
  private readonly closedDocs = new Map<string, Set<string>>();
  /** The scope each chart had at its last check, so a close knows at once who clears the document. */
  private readonly scopes = new Map<string, DiagnosticsScope>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private quietUntil = 0;
  /** Counts edits and opens, so a slice can tell that one came while it waited. */
  private edits = 0;
  private disposed = false;
  /** Counts, per chart, the edits, opens, closes and disk changes of its files: a worker's answer from before one is stale. */
  private readonly touched = new Map<string, number>();
  /** Counts settings changes: a worker's answer from before one is stale. */
  private settingsChanges = 0;
  /** Load problems already logged: a chart checked again names each once. */
  private readonly loggedProblems = new Set<string>();
  /** Checks charts with no open document off this thread; absent when no worker script is given. */
  private readonly worker: WorkspaceWorker | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly charts: EditorCharts,
    private readonly settings: SettingsStore,
    private readonly log: ServerLog,
    /** Whether a check of open documents is pending: background slices on this thread wait for it. */
    private readonly foregroundBusy: () => boolean,
    /** The script a worker thread starts from (the server's entry); absent: every chart is checked on this thread. */
    workerScript?: string,
    /** A whole chart was analysed, here or by the worker (start-up is over once one is: main.ts). */
    private readonly checkedOne: () => void = () => undefined,
  ) {
    this.worker = workerScript === undefined ? undefined : new WorkspaceWorker(workerScript, (where, error) => this.log.failed(where, error));
  }

  /** The workspace folders (disk paths), at start or when they change: their charts are found and checked. */
  setFolders(folders: readonly string[]): void {
    this.folders = [...folders];
    this.rootsStale = true;
    this.kick();
  }

  /** A document of `place` opened or changed: background work waits, and the chart's closed files are checked again after it. */
  edited(place: DocumentPlace | undefined): void {
    this.edits++;
    this.lastEditAt = Date.now();
    this.quietUntil = this.lastEditAt + this.quietMs;
    if (place) this.touch(place.chartKey);
    if (place && this.roots.has(place.chartKey)) this.queue.add(place.chartKey);
    this.kick();
  }

  /**
   * A document closed. Returns whether its diagnostics are taken over here (its chart is in the
   * workspace and its scope is `workspace`): then the disk version's findings replace them, and
   * validation.ts must not clear them first.
   */
  closed(uri: string, place: DocumentPlace | undefined): boolean {
    if (place) this.touch(place.chartKey);
    if (!place || !this.roots.has(place.chartKey) || this.scopes.get(place.chartKey) === 'openFiles') return false;
    let closed = this.closedDocs.get(place.chartKey);
    if (!closed) this.closedDocs.set(place.chartKey, (closed = new Set()));
    closed.add(uri);
    this.urgent.add(place.chartKey);
    this.kick();
    return true;
  }

  /**
   * Files changed on disk (`files`: their paths): their charts and the `stale` ones are checked
   * again; when chart roots may have moved, the folders are searched again. (A chart checked on
   * the worker thread is not kept in this thread's workspace, so `stale` does not name it.)
   */
  filesChanged(stale: Iterable<string>, rootsMoved: boolean, files: readonly string[] = []): void {
    const keys = new Set(stale);
    for (const root of this.roots) if (files.some((file) => file === root || file.startsWith(root + path.sep))) keys.add(root);
    for (const key of keys) {
      this.touch(key);
      if (this.roots.has(key)) this.queue.add(key);
    }
    if (rootsMoved) this.rootsStale = true;
    this.kick();
  }

  /** Settings or config files changed: every chart is checked again (its scope may have changed too). */
  settingsChanged(): void {
    this.settingsChanges++;
    for (const root of this.roots) this.queue.add(root);
    this.kick();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.worker?.dispose();
  }

  private touch(chartKey: string): void {
    this.touched.set(chartKey, (this.touched.get(chartKey) ?? 0) + 1);
  }

  /** Whether the chart is checked on the worker thread: no document of it is open, and the worker works. */
  private offThread(chartKey: string): boolean {
    return this.worker !== undefined && this.worker.available && this.charts.openIn(chartKey).length === 0;
  }

  /** The chart the next slice checks. */
  private nextChart(): string | undefined {
    return first(this.urgent) ?? first(this.queue);
  }

  private kick(): void {
    if (this.timer || this.running || this.disposed) return;
    const next = this.rootsStale ? undefined : this.nextChart();
    // The worker's charts need not wait for typing to pause (the worker has its own thread, at low
    // priority), but while the user types the worker too rests as long as its last chart took: its
    // garbage collection runs on the process's helper threads at normal priority.
    const rest = this.typing() ? this.restMs : 0;
    const wait = next !== undefined && this.offThread(next) ? rest : Math.max(0, this.quietUntil - Date.now(), rest);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.slice();
    }, wait);
  }

  /**
   * Whether an edit came within `typingMs`. While typing, background work runs at most half the
   * time: on a loaded machine a process that computes without pause is scheduled late when an
   * edit wakes it, so yielding the event loop alone does not keep edits fast.
   */
  private typing(): boolean {
    return Date.now() - this.lastEditAt < this.typingMs;
  }

  /** The next turn of the event loop, after a rest as long as `workedMs` while typing. */
  private nextTurn(workedMs: number): Promise<void> {
    return this.typing() && workedMs > 0 ? new Promise((resolve) => setTimeout(resolve, workedMs)) : nextTurn();
  }

  private async slice(): Promise<void> {
    const next = this.rootsStale ? undefined : this.nextChart();
    if (next === undefined || !this.offThread(next)) {
      if (this.foregroundBusy()) this.quietUntil = Date.now() + this.quietMs;
      if (Date.now() < this.quietUntil) return this.kick();
    }
    if (this.rootsStale) {
      this.rootsStale = false;
      this.findRoots();
      return this.kick();
    }
    const chartKey = next;
    if (chartKey === undefined) return;
    this.urgent.delete(chartKey);
    this.queue.delete(chartKey);
    this.running = true;
    const edits = this.edits;
    try {
      if (!(await this.check(chartKey, () => this.edits !== edits))) this.urgent.add(chartKey);
    } catch (error) {
      this.log.failed('workspace check', error);
    } finally {
      this.running = false;
    }
    this.kick();
  }

  /** Searches the folders for charts: new ones are queued, the findings of charts gone are cleared. */
  private findRoots(): void {
    const found = new Set<string>();
    for (const folder of this.folders) for (const root of findChartRoots(folder)) found.add(root);
    for (const root of [...this.roots]) {
      if (found.has(root)) continue;
      this.roots.delete(root);
      this.clear(root, new Set());
    }
    for (const root of found) {
      // Roots may have moved: every chart is checked again, those already known after the new ones.
      if (!this.roots.has(root)) this.urgent.add(root);
      this.roots.add(root);
      this.queue.add(root);
    }
  }

  /** Checks one chart and publishes its closed files; false when an edit came while it waited (check it again). */
  private async check(chartKey: string, interrupted: () => boolean): Promise<boolean> {
    // The chart as its values.yaml sees it: no other values file stands in (valuesVariants.ts).
    const place: DocumentPlace = { chartKey, root: chartKey, file: 'values.yaml', role: 'values' };
    const chartSettings = await this.settings.get(pathToFileURL(path.join(chartKey, 'Chart.yaml')).href);
    if (interrupted()) return false;
    const closed = this.closedDocs.get(chartKey) ?? new Set<string>();
    this.closedDocs.delete(chartKey);
    this.scopes.set(chartKey, chartSettings.scope);
    if (!this.roots.has(chartKey) || chartSettings.scope !== 'workspace' || !chartSettings.enable) {
      this.clear(chartKey, closed);
      return true;
    }
    const checkedAgain = (): boolean => {
      // The documents that closed still need their disk version's findings at the next check.
      this.closedDocs.set(chartKey, new Set([...closed, ...(this.closedDocs.get(chartKey) ?? [])]));
      return false;
    };
    if (this.offThread(chartKey)) {
      const touched = this.touched.get(chartKey);
      const settingsChanges = this.settingsChanges;
      const sent = Date.now();
      const answer = await this.worker!.check({ root: chartKey, config: chartSettings.analysis, profile: this.charts.profiles.choiceOf(chartKey) });
      this.restMs = Date.now() - sent;
      // An edit, open or close of the chart's documents, or a change on disk, came meanwhile: what the worker read is stale.
      const superseded = (): boolean => this.disposed || this.touched.get(chartKey) !== touched || this.settingsChanges !== settingsChanges;
      if (superseded()) return checkedAgain();
      if (answer) {
        this.checkedOne();
        for (const problem of answer.problems) {
          if (this.loggedProblems.has(problem)) continue;
          this.loggedProblems.add(problem);
          this.log.warn(problem);
        }
        this.log.internalErrors({ findings: [], internalErrors: [...answer.internalErrors] });
        const byUri = new Map(answer.files.map((file) => [file.uri, file.diagnostics]));
        return (await this.publishChart(chartKey, byUri, closed, superseded)) || checkedAgain();
      }
      // The worker failed on this chart, or is gone: this thread checks it.
    }
    if (!(await this.parseInTurns(place, interrupted))) return checkedAgain();
    const analysed = Date.now();
    const run = this.charts.currentRun(place, chartSettings.analysis);
    // Only after a whole analysis (here or the worker's answer above), not after a turn that analysed nothing: review13 D15.
    this.checkedOne();
    this.log.internalErrors(run.result);
    const resolve = this.charts.resolverFor(place, run.files);
    const byUri = new Map<string, Diagnostic[]>();
    for (const finding of run.result.findings) {
      // A file inside a packaged subchart has no URI an editor can open.
      if (/\.tgz\//.test(finding.file)) continue;
      const target = resolve(finding.file);
      if (!target || this.isOpen(target.uri)) continue;
      let list = byUri.get(target.uri);
      if (!list) byUri.set(target.uri, (list = []));
      list.push(toDiagnostic(finding, target.lines, resolve));
    }
    this.restMs = Date.now() - analysed;
    return (await this.publishChart(chartKey, byUri, closed, interrupted)) || checkedAgain();
  }

  /**
   * Publishes the diagnostics of the chart's files that are not open, and clears those of its
   * files that had some and have none now (and of the documents that closed since its last
   * check); false when `interrupted` says the findings went stale while settings were pulled.
   */
  private async publishChart(chartKey: string, byUri: ReadonlyMap<string, Diagnostic[]>, closed: ReadonlySet<string>, interrupted: () => boolean): Promise<boolean> {
    // Each file's own settings: a config file may ignore it, or the user turn checks off for its folder.
    const uris = [...byUri.keys()];
    const fileSettings = await Promise.all(uris.map((uri) => this.settings.get(uri)));
    if (interrupted()) return false;
    const previous = this.shown.get(chartKey) ?? new Set<string>();
    const now = new Set<string>();
    uris.forEach((uri, index) => {
      if (!fileSettings[index].enable || this.isOpen(uri)) return;
      now.add(uri);
      this.publish(uri, byUri.get(uri)!);
    });
    for (const uri of new Set([...previous, ...closed])) if (!now.has(uri) && !this.isOpen(uri)) this.publish(uri, []);
    this.shown.set(chartKey, now);
    return true;
  }

  /**
   * Parses the chart's files (as the editor shows them) into its cache, `filesPerTurn` per turn of
   * the event loop, reading the messages that arrived in between; false when an edit came.
   */
  private async parseInTurns(place: DocumentPlace, interrupted: () => boolean): Promise<boolean> {
    const input = this.charts.inputOf(place);
    const cache = this.charts.cacheOf(place.chartKey);
    let missing = Infinity;
    let workedMs = 0;
    for (;;) {
      await this.nextTurn(workedMs);
      if (interrupted() || this.disposed) return false;
      const started = Date.now();
      const left = parseAhead(input, cache, this.filesPerTurn);
      workedMs = Date.now() - started;
      // A file that fails to parse stops the count falling: the analysis reports it.
      if (left === 0 || left >= missing) return true;
      missing = left;
    }
  }

  /** Clears what was published for a chart's closed files, and the documents that closed since its last check. */
  private clear(chartKey: string, closed: ReadonlySet<string>): void {
    for (const uri of new Set([...(this.shown.get(chartKey) ?? []), ...closed])) if (!this.isOpen(uri)) this.publish(uri, []);
    this.shown.delete(chartKey);
  }

  private isOpen(uri: string): boolean {
    return this.charts.documents.get(uri) !== undefined;
  }

  private publish(uri: string, diagnostics: Diagnostic[]): void {
    this.connection.sendDiagnostics({ uri, diagnostics }).catch((error) => this.log.failed('publishDiagnostics', error));
  }
}

/** Resolves after the messages that arrived meanwhile are handled (setImmediate runs after I/O callbacks). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function first<T>(items: ReadonlySet<T>): T | undefined {
  for (const item of items) return item;
  return undefined;
}
