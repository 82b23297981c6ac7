/**
 * The language server over real JSON-RPC: start-up, diagnostics pushed on open and on
 * incremental changes, their LSP shape, settings, closing, shutdown.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { chartYaml, hookJob, serveChart } from './support/charts';
import { messageOf, positionAt, TestClient } from './support/lspClient';

const job = (events: string): string => hookJob({ name: 'migrate', events });

describe('server: start-up and shutdown', () => {
  it('answers initialize with its capabilities and exits cleanly', async () => {
    const client = await TestClient.start();
    try {
      const capabilities = client.initializeResult.capabilities;
      assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
      assert.ok(capabilities.completionProvider);
      assert.equal(capabilities.hoverProvider, true);
      assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
      assert.equal(client.initializeResult.serverInfo?.name, 'helm-hooks-language-server');
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });
});

describe('server: diagnostics', () => {
  let client!: TestClient;
  const chart = serveChart({ 'Chart.yaml': chartYaml('demo'), 'templates/job.yaml': job('pre-install') }, (started) => (client = started));

  it('publishes findings on open with code, source, docs link and range', async () => {
    const uri = chart.uri('templates/job.yaml');
    // The first look at a new chart holds only the source rules; the whole chart's check follows.
    const published = client.nextDiagnostics(uri, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'unknown-hook-event'));
    await client.open(uri, job('pre-instal'));
    const diagnostics = await published;
    const unknown = diagnostics.find((diagnostic) => diagnostic.code === 'unknown-hook-event');
    assert.ok(unknown, JSON.stringify(diagnostics));
    assert.equal(unknown.source, 'helm-hooks');
    assert.equal(unknown.severity, 1);
    assert.deepEqual(unknown.range, { start: { line: 5, character: 20 }, end: { line: 5, character: 30 } });
    assert.match(messageOf(unknown), /pre-instal/);
    assert.match(unknown.codeDescription?.href ?? '', /^file:\/\/.*\/docs\/rules\.md#unknown-hook-event$/);
  });

  it('re-publishes after an incremental change', async () => {
    const uri = chart.uri('templates/job.yaml');
    const cleared = client.nextDiagnostics(uri, (diagnostics) => !diagnostics.some((diagnostic) => diagnostic.code === 'unknown-hook-event'));
    await client.replace(uri, 'pre-instal', 'pre-install');
    await cleared;
    const broken = client.nextDiagnostics(uri, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'unknown-hook-event'));
    await client.replace(uri, 'pre-install', 'pre-upgrad');
    const diagnostics = await broken;
    assert.match(messageOf(diagnostics.find((diagnostic) => diagnostic.code === 'unknown-hook-event')!), /pre-upgrad/);
  });

  it('checks a burst of changes on the final text, at most once per change', async () => {
    const uri = chart.uri('templates/job.yaml');
    const before = client.publishCounts.get(uri) ?? 0;
    const typed = 'pre-upgrade,post-install';
    await client.replace(uri, 'pre-upgrad', '');
    for (let index = 0; index < typed.length; index++) {
      const text = client.text(uri);
      const at = text.indexOf('"helm.sh/hook": ') + '"helm.sh/hook": '.length + index;
      await client.change(uri, { start: positionAt(text, at), end: positionAt(text, at) }, typed[index]);
    }
    // The diagnostics of the last version: an earlier valid text ("pre-upgrade") may be published on the way.
    const final = await client.nextDiagnostics(uri, (diagnostics, version) => version === client.versionOf(uri) && !diagnostics.some((diagnostic) => diagnostic.code === 'unknown-hook-event' || diagnostic.code === 'empty-hook-event'));
    assert.ok(Array.isArray(final));
    assert.match(client.text(uri), /"helm.sh\/hook": pre-upgrade,post-install\n/);
    // One replace and 24 changes. The chart is analysed fast, so each change may be checked at once
    // (server/src/debounce.ts; the wait of a slow chart is test/unit/debounce.test.ts's), but a
    // check overtaken by a newer one is dropped: never more publishes than changes.
    const published = (client.publishCounts.get(uri) ?? 0) - before;
    assert.ok(published >= 1 && published <= typed.length + 1, `published ${published} times`);
  });

  it('clears diagnostics when the document closes', async () => {
    const uri = chart.uri('templates/job.yaml');
    const cleared = client.nextDiagnostics(uri);
    await client.close(uri);
    assert.deepEqual(await cleared, []);
  });

  it('never fails on content that is not YAML at all', async () => {
    const uri = chart.uri('templates/garbage.yaml');
    const published = client.nextDiagnostics(uri);
    await client.open(uri, '{{ if }}: : [\n\t- "\u0000 ---\n---\n  annotations: {{ }}\n"helm.sh/hook": ,,,\n');
    assert.ok(Array.isArray(await published));
    await client.close(uri);
  });
});
