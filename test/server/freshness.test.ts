/**
 * What the server's memo of each chart must not change: a newly opened document gets a first
 * look of its own before the whole chart is parsed, and then the whole picture; opening is
 * never held back by the typing debounce, nor is an edit of a chart analysed fast; completion,
 * hover and code actions answer from the text as edited, before the debounced check has run.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { chartYaml, hookJob, serveChart, withServer } from './support/charts';
import { cursor, positionAt, type TestClient } from './support/lspClient';

const has = (rule: string) => (diagnostics: Diagnostic[]): boolean => diagnostics.some((diagnostic) => diagnostic.code === rule);
const codes = (diagnostics: Diagnostic[]): string => JSON.stringify(diagnostics.map((diagnostic) => diagnostic.code));

/** A normal ConfigMap the hook reads: a finding only the whole chart can see. */
const settingsConfigMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo-settings\ndata:\n  mode: fast\n';
const readsSettings = '          envFrom:\n            - configMapRef:\n                name: demo-settings\n';

/** A hook whose annotations map is completed from values; values.yaml gives it its weight. */
const valuesWeightedJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: demo-migrate
  annotations:
    "helm.sh/hook": pre-install
    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
    {{- with .Values.migrate.annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: busybox
${readsSettings}`;

describe('server: the first diagnostics of a chart', () => {
  it('come from the open document first, then from the whole chart read from disk', async () => {
    // A misspelled key: the first look holds only the rules that judge the source as written, which find it.
    const job = hookJob({ name: 'demo-migrate', events: 'pre-install', container: readsSettings }).replace('"helm.sh/hook-weight"', '"helm.sh/hook-wieght"');
    const files = { 'Chart.yaml': chartYaml('demo'), 'templates/job.yaml': job, 'templates/configmap.yaml': settingsConfigMap };
    await withServer(files, { settings: {} }, async (client, chart) => {
      const uri = chart.uri('templates/job.yaml');
      const first = client.nextDiagnostics(uri);
      const whole = client.nextDiagnostics(uri, has('hook-depends-on-release-resource'));
      await client.open(uri, job);
      const firstLook = await first;
      assert.ok(has('misspelled-hook-annotation')(firstLook), codes(firstLook));
      assert.ok(!has('hook-depends-on-release-resource')(firstLook), 'the first look sees only the open file');
      await whole;
      assert.equal(client.publishCounts.get(uri), 2);
      // The chart is parsed now: a second document gets one check of the whole chart.
      const configUri = chart.uri('templates/configmap.yaml');
      const config = client.nextDiagnostics(configUri);
      await client.open(configUri, settingsConfigMap);
      await config;
      assert.equal(client.publishCounts.get(configUri), 1);
    });
  });

  it('come from the whole chart at once when the open document is its only template (a first look would parse all of it)', async () => {
    const job = `${hookJob({ name: 'demo-migrate', events: 'pre-install', container: readsSettings }).replace('"helm.sh/hook-weight"', '"helm.sh/hook-wieght"')}---\n${settingsConfigMap}`;
    await withServer({ 'Chart.yaml': chartYaml('demo'), 'templates/job.yaml': job }, { settings: {} }, async (client, chart) => {
      const uri = chart.uri('templates/job.yaml');
      const first = client.nextDiagnostics(uri);
      await client.open(uri, job);
      const published = await first;
      // A resource rule's finding in the first publish: it is the whole chart's check (a first look holds source rules only).
      assert.ok(has('misspelled-hook-annotation')(published) && has('hook-depends-on-release-resource')(published), codes(published));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(client.publishCounts.get(uri), 1);
    });
  });

  it('show nothing in the first look that the whole chart clears, with values that may set hook keys or without', async () => {
    const files = { 'Chart.yaml': chartYaml('demo'), 'templates/job.yaml': valuesWeightedJob, 'templates/configmap.yaml': settingsConfigMap };
    for (const values of ['migrate:\n  annotations:\n    helm.sh/hook-weight: "-5"\n', undefined]) {
      await withServer(values === undefined ? files : { ...files, 'values.yaml': values }, { settings: {} }, async (client, chart) => {
        const uri = chart.uri('templates/job.yaml');
        const first = client.nextDiagnostics(uri);
        const whole = client.nextDiagnostics(uri, has('hook-depends-on-release-resource'));
        await client.open(uri, valuesWeightedJob);
        const [firstLook, wholeChart] = [await first, await whole];
        // Without values.yaml the hook really has no weight: the control case shows the rule fires on the whole chart.
        const unweighted = values === undefined;
        // The first look holds only the rules that judge the source as written, never a resource rule's guess.
        assert.deepEqual(firstLook, [], codes(firstLook));
        assert.equal(has('unweighted-hook')(wholeChart), unweighted, codes(wholeChart));
      });
    }
  });

  // With a ten-minute debounce, a check that waited for it would fail this test's two-minute timeout.
  it('are not held back by the typing debounce, even when a change follows the open at once', { timeout: 120_000 }, async () => {
    await withServer({ 'Chart.yaml': chartYaml('demo') }, { settings: {}, initializationOptions: { validationDelayMs: 600_000 } }, async (client, chart) => {
      const uri = chart.uri('templates/job.yaml');
      const published = client.nextDiagnostics(uri, has('unknown-hook-event'));
      await client.open(uri, hookJob({ name: 'demo-migrate', events: 'pre-install' }));
      await client.replace(uri, 'pre-install', 'pre-instal');
      await published;
    });
  });
});

describe('server: the adaptive debounce', () => {
  // The debounce is ten minutes, the test's timeout two: only a check that skips the wait passes.
  it('checks an edit at once when the last analysis of its chart was fast', { timeout: 120_000 }, async () => {
    await withServer({ 'Chart.yaml': chartYaml('demo') }, { settings: {}, initializationOptions: { validationDelayMs: 600_000 } }, async (client, chart) => {
      const uri = chart.uri('templates/job.yaml');
      const opened = client.nextDiagnostics(uri);
      await client.open(uri, hookJob({ name: 'demo-migrate', events: 'pre-install' }));
      assert.ok(!has('unknown-hook-event')(await opened));
      const edited = client.nextDiagnostics(uri, has('unknown-hook-event'));
      await client.replace(uri, 'pre-install', 'pre-instal');
      await edited;
      const fixed = client.nextDiagnostics(uri, (diagnostics) => !has('unknown-hook-event')(diagnostics));
      await client.replace(uri, 'pre-instal', 'pre-install');
      await fixed;
    });
  });
});

describe('server: requests right after an edit', () => {
  let client!: TestClient;
  // A long debounce: every answer below comes before the edit's diagnostics could.
  const chart = serveChart({ 'Chart.yaml': chartYaml('demo') }, (started) => (client = started), { settings: {}, initializationOptions: { validationDelayMs: 600_000 } });

  it('completion lists the events of the edited text', async () => {
    const uri = chart.uri('templates/hook.yaml');
    const { text, position } = cursor('kind: Job\nmetadata:\n  name: x\n  annotations:\n    "helm.sh/hook": pre-install, <|>\n');
    await client.open(uri, text);
    assert.ok(((await client.completion(uri, position)) ?? []).some((item) => item.label === 'post-install'));
    await client.replace(uri, 'pre-install, ', 'pre-install, post-install, ');
    const after = { line: position.line, character: position.character + 'post-install, '.length };
    const labels = ((await client.completion(uri, after)) ?? []).map((item) => item.label);
    assert.ok(labels.length > 0 && !labels.includes('post-install') && !labels.includes('pre-install'), JSON.stringify(labels));
    await client.close(uri);
  });

  it('weight completion follows an edit of another open file of the chart', async () => {
    const uri = chart.uri('templates/late.yaml');
    const other = chart.uri('templates/early.yaml');
    const { text, position } = cursor('kind: Job\nmetadata:\n  name: demo-late\n  annotations:\n    "helm.sh/hook": pre-upgrade\n    "helm.sh/hook-weight": <|>\n');
    await client.open(other, 'kind: Job\nmetadata:\n  name: demo-early\n  annotations:\n    "helm.sh/hook": pre-upgrade\n    "helm.sh/hook-weight": "5"\n');
    await client.open(uri, text);
    assert.deepEqual(((await client.completion(uri, position)) ?? []).map((item) => item.label), ['4', '6']);
    await client.replace(other, '"5"', '"9"');
    assert.deepEqual(((await client.completion(uri, position)) ?? []).map((item) => item.label), ['8', '10']);
    await client.close(other);
    assert.deepEqual(((await client.completion(uri, position)) ?? []).map((item) => item.label), ['0'], 'closed and never saved: the other hook is gone');
    await client.close(uri);
  });

  it('hover and code actions read the edited text', async () => {
    const uri = chart.uri('templates/typo.yaml');
    const typo = 'kind: Job\nmetadata:\n  name: demo-typo\n  annotations:\n    "helm.sh/hook": post-install\n    "helm.sh/hook-weight": "1"\n    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded\n';
    await client.open(uri, typo);
    const at = (needle: string) => positionAt(client.text(uri), client.text(uri).indexOf(needle) + 2);
    const hover = async (): Promise<string> => {
      const result = await client.hover(uri, at('post-'));
      return result && typeof result.contents === 'object' && 'value' in result.contents ? result.contents.value : '';
    };
    assert.doesNotMatch(await hover(), /does not know the event/);
    await client.replace(uri, 'post-install', 'post-instal');
    assert.match(await hover(), /does not know the event `post-instal`/);
    const actions = (await client.codeActions(uri, { start: at('post-'), end: at('post-') })) ?? [];
    assert.ok(actions.some((action) => action.isPreferred && /post-install/.test(action.title)), JSON.stringify(actions.map((action) => action.title)));
    await client.close(uri);
  });
});
