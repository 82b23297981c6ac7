/**
 * `check` of many charts on worker threads. Each chart's question to the core is plain data
 * (`TargetJob`), and so is the answer, so a worker thread started from the CLI's own entry answers
 * it as well as this thread. The caller's thread starts the workers first, then reads each chart
 * only when a worker is ready for it (its job made on demand, in the charts' order) and hands the
 * answers on in that order as soon as every earlier chart's is in, so the report is the same
 * whatever thread finished first and only the charts in flight are held in memory. `check` is
 * synchronous, so this thread waits on a shared counter that a worker bumps after each answer
 * (Atomics.wait) and takes the answers with receiveMessageOnPort.
 */
import { setFlagsFromString } from 'v8';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'worker_threads';
import { analyzeChart, analyzeProfiles, type AnalysisConfig, type ParseCache, type Prerendered, type AnalysisResult, type ChartInput, type ProfilesResult, type RenderedPlanOptions, type SourceFile, type ValuesProfile } from '../analysis';
import { withValuesFile } from '../valuesVariants';

/** One chart to check: its input (with the texts to judge), its alternate values files, its settings, render options and values profiles. */
export interface TargetJob {
  readonly chart: ChartInput;
  /** Values files other than values.yaml: each is also read in place of values.yaml, its own findings kept. */
  readonly variants: readonly SourceFile[];
  readonly config: AnalysisConfig;
  readonly render?: RenderedPlanOptions;
  /** The values profiles the chart is judged under (`default` alone unless `--profiles auto` finds more). */
  readonly profiles: readonly ValuesProfile[];
}

export interface TargetAnalysis {
  /** The chart under each of its profiles. */
  readonly main: ProfilesResult;
  /** Each alternate values file read in place of values.yaml, under the default values. */
  readonly variants: readonly { readonly path: string; readonly result: AnalysisResult }[];
}

/**
 * The core's answer for one chart (and each of its values variants). `ahead`: the chart's files
 * already parsed into `cache`, and its renders made elsewhere (renderThread.ts), asked for when the
 * analysis first renders (after the source model), for it to take instead of doing the same work again.
 */
export function analyseTarget(job: TargetJob, ahead?: { readonly cache: ParseCache; readonly prerendered: () => readonly Prerendered[] }): TargetAnalysis {
  return {
    main: analyzeProfiles(job.chart, job.config, { render: job.render, profiles: job.profiles, ...(ahead ?? {}) }),
    variants: job.variants.map((variant) => ({ path: variant.path, result: analyzeChart(withValuesFile(job.chart, variant.path, variant.text), job.config, undefined, job.render) })),
  };
}

/** What a worker thread is started with (its `workerData`). */
export interface CheckWorkerData {
  readonly helmHooksCheck: { readonly port: MessagePort; readonly answered: SharedArrayBuffer };
}

interface Answer {
  readonly index: number;
  readonly analysis?: TargetAnalysis;
  readonly error?: string;
}

/** A worker that has not answered for this long is given up on: this thread checks its chart itself. */
const stalledMs = 120_000;

/**
 * Jobs each worker holds at once: the one it checks and the next, so it never waits while this
 * thread reads a chart or writes a report.
 */
const jobsPerWorker = 2;

/**
 * A worker's young generation (MB; Node's default is 48 on 64-bit). Each worker thread has its own
 * heap: with two workers the default young generations alone were about a fifth of the peak RSS
 * of `check` over 200 charts, and a small one measured no more CPU (bench/README.md, section 12).
 */
const workerYoungGenerationMb = 4;

/**
 * How far past its live data an old generation grows before its next mark-compact, in percent
 * (V8 lets a heap this small grow to four times its live data: each worker held about 10 MB live
 * in a 44 MB old generation over 200 charts). Three times measured 184–188 MB peak RSS against
 * 201–212 MB, CPU within the noise (bench/README.md, section 12). Capping the workers' old
 * generation instead lowers the factor to at most two and measured 20% more CPU. A V8 flag holds
 * for every thread of the process, and V8 rejects a code cache compiled under other flags, so it
 * is set once every worker has answered (each compiled the bundle before its first answer);
 * this thread only reads charts and writes reports by then.
 */
