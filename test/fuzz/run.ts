/**
 * The long fuzz run (`npm run fuzz`): the core's properties over many mutated templates.
 * FUZZ_SEED picks the seed (random by default, always printed), FUZZ_RUNS the number of
 * cases, FUZZ_SECONDS a time limit. A failure writes the shrunk template to a temporary file
 * to copy into test/fixtures/regressions/<what-it-guards>.yaml, and exits with status 1.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runFuzz } from './harness';

function main(): void {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
  const numRuns = Number(process.env.FUZZ_RUNS ?? 20000);
  const seconds = Number(process.env.FUZZ_SECONDS ?? 120);
  console.log(`fuzzing the analysis core: seed ${seed}, up to ${numRuns} cases or ${seconds} s`);
  const started = Date.now();
  const outcome = runFuzz({ numRuns, seed, timeLimitMs: seconds * 1000 });
  console.log(outcome.report);
  console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (outcome.failed) {
    if (outcome.failingText !== undefined) {
      const file = path.join(os.tmpdir(), `helm-hooks-fuzz-${seed}.yaml`);
      fs.writeFileSync(file, outcome.failingText);
      console.log(`shrunk template written to ${file}`);
    }
    process.exitCode = 1;
  }
}

main();
