/**
 * `.helm-hooks.yaml` in the language server: its severities under the editor settings the user
 * set (a `default` the editor sends is not set), a bad file shown once (not per keystroke)
 * naming the file and the key, and a changed file read again.
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { chartYaml } from './support/charts';
import { TestClient, writeChart } from './support/lspClient';

const job = 'kind: Job\nmetadata:\n  name: s\n  annotations:\n    "helm.sh/hook": pre-instal\n';
const severityOf = (diagnostics: Diagnostic[]): number | undefined => diagnostics.find((diagnostic) => diagnostic.code === 'unknown-hook-event')?.severity;

describe('server: config file', () => {
  const chart = writeChart({ 'Chart.yaml': chartYaml('cfg'), '.helm-hooks.yaml': 'rules:\n  unknown-hook-event: information\n', 'templates/job.yaml': job, 'templates/other.yaml': job });
  after(() => chart.remove());

  it('layers defaults < config file < editor settings the user set', async () => {
    const client = await TestClient.start({ settings: { rules: { 'unknown-hook-event': 'default' } } });
    try {
      const uri = chart.uri('templates/job.yaml');
      const fromFile = client.nextDiagnostics(uri, (diagnostics) => severityOf(diagnostics) === 3);
      await client.open(uri, job);
      await fromFile;
      client.settings = { rules: { 'unknown-hook-event': 'warning' } };
      const fromEditor = client.nextDiagnostics(uri, (diagnostics) => severityOf(diagnostics) === 2);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await fromEditor;
      assert.deepEqual(client.shownMessages, []);
      await client.shutdown();
    } finally {
      client.kill();
    }
  });

  it('shows a bad file once, naming the file and the key; the good keys apply; a fixed file is read again', async () => {
    chart.write('.helm-hooks.yaml', 'rules:\n  unknown-hook-event: hint\n  unknwn-hook-event: off\n');
    const client = await TestClient.start({ settings: {} });
    try {
      const uri = chart.uri('templates/job.yaml');
      const other = chart.uri('templates/other.yaml');
      const first = client.nextDiagnostics(uri, (diagnostics) => severityOf(diagnostics) === 4);
      await client.open(uri, job);
      await first;
      await client.open(other, job);
      for (const [from, to] of [['name: s', 'name: t'], ['name: t', 'name: s']]) {
        const typed = client.nextDiagnostics(uri);
        await client.replace(uri, from, to);
        await typed;
      }
      const file = path.join(chart.root, '.helm-hooks.yaml');
      assert.deepEqual(client.shownMessages, [{ type: 1, message: `Helm Hooks config: ${file}: rules.unknwn-hook-event: names no rule (did you mean unknown-hook-event?)` }]);
      chart.write('.helm-hooks.yaml', 'rules:\n  unknown-hook-event: warning\n');
      const reread = client.nextDiagnostics(uri, (diagnostics) => severityOf(diagnostics) === 2);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: chart.uri('.helm-hooks.yaml'), type: 2 }] });
      await reread;
      assert.equal(client.shownMessages.length, 1);
      await client.shutdown();
    } finally {
      client.kill();
    }
  });
});
