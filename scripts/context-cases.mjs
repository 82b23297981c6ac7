#!/usr/bin/env node
// Records what the real Helm prints for each render-context case (test/fixtures/render/context/cases.json)
// into expected/<name>.txt: the `helm template` output, or `Error: …` when Helm stops. The unit test
// compares the render context with these files; run this again when a case changes.
// Usage: node scripts/context-cases.mjs [--helm PATH]   (default: $HELM_BIN, else .cache/helm/helm from npm run setup:helm)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', 'test', 'fixtures', 'render', 'context');
const helmFlag = process.argv.indexOf('--helm');
const helm = helmFlag > 0 ? process.argv[helmFlag + 1] : [process.env.HELM_BIN, join(import.meta.dirname, '..', '.cache', 'helm', 'helm')].find((path) => path && existsSync(path));
if (!helm) {
  console.error('context-cases: no Helm binary (set HELM_BIN, pass --helm PATH, or install it to .cache/helm/helm)');
  process.exit(1);
}
const cases = JSON.parse(readFileSync(join(root, 'cases.json'), 'utf8'));
mkdirSync(join(root, 'expected'), { recursive: true });
for (const testCase of cases) {
  const result = spawnSync(helm, ['template', join('charts', testCase.chart), ...testCase.args], { cwd: root, encoding: 'utf8' });
  if (result.error) throw result.error;
  const errorLine = result.stderr.split('\n').find((line) => line.startsWith('Error: '));
  const text = result.status === 0 ? result.stdout : `${errorLine ?? result.stderr}\n`;
  writeFileSync(join(root, 'expected', `${testCase.name}.txt`), text);
  console.log(`${testCase.name}: ${result.status === 0 ? 'rendered' : errorLine}`);
}
