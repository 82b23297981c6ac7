/**
 * The whole-workspace check of a chart that has no open document, on a worker thread, so the
 * server's thread only answers the open files and publishes what the worker sends. A chart's
 * question is plain data (its folder, settings and values profile choice) and so is the answer
 * (diagnostics per file URI): the worker reads the chart from disk itself, analyses it as
 * `currentRun` analyses a closed chart (`check`'s rendered findings) and builds the diagnostics,
 * so nothing of the chart stays in the server's memory.
 *
 * One worker at the lowest priority (on Linux, where a thread has its own nice value): the open
 * file must win the machine's cores. It is started from the server's own entry (main.ts), the
 * bundle that ships, as the CLI starts its `check` workers from its entry (cli/checkThreads.ts).
 */
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { parentPort, Worker } from 'worker_threads';
import type { Diagnostic } from 'vscode-languageserver';
import { analyzeChart, createLineIndex, type AnalysisConfig, type LineIndex } from './analysis';
import { loadChart, type LoadProblem } from './node/chartLoader';
import { filesOf } from './snapshots';
import { toDiagnostic, type FileResolver } from './toLsp';
import { renderOptionsOf, type ProfileChoice } from './valuesProfiles';

/** One closed chart to check. */
export interface ClosedChartJob {
  /** The chart's folder (its chart key). */
  readonly root: string;
  readonly config: AnalysisConfig;
  /** The values profile the chart is shown in. */
  readonly profile: ProfileChoice;
}

/** The diagnostics of each file of the chart that has findings (files of packaged subcharts left out). */
export interface ClosedChartAnswer {
  readonly files: readonly { readonly uri: string; readonly diagnostics: Diagnostic[] }[];
  /** Rules that failed inside the core. */
  readonly internalErrors: readonly string[];
  /** Files the chart loader could not read, as log lines. */
  readonly problems: readonly string[];
}

/** Checks a chart from disk: the same analysis and diagnostics as the server's own closed-chart path. */
export function checkClosedChart(job: ClosedChartJob): ClosedChartAnswer {
  const problems: LoadProblem[] = [];
  const input = loadChart(job.root, problems);
  const result = analyzeChart(input, job.config, undefined, renderOptionsOf(job.profile, input));
  const texts = filesOf(input);
  const indexes = new Map<string, LineIndex>();
  const resolve: FileResolver = (file) => {
    const text = texts.get(file);
    if (text === undefined) return undefined;
    let lines = indexes.get(file);
    if (!lines) indexes.set(file, (lines = createLineIndex(text)));
    return { uri: pathToFileURL(path.join(job.root, ...file.split('/'))).href, lines };
  };
  const byUri = new Map<string, Diagnostic[]>();
  for (const finding of result.findings) {
    // A file inside a packaged subchart has no URI an editor can open.
    if (/\.tgz\//.test(finding.file)) continue;
    const target = resolve(finding.file);
    if (!target) continue;
    let list = byUri.get(target.uri);
    if (!list) byUri.set(target.uri, (list = []));
    list.push(toDiagnostic(finding, target.lines, resolve));
  }
  return {
    files: [...byUri].map(([uri, diagnostics]) => ({ uri, diagnostics })),
    internalErrors: result.internalErrors,
    problems: problems.map((problem) => `${problem.path}: ${problem.message}`),
  };
}

/** What the worker thread is started with (its `workerData`). */
export interface WorkspaceWorkerData {
  readonly helmHooksWorkspace: true;
}

/** Whether this thread was started by `WorkspaceWorker`. */
export function isWorkspaceWorker(data: unknown): data is WorkspaceWorkerData {
  return typeof data === 'object' && data !== null && 'helmHooksWorkspace' in data;
}

interface Request {
  readonly id: number;
  readonly job: ClosedChartJob;
}

interface Reply {
  readonly id: number;
  readonly answer?: ClosedChartAnswer;
  readonly error?: string;
}

/** The worker thread's side: lowers its own priority, then answers each job. */
export function serveWorkspaceJobs(): void {
  // Linux gives each thread its own nice value (pid 0: the calling thread); elsewhere it would lower the whole process.
  if (process.platform === 'linux') {
    try {
      os.setPriority(0, os.constants.priority.PRIORITY_LOW);
    } catch {
      // Not allowed here: the worker runs at the server's priority.
    }
  }
  parentPort?.on('message', ({ id, job }: Request) => {
    let reply: Reply;
    try {
      reply = { id, answer: checkClosedChart(job) };
    } catch (error) {
      reply = { id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
    }
    parentPort?.postMessage(reply);
  });
}

/**
 * The server's side: one worker thread, one chart at a time. `check` resolves with the answer, or
 * undefined when the worker failed; after a failure (it could not start, or died) it is gone for
 * good and `available` says so, and the caller checks charts on its own thread.
 */
export class WorkspaceWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private pending: { readonly id: number; readonly resolve: (answer: ClosedChartAnswer | undefined) => void } | undefined;
  private failed = false;

  constructor(
    private readonly script: string,
    /** Logs a failure: `where` names it (the thread, gone for good, or one chart's job). */
    private readonly logFailure: (where: string, error: unknown) => void,
  ) {}

  get available(): boolean {
    return !this.failed;
  }

  /** Checks one chart on the worker thread; a job is sent only when the previous one has been answered. */
  check(job: ClosedChartJob): Promise<ClosedChartAnswer | undefined> {
    const worker = this.started();
    if (!worker || this.pending) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending = { id, resolve };
      try {
        worker.postMessage({ id, job } satisfies Request);
      } catch (error) {
        this.fail(error);
      }
    });
  }

  dispose(): void {
    this.failed = true;
    this.settle(undefined);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private started(): Worker | undefined {
    if (this.failed) return undefined;
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(this.script, { workerData: { helmHooksWorkspace: true } satisfies WorkspaceWorkerData, argv: [], stdout: true });
      // Standard output may be the LSP channel (--stdio): whatever the worker prints goes to standard error.
      worker.stdout.pipe(process.stderr);
      worker.on('message', (reply: Reply) => {
        if (this.pending?.id !== reply.id) return;
        if (reply.error !== undefined) this.logFailure('workspace worker job (the chart is checked on the server thread)', reply.error);
        this.settle(reply.answer);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`the workspace worker thread exited (${code})`)));
      // An idle worker must not keep the server alive after its connection ends.
      worker.unref();
      this.worker = worker;
      return worker;
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.worker = undefined;
    this.logFailure('workspace worker thread (closed charts are checked on the server thread from now on)', error);
    this.settle(undefined);
  }

  private settle(answer: ClosedChartAnswer | undefined): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(answer);
  }
}
