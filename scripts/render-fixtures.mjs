#!/usr/bin/env node
/**
 * Writes the expected output of the render fixture charts from the real Helm binary.
 *
 * Each chart in test/fixtures/render/charts/<name>/ has a `cases.json`: case name → the
 * arguments given after `helm template release-name <chart>` (for example `["-f", "values-b.yaml"]`;
 * `-f` paths are relative to the folder holding cases.json). For each case this writes
 * `expected/<case>.txt` (exactly what Helm printed on stdout) and, when Helm failed,
 * `expected/<case>.error.txt` (what it printed on stderr, its log lines left out).
 * The project's example charts (examples/<name>/) are fixtures too: their cases.json and
 * expected/ live in test/fixtures/render/examples/<name>/.
 *
 * Helm is `.cache/helm/helm` (`npm run setup:helm`) or `$HELM_BIN`.
 * Usage: node scripts/render-fixtures.mjs [chart-name ...]   (default: every chart)
 *        node scripts/render-fixtures.mjs --check             (compare, write nothing; exit 1 on a difference)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'render');

/** Every fixture: its name, the chart folder Helm renders and the folder holding cases.json and expected/. */
export function renderFixtures() {
  const list = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
  return [
    ...list(path.join(fixturesDir, 'charts')).map((name) => ({ name, chartDir: path.join(fixturesDir, 'charts', name), dataDir: path.join(fixturesDir, 'charts', name) })),
    ...list(path.join(fixturesDir, 'examples')).map((name) => ({ name, chartDir: path.join(repoRoot, 'examples', name), dataDir: path.join(fixturesDir, 'examples', name) })),
  ].filter((fixture) => fs.existsSync(path.join(fixture.dataDir, 'cases.json')));
}

export function helmBinary() {
  const candidate = process.env.HELM_BIN || path.join(repoRoot, '.cache', 'helm', 'helm');
  return fs.existsSync(candidate) ? candidate : undefined;
}

/** What `helm template release-name <chart> <args>` prints: stdout, the stderr without log lines, and whether it failed. */
export function runHelmTemplate(helm, chartDir, args, cwd = chartDir) {
  const result = spawnSync(helm, ['template', 'release-name', chartDir, ...args], { cwd, encoding: 'utf8', env: { ...process.env, HELM_DEBUG: '' }, maxBuffer: 256 * 1024 * 1024 });
  const stderr = result.stderr.split('\n').filter((line) => !line.startsWith('level=')).join('\n');
  return { stdout: result.stdout, stderr, failed: result.status !== 0 };
}

function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const only = args.filter((arg) => !arg.startsWith('--'));
  const helm = helmBinary();
  if (!helm) {
    console.error('No Helm binary: run `npm run setup:helm` or set HELM_BIN.');
    return 2;
  }
  let differences = 0;
  for (const { name, chartDir, dataDir } of renderFixtures()) {
    if (only.length > 0 && !only.includes(name)) continue;
    const cases = JSON.parse(fs.readFileSync(path.join(dataDir, 'cases.json'), 'utf8'));
    const expectedDir = path.join(dataDir, 'expected');
    if (!check) fs.mkdirSync(expectedDir, { recursive: true });
    for (const [caseName, caseArgs] of Object.entries(cases)) {
      const { stdout, stderr, failed } = runHelmTemplate(helm, chartDir, caseArgs, dataDir);
      const files = [[path.join(expectedDir, `${caseName}.txt`), stdout], [path.join(expectedDir, `${caseName}.error.txt`), failed ? stderr : undefined]];
      for (const [file, text] of files) {
        const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
        if (current === text) continue;
        if (check) {
          differences++;
          console.error(`${path.relative(repoRoot, file)}: differs from what Helm prints now`);
        } else if (text === undefined) fs.rmSync(file);
        else fs.writeFileSync(file, text);
      }
      if (!check) console.log(`${name}/${caseName}${failed ? ' (Helm failed)' : ''}`);
    }
  }
  return differences > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
