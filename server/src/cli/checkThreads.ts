/**
 * `check` of many charts on worker threads. Each chart's question to the core is plain data
 * (`TargetJob`), and so is the answer, so a worker thread started from the CLI's own entry answers
 * it as well as this thread. The caller's thread hands out one chart at a time to each idle
 * worker and keeps every answer at its chart's index, so the report is in the same order whatever
 * thread finished first. `check` is synchronous, so this thread waits on a shared counter that a
 * worker bumps after each answer (Atomics.wait) and takes the answers with receiveMessageOnPort.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'worker_threads';
import { analyzeChart, analyzeProfiles, type AnalysisConfig, type AnalysisResult, type ChartInput, type ProfilesResult, type RenderedPlanOptions, type SourceFile, type ValuesProfile } from '../analysis';
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

/** The core's answer for one chart (and each of its values variants). */
export function analyseTarget(job: TargetJob): TargetAnalysis {
  return {
    main: analyzeProfiles(job.chart, job.config, { render: job.render, profiles: job.profiles }),
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

/** Every job's analysis, in the jobs' order, from `count` worker threads started from `script`. */
export function analyseOnThreads(jobs: readonly TargetJob[], script: string, count: number): TargetAnalysis[] {
  const answered = new Int32Array(new SharedArrayBuffer(4));
  const results: (TargetAnalysis | undefined)[] = new Array(jobs.length).fill(undefined);
  const workers = Array.from({ length: Math.min(count, jobs.length) }, () => {
    const { port1, port2 } = new MessageChannel();
    const data: CheckWorkerData = { helmHooksCheck: { port: port2, answered: answered.buffer as SharedArrayBuffer } };
    const worker = new Worker(script, { workerData: data, transferList: [port2], argv: [] });
    // A worker that fails to start never answers: its charts are checked here once it stalls.
    worker.on('error', () => undefined);
    return { worker, port: port1, current: -1 };
  });
  let next = 0;
  let done = 0;
  const give = (entry: (typeof workers)[number]): void => {
    entry.current = next < jobs.length ? next++ : -1;
    if (entry.current >= 0) entry.port.postMessage({ index: entry.current, job: jobs[entry.current] });
  };
  workers.forEach(give);
  let lastProgress = Date.now();
  try {
    while (done < jobs.length) {
      const seen = Atomics.load(answered, 0);
      let progressed = false;
      for (const entry of workers) {
        for (let message = receiveMessageOnPort(entry.port); message; message = receiveMessageOnPort(entry.port)) {
          const answer = message.message as Answer;
          if (results[answer.index] === undefined) {
            // A worker that failed leaves the chart to this thread: the same answer, or the same internal error.
            results[answer.index] = answer.analysis ?? analyseTarget(jobs[answer.index]);
            done++;
          }
          progressed = true;
          if (answer.index === entry.current) give(entry);
        }
      }
      if (progressed) lastProgress = Date.now();
      else if (Date.now() - lastProgress > stalledMs) {
        // A worker thread died or hangs: check what is left here.
        for (let index = 0; index < jobs.length; index++) {
          if (results[index] === undefined) {
            results[index] = analyseTarget(jobs[index]);
            done++;
          }
        }
      } else Atomics.wait(answered, 0, seen, 100);
    }
  } finally {
    for (const entry of workers) void entry.worker.terminate();
  }
  return results as TargetAnalysis[];
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
