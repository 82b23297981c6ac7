/**
 * `check` of one big chart renders it on a second thread while this thread reads the chart as
 * written. The two halves are independent until the rules run: the render (a parse of every
 * template, then their execution) needs only the chart's texts and the render options, the
 * reading into the model only the texts. So a worker started from the CLI's own entry renders the
 * chart under each values profile and answers plain data (api/prerendered.ts: a failed render's
 * error; nothing for a chart that renders, which this thread then renders itself), while this
 * thread parses every file into a parse cache and builds the source model; then it takes the
 * answer, waiting a bounded time for a worker still parsing (`renderAheadDefaults`), and the
 * analysis goes on as on one thread, with the same result either way. A worker that fails to
 * start or has not answered by then is stopped: the analysis renders itself.
 *
 * A worker loads the whole bundle again (50–100 ms of CPU), so only charts whose templates are
 * big get one (`RenderAheadSettings.minTemplateChars`). When the sizes of the template files read
 * so far already say the chart may be that big, the worker is started while the rest is read
 * (`startRenderWorker`, check.ts), so that its own start runs on the core that is idle until then.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'worker_threads';
import { chartsOf, prerenderEach, type ChartInput, type FailedRender, type Prerendered, type RenderOptions } from '../analysis';

export interface RenderAheadSettings {
  /** Templates of the chart and its subcharts totalling fewer characters than this render on this thread. */
  readonly minTemplateChars: number;
  /** How long to wait for the worker to start once this thread has read the chart (ms; `check`: 0). */
  readonly startMs: number;
  /** How long to wait, once it has started, for it to have parsed every template: `parseMs`, plus `parseMsPerMillionChars` per million characters of templates. */
  readonly parseMs: number;
  readonly parseMsPerMillionChars: number;
  /** How long to wait for its answer once it has parsed them (ms). */
  readonly answerMs: number;
}

/**
 * The settings `check` uses. Only a render that fails comes back (api/prerendered.ts); a render
 * that succeeds is known only at its end, and this thread then renders the chart itself. The
 * worker says when it has parsed every template (Helm parses them all before it executes any):
 * - while it parses, this thread waits for that: its own render would parse the same templates
 *   from the start, the worker began well before it, so a wait costs less than parsing here, and
 *   for a chart that renders it costs at most what is left of that parse (bounded by the size);
 * - once it has parsed, what is left is execution: a render that fails mostly fails at once (an
 *   `include` of a template no file defines, a `required` value), one that succeeds runs on, so
 *   this thread waits only briefly for the answer and otherwise renders itself.
 * The 13,548-hook file (8.5 MB; its render fails at its first `include`): the worker answered
 * before the main thread asked in half the runs, and in the others the main thread parsed the
 * 8.5 MB again (bench/README.md, section 7). A worker is kept for charts far past the corpus's
 * largest (with a worker for every chart, argo-cd, 2.1 MB of templates, took 0.81 → 1.5 s of CPU,
 * cert-manager, 1.1 MB, 0.44 → 0.73 s, airflow 0.25 MB 0.58 → 1.0 s).
 */
export const renderAheadDefaults: RenderAheadSettings = { minTemplateChars: 4_000_000, startMs: 0, parseMs: 0, parseMsPerMillionChars: 250, answerMs: 100 };

/**
 * The render worker's young generation (MB; V8's default for a worker is larger). What the
 * worker allocates is mostly its parse tree, which lives until the render ends, so a bigger young
 * generation only touches more fresh pages and gives the parallel scavenges more to share out:
 * `check` of the 13,548-hook file, 8 interleaved pairs at load 16-19, process CPU 4.46 -> 4.10 s,
 * page faults 82.1k -> 78.4k; V8's helper threads 1.49 -> 1.29 s (bench/README.md, section 7).
 */
const renderWorkerYoungGenerationMb = 16;

/** What the worker is started with (its `workerData`). */
export interface RenderWorkerData {
  readonly helmHooksRender: { readonly port: MessagePort; readonly state: SharedArrayBuffer };
}

interface RenderJob {
  readonly input: ChartInput;
  readonly options: readonly RenderOptions[];
}

interface RenderAnswer {
  /** Per options, in order: the failed render, or null when it rendered (or could not be carried). */
  readonly renders: readonly (FailedRender | null)[];
}

/** The worker's progress in the shared state: 0 not started, then started, parsed (every template; only execution is left), answered. */
const started = 1;
const parsed = 2;
const answered = 3;

/** A render under way on a worker; `take` waits for it (bounded), stops the worker, and never throws. */
export interface RenderAhead {
  take(): Prerendered[];
}

