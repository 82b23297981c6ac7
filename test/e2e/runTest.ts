/**
 * `npm run test:vscode`: the same extension-host suite as `npm run test:e2e`, in a desktop VS Code that
 * @vscode/test-electron downloads (needs update.code.visualstudio.com; see test/e2e/README.md).
 * Bundled by `scripts/e2e-run.mjs --build-only` into .e2e/out/runTest.js, next to the suite.
 * Runs one VS Code per session of test/e2e/sessions.json and ends with `N passed, N failed`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

interface Session {
  name: string;
  workspace: string;
  grep: string;
  invert: boolean;
}

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '../..');
  const sessions = JSON.parse(fs.readFileSync(path.join(root, 'test/e2e/sessions.json'), 'utf8')) as Session[];
  // Kept in the git-ignored .e2e/ folder rather than test-electron's default .vscode-test/.
  const vscodeExecutablePath = await downloadAndUnzipVSCode({
    version: process.env.HELM_HOOKS_VSCODE_VERSION ?? '1.100.3',
    cachePath: path.join(root, '.e2e/vscode-test'),
  });
  let passed = 0;
  let failed = 0;
  for (const session of sessions) {
    // The suite edits and saves files, so each session works on a copy of its workspace.
    const run = fs.mkdtempSync(path.join(os.tmpdir(), `helm-hooks-vscode-${session.name}-`));
    const workspace = path.join(run, path.basename(session.workspace));
    fs.cpSync(path.join(root, session.workspace), workspace, { recursive: true });
    const results = path.join(run, 'results.json');
    try {
      await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: root,
        extensionTestsPath: path.join(__dirname, 'suite/index.js'),
        extensionTestsEnv: { HELM_HOOKS_E2E_RESULTS: results, HELM_HOOKS_E2E_GREP: session.grep, HELM_HOOKS_E2E_INVERT: session.invert ? '1' : '' },
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(run, 'ud')],
      });
    } catch (error) {
      console.error(`session ${session.name}: ${String(error)}`);
      failed += fs.existsSync(results) ? 0 : 1; // A run that wrote no result counts as one failure.
    }
    if (fs.existsSync(results)) {
      const counts = JSON.parse(fs.readFileSync(results, 'utf8')) as { passed: number; failed: number };
      passed += counts.passed;
      failed += counts.failed;
    }
    fs.rmSync(run, { recursive: true, force: true });
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  },
);
