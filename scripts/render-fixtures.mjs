#!/usr/bin/env node
/**
 * Writes the expected output of the render fixture charts from the real Helm binary.
 *
 * Each chart in test/fixtures/render/charts/<name>/ has a `cases.json`: case name → the
 * arguments given after `helm template release-name <chart>` (for example `["-f", "values-b.yaml"]`;
 * `-f` paths are relative to the chart folder). For each case this writes
 * `expected/<case>.txt` (exactly what Helm printed on stdout) and, when Helm failed,
 * `expected/<case>.error.txt` (what it printed on stderr, its log lines left out).
 *
 * Helm is `.cache/helm/helm` (`npm run setup:helm`) or `$HELM_HOOKS_HELM`.
 * Usage: node scripts/render-fixtures.mjs [chart-name ...]   (default: every chart)
 *        node scripts/render-fixtures.mjs --check             (compare, write nothing; exit 1 on a difference)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chartsDir = path.join(repoRoot, 'test', 'fixtures', 'render', 'charts');

export function helmBinary() {
  const candidate = process.env.HELM_HOOKS_HELM || path.join(repoRoot, '.cache', 'helm', 'helm');
  return fs.existsSync(candidate) ? candidate : undefined;
}

/** What `helm template release-name <chart> <args>` prints: stdout, the stderr without log lines, and whether it failed. */
export function runHelmTemplate(helm, chartDir, args) {
  const result = spawnSync(helm, ['template', 'release-name', chartDir, ...args], { cwd: chartDir, encoding: 'utf8', env: { ...process.env, HELM_DEBUG: '' }, maxBuffer: 256 * 1024 * 1024 });
  const stderr = result.stderr.split('\n').filter((line) => !line.startsWith('level=')).join('\n');
  return { stdout: result.stdout, stderr, failed: result.status !== 0 };
}

function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const only = args.filter((arg) => !arg.startsWith('--'));
  const helm = helmBinary();
  if (!helm) {
    console.error('No Helm binary: run `npm run setup:helm` or set HELM_HOOKS_HELM.');
    return 2;
  }
  let differences = 0;
  for (const name of fs.readdirSync(chartsDir).sort()) {
    if (only.length > 0 && !only.includes(name)) continue;
    const chartDir = path.join(chartsDir, name);
    const casesFile = path.join(chartDir, 'cases.json');
    if (!fs.existsSync(casesFile)) continue;
    const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
    const expectedDir = path.join(chartDir, 'expected');
    if (!check) fs.mkdirSync(expectedDir, { recursive: true });
    for (const [caseName, caseArgs] of Object.entries(cases)) {
      const { stdout, stderr, failed } = runHelmTemplate(helm, chartDir, caseArgs);
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
