/**
 * Robustness properties of the analysis core (see test/fuzz/properties.ts) on a short,
 * fixed-seed budget of mutated templates, and on every regression fixture that an earlier
 * property failure left behind. `npm run fuzz` runs the same properties far longer.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { runFuzz } from '../fuzz/harness';
import { checkChart } from '../fuzz/properties';
import { renderSeeds, runRenderCase } from '../fuzz/renderFuzz';
import { templateSeeds } from '../fuzz/seeds';

const regressions = path.resolve('test', 'fixtures', 'regressions');

describe('core properties on mutated templates', () => {
  it('hold for a short seeded run', () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20240611);
    const runs = Number(process.env.FUZZ_RUNS ?? 150);
    const outcome = runFuzz({ numRuns: runs, seed, timeLimitMs: 120_000 });
    assert.ok(!outcome.failed, outcome.report);
    // The time limit only guards a stalled machine (a loaded one finishes the runs, later); a run cut short to nothing proves nothing.
    assert.ok(outcome.numRuns >= Math.min(runs, 50), `only ${outcome.numRuns} of ${runs} runs finished in the time limit`);
  });

  it('hold for every unmutated seed template', () => {
    for (const seed of templateSeeds()) {
      assert.doesNotThrow(() => checkChart({ name: 'seed', templates: [{ path: seed.path, text: seed.text }] }), `seed ${seed.origin}`);
    }
  });
});

describe('renderer properties on mutated charts', () => {
  it('hold for a short seeded run', () => {
    const seeds = renderSeeds();
    const first = Number(process.env.FUZZ_SEED ?? 20240611);
    for (let index = 0; index < 30; index++) {
      const outcome = runRenderCase(seeds, first + index);
      assert.ok(!outcome.failed, outcome.report);
    }
  });
});

describe('regressions found by the property tests', () => {
  const files = fs.existsSync(regressions) ? fs.readdirSync(regressions).filter((name) => /\.(ya?ml|tpl)$/.test(name)).sort() : [];
  for (const name of files) {
    // The file name says what it guards; a leading `_` keeps it a partial.
    it(name.replace(/\.(ya?ml|tpl)$/, '').replace(/-/g, ' '), () => {
      const text = fs.readFileSync(path.join(regressions, name), 'utf8');
      checkChart({ name: 'regression', templates: [{ path: `templates/${name}`, text }] });
    });
  }
});
