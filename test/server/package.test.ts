/**
 * What ships: the esbuild bundle of the server works as a real editor would start it, and
 * `npm run package` produces a .vsix that holds only the run-time files and stays under 1 MB.
 */
import * as assert from 'assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'url';
import { TestClient, writeChart } from './support/lspClient';

const root = path.resolve('.');

describe('shipped artefacts', () => {
  it('the bundled server (dist/server.js) answers over stdio, and checks closed files on its worker thread', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-bundle-'));
    const closed = 'kind: Job\nmetadata:\n  name: c\n  annotations:\n    helm.sh/hook: pre-delet\n';
    const chart = writeChart({ 'Chart.yaml': 'apiVersion: v2\nname: b\nversion: 0.1.0\n', 'templates/closed.yaml': closed });
    try {
      execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--outdir', outdir], { stdio: 'pipe' });
      assert.match(fs.readFileSync(path.join(outdir, 'server.js'), 'utf8').slice(0, 20), /^#!\/usr\/bin\/env node/);
      // The loader compiles the server's bundle with the V8 code cache the build made.
      const help = spawnSync(process.execPath, [path.join(outdir, 'server.js'), '--help'], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'helm-hooks' } });
      assert.match(help.stderr, /code cache server\.bundle\.[0-9a-f]{12}\.codecache: accepted/);
      // Starting does not load node:crypto or node:child_process (scripts/build.mjs, lazyBuiltins): only their first use does.
      const builtins = path.join(outdir, 'builtins.cjs');
      fs.writeFileSync(builtins, "process.on('exit', () => process.stderr.write(`loaded: ${JSON.stringify(process.moduleLoadList.filter((name) => /^NativeModule (crypto|child_process)$/.test(name)))}`));\n");
      const started = spawnSync(process.execPath, ['--require', builtins, path.join(outdir, 'server.js'), '--help'], { encoding: 'utf8' });
      assert.match(started.stderr, /loaded: \[\]/);
      const client = await TestClient.start({ server: path.join(outdir, 'server.js'), settings: {}, workspaceFolders: [pathToFileURL(chart.root).href] });
      try {
        const uri = chart.uri('templates/job.yaml');
        // Nothing is open yet: the chart is checked on the worker thread, started from the bundle (no fallback to the server's thread).
        await client.nextDiagnostics(chart.uri('templates/closed.yaml'), (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'unknown-hook-event'));
        assert.deepEqual(client.logs.filter((line) => /workspace worker/.test(line)), []);
        const published = client.nextDiagnostics(uri, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'unknown-hook-event'));
        await client.open(uri, 'kind: Job\nmetadata:\n  name: b\n  annotations:\n    helm.sh/hook: post-instal\n');
        await published;
        // The watchers' registration takes its id from node:crypto, loaded on that first use.
        assert.ok(client.registrations.some((registration) => (registration as { method?: string }).method === 'workspace/didChangeWatchedFiles'));
        assert.deepEqual(client.logs.filter((line) => /registering file watchers/.test(line)), []);
        assert.equal(await client.shutdown(), 0);
      } finally {
        client.kill();
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
      chart.remove();
    }
  });

  it('npm run package: only run-time files, under 1 MB', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-vsix-')), 'helm-hooks.vsix');
    try {
      execFileSync(process.execPath, [path.join(root, 'scripts/package.mjs'), '--out', out], { stdio: 'pipe' });
      const bytes = fs.readFileSync(out);
      assert.ok(bytes.length < 1024 * 1024, `${bytes.length} bytes`);
      const names = zipEntries(bytes).filter((name) => name.startsWith('extension/')).sort();
      const allowed = /^extension\/(dist\/(extension|server|server\.bundle)\.js|docs\/rules\.md|schemas\/helm-hooks-config\.schema\.json|syntaxes\/[^/]+|language-configuration(-notes)?\.json|package\.json|readme\.md|images\/[^/]+\.png|changelog\.md|LICENSE(\.md|\.txt)?)$/i;
      assert.deepEqual(names.filter((name) => !allowed.test(name)), [], 'unexpected files in the .vsix');
      for (const needed of ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/server.bundle.js', 'extension/docs/rules.md', 'extension/schemas/helm-hooks-config.schema.json', 'extension/package.json']) assert.ok(names.includes(needed), `${needed} is shipped`);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });
});

/** Entry names from a zip's central directory (enough for a .vsix; no extraction). */
function zipEntries(zip: Buffer): string[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'not a zip file');
  const count = zip.readUInt16LE(end + 10);
  let cursor = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let index = 0; index < count; index++) {
    assert.equal(zip.readUInt32LE(cursor), 0x02014b50);
    const nameLength = zip.readUInt16LE(cursor + 28);
    const extraLength = zip.readUInt16LE(cursor + 30);
    const commentLength = zip.readUInt16LE(cursor + 32);
    names.push(zip.toString('utf8', cursor + 46, cursor + 46 + nameLength));
    cursor += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
