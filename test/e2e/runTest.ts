/**
 * `npm run test:vscode`: the same extension-host suite as `npm run test:e2e`, in a desktop VS Code that
 * @vscode/test-electron downloads (needs access to update.code.visualstudio.com; see docs in test/e2e/README.md).
 * Bundled by `scripts/e2e-run.mjs --build-only` into .e2e/out/runTest.js, next to the suite.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  // The suite edits and saves files, so it works on a copy of the test workspace.
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-vscode-'));
  const workspace = path.join(run, 'ws');
  fs.cpSync(path.join(root, 'test/e2e/workspace'), workspace, { recursive: true });
  const results = path.join(run, 'results.json');
  try {
    await runTests({
      version: process.env.HELM_HOOKS_VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'suite/index.js'),
      extensionTestsEnv: { HELM_HOOKS_E2E_RESULTS: results },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(run, 'ud')],
    });
    printSummary(results);
  } catch (error) {
    printSummary(results);
    console.error(error);
    process.exitCode = 1;
  } finally {
    fs.rmSync(run, { recursive: true, force: true });
  }
}

function printSummary(resultsFile: string): void {
  if (!fs.existsSync(resultsFile)) return;
  const { passed, failed } = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { passed: number; failed: number };
  console.log(`\n${passed} passed, ${failed} failed`);
}

void main();
