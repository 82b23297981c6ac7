/**
 * The npm package as a user gets it: `scripts/npm-package.mjs` packs it, `npm i -g` installs
 * the tarball into a temporary prefix offline with an empty cache (so the bundles need no
 * dependency at run time), and both commands run from PATH: `helm-hooks check` on the demo
 * chart, and `helm-hooks-language-server --stdio` answering `initialize` over JSON-RPC. The
 * Neovim 0.7 recipe of docs/language-server.md runs as written in headless Neovim against the
 * installed server when `nvim` is on PATH (Debian's `neovim`), and says so when it is not.
 */
import * as assert from 'assert/strict';
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type InitializeResult } from 'vscode-languageserver/node';

const root = path.resolve(__dirname, '../../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-npm-'));
const prefix = path.join(scratch, 'prefix');
// The installed bin folder first; node's own folder for the bundles' `#!/usr/bin/env node`.
const env = { ...process.env, PATH: [path.join(prefix, 'bin'), path.dirname(process.execPath), process.env.PATH].join(path.delimiter) };
let tarball = '';

before(() => {
  tarball = execFileSync(process.execPath, [path.join(root, 'scripts/npm-package.mjs'), '--out-dir', scratch], { encoding: 'utf8' }).trim();
  execFileSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--cache', path.join(scratch, 'cache'), '--no-audit', '--no-fund', tarball], { stdio: 'pipe' });
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('npm package', () => {
  it('holds only the bundles, the rule docs, README, LICENSE and a manifest without dependencies', () => {
    const entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(entries, ['package/LICENSE', 'package/README.md', 'package/dist/cli.bundle.js', 'package/dist/cli.js', 'package/dist/server.bundle.js', 'package/dist/server.js', 'package/docs/rules.md', 'package/package.json']);
    const installed = path.join(prefix, 'lib', 'node_modules', 'helm-hooks');
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    assert.equal(manifest.dependencies, undefined);
    assert.equal(fs.existsSync(path.join(installed, 'node_modules')), false);
  });

  it('helm-hooks check runs from PATH', () => {
    const run = spawnSync('helm-hooks', ['check', path.join(root, 'examples/demo-chart')], { env, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /templates\/notify-job\.yaml:7:21 error unknown-hook-event Unknown hook event "post-instal"/);
    assert.match(run.stdout, /^5 errors, 1 warning, 1 information, 0 hints in 1 chart/m);
  });

  it('helm-hooks-language-server --stdio answers initialize from PATH', async () => {
    const child = spawn('helm-hooks-language-server', ['--stdio'], { env, stdio: 'pipe' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    try {
      const result = await connection.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal(result.serverInfo?.name, 'helm-hooks-language-server');
      assert.ok(result.capabilities.hoverProvider, 'hover is offered');
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  it('the Neovim 0.7 recipe of docs/language-server.md publishes the demo chart\'s findings', { skip: nvim.status === 0 ? false : 'nvim is not installed: compared nothing (apt-get install -y neovim)' }, () => {
    const docs = fs.readFileSync(path.join(root, 'docs/language-server.md'), 'utf8');
    const recipe = /<!-- neovim-0\.7-recipe[^>]*-->\n```lua\n([\s\S]*?)```/.exec(docs);
    assert.ok(recipe, 'the recipe block is marked in docs/language-server.md');
    const init = path.join(scratch, 'init.lua');
    fs.writeFileSync(init, recipe[1]);
    const probe = path.join(scratch, 'probe.lua');
    fs.writeFileSync(probe, [
      "local ok = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)",
      "for _, d in ipairs(vim.diagnostic.get(0)) do io.stdout:write(string.format('%d:%d %s\\n', d.lnum + 1, d.col + 1, d.code or '')) end",
      "vim.cmd(ok and 'qall!' or 'cquit 1')",
    ].join('\n'));
    const chart = path.join(scratch, 'demo-chart');
    fs.cpSync(path.join(root, 'examples/demo-chart'), chart, { recursive: true });
    const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-u', init, path.join(chart, 'templates/notify-job.yaml'), '-c', `luafile ${probe}`], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.equal(run.stdout.trim(), '7:21 unknown-hook-event');
  });
});
