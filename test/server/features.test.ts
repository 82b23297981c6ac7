/**
 * The language server's features over real JSON-RPC: completion and hover at `<|>` cursors,
 * code actions applied and re-checked, settings pulled per document and re-read on change,
 * clients without the configuration capability, cross-file updates, files changed on disk,
 * and the execution plan request.
 */
import * as assert from 'assert/strict';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { chartYaml as chartYamlOf, hookJob, serveChart } from './support/charts';
import { cursor, messageOf, positionAt, TestClient, writeChart } from './support/lspClient';

const chartYaml = chartYamlOf('demo');

const migrateJob = hookJob({
  name: 'demo-migrate',
  events: 'pre-install,pre-upgrade',
  weight: '0',
  jobSpec: '  backoffLimit: 1\n  activeDeadlineSeconds: 300\n',
  container: '          envFrom:\n            - configMapRef:\n                name: demo-settings\n',
});

const settingsConfigMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: demo-settings
data:
  mode: fast
`;

const has = (rule: string) => (diagnostics: Diagnostic[]): boolean => diagnostics.some((diagnostic) => diagnostic.code === rule);
const lacks = (rule: string) => (diagnostics: Diagnostic[]): boolean => !has(rule)(diagnostics);

describe('server: completion, hover and code actions', () => {
  let client!: TestClient;
  const files = { 'Chart.yaml': chartYaml, 'templates/job.yaml': migrateJob, 'templates/configmap.yaml': settingsConfigMap };
  const chart = serveChart(files, (started) => (client = started), { settings: {}, initializationOptions: { updateSettingCommand: 'test.updateSetting' } });

  it('completes missing events after a comma, replacing the partial token', async () => {
    const uri = chart.uri('templates/hook.yaml');
    const { text, position } = cursor('kind: Job\nmetadata:\n  name: x\n  annotations:\n    "helm.sh/hook": pre-install, post-in<|>\n');
    const published = client.nextDiagnostics(uri);
    await client.open(uri, text);
    await published;
    const items = (await client.completion(uri, position)) ?? [];
    assert.deepEqual(items.map((item) => item.label), ['post-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'pre-delete', 'post-delete', 'test']);
    const postInstall = items[0];
    assert.ok(postInstall.textEdit && 'range' in postInstall.textEdit);
    assert.deepEqual(postInstall.textEdit.range, { start: { line: 4, character: 33 }, end: { line: 4, character: 40 } });
    assert.equal(postInstall.textEdit.newText, 'post-install');
    assert.equal(typeof postInstall.documentation === 'object' && postInstall.documentation.kind, 'markdown');
    await client.close(uri);
  });

  it('completes annotation keys with the quoting of the other keys', async () => {
    const uri = chart.uri('templates/keys.yaml');
    const { text, position } = cursor('kind: Job\nmetadata:\n  name: y\n  annotations:\n    helm.sh/hook: post-install\n    <|>\n');
    await client.open(uri, text);
    const items = (await client.completion(uri, position)) ?? [];
    assert.deepEqual(items.map((item) => item.label), ['helm.sh/hook-weight', 'helm.sh/hook-delete-policy', 'helm.sh/hook-output-log-policy']);
    const weight = items[0];
    assert.ok(weight.textEdit && 'range' in weight.textEdit);
    assert.equal(weight.textEdit.newText, 'helm.sh/hook-weight: ');
    await client.close(uri);
  });

  it('suggests weights that place the hook against the others of its phases', async () => {
    const uri = chart.uri('templates/late.yaml');
    const { text, position } = cursor('kind: Job\nmetadata:\n  name: demo-late\n  annotations:\n    "helm.sh/hook": pre-upgrade\n    "helm.sh/hook-weight": <|>\n');
    await client.open(uri, text);
    const items = (await client.completion(uri, position)) ?? [];
    assert.deepEqual(items.map((item) => item.label), ['-1', '1']);
    assert.ok(items[0].textEdit && 'newText' in items[0].textEdit);
    assert.equal(items[0].textEdit.newText, '"-1"');
    const documentation = items[0].documentation;
    assert.match(typeof documentation === 'string' ? documentation : documentation?.value ?? '', /demo-migrate/);
    assert.equal(items[0].detail, undefined, 'the description is shown once, as documentation');
    await client.close(uri);
  });

  it('offers new-hook migration Jobs as snippets at column 0 of a new document, weighted after the chart hooks', async () => {
    const uri = chart.uri('templates/new.yaml');
    const { text, position } = cursor('mig<|>');
    await client.open(uri, text);
    const items = (await client.completion(uri, position)) ?? [];
    const newHooks = ['New hook: migration Job (pre-install,pre-upgrade)', 'New hook: migration Job (post-install,pre-upgrade)', 'New hook: migration Job (post-install,post-upgrade)'];
    // Then the hook snippets, which the server offers only where a document may start (VS Code no longer appends them anywhere).
    const snippets = ['helm-hook-migration-job', 'helm-hook-backup-job', 'helm-hook-cleanup-job', 'helm-hook-test-pod', 'helm-hook-serviceaccount', 'helm-hook-configmap'];
    assert.deepEqual(items.map((item) => item.label), [...newHooks, ...snippets]);
    assert.ok(items.every((item) => item.kind === 15 && item.insertTextFormat === 2), 'all are snippets');
    const first = items[0];
    assert.equal(first.insertTextFormat, 2); // InsertTextFormat.Snippet
    assert.equal(first.kind, 15); // CompletionItemKind.Snippet
    assert.ok(first.textEdit && 'range' in first.textEdit);
    assert.deepEqual(first.textEdit.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
    assert.match(first.textEdit.newText, /"helm\.sh\/hook-weight": "1"\n/);
    assert.match(first.textEdit.newText, /name: \{\{ \.Release\.Name \}\}-\$\{1:migrate\}/);
    assert.match(first.detail ?? '', /^pre-install,pre-upgrade: /);
    await client.close(uri);
  });

  it('hovers an event with what Helm does and where the hook runs', async () => {
    const uri = chart.uri('templates/job.yaml');
    await client.open(uri, migrateJob);
    const text = client.text(uri);
    const hover = await client.hover(uri, positionAt(text, text.indexOf('pre-upgrade') + 3));
    assert.ok(hover && typeof hover.contents === 'object' && 'kind' in hover.contents);
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /before any resource is updated/);
    assert.match(hover.contents.value, /pre-upgrade: 1 of 1/);
    assert.deepEqual(hover.range, { start: positionAt(text, text.indexOf('pre-upgrade')), end: positionAt(text, text.indexOf('pre-upgrade') + 'pre-upgrade'.length) });
    assert.equal(await client.hover(uri, { line: 0, character: 2 }), null);
    await client.close(uri);
  });

  it('offers the rule fixes and "disable rule" as quick fixes; applying the preferred one removes the finding', async () => {
    const uri = chart.uri('templates/typo.yaml');
    const broken = 'kind: Job\nmetadata:\n  name: demo-typo\n  annotations:\n    "helm.sh/hook": post-instal\n    "helm.sh/hook-weight": "1"\n    "helm.sh/hook-delete-policy": hook-succeeded\n';
    const published = client.nextDiagnostics(uri, has('unknown-hook-event'));
    await client.open(uri, broken);
    const diagnostics = await published;
    const unknown = diagnostics.find((diagnostic) => diagnostic.code === 'unknown-hook-event')!;
    const actions = (await client.codeActions(uri, unknown.range, [unknown])) ?? [];
    const preferred = actions.find((action) => action.isPreferred && action.diagnostics?.[0]?.code === 'unknown-hook-event');
    assert.ok(preferred?.edit, JSON.stringify(actions.map((action) => action.title)));
    assert.equal(preferred.kind, 'quickfix');
    const disable = actions.find((action) => action.title === 'Disable rule unknown-hook-event in settings');
    assert.ok(disable && !disable.isPreferred);
    assert.deepEqual(disable.command, { title: disable.title, command: 'test.updateSetting', arguments: ['helmHooks.rules.unknown-hook-event', 'off', uri] });
    const fixed = client.nextDiagnostics(uri, lacks('unknown-hook-event'));
    await client.applyEdit(preferred.edit);
    await fixed;
    assert.match(client.text(uri), /"helm.sh\/hook": post-install\n/);
    await client.close(uri);
  });

  it('offers "Suppress RULE on this line"; the comment it writes silences the finding and is not reported unused', async () => {
    const uri = chart.uri('templates/suppress.yaml');
    const broken = 'kind: Job\nmetadata:\n  name: demo-suppress\n  annotations:\n    "helm.sh/hook": post-instal\n    "helm.sh/hook-weight": "1"\n    "helm.sh/hook-delete-policy": hook-succeeded\n';
    const published = client.nextDiagnostics(uri, has('unknown-hook-event'));
    await client.open(uri, broken);
    const unknown = (await published).find((diagnostic) => diagnostic.code === 'unknown-hook-event')!;
    const actions = (await client.codeActions(uri, unknown.range, [unknown])) ?? [];
    const suppress = actions.find((action) => action.title === 'Suppress unknown-hook-event on this line');
    assert.ok(suppress?.edit, JSON.stringify(actions.map((action) => action.title)));
    assert.equal(suppress.isPreferred, undefined, 'silencing is never the preferred fix');
    assert.equal(suppress.diagnostics?.[0]?.code, 'unknown-hook-event');
    const silenced = client.nextDiagnostics(uri, lacks('unknown-hook-event'));
    await client.applyEdit(suppress.edit);
    const after = await silenced;
    assert.match(client.text(uri), /annotations:\n {4}# helm-hooks-disable-next-line unknown-hook-event\n {4}"helm.sh\/hook": post-instal\n/);
    assert.ok(lacks('unused-suppression')(after) && lacks('invalid-suppression')(after), JSON.stringify(after.map((d) => d.code)));
    await client.close(uri);
  });

  it('offers "add delete policy" on a hook that lacks it with the rule off, but no action of unweighted-hook when that is off', async () => {
    client.settings = { rules: { 'implicit-delete-policy': 'off', 'unweighted-hook': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = chart.uri('templates/bare.yaml');
    const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: demo-bare\n  annotations:\n    "helm.sh/hook": post-install\nspec:\n  backoffLimit: 1\n  activeDeadlineSeconds: 60\n  template:\n    spec:\n      restartPolicy: Never\n';
    const published = client.nextDiagnostics(uri);
    await client.open(uri, text);
    const diagnostics = await published;
    assert.ok(lacks('implicit-delete-policy')(diagnostics) && lacks('unweighted-hook')(diagnostics), JSON.stringify(diagnostics.map((d) => d.code)));
    const onHook = positionAt(text, text.indexOf('post-install') + 2); // On the hook's line, not on the key itself.
    const actions = (await client.codeActions(uri, { start: onHook, end: onHook })) ?? [];
    const titles = actions.map((action) => action.title);
    const policy = actions.find((action) => /hook-delete-policy": before-hook-creation,hook-succeeded/.test(action.title));
    const weight = actions.find((action) => /hook-weight/.test(action.title));
    assert.ok(policy, JSON.stringify(titles));
    assert.equal(weight, undefined, `unweighted-hook is off and its fix only writes Helm's own weight: ${JSON.stringify(titles)}`);
    assert.equal(policy.isPreferred, true);
    assert.equal(policy.diagnostics, undefined, 'the rule is off, so no diagnostic is attached');
    assert.ok(!titles.some((title) => title.startsWith('Disable rule')), 'nothing to disable: the rules are already off');
    await client.applyEdit(policy.edit!);
    assert.match(client.text(uri), /"helm.sh\/hook": post-install\n {4}"helm.sh\/hook-delete-policy": before-hook-creation,hook-succeeded\n/);
    const after = (await client.codeActions(uri, { start: onHook, end: onHook })) ?? [];
    assert.ok(!after.some((action) => /hook-delete-policy/.test(action.title)), 'applied once, not offered again');
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.close(uri);
  });

  it('answers the execution plan request with the plan text of the chart', async () => {
    const result: { title: string; content: string; languageId: string } = await client.connection.sendRequest('helmHooks/executionPlan', { uri: chart.uri('templates/job.yaml') });
    assert.match(result.title, /demo/);
    assert.match(result.content, /demo-migrate/);
    assert.match(result.content, /pre-install/);
  });
});

