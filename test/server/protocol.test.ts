/**
 * The server keeps the protocol's rules over a raw stdio connection: a frame it cannot read is
 * logged and ends it with an error (the client then restarts it) instead of leaving it deaf;
 * requests before initialize and after shutdown get the LSP errors; notifications before
 * initialize are dropped; a change whose version goes backwards is ignored.
 */
import * as assert from 'assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import { describe, it } from 'node:test';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver/node';
import { chartYaml, hookJob, withServer } from './support/charts';
import { messageOf, positionAt, serverPath } from './support/lspClient';

interface RawServer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: ProtocolConnection;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function startRaw(): RawServer {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  return { child, connection, stderr: () => stderr, exited };
}

const initializeParams = { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } };

async function errorCode(request: Promise<unknown>): Promise<number | undefined> {
  try {
    await request;
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

/** Resolves with the exit code, or with 'still running' after `ms`. */
function exitWithin(server: RawServer, ms: number): Promise<number | null | 'still running'> {
  return Promise.race([server.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms))]);
}

describe('server protocol: frames it cannot read', () => {
  const badFrames: [string, string][] = [
    ['a missing Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'],
    ['a Content-Length that is not a number', 'Content-Length: lots\r\n\r\n{}'],
  ];
  for (const [name, frame] of badFrames) {
    it(`logs ${name} and exits with an error`, async () => {
      const server = startRaw();
      try {
        await server.connection.sendRequest('initialize', initializeParams);
        server.child.stdin.write(frame);
        const code = await exitWithin(server, 10_000);
        assert.ok(code !== 0 && code !== 'still running', `exit code ${code}`);
        assert.match(server.stderr(), /cannot read the client's messages \(.*Content-Length/);
      } finally {
        server.child.kill();
        server.connection.dispose();
      }
    });
  }
});

describe('server protocol: lifecycle', () => {
  const uri = 'untitled:Untitled-1';
  const text = hookJob({ name: 'migrate', events: 'pre-instal' });
  const onEvent = positionAt(text, text.indexOf('pre-instal') + 2);

  it('answers requests before initialize with ServerNotInitialized and drops notifications', async () => {
    const server = startRaw();
    try {
      assert.equal(await errorCode(server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: onEvent })), -32002);
      assert.equal(await errorCode(server.connection.sendRequest('helmHooks/executionPlan', { uri })), -32002);
      let published = 0;
      server.connection.onNotification('textDocument/publishDiagnostics', () => {
        published++;
      });
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
      await server.connection.sendRequest('initialize', initializeParams);
      await server.connection.sendNotification('initialized', {});
      // Not processed: the server does not know the document, so hover has nothing to say.
      assert.equal(await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: onEvent }), null);
      assert.equal(published, 0, 'nothing was checked for the early didOpen');
      // Opened properly, the same document is checked and hovered.
      const diagnostics = new Promise<unknown[]>((resolve) => server.connection.onNotification('textDocument/publishDiagnostics', (params: { diagnostics: unknown[] }) => resolve(params.diagnostics)));
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
      assert.ok((await diagnostics).length > 0);
      assert.ok(await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: onEvent }));
    } finally {
      server.child.kill();
      server.connection.dispose();
    }
  });

  it('answers requests after shutdown with InvalidRequest, then exits cleanly on exit', async () => {
    const server = startRaw();
    try {
      await server.connection.sendRequest('initialize', initializeParams);
      await server.connection.sendNotification('initialized', {});
      await server.connection.sendRequest('shutdown');
      assert.equal(await errorCode(server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: onEvent })), -32600);
      assert.equal(await errorCode(server.connection.sendRequest('shutdown')), -32600);
      await server.connection.sendNotification('exit');
      assert.equal(await exitWithin(server, 10_000), 0);
    } finally {
      server.child.kill();
      server.connection.dispose();
    }
  });
});

describe('server protocol: document versions', () => {
  it('ignores a change whose version goes backwards', () =>
    withServer({ 'Chart.yaml': chartYaml('versions'), 'templates/job.yaml': hookJob({ name: 'migrate', events: 'pre-install' }) }, { settings: {} }, async (client, chart) => {
      const uri = chart.uri('templates/job.yaml');
      const typo = hookJob({ name: 'migrate', events: 'pre-instal' });
      const opened = client.nextDiagnostics(uri, (diagnostics) => diagnostics.some((diagnostic) => messageOf(diagnostic).includes('pre-instal')));
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 5, text: typo } });
      await opened;
      const start = positionAt(typo, typo.indexOf('pre-instal'));
      const end = positionAt(typo, typo.indexOf('pre-instal') + 'pre-instal'.length);
      // Version 3 after version 5: stale, ignored. Version 6 appends a comment; the typo must still be there.
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start, end }, text: 'pre-install' }] });
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ range: { start, end }, text: 'pre-install' }] });
      const endOfFile = positionAt(typo, typo.length);
      const after = client.nextDiagnostics(uri);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ range: { start: endOfFile, end: endOfFile }, text: '# edited\n' }] });
      const diagnostics = await after;
      assert.ok(diagnostics.some((diagnostic) => messageOf(diagnostic).includes('pre-instal')), `the stale changes were applied: ${JSON.stringify(diagnostics)}`);
      // The log line travels apart from the diagnostics; give it a moment.
      for (let waited = 0; waited < 5000 && !client.logs.some((line) => /version 3 does not follow version 5/.test(line)); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(client.logs.some((line) => /version 3 does not follow version 5/.test(line)), client.logs.join('\n'));
    }));
});
