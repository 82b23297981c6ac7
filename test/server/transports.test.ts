/**
 * The server's transports and documents outside the usual layout: Node IPC (how VS Code
 * starts it), a command line without a transport, an alternate values file, an unsaved
 * document with no chart around it.
 */
import * as assert from 'assert/strict';
import { fork, spawnSync } from 'child_process';
import { describe, it } from 'node:test';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter, type InitializeResult, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { serverPath, TestClient, writeChart } from './support/lspClient';

describe('server: transports', () => {
  it('speaks LSP over Node IPC and publishes diagnostics there too', async () => {
    const child = fork(serverPath, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    try {
      const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification('textDocument/publishDiagnostics', resolve));
      connection.listen();
      const result: InitializeResult = await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal(result.serverInfo?.name, 'helm-hooks-language-server');
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'untitled:Untitled-1', languageId: 'helm', version: 1, text: 'kind: Job\nmetadata:\n  name: a\n  annotations:\n    helm.sh/hook: pre-instal\n' } });
      const published = await diagnostics;
      assert.equal(published.uri, 'untitled:Untitled-1');
      assert.ok(published.diagnostics.some((diagnostic) => diagnostic.code === 'unknown-hook-event'));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    }
  });

  it('explains its usage instead of starting without a transport', () => {
    const run = spawnSync(process.execPath, [serverPath], { encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--stdio/);
    for (const bad of ['--socket=', '--socket=port', '--pipe=']) {
      const refused = spawnSync(process.execPath, [serverPath, bad], { encoding: 'utf8' });
      assert.equal(refused.status, 2, `${bad}: ${refused.stderr}`);
      assert.match(refused.stderr, /No transport given/);
    }
    const help = spawnSync(process.execPath, [serverPath, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /helm-hooks-language-server --stdio/);
  });
});

describe('server: documents outside the usual layout', () => {
  it('checks an alternate values file as the values of its chart', async () => {
    const chart = writeChart({
      'Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
      'values.yaml': 'job:\n  annotations: {}\n',
      'templates/job.yaml': 'kind: Job\nmetadata:\n  name: j\n  annotations:\n    {{- toYaml .Values.job.annotations | nindent 4 }}\n',
    });
    const client = await TestClient.start({ settings: {} });
    try {
      const uri = chart.uri('values-prod.yaml');
      const published = client.nextDiagnostics(uri, (diagnostics) => diagnostics.length > 0);
      await client.open(uri, 'job:\n  annotations:\n    helm.sh/hook: post-instal\n', 'yaml');
      const diagnostics = await published;
      assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'unknown-hook-event'), JSON.stringify(diagnostics));
      await client.shutdown();
    } finally {
      client.kill();
      chart.remove();
    }
  });

  it('pools a subchart with its parent, with the open subchart file\'s text', async () => {
    const hook = (name: string, weight: string): string => `kind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "${weight}"\n`;
    const chart = writeChart({
      'Chart.yaml': 'apiVersion: v2\nname: parent\nversion: 0.1.0\n',
      'templates/job.yaml': hook('parent-job', '0'),
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
      'charts/sub/templates/job.yaml': hook('sub-job', '5'),
    });
    const client = await TestClient.start({ settings: {} });
    try {
      const parentUri = chart.uri('templates/job.yaml');
      const subUri = chart.uri('charts/sub/templates/job.yaml');
      await client.open(parentUri, hook('parent-job', '0'));
      const at = { line: 4, character: 8 };
      const first = await client.hover(parentUri, at);
      assert.match(JSON.stringify(first?.contents), /pre-install: 1 of 2, before `sub-job`/);
      await client.open(subUri, hook('sub-job', '5'));
      await client.replace(subUri, '"5"', '"-5"');
      const second = await client.hover(parentUri, at);
      assert.match(JSON.stringify(second?.contents), /pre-install: 2 of 2, after `sub-job`/);
      await client.shutdown();
    } finally {
      client.kill();
      chart.remove();
    }
  });

  it('ignores YAML files that are neither templates nor values of a chart', async () => {
    const chart = writeChart({ 'Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n', 'ci/config.yaml': 'a: b\n' });
    const client = await TestClient.start({ settings: {} });
    try {
      const uri = chart.uri('ci/config.yaml');
      await client.open(uri, 'metadata:\n  annotations:\n    helm.sh/hook: pre-instal\n', 'yaml');
      assert.deepEqual(await client.completion(uri, { line: 2, character: 4 }), []);
      assert.equal(await client.hover(uri, { line: 2, character: 6 }), null);
      await client.shutdown();
    } finally {
      client.kill();
      chart.remove();
    }
  });
});