describe('server: settings', () => {
  const chart = writeChart({ 'Chart.yaml': chartYaml, 'templates/job.yaml': 'kind: Job\nmetadata:\n  name: s\n  annotations:\n    "helm.sh/hook": pre-instal\n' });

  after(() => chart.remove());

  it('pulls settings per document and applies changes without a restart', async () => {
    const client = await TestClient.start({ settings: { rules: { 'unknown-hook-event': 'warning' } } });
    try {
      const uri = chart.uri('templates/job.yaml');
      const first = client.nextDiagnostics(uri, has('unknown-hook-event'));
      await client.open(uri, 'kind: Job\nmetadata:\n  name: s\n  annotations:\n    "helm.sh/hook": pre-instal\n');
      assert.equal((await first).find((diagnostic) => diagnostic.code === 'unknown-hook-event')!.severity, 2);
      assert.ok(client.configurationRequests.some((item) => item.scopeUri === uri && item.section === 'helmHooks'));
      client.settings = { rules: { 'unknown-hook-event': 'off' } };
      const off = client.nextDiagnostics(uri, lacks('unknown-hook-event'));
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await off;
      client.settings = { enable: false };
      const disabled = client.nextDiagnostics(uri, (diagnostics) => diagnostics.length === 0);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await disabled;
      assert.deepEqual(await client.completion(uri, { line: 4, character: 20 }), []);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });

  it('falls back to the defaults on bad values, with one log line each', async () => {
    const client = await TestClient.start({ settings: { enable: 'yes', helmVersion: '5', diagnostics: { scope: 'everything' }, rules: { 'unknown-hook-event': 'loud', 'no-such-rule': 'error' } } });
    try {
      const uri = chart.uri('templates/job.yaml');
      const published = client.nextDiagnostics(uri, has('unknown-hook-event'));
      await client.open(uri, 'kind: Job\nmetadata:\n  name: s\n  annotations:\n    "helm.sh/hook": pre-instal\n');
      assert.equal((await published).find((diagnostic) => diagnostic.code === 'unknown-hook-event')!.severity, 1);
      // A second document pulls the same bad settings: the warnings must not repeat.
      const second = chart.uri('templates/second.yaml');
      const secondPublished = client.nextDiagnostics(second);
      await client.open(second, 'kind: ConfigMap\nmetadata:\n  name: second\n');
      await secondPublished;
      assert.equal(client.configurationRequests.filter((item) => item.scopeUri === second).length, 1);
      const about = (needle: string): number => client.logs.filter((line) => line.includes(needle)).length;
      assert.equal(about('helmHooks.enable'), 1, client.logs.join('\n'));
      assert.equal(about('helmHooks.rules.unknown-hook-event'), 1);
      assert.equal(about('helmHooks.rules.no-such-rule'), 1);
      assert.equal(about('helmHooks.helmVersion'), 1);
      assert.equal(about('helmHooks.diagnostics.scope'), 1);
      await client.shutdown();
    } finally {
      client.kill();
    }
  });

  it('uses the defaults for a client without the configuration capability', async () => {
    const client = await TestClient.start({ configuration: false, settings: { rules: { 'unknown-hook-event': 'off' } } });
    try {
      const uri = chart.uri('templates/job.yaml');
      const published = client.nextDiagnostics(uri, has('unknown-hook-event'));
      await client.open(uri, 'kind: Job\nmetadata:\n  name: s\n  annotations:\n    "helm.sh/hook": pre-instal\n');
      assert.equal((await published).find((diagnostic) => diagnostic.code === 'unknown-hook-event')!.severity, 1);
      assert.deepEqual(client.configurationRequests, []);
      // Without initializationOptions the client named no command to change settings: no "disable rule" action.
      const actions = (await client.codeActions(uri, { start: { line: 4, character: 22 }, end: { line: 4, character: 22 } })) ?? [];
      assert.ok(actions.some((action) => action.isPreferred));
      assert.ok(!actions.some((action) => action.title.startsWith('Disable rule')));
      // Such clients may push the section instead (Neovim 0.7 does); it then applies to every document.
      const pushed = client.nextDiagnostics(uri, (diagnostics) => diagnostics.find((diagnostic) => diagnostic.code === 'unknown-hook-event')?.severity === 3);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { helmHooks: { rules: { 'unknown-hook-event': 'information' } } } });
      await pushed;
      assert.deepEqual(client.configurationRequests, []);
      await client.shutdown();
    } finally {
      client.kill();
    }
  });
});