const workerHeapGrowingPercent = 200;

/**
 * Analyses `total` jobs on `count` worker threads started from `script`. `jobAt(index)` is called
 * once per index, in increasing order, when a worker is ready for that job (so a chart is read
 * just before it is checked); `done(index, analysis)` is called once per index, in increasing
 * order, as soon as the answers of that index and every earlier one are in.
 */
export function analyseOnThreads(total: number, jobAt: (index: number) => TargetJob, threads: { readonly script: string; readonly count: number }, done: (index: number, analysis: TargetAnalysis) => void): void {
  const answered = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: Math.min(threads.count, total) }, () => {
    const { port1, port2 } = new MessageChannel();
    const data: CheckWorkerData = { helmHooksCheck: { port: port2, answered: answered.buffer as SharedArrayBuffer } };
    const worker = new Worker(threads.script, { workerData: data, transferList: [port2], argv: [], resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMb } });
    // A worker that fails to start never answers: its charts are checked here once it stalls.
    worker.on('error', () => undefined);
    return { worker, port: port1, held: 0, answered: false };
  });
  /** Jobs handed out and not answered yet, by index: a worker that fails leaves its job to this thread. */
  const handedOut = new Map<number, TargetJob>();
  /** Answers that came in before an earlier index's. */
  const waiting = new Map<number, TargetAnalysis>();
  let next = 0;
  let reported = 0;
  const handOver = (): void => {
    for (let analysis = waiting.get(reported); analysis !== undefined; analysis = waiting.get(reported)) {
      waiting.delete(reported);
      done(reported++, analysis);
    }
  };
  let lastProgress = Date.now();
  let growthSet = false;
  try {
    while (reported < total) {
      const seen = Atomics.load(answered, 0);
      let progressed = false;
      for (const entry of workers) {
        for (let message = receiveMessageOnPort(entry.port); message; message = receiveMessageOnPort(entry.port)) {
          const answer = message.message as Answer;
          entry.held--;
          entry.answered = true;
          const job = handedOut.get(answer.index);
          if (job !== undefined) {
            handedOut.delete(answer.index);
            // A worker that failed leaves the chart to this thread: the same answer, or the same internal error.
            waiting.set(answer.index, answer.analysis ?? analyseTarget(job));
          }
          progressed = true;
        }
        for (; entry.held < jobsPerWorker && next < total; next++, entry.held++) {
          const job = jobAt(next);
          handedOut.set(next, job);
          entry.port.postMessage({ index: next, job });
        }
      }
      handOver();
      if (!growthSet && workers.every((entry) => entry.answered)) {
        setFlagsFromString(`--heap-growing-percent=${workerHeapGrowingPercent}`);
        growthSet = true;
      }
      if (progressed) lastProgress = Date.now();
      else if (Date.now() - lastProgress > stalledMs) {
        // A worker thread died or hangs: check what is left here, in order.
        for (const [index, job] of [...handedOut].sort(([a], [b]) => a - b)) {
          handedOut.delete(index);
          waiting.set(index, analyseTarget(job));
          handOver();
        }
        for (; next < total; next++) {
          waiting.set(next, analyseTarget(jobAt(next)));
          handOver();
        }
      } else Atomics.wait(answered, 0, seen, 100);
    }
  } finally {
    for (const entry of workers) void entry.worker.terminate();
  }
}

/** The worker thread's side: answer each job sent on the port, then bump the shared counter. */
export function serveCheckJobs(data: CheckWorkerData): void {
  const { port, answered } = data.helmHooksCheck;
  const counter = new Int32Array(answered);
  port.on('message', ({ index, job }: { index: number; job: TargetJob }) => {
    let answer: Answer;
    try {
      answer = { index, analysis: analyseTarget(job) };
    } catch (error) {
      answer = { index, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
  });
}

/** Whether this thread was started by `analyseOnThreads`. */
export function isCheckWorker(workerData: unknown): workerData is CheckWorkerData {
  return typeof workerData === 'object' && workerData !== null && 'helmHooksCheck' in workerData;
}
