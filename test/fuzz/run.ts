/**
 * The long fuzz run (`npm run fuzz`): the core's properties over many mutated templates, for the
 * whole time budget. FUZZ_SEED picks the seed (random by default, always printed), FUZZ_SECONDS
 * the budget (default 120), FUZZ_RUNS the cases per round (default 2000). The run goes on in
 * rounds, each with its own seed derived from FUZZ_SEED, so a failure does not end it: every
 * failure is shrunk and kept with the seed that re-runs it alone, and its template is written to
 * a temporary file ready to copy into test/fixtures/regressions/<what-it-guards>.yaml. The exit
 * status is 1 when any round failed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runFuzz, type FuzzOutcome } from './harness';

function main(): void {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
  const roundRuns = Number(process.env.FUZZ_RUNS ?? 2000);
  const seconds = Number(process.env.FUZZ_SECONDS ?? 120);
  console.log(`fuzzing the analysis core: seed ${seed}, rounds of ${roundRuns} cases for ${seconds} s`);
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const failures: FuzzOutcome[] = [];
  let cases = 0;
  for (let round = 0; Date.now() < deadline; round++) {
    // Round 0 uses the seed itself, so FUZZ_SEED=<a round's seed> re-runs exactly that round.
    const roundSeed = round === 0 ? seed : deriveSeed(seed, round);
    const outcome = runFuzz({ numRuns: roundRuns, seed: roundSeed, timeLimitMs: deadline - Date.now() });
    cases += outcome.numRuns;
    if (!outcome.failed) continue;
    failures.push(outcome);
    console.log(`\nfailure ${failures.length} (round ${round}):\n${outcome.report}`);
    if (outcome.failingText !== undefined) {
      const file = path.join(os.tmpdir(), `helm-hooks-fuzz-${roundSeed}.yaml`);
      fs.writeFileSync(file, outcome.failingText);
      console.log(`shrunk template written to ${file} (a regression fixture: copy it to test/fixtures/regressions/)`);
    }
  }
  const elapsed = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n${cases} cases in ${elapsed} s, seed ${seed}: ${failures.length === 0 ? 'no failure' : `${failures.length} failure(s), seeds ${failures.map((failure) => failure.seed).join(', ')}`}`);
  if (failures.length > 0) process.exitCode = 1;
}

/** A round's seed: the run's seed and the round number mixed into a 31-bit integer. */
function deriveSeed(seed: number, round: number): number {
  let value = (seed ^ Math.imul(round, 0x9e3779b1)) >>> 0;
  value = Math.imul(value ^ (value >>> 16), 0x85ebca6b) >>> 0;
  value = Math.imul(value ^ (value >>> 13), 0xc2b2ae35) >>> 0;
  return (value ^ (value >>> 16)) & 0x7fffffff;
}

main();