/** The total length of the templates of `input` and its subcharts. */
export function templateChars(input: ChartInput): number {
  let total = 0;
  for (const { chart } of chartsOf(input)) for (const template of chart.templates) total += template.text.length;
  return total;
}

/** A render worker started before its chart is read (`startRenderWorker`), waiting for its job. */
export interface StartedRenderWorker {
  readonly worker: Worker;
  readonly state: Int32Array;
  readonly port: MessagePort;
}

/**
 * Starts a render worker from `script` with no job yet: Node's start of a thread and the bundle's
 * load (about 190 ms of CPU) then run while this thread reads the chart, when the second core is
 * otherwise idle; `renderAhead` gives it its job. Undefined when it cannot be started.
 */
export function startRenderWorker(script: string): StartedRenderWorker | undefined {
  const state = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  try {
    const data: RenderWorkerData = { helmHooksRender: { port: port2, state: state.buffer as SharedArrayBuffer } };
    const worker = new Worker(script, { workerData: data, transferList: [port2], argv: [], resourceLimits: { maxYoungGenerationSizeMb: renderWorkerYoungGenerationMb } });
    // A worker that fails never answers: the analysis renders itself once `take` stops waiting.
    worker.on('error', () => undefined);
    // It must not keep the process alive after the report.
    worker.unref();
    return { worker, state, port: port1 };
  } catch {
    port1.close();
    return undefined;
  }
}

/** Stops a started worker that is given no job. */
export function stopRenderWorker(thread: StartedRenderWorker): void {
  thread.port.close();
  void thread.worker.terminate();
}

/**
 * Starts rendering `input` with each of `options` on a worker: `worker`, one already started, or a
 * new one started from that script; undefined when it cannot be started (this thread renders then).
 */
export function renderAhead(input: ChartInput, options: readonly RenderOptions[], worker: string | StartedRenderWorker, settings: RenderAheadSettings = renderAheadDefaults): RenderAhead | undefined {
  const thread = typeof worker === 'string' ? startRenderWorker(worker) : worker;
  if (!thread) return undefined;
  const { state, port } = thread;
  try {
    const job: RenderJob = { input, options };
    port.postMessage(job);
  } catch {
    stopRenderWorker(thread);
    return undefined;
  }
  let taken: Prerendered[] | undefined;
  // Answers once; a later call gives the same answer (the worker is stopped by the first).
  const take = (): Prerendered[] => (taken ??= takeOnce());
  const takeOnce = (): Prerendered[] => {
    try {
      const answer = waitForAnswer(state, port, settings, templateChars(input));
      if (!answer || answer.renders.length !== options.length) return [];
      return answer.renders.flatMap((render, index) => (render ? [{ input, options: options[index], render }] : []));
    } catch {
      return [];
    } finally {
      stopRenderWorker(thread);
    }
  };
  return { take };
}

/**
 * The worker's answer, waited for at most `startMs` to start, then as long as its templates' size
 * allows for it to parse them, then `answerMs` to answer; undefined when it does not come.
 */
function waitForAnswer(state: Int32Array, port: MessagePort, settings: RenderAheadSettings, chars: number): RenderAnswer | undefined {
  const parseMs = settings.parseMs + Math.round((chars / 1_000_000) * settings.parseMsPerMillionChars);
  if (!reached(state, started, settings.startMs) || !reached(state, parsed, parseMs) || !reached(state, answered, settings.answerMs)) return undefined;
  return receiveMessageOnPort(port)?.message as RenderAnswer | undefined;
}

/** Whether the worker's progress reaches `stage` within `ms`. */
function reached(state: Int32Array, stage: number, ms: number): boolean {
  const by = Date.now() + ms;
  for (let now = Date.now(); ; now = Date.now()) {
    const progress = Atomics.load(state, 0);
    if (progress >= stage) return true;
    if (now >= by) return false;
    Atomics.wait(state, 0, progress, by - now);
  }
}

/** The worker thread's side: render the job, answer it, then say so in the shared state. */
export function serveRender(data: RenderWorkerData): void {
  const { port, state } = data.helmHooksRender;
  const progress = new Int32Array(state);
  const advance = (to: number): void => {
    Atomics.store(progress, 0, to);
    Atomics.notify(progress, 0);
  };
  port.once('message', (job: RenderJob) => {
    let answer: RenderAnswer;
    try {
      answer = { renders: prerenderEach(job.input, job.options, () => advance(parsed)).map((render) => render ?? null) };
    } catch {
      answer = { renders: [] };
    }
    port.postMessage(answer);
    advance(answered);
    port.close();
  });
  advance(started);
}

/** Whether this thread was started by `renderAhead`. */
export function isRenderWorker(workerData: unknown): workerData is RenderWorkerData {
  return typeof workerData === 'object' && workerData !== null && 'helmHooksRender' in workerData;
}
