#!/usr/bin/env node
/**
 * `npm run test:e2e`: runs the extension-host suite (test/e2e/suite) and the UI smoke test (test/e2e/ui)
 * in a real VS Code: the VS Code server bundled in code-server 4.100.3 (installed by scripts/install-e2e.sh
 * into .e2e/), shown in headless Debian Chromium driven by playwright-core.
 *
 * How the suite gets into the extension host: the web workbench reads a `payload` URL parameter with
 * `extensionDevelopmentPath` and `extensionTestsPath`, the same pair @vscode/test-electron passes on the
 * command line; the server needs `--enable-smoke-test-driver` for it. When `run()` settles, the workbench calls
 * `window.codeAutomationExit(code)`, and the extension host's console reaches `window.codeAutomationLog`;
 * playwright provides both functions.
 *
 * Every run gets a fresh temp folder (user data, server data, a copy of the workspace), a free port, and a server
 * started in its own session (setsid, via `detached`) under `timeout`; the whole process group is killed at the end.
 * Exit code 0 only when every test passed; the last line printed is `N passed, N failed`.
 *
 * Options: --no-build (use dist/ and .e2e/out as they are), --build-only, --no-ui, --ui-only,
 *   --extension DIR (default: repo root), --suite DIR (extra *.test.ts; default test/e2e/suite),
 *   --workspace DIR (instead of each session's), --session NAME (one of test/e2e/sessions.json),
 *   --ui-spec JSON (UiSmokeSpec, default: test/e2e/ui/smoke.ts), --keep (keep the temp folder),
 *   --grep REGEXP (mocha grep, replaces the sessions' own), --verbose (print all extension-host console output).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const CODE_SERVER_VERSION = '4.100.3';
const VSCODE_DIR = path.join(ROOT, '.e2e/code-server/node_modules/code-server/lib/vscode');
const CHROMIUM = '/usr/bin/chromium';
const OUT = path.join(ROOT, '.e2e/out');
const SUITE_TIMEOUT_MS = Number(process.env.HELM_HOOKS_E2E_TIMEOUT_MS || 300_000);
const SERVER_DEADLINE_S = 900;

const options = parseArgs(process.argv.slice(2));
/** @type {{title: string, state: 'passed'|'failed', error?: string}[]} */
const results = [];
const MOCHA_TAG = '[mocha] ';
/** @type {string[]} */
const hostLog = [];
const cleanups = [];

