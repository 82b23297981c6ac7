/**
 * Whole-workspace diagnostics (`helmHooks.diagnostics.scope`): the charts under the workspace
 * folders are checked in the background and files that were never opened get their findings;
 * a change on disk is published again; a closed file keeps its disk version's findings under
 * `workspace` and is cleared under `openFiles`; an edit of an open file is answered before the
 * background work is done, and supersedes what the background read before it. Each test runs
 * with the closed charts checked on the worker thread (the default) and on the server's own
 * thread (HELM_HOOKS_THREADS=1, the path taken when the worker cannot start).
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import { describe, it } from 'node:test';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { chartYaml, hookJob } from './support/charts';
import { messageOf, TestClient, writeChart, type ClientOptions } from './support/lspClient';

const has = (rule: string) => (diagnostics: Diagnostic[]): boolean => diagnostics.some((diagnostic) => diagnostic.code === rule);
const messages = (diagnostics: Diagnostic[]): string => diagnostics.map(messageOf).join(' | ');

/** Runs `body` with a server whose one workspace folder holds `files`; shuts both down after it. */
async function withFolder(files: Record<string, string>, options: ClientOptions, body: (client: TestClient, folder: ReturnType<typeof writeChart>) => Promise<void>): Promise<void> {
  const folder = writeChart(files);
  const client = await TestClient.start({ ...options, workspaceFolders: [pathToFileURL(folder.root).href] });
  try {
    await body(client, folder);
    await client.shutdown();
  } finally {
    client.kill();
    folder.remove();
  }
}

const typo = hookJob({ name: 'demo-migrate', events: 'pre-instal' });

const modes: readonly { readonly name: string; readonly env: Readonly<Record<string, string>> }[] = [
  { name: 'on the worker thread', env: {} },
  { name: 'on the server thread', env: { HELM_HOOKS_THREADS: '1' } },
];

