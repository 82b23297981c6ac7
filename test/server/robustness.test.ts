/**
 * Bad input at the server's edges: garbage settings and unknown rule ids, requests and
 * notifications for documents the client never opened, a document closed while a request on
 * it is in flight, and a cancelled request. The server must answer every request, keep
 * running, and go on checking.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver/node';
import { chartYaml, hookJob, serveChart } from './support/charts';
import { messageOf, positionAt, type TestClient } from './support/lspClient';

const typoJob = hookJob({ name: 'migrate', events: 'pre-instal' });

const garbageSettings: readonly unknown[] = [
  42,
  'everything',
  [],
  [1, 2],
  { enable: 'maybe', rules: 'all of them' },
  { rules: { 'no-such-rule': 'error', 'unknown-hook-event': 'fatal', '': 'off' } },
  JSON.parse('{"rules": {"__proto__": {"unknown-hook-event": "off"}, "constructor": "error", "toString": "off"}}'),
  { rules: { 'unknown-hook-event': 7 }, enable: null },
  { rules: null },
];

describe('server robustness: bad settings', () => {
  let client!: TestClient;
  const chart = serveChart({ 'Chart.yaml': chartYaml('robust'), 'templates/job.yaml': typoJob }, (started) => (client = started));
  const uri = chart.uri('templates/job.yaml');

  for (const settings of garbageSettings) {
    it(`falls back to the defaults for ${JSON.stringify(settings)}`, async () => {
      client.settings = settings;
      const published = client.nextDiagnostics(uri, (diagnostics) => diagnostics.length > 0);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { helmHooks: settings } });
      await client.open(uri, typoJob);
      const diagnostics = await published;
      const unknown = diagnostics.find((diagnostic) => messageOf(diagnostic).includes('pre-instal'));
      assert.ok(unknown, `the unknown event is still reported with settings ${JSON.stringify(settings)}`);
      assert.equal(unknown.severity, 1, 'a bad severity falls back to the rule\'s default (error)');
      await client.close(uri);
    });
  }
});

describe('server robustness: documents the client never opened', () => {
  let client!: TestClient;
  const chart = serveChart({ 'Chart.yaml': chartYaml('robust'), 'templates/job.yaml': typoJob }, (started) => (client = started));
  const onDisk = chart.uri('templates/job.yaml');
  const nowhere = chart.uri('templates/never-written.yaml');
  const notFile = 'untitled:Untitled-1';

  it('answers completion, hover and code actions for unopened documents with nothing', async () => {
    for (const uri of [onDisk, nowhere, notFile]) {
      const position = { line: 5, character: 20 };
      assert.deepEqual(await client.completion(uri, position) ?? [], [], `completion for ${uri}`);
      assert.equal(await client.hover(uri, position), null, `hover for ${uri}`);
      assert.deepEqual(await client.codeActions(uri, { start: position, end: position }) ?? [], [], `code actions for ${uri}`);
    }
  });

  it('survives changes and closes of unopened documents, and positions past the end', async () => {
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: nowhere, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: nowhere } });
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: nowhere } });
    const published = client.nextDiagnostics(onDisk, (diagnostics) => diagnostics.length > 0);
    await client.open(onDisk, typoJob);
    assert.ok((await published).some((diagnostic) => messageOf(diagnostic).includes('pre-instal')));
    const far = { line: 10_000, character: 10_000 };
    assert.ok(Array.isArray(await client.completion(onDisk, far) ?? []));
    await client.hover(onDisk, { line: -1, character: -5 } as never);
    await client.codeActions(onDisk, { start: far, end: { line: 0, character: 0 } });
  });

  it('answers a request on a document closed while the request is in flight, and a cancelled one', async () => {
    const position = positionAt(typoJob, typoJob.indexOf('pre-instal') + 3);
    const pending = client.completion(onDisk, position);
    await client.close(onDisk);
    const items = await pending;
    assert.ok(items === null || Array.isArray(items) || typeof items === 'object');
    await client.open(onDisk, typoJob);
    const cancellation = new CancellationTokenSource();
    const request = client.connection.sendRequest('textDocument/hover', { textDocument: { uri: onDisk }, position }, cancellation.token);
    cancellation.cancel();
    await request.catch((error: { code?: number }) => assert.equal(error.code, -32800, 'a cancelled request fails only as cancelled'));
    const published = client.nextDiagnostics(onDisk, (diagnostics) => diagnostics.length === 0);
    await client.replace(onDisk, 'pre-instal', 'pre-install');
    assert.deepEqual(await published, [], 'the server still checks after all of the above');
  });
});