main().then(
  (code) => finish(code),
  (error) => {
    console.error(error?.stack ?? error);
    finish(1);
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => finish(130));

async function main() {
  if (!options.noBuild) build();
  if (options.buildOnly) return 0;
  checkInstalled();

  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-e2e-'));
  if (!options.keep) cleanups.push(() => fs.rmSync(run, { recursive: true, force: true }));
  else console.log(`[e2e] keeping ${run}`);

  let code = 0;
  if (!options.uiOnly) {
    const sessions = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/e2e/sessions.json'), 'utf8'))
      .filter((session) => !options.session || session.name === options.session);
    for (const session of sessions) {
      const workspace = options.workspace ?? path.join(ROOT, session.workspace);
      const env = { HELM_HOOKS_E2E_GREP: options.grep ?? session.grep, HELM_HOOKS_E2E_INVERT: options.grep || !session.invert ? '' : '1' };
      const sessionCode = await withWorkbench(path.join(run, session.name), env, (browser, server) =>
        runExtensionHostSuite(browser, server, session.name, copyWorkspace(server.run, workspace)));
      if (sessionCode !== 0 && !results.some((r) => r.state === 'failed')) {
        results.push({ title: `extension-host session ${session.name}`, state: 'failed', error: `run() ended with ${sessionCode}` });
      }
      code ||= sessionCode;
    }
  }
  if (!options.noUi) {
    const workspace = options.workspace ?? path.join(ROOT, 'test/e2e/workspace/charts');
    await withWorkbench(path.join(run, 'ui'), {}, (browser, server) => runUiSmoke(browser, server, copyWorkspace(server.run, workspace)));
  }
  return code;
}

/** Starts a VS Code server and a browser for one session, runs `body`, and stops both whatever happens. */
async function withWorkbench(dir, env, body) {
  fs.mkdirSync(dir, { recursive: true });
  const server = await startServer(dir, env);
  const stopServer = () => server.stop();
  cleanups.push(stopServer);
  const { chromium } = require('playwright-core');
  const browser = await chromium.launchPersistentContext(path.join(dir, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const closeBrowser = () => browser.close().catch(() => {});
  cleanups.push(closeBrowser);
  try {
    return await body(browser, server);
  } finally {
    await closeBrowser();
    await stopServer();
  }
}

/** Bundles the extension (scripts/build.mjs) and the e2e TypeScript (suite, UI smoke, test-electron runner). */
function build() {
  if (path.resolve(options.extension) === ROOT) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('scripts/build.mjs failed');
  }
  const esbuild = require('esbuild');
  fs.rmSync(OUT, { recursive: true, force: true });
  const entryPoints = { 'suite/index': path.join(ROOT, 'test/e2e/suite/index.ts') };
  for (const name of fs.readdirSync(options.suite).filter((n) => n.endsWith('.test.ts'))) {
    entryPoints[`suite/${name.replace(/\.ts$/, '')}`] = path.join(options.suite, name);
  }
  entryPoints['ui/smoke'] = path.join(ROOT, 'test/e2e/ui/smoke.ts');
  entryPoints['runTest'] = path.join(ROOT, 'test/e2e/runTest.ts');
  esbuild.buildSync({
    entryPoints,
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // vscode exists only in the extension host; mocha must be the instance index.js drives; the rest load from node_modules.
    external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron'],
    logLevel: 'warning',
  });
}

function checkInstalled() {
  const marker = path.join(ROOT, `.e2e/.installed-${CODE_SERVER_VERSION}`);
  if (!fs.existsSync(marker) || !fs.existsSync(path.join(VSCODE_DIR, 'out/server-main.js')) || !fs.existsSync(CHROMIUM)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} or ${CHROMIUM} is missing: run scripts/install-e2e.sh first.`);
  }
}

/** Starts the VS Code server in its own process group, under `timeout` so it cannot outlive a crashed runner. */
async function startServer(run, extraEnv) {
  for (const dir of ['ud/User', 'exts', 'sd', 'tmp']) fs.mkdirSync(path.join(run, dir), { recursive: true });
  fs.writeFileSync(path.join(run, 'ud/User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'workbench.tips.enabled': false,
    'git.enabled': false,
    'editor.hover.enabled': true,
  }, null, 2));
  const port = await freePort();
  const log = fs.openSync(path.join(run, 'server.log'), 'w');
  const child = spawn('timeout', ['--kill-after=5', String(SERVER_DEADLINE_S), process.execPath,
    path.join(VSCODE_DIR, 'out/server-main.js'), '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver', '--telemetry-level', 'off',
    '--server-data-dir', path.join(run, 'sd'), '--user-data-dir', path.join(run, 'ud'), '--extensions-dir', path.join(run, 'exts')], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, TMPDIR: path.join(run, 'tmp'), HELM_HOOKS_E2E_RESULTS: path.join(run, 'results.json'), HELM_HOOKS_E2E_TAG_OUTPUT: '1', ...extraEnv },
  });
  fs.closeSync(log);
  let exited = false;
  let stopped = false;
  const gone = new Promise((resolve) => child.on('exit', () => { exited = true; resolve(); }));
  /**
   * Kills the whole process group (timeout, server, extension hosts, language servers), then checks that the
   * group is empty: a process that survives is reported as a failure of the run.
   */
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    await Promise.race([gone, delay(5000)]);
    for (let i = 0; i < 50; i++) {
      try { process.kill(-child.pid, 0); } catch { return; } // ESRCH: no process left in the group.
      await delay(100);
    }
    results.push({ title: `no process left behind by the VS Code server in ${run}`, state: 'failed', error: `process group ${child.pid} still exists` });
  };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`VS Code server exited at start; see ${run}/server.log:\n${fs.readFileSync(path.join(run, 'server.log'), 'utf8')}`);
    if (await answers(base)) break;
    if (i > 150) { await stop(); throw new Error('VS Code server did not answer within 30 s'); }
    await delay(200);
  }
  return { base, run, stop, host: `127.0.0.1:${port}` };
}

/** Opens the workbench with the test payload and waits for `run()` to settle. Returns its exit code. */
async function runExtensionHostSuite(browser, server, name, workspace) {
  const remote = (p) => `vscode-remote://${server.host}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(path.resolve(options.extension))],
    ['extensionTestsPath', remote(path.join(OUT, 'suite/index.js'))],
  ];
  const url = `${server.base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const page = await browser.newPage();
  let settle;
  const exited = new Promise((resolve) => (settle = resolve));
  await page.exposeFunction('codeAutomationLog', (type, args) => printHostLog(type, args));
  await page.exposeFunction('codeAutomationExit', (code) => settle(code));
  const started = Date.now();
  await page.goto(url);
  const timer = setTimeout(() => settle('timeout'), SUITE_TIMEOUT_MS);
  const code = await exited;
  clearTimeout(timer);
  await page.close();
  console.log(`[e2e] extension-host session ${name} ended with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  fs.writeFileSync(path.join(server.run, 'host.log'), hostLog.join('\n'));
  const resultFile = path.join(server.run, 'results.json');
  if (fs.existsSync(resultFile)) {
    const suite = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    for (const t of suite.tests) results.push({ title: t.title, state: t.state, error: t.error });
  } else {
    console.error(`[e2e] the suite wrote no result; extension host errors:\n${hostLog.filter((l) => l.startsWith('error')).join('\n')}`);
  }
  return code === 'timeout' ? 2 : Number(code);
}

/**
 * The suite's reporter lines arrive tagged `[mocha]` (see test/e2e/suite/index.ts) and are printed; everything else
 * the workbench forwards (other extensions, gallery lookups) goes to host.log, and its errors are printed only when
 * the suite ended without a result (e.g. a throw while loading).
 */
function printHostLog(type, args) {
  const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  if (text.startsWith(MOCHA_TAG)) console.log(text.slice(MOCHA_TAG.length));
  else {
    hostLog.push(`${type}: ${text}`);
    if (options.verbose) console.log(`[host ${type}] ${text}`);
  }
}

async function runUiSmoke(browser, server, workspace) {
  const { runUiSmoke: smoke } = require(path.join(OUT, 'ui/smoke.js'));
  const shots = path.join(ROOT, 'test/e2e/screenshots/tmp');
  fs.mkdirSync(shots, { recursive: true });
  const page = await browser.newPage();
  const started = Date.now();
  let stepFailed = false;
  try {
    const spec = options['ui-spec'] ? JSON.parse(fs.readFileSync(options['ui-spec'], 'utf8')) : undefined;
    await smoke({ page, baseUrl: server.base, extensionPath: path.resolve(options.extension), workspace, screenshotDir: shots, spec, record: (r) => {
      results.push(r);
      if (r.state === 'failed') stepFailed = true;
      console.log(`  ${r.state === 'passed' ? '✔' : '✗'} ui: ${r.title}${r.error ? `\n      ${r.error}` : ''}`);
    } });
  } catch (error) {
    // A failing step has recorded itself already; anything else is a harness error.
    if (!stepFailed) {
      results.push({ title: 'ui smoke', state: 'failed', error: String(error?.stack ?? error) });
      console.error(`  ✗ ui smoke: ${error?.stack ?? error}`);
    }
    await page.screenshot({ path: path.join(shots, 'failure.png') }).catch(() => {});
  }
  await page.close();
  console.log(`[e2e] UI smoke ended after ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(ROOT, shots)}/`);
}

/** The tests edit and save files, so each session works on its own copy of the workspace. */
function copyWorkspace(run, source) {
  const target = path.join(run, 'ws', path.basename(source));
  fs.cpSync(source, target, { recursive: true });
  return target;
}

let finishing = false;
async function finish(code) {
  if (finishing) return;
  finishing = true;
  // Last in, first out: browsers before their servers, the temp folder last.
  for (const cleanup of cleanups.reverse()) {
    try { await cleanup(); } catch { /* keep cleaning */ }
  }
  if (options.buildOnly) process.exit(code);
  const failed = results.filter((r) => r.state === 'failed');
  const passed = results.length - failed.length;
  if (failed.length > 0) {
    console.log('\nFailures:');
    for (const f of failed) console.log(`- ${f.title}\n  ${(f.error ?? '').split('\n').slice(0, 6).join('\n  ')}`);
  }
  const ok = code === 0 && failed.length === 0 && passed > 0;
  if (!ok && failed.length === 0) failed.push({ title: 'harness', state: 'failed' });
  console.log(`\n${passed} passed, ${failed.length} failed`);
  process.exit(ok ? 0 : code || 1);
}

function parseArgs(argv) {
  const o = { extension: ROOT, suite: path.join(ROOT, 'test/e2e/suite') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const flag = { '--no-build': 'noBuild', '--build-only': 'buildOnly', '--no-ui': 'noUi', '--ui-only': 'uiOnly', '--keep': 'keep', '--verbose': 'verbose' }[a];
    if (flag) o[flag] = true;
    else if (['--extension', '--suite', '--workspace', '--ui-spec'].includes(a)) o[a.slice(2)] = path.resolve(argv[++i]);
    else if (a === '--grep' || a === '--session') o[a.slice(2)] = argv[++i];
    else { console.error(`unknown option ${a}`); process.exit(64); }
  }
  return o;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

function answers(url) {
  return fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) }).then(() => true, () => false);
}

function delay(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

