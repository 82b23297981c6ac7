/**
 * templates/NOTES.txt through the server (the client sends it as `helm-notes`): Helm parses and
 * renders it but never reads it as a manifest, so a syntax error in it is reported as you type
 * and hook-like text in it gives no finding, completion or hover.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { documentSelector } from '../../server/src/protocol';
import { chartYaml, hookJob, serveChart } from './support/charts';
import { positionAt, TestClient } from './support/lspClient';

const notes = [
  'Thanks for installing {{ .Chart.Name }}.',
  'An example hook, for the reader:',
  'kind: Job',
  'metadata:',
  '  annotations:',
  '    helm.sh/hook: pre-instal',
  '    helm.sh/hook-weight: five',
  '',
].join('\n');

describe('server: templates/NOTES.txt', () => {
  let client!: TestClient;
  const chart = serveChart(
    { 'Chart.yaml': chartYaml('demo'), 'templates/job.yaml': hookJob({ name: 'migrate', events: 'pre-install' }), 'templates/NOTES.txt': 'Installed.\n' },
    (started) => (client = started),
  );

  it('is in the document selector the client registers', () => {
    assert.ok(documentSelector.some((selector) => selector.language === 'helm-notes'));
  });

  it('reports nothing for hook-like text, and offers no completion or hover there', async () => {
    const uri = chart.uri('templates/NOTES.txt');
    const published = client.nextDiagnostics(uri);
    await client.open(uri, notes, 'helm-notes');
    assert.deepEqual(await published, []);
    const hookValue = positionAt(notes, notes.indexOf('pre-instal'));
    assert.deepEqual((await client.completion(uri, hookValue)) ?? [], []);
    assert.equal(await client.hover(uri, hookValue), null);
  });

  it('reports a template syntax error as it is typed, and its removal', async () => {
    const uri = chart.uri('templates/NOTES.txt');
    const broken = client.nextDiagnostics(uri, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'template-syntax-error'));
    await client.replace(uri, '{{ .Chart.Name }}', '{{ .Chart.Name');
    const diagnostics = await broken;
    assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]), [['template-syntax-error', 0]]);
    const fixed = client.nextDiagnostics(uri, (all) => all.length === 0);
    await client.replace(uri, '{{ .Chart.Name', '{{ .Chart.Name }}');
    await fixed;
    await client.close(uri);
  });
});
