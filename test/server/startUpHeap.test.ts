/**
 * The young generation at start-up (server/src/main.ts, startUpHeap): kept at its first size until
 * the first whole analysis of a chart is done, then V8's growth comes back, so typing in a big
 * file later is not stuck with a small young generation. Seen from outside the server: a preload
 * records, in order, each growth factor the server gives V8.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { TestClient, writeChart } from './support/lspClient';

const starting = '--semi-space-growth-factor=1';
const started = '--semi-space-growth-factor=2';

/** A preload for the server that appends every growth factor it sets to a file. */
function flagRecorder(): { env: Record<string, string>; flags: () => string[]; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-flags-'));
  const log = path.join(dir, 'flags.txt');
  const preload = path.join(dir, 'record.cjs');
  fs.writeFileSync(
    preload,
    `const v8 = require('v8');\nconst fs = require('fs');\nconst set = v8.setFlagsFromString;\nv8.setFlagsFromString = (flags) => {\n  if (/^--semi-space-growth-factor=/.test(flags)) fs.appendFileSync(${JSON.stringify(log)}, flags + '\\n');\n  return set(flags);\n};\n`,
  );
  return {
    env: { NODE_OPTIONS: `--require ${preload}` },
    flags: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((line) => line !== '') : []),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Waits until `done` holds, checking every 20 ms, for at most `ms`. */
async function until(done: () => boolean, ms = 20000): Promise<void> {
  for (const end = Date.now() + ms; !done(); ) {
    if (Date.now() > end) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const chartFiles = {
  'Chart.yaml': 'apiVersion: v2\nname: heap\nversion: 0.1.0\n',
  'templates/job.yaml': 'kind: Job\nmetadata:\n  name: a\n  annotations:\n    helm.sh/hook: post-instal\n',
  'templates/config.yaml': 'kind: ConfigMap\nmetadata:\n  name: b\n',
};

describe('server: the young generation at start-up', () => {
  it('keeps it at its first size until an open chart is analysed whole, then gives back V8’s growth', async () => {
    const recorder = flagRecorder();
    const chart = writeChart(chartFiles);
    const client = await TestClient.start({ env: recorder.env });
    try {
      assert.deepEqual(recorder.flags(), [starting]);
      const uri = chart.uri('templates/job.yaml');
      await client.open(uri, chartFiles['templates/job.yaml']);
      await until(() => (client.publishCounts.get(uri) ?? 0) >= 2 && recorder.flags().length >= 2);
      assert.ok((client.publishCounts.get(uri) ?? 0) >= 2, 'the first look and the whole analysis are published');
      assert.deepEqual(recorder.flags(), [starting, started]);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
      chart.remove();
      recorder.remove();
    }
  });

  it('gives it back after the workspace checks’ first chart when nothing is open', async () => {
    const recorder = flagRecorder();
    const chart = writeChart(chartFiles);
    const client = await TestClient.start({ env: recorder.env, settings: {}, workspaceFolders: [chart.uri('')] });
    try {
      await client.nextDiagnostics(chart.uri('templates/job.yaml'), (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'unknown-hook-event'));
      await until(() => recorder.flags().length >= 2);
      assert.deepEqual(recorder.flags(), [starting, started]);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
      chart.remove();
      recorder.remove();
    }
  });

  it('keeps it at its first size while no chart has been analysed', async () => {
    const recorder = flagRecorder();
    const client = await TestClient.start({ env: recorder.env });
    try {
      assert.equal(await client.shutdown(), 0);
      assert.deepEqual(recorder.flags(), [starting]);
    } finally {
      client.kill();
      recorder.remove();
    }
  });
});
