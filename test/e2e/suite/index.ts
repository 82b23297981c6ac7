/**
 * Entry point the VS Code extension host calls (`extensionTestsPath`), for both runners:
 * `@vscode/test-electron` (npm run test:vscode) and the VS Code server in a headless browser (npm run test:e2e).
 * It runs every bundled `*.test.js` beside it with mocha's spec reporter (the console output reaches the runner),
 * and writes a JSON result to `$HELM_HOOKS_E2E_RESULTS` when set, so the runner can count passes and failures
 * without parsing the reporter's text.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha = require('mocha');

export interface SuiteResult {
  passed: number;
  failed: number;
  tests: { title: string; state: 'passed' | 'failed'; durationMs: number; error?: string }[];
}

/** The browser runner prints extension-host console lines with this prefix and files the rest away as noise. */
const MOCHA_TAG = '[mocha] ';

export function run(): Promise<void> {
  if (process.env.HELM_HOOKS_E2E_TAG_OUTPUT) {
    const consoleLog = Mocha.reporters.Base.consoleLog;
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) => consoleLog(MOCHA_TAG + util.format(...args));
  }
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  // Mocha's own retries stay off: a flaky test must fail the run, not pass on its second try.
  mocha.retries(0);
  // The runners start one extension host per session (test/e2e/sessions.json), each running part of the suite.
  const grep = process.env.HELM_HOOKS_E2E_GREP;
  if (grep) mocha.grep(new RegExp(grep));
  if (grep && process.env.HELM_HOOKS_E2E_INVERT) mocha.invert();
  const testFiles = fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
  for (const name of testFiles) mocha.addFile(path.join(__dirname, name));

  const result: SuiteResult = { passed: 0, failed: 0, tests: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeResult(result);
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else if (result.passed === 0) reject(new Error('No test ran.'));
      else resolve();
    });
    runner.on('pass', (test) => {
      result.passed++;
      result.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
    });
    runner.on('fail', (test, error: Error) => {
      result.failed++;
      result.tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: String(error?.stack ?? error) });
    });
  });
}

function writeResult(result: SuiteResult): void {
  const file = process.env.HELM_HOOKS_E2E_RESULTS;
  if (file) fs.writeFileSync(file, JSON.stringify(result, null, 2));
}
