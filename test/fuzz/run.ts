/**
 * The long fuzz run (`npm run fuzz`): the core's properties over many mutated templates, and the
 * renderer's over mutated corpus charts (renderFuzz.ts), for the whole time budget.
 * FUZZ_SEED picks the seed (random by default, always printed), FUZZ_SECONDS the budget (default
 * 120, shared by both), FUZZ_RUNS the analysis cases per round (default 2000). The run goes on in
 * rounds, analysis and render alternating, each with its own seed derived from FUZZ_SEED, so a
 * failure does not end it: every failure is shrunk and kept with the seed that re-runs it alone,
 * and its template is written to a temporary file ready to become a regression fixture.
 * FUZZ_RENDER_CASE=<seed> re-runs one render case alone. The exit status is 1 when anything failed.
 *
 * The rounds run in a worker thread. A render that never returns cannot be caught from inside, so
 * the main thread is a watchdog: the worker writes the seed of the render case it starts into
 * shared memory, and a case still running after FUZZ_WATCHDOG_SECONDS (default 60, far above the
 * property's own bound) is reported with its seed, the worker is ended and a new one goes on.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { runFuzz } from './harness';
import { renderSeeds, runRenderCase } from './renderFuzz';

/** Render cases per render round; each case has its own seed. */
const renderRoundCases = 200;
/** The longest a round runs before the other kind's turn. */
const roundSliceMs = 15_000;

interface WorkerInput {
  readonly seed: number;
  readonly firstRound: number;
  readonly deadline: number;
  readonly roundRuns: number;
  /** [running case seed or -1, start time in ms since the worker's deadline origin] */
  readonly watch: SharedArrayBuffer;
}

type WorkerMessage =
  | { readonly kind: 'failure'; readonly what: string; readonly seed: number; readonly report: string; readonly failingText?: string }
  | { readonly kind: 'progress'; readonly round: number; readonly cases: number; readonly renderCases: number }
  | { readonly kind: 'done' };

if (isMainThread) main();
else fuzzWorker(workerData as WorkerInput);

function main(): void {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
  const roundRuns = Number(process.env.FUZZ_RUNS ?? 2000);
  const seconds = Number(process.env.FUZZ_SECONDS ?? 120);
  const watchdogMs = Number(process.env.FUZZ_WATCHDOG_SECONDS ?? 60) * 1000;
  if (process.env.FUZZ_RENDER_CASE) {
    const outcome = runRenderCase(renderSeeds(), Number(process.env.FUZZ_RENDER_CASE));
    console.log(outcome.report);
    if (outcome.failed) process.exitCode = 1;
    return;
  }
  console.log(`fuzzing the analysis core and the renderer: seed ${seed}, rounds of ${roundRuns} analysis or ${renderRoundCases} render cases (at most ${roundSliceMs / 1000} s each) for ${seconds} s`);
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const failures: string[] = [];
  let cases = 0;
  let renderCases = 0;
  let round = 0;

  const start = (): void => {
    const watch = new SharedArrayBuffer(16);
    const running = new Float64Array(watch);
    running[0] = -1;
    const worker = new Worker(__filename, { workerData: { seed, firstRound: round, deadline, roundRuns, watch } satisfies WorkerInput });
    let doneRounds = { cases: 0, renderCases: 0 };
    const timer = setInterval(() => {
      if (running[0] < 0 || Date.now() - running[1] < watchdogMs) return;
      const caseSeed = running[0];
      clearInterval(timer);
      failures.push(`render case ${caseSeed} (hung)`);
      console.log(`\nfailure ${failures.length}: render case ${caseSeed} still running after ${watchdogMs / 1000} s (re-run with FUZZ_RENDER_CASE=${caseSeed} npm run fuzz)`);
      void worker.terminate();
    }, 1000);
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') {
        round = message.round + 1;
        doneRounds = message;
      } else if (message.kind === 'failure') {
        failures.push(`${message.what} ${message.seed}`);
        console.log(`\nfailure ${failures.length} (${message.what}):\n${message.report}`);
        if (message.failingText !== undefined) {
          const file = path.join(os.tmpdir(), `helm-hooks-fuzz-${message.seed}.yaml`);
          fs.writeFileSync(file, message.failingText);
          console.log(`shrunk template written to ${file} (a regression fixture: copy it to test/fixtures/regressions/ or make it a render case)`);
        }
      }
    });
    worker.on('exit', () => {
      clearInterval(timer);
      cases += doneRounds.cases;
      renderCases += doneRounds.renderCases;
      // A hung worker was ended: its round is given up and the next one starts in a new worker.
      if (running[0] >= 0 && Date.now() < deadline) {
        round++;
        start();
        return;
      }
      const elapsed = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`\n${cases} analysis and ${renderCases} render cases in ${elapsed} s, seed ${seed}: ${failures.length === 0 ? 'no failure' : `${failures.length} failure(s): ${failures.join(', ')}`}`);
      if (failures.length > 0) process.exitCode = 1;
    });
    worker.on('error', (error) => {
      failures.push(`worker error ${error.message}`);
      console.log(`\nthe fuzz worker failed: ${error.stack}`);
    });
  };
  start();
}

function fuzzWorker(input: WorkerInput): void {
  const running = new Float64Array(input.watch);
  const seeds = renderSeeds();
  const post = (message: WorkerMessage): void => parentPort!.postMessage(message);
  let cases = 0;
  let renderCases = 0;
  for (let round = input.firstRound; Date.now() < input.deadline; round++) {
    // Round 0 uses the seed itself, so FUZZ_SEED=<a round's seed> re-runs exactly that round.
    const roundSeed = round === 0 ? input.seed : deriveSeed(input.seed, round);
    // Each round gets at most a slice of the budget, so both kinds run even in a short budget.
    const roundEnd = Math.min(input.deadline, Date.now() + roundSliceMs);
    if (round % 2 === 0) {
      const outcome = runFuzz({ numRuns: input.roundRuns, seed: roundSeed, timeLimitMs: roundEnd - Date.now() });
      cases += outcome.numRuns;
      if (outcome.failed) post({ kind: 'failure', what: `analysis round ${round}, seed`, seed: roundSeed, report: outcome.report, ...(outcome.failingText !== undefined ? { failingText: outcome.failingText } : {}) });
    } else {
      for (let index = 0; index < renderRoundCases && Date.now() < roundEnd; index++) {
        const caseSeed = deriveSeed(roundSeed, index);
        running[1] = Date.now();
        running[0] = caseSeed;
        const outcome = runRenderCase(seeds, caseSeed);
        running[0] = -1;
        renderCases++;
        if (outcome.failed) post({ kind: 'failure', what: 'render case', seed: caseSeed, report: outcome.report, ...(outcome.failingText !== undefined ? { failingText: outcome.failingText } : {}) });
      }
    }
    post({ kind: 'progress', round, cases, renderCases });
  }
  post({ kind: 'done' });
}

/** A round's (or case's) seed: a seed and a number mixed into a 31-bit integer. */
function deriveSeed(seed: number, round: number): number {
  let value = (seed ^ Math.imul(round, 0x9e3779b1)) >>> 0;
  value = Math.imul(value ^ (value >>> 16), 0x85ebca6b) >>> 0;
  value = Math.imul(value ^ (value >>> 13), 0xc2b2ae35) >>> 0;
  return (value ^ (value >>> 16)) & 0x7fffffff;
}
