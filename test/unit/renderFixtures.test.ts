/**
 * Differential tests of `helm-hooks template` against real Helm on the project's fixture
 * charts (test/fixtures/render/charts/<name>/, cases in cases.json) and the README's example
 * chart (examples/demo-chart, cases in test/fixtures/render/examples/demo-chart/). The expected output was
 * printed by Helm 4.1.4 (scripts/render-fixtures.mjs) and is checked in, so this runs without
 * the binary; when the binary is there, Helm is also run live and must still print the
 * checked-in text. Fixtures use no non-deterministic function, so every document must be
 * byte-equal.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { compareRuns, helmBinary, repoRoot, runHelm, runOurs, type TemplateRun } from './support/renderHarness';

const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'render');

/**
 * Cases the renderer does not print right yet, with the reason. Each is asserted to still
 * differ, so the entry must go when it is fixed; nothing else may differ.
 */
const knownDifferences: Readonly<Record<string, string>> = {};
const helm = helmBinary();

/** Fixture charts (cases beside them) and the project's examples (cases in test/fixtures/render/examples/<name>/). */
const fixtures = [
  ...fs.readdirSync(path.join(fixturesDir, 'charts')).sort().map((name) => ({ name, chartDir: path.join(fixturesDir, 'charts', name), dataDir: path.join(fixturesDir, 'charts', name) })),
  ...fs.readdirSync(path.join(fixturesDir, 'examples')).sort().map((name) => ({ name: `examples/${name}`, chartDir: path.join(repoRoot, 'examples', name), dataDir: path.join(fixturesDir, 'examples', name) })),
].filter((fixture) => fs.existsSync(path.join(fixture.dataDir, 'cases.json')));

for (const { name, chartDir, dataDir } of fixtures) {
  const cases = JSON.parse(fs.readFileSync(path.join(dataDir, 'cases.json'), 'utf8')) as Record<string, string[]>;
  describe(`render fixture ${name}`, () => {
    for (const [caseName, args] of Object.entries(cases)) {
      const known = knownDifferences[`${name}/${caseName}`];
      it(`${caseName}: ${known ? `still differs from Helm (${known})` : 'prints what Helm printed'}`, () => {
        const expected = checkedIn(dataDir, caseName);
        const comparison = compareRuns(runOurs(chartDir, args, dataDir), expected);
        if (known) {
          assert.notDeepEqual(comparison.differences, [], `${name}/${caseName} now prints what Helm printed: remove it from knownDifferences`);
          return;
        }
        assert.deepEqual(comparison.differences, [], `helm template release-name ${name} ${args.join(' ')}`);
        assert.equal(comparison.equal, comparison.total);
      });
      if (helm) {
        it(`${caseName}: the checked-in output is still what Helm prints`, () => {
          const live = runHelm(helm, chartDir, args, dataDir);
          assert.deepEqual(live, checkedIn(dataDir, caseName), 'run `node scripts/render-fixtures.mjs` to refresh it');
        });
      }
    }
  });
}

function checkedIn(dataDir: string, caseName: string): TemplateRun {
  const stdout = fs.readFileSync(path.join(dataDir, 'expected', `${caseName}.txt`), 'utf8');
  const errorFile = path.join(dataDir, 'expected', `${caseName}.error.txt`);
  if (!fs.existsSync(errorFile)) return { stdout };
  const stderr = fs.readFileSync(errorFile, 'utf8');
  const at = stderr.indexOf('Error: ');
  return { stdout, error: stderr.slice(at + 'Error: '.length).replace(/\n$/, '') };
}