for (const mode of modes) describe(`server: whole-workspace diagnostics, closed charts checked ${mode.name}`, () => {
  const withWorkspace = (files: Record<string, string>, options: ClientOptions, body: (client: TestClient, folder: ReturnType<typeof writeChart>) => Promise<void>): Promise<void> =>
    withFolder(files, { ...options, env: mode.env }, body);

  it('publishes the findings of files never opened, in every chart of the folder, at startup', { timeout: 60_000 }, async () => {
    const files = {
      'a/Chart.yaml': chartYaml('a'),
      'a/templates/job.yaml': typo,
      'nested/b/Chart.yaml': chartYaml('b'),
      'nested/b/templates/job.yaml': hookJob({ name: 'demo-b', events: 'post-upgrade', weight: 'x' }),
      'nested/b/templates/ok.yaml': hookJob({ name: 'demo-ok', events: 'post-install' }),
    };
    const folder = writeChart(files);
    const client = await TestClient.start({ settings: {}, env: mode.env, workspaceFolders: [pathToFileURL(folder.root).href] });
    try {
      const a = client.nextDiagnostics(folder.uri('a/templates/job.yaml'), has('unknown-hook-event'));
      const b = client.nextDiagnostics(folder.uri('nested/b/templates/job.yaml'), has('invalid-hook-weight'));
      assert.match(messages(await a), /"pre-instal"/);
      await b;
      assert.equal(client.publishCounts.get(folder.uri('nested/b/templates/ok.yaml')), undefined, 'a file without findings gets nothing');
      await client.shutdown();
    } finally {
      client.kill();
      folder.remove();
    }
  });

  it('publishes a file again when it changes on disk, and clears a file deleted', { timeout: 60_000 }, async () => {
    await withWorkspace({ 'Chart.yaml': chartYaml('demo'), 'templates/job.yaml': typo }, { settings: {} }, async (client, folder) => {
      const uri = folder.uri('templates/job.yaml');
      await client.nextDiagnostics(uri, has('unknown-hook-event'));
      folder.write('templates/job.yaml', typo.replace('pre-instal', 'post-delet'));
      const changed = client.nextDiagnostics(uri, (diagnostics) => /"post-delet"/.test(messages(diagnostics)));
      await client.filesChanged([{ uri, type: 2 }]);
      await changed;
      const removed = client.nextDiagnostics(uri);
      fs.rmSync(path.join(folder.root, 'templates', 'job.yaml'));
      await client.filesChanged([{ uri, type: 3 }]);
      assert.deepEqual(await removed, []);
    });
  });

  it('keeps a closed file\'s findings under workspace scope: those of its disk version', { timeout: 60_000 }, async () => {
    await withWorkspace({ 'Chart.yaml': chartYaml('demo'), 'templates/job.yaml': typo }, { settings: {} }, async (client, folder) => {
      const uri = folder.uri('templates/job.yaml');
      await client.nextDiagnostics(uri, has('unknown-hook-event'));
      await client.open(uri, typo);
      await client.replace(uri, 'pre-instal', 'post-delet');
      await client.nextDiagnostics(uri, (diagnostics) => /"post-delet"/.test(messages(diagnostics)));
      // The open version's checks may still be on their way (a first look, then the whole chart): skip repeats of them.
      const afterClose = client.nextDiagnostics(uri, (diagnostics) => !/"post-delet"/.test(messages(diagnostics)));
      await client.close(uri);
      // The first other publish after the close is the saved text's, never an empty list.
      assert.match(messages(await afterClose), /"pre-instal"/);
    });
  });

  it('clears a closed file and publishes nothing for files never opened under openFiles scope', { timeout: 60_000 }, async () => {
    const files = { 'Chart.yaml': chartYaml('demo'), 'templates/job.yaml': typo, 'templates/other.yaml': hookJob({ name: 'demo-other', events: 'post-instal' }) };
    await withWorkspace(files, { settings: { diagnostics: { scope: 'openFiles' } } }, async (client, folder) => {
      const uri = folder.uri('templates/job.yaml');
      const opened = client.nextDiagnostics(uri, has('unknown-hook-event'));
      await client.open(uri, typo);
      await opened;
      // The open version's checks may still be on their way (a first look, then the whole chart): skip repeats of them.
      const afterClose = client.nextDiagnostics(uri, (diagnostics) => !has('unknown-hook-event')(diagnostics));
      await client.close(uri);
      assert.deepEqual(await afterClose, []);
      assert.equal(client.publishCounts.get(folder.uri('templates/other.yaml')), undefined, 'a file never opened is not published');
    });
  });

  it('answers an edit of an open file before the background check of many charts is done', { timeout: 120_000 }, async () => {
    const charts = 80;
    const files: Record<string, string> = { 'open/Chart.yaml': chartYaml('open'), 'open/templates/job.yaml': typo };
    for (let index = 0; index < charts; index++) {
      files[`c${index}/Chart.yaml`] = chartYaml(`c${index}`);
      files[`c${index}/templates/job.yaml`] = hookJob({ name: `c${index}-job`, events: 'pre-instal' });
      for (let other = 0; other < 10; other++) files[`c${index}/templates/cm-${other}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${index}-cm-${other}\ndata:\n  key: "{{ .Values.key | default ${other} }}"\n`;
    }
    await withWorkspace(files, { settings: {}, initializationOptions: { validationDelayMs: 50 } }, async (client, folder) => {
      const backgroundUris = Array.from({ length: charts }, (_, index) => folder.uri(`c${index}/templates/job.yaml`));
      const published = (): number => backgroundUris.filter((uri) => client.publishCounts.has(uri)).length;
      const uri = folder.uri('open/templates/job.yaml');
      // The background has begun: the first background chart is published.
      await client.nextDiagnostics(backgroundUris[0]);
      await client.open(uri, typo);
      await client.replace(uri, 'pre-instal', 'post-delet');
      await client.nextDiagnostics(uri, (diagnostics) => /"post-delet"/.test(messages(diagnostics)));
      const atAnswer = published();
      assert.ok(atAnswer < charts, `the edit was answered after all ${charts} background charts`);
      // And the background goes on to the end.
      await Promise.all(backgroundUris.filter((item) => !client.publishCounts.has(item)).map((item) => client.nextDiagnostics(item)));
      assert.equal(published(), charts);
    });
  });
  it('publishes no closed file from before an edit of its chart once the edit is answered', { timeout: 120_000 }, async () => {
    // b.yaml's Job has a.yaml's Job's name (duplicate-hook-object, reported in b.yaml) and a TTL (ttl-on-hook-job, so b.yaml keeps being published).
    const files: Record<string, string> = {
      'a-small/Chart.yaml': chartYaml('a-small'),
      'a-small/templates/job.yaml': typo,
      'b-dup/Chart.yaml': chartYaml('b-dup'),
      'b-dup/templates/a.yaml': hookJob({ name: 'demo-dup', events: 'pre-install' }),
      'b-dup/templates/b.yaml': hookJob({ name: 'demo-dup', events: 'pre-install', jobSpec: '  ttlSecondsAfterFinished: 100\n' }),
    };
    // Enough templates that the check of b-dup takes a while: the edit comes while it runs.
    for (let other = 0; other < 150; other++) files[`b-dup/templates/cm-${other}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${other}\ndata:\n  key: "{{ .Values.key | default ${other} }}"\n`;
    await withWorkspace(files, { settings: {}, initializationOptions: { validationDelayMs: 0 } }, async (client, folder) => {
      const a = folder.uri('b-dup/templates/a.yaml');
      const b = folder.uri('b-dup/templates/b.yaml');
      await client.nextDiagnostics(folder.uri('a-small/templates/job.yaml'));
      // b-dup is checked next.
      await new Promise((resolve) => setTimeout(resolve, 200));
      // The chart is checked again with the open text: b.yaml keeps its TTL finding and loses the duplicate.
      const fresh = client.nextDiagnostics(b, (diagnostics) => has('ttl-on-hook-job')(diagnostics) && !has('duplicate-hook-object')(diagnostics));
      await client.open(a, files['b-dup/templates/a.yaml']);
      const edited = client.nextDiagnostics(a, (_, version) => version === 2);
      await client.replace(a, 'name: demo-dup', 'name: demo-renamed');
      await edited;
      const answeredAt = client.published.get(b)?.length ?? 0;
      await fresh;
      const after = (client.published.get(b) ?? []).slice(answeredAt);
      assert.ok(after.every((diagnostics) => !has('duplicate-hook-object')(diagnostics)), `b.yaml was published with the name a.yaml had before the edit: ${after.map(messages).join(' || ')}`);
    });
  });
});