describe('server: whole-chart awareness', () => {
  let client!: TestClient;
  const chart = serveChart({ 'Chart.yaml': chartYaml, 'templates/job.yaml': migrateJob, 'templates/configmap.yaml': settingsConfigMap }, (started) => (client = started));

  it('a file read from disk counts: the hook needs a normal ConfigMap of the release', async () => {
    const uri = chart.uri('templates/job.yaml');
    const published = client.nextDiagnostics(uri, has('hook-depends-on-release-resource'));
    await client.open(uri, migrateJob);
    const diagnostics = await published;
    const finding = diagnostics.find((diagnostic) => diagnostic.code === 'hook-depends-on-release-resource')!;
    assert.match(messageOf(finding), /demo-settings/);
    assert.equal(finding.relatedInformation?.[0]?.location.uri, chart.uri('templates/configmap.yaml'));
  });

  it('editing the ConfigMap into an earlier hook in another open file clears the hook\'s finding', async () => {
    const jobUri = chart.uri('templates/job.yaml');
    const configUri = chart.uri('templates/configmap.yaml');
    await client.open(configUri, settingsConfigMap);
    const cleared = client.nextDiagnostics(jobUri, lacks('hook-depends-on-release-resource'));
    await client.replace(configUri, '  name: demo-settings\n', '  name: demo-settings\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n    "helm.sh/hook-weight": "-5"\n');
    await cleared;
    // Closing the ConfigMap without saving: the chart reads it from disk again, and the finding returns.
    const back = client.nextDiagnostics(jobUri, has('hook-depends-on-release-resource'));
    await client.close(configUri);
    await back;
  });

  it('a change on disk reported by the client refreshes the open files of the chart', async () => {
    const jobUri = chart.uri('templates/job.yaml');
    assert.ok(client.registrations.some((registration) => (registration as { method: string }).method === 'workspace/didChangeWatchedFiles'));
    chart.write('templates/configmap.yaml', settingsConfigMap.replace('  name: demo-settings\n', '  name: demo-settings\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n    "helm.sh/hook-weight": "-5"\n'));
    const cleared = client.nextDiagnostics(jobUri, lacks('hook-depends-on-release-resource'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: chart.uri('templates/configmap.yaml'), type: 2 }] });
    await cleared;
  });
});
