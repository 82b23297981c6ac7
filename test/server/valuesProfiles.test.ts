/**
 * Values profiles over JSON-RPC (issue 12): the server lists a chart's profiles (`default`, each
 * `ci/*-values.yaml`, then the files `helmHooks.values` names for the chart), and selecting one
 * changes the diagnostics, the hover and the plan of that chart, and tells the client so. The
 * chart is test/fixtures/profiles/ci-profiles, whose migration hook is on only in some profiles.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { describe, it } from 'node:test';
import type { Diagnostic, Hover } from 'vscode-languageserver/node';
import { TestClient, writeChart } from './support/lspClient';

const fixture = path.resolve('test/fixtures/profiles/ci-profiles/chart');

interface Profiles {
  readonly chart?: string;
  readonly chartName?: string;
  readonly active: string;
  readonly profiles: readonly { readonly name: string; readonly description?: string }[];
}

interface Row {
  readonly label: string;
  readonly children?: readonly Row[];
}

function filesOf(root: string, relative = ''): string[] {
  return fs.readdirSync(path.join(root, relative), { withFileTypes: true }).flatMap((entry) => {
    const file = relative ? `${relative}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesOf(root, file) : [file];
  });
}

const labels = (rows: readonly Row[]): string[] => rows.flatMap((row) => [row.label, ...labels(row.children ?? [])]);
const rules = (diagnostics: Diagnostic[]): string[] => diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
const hoverText = (hover: Hover | null): string => JSON.stringify(hover?.contents ?? null);

describe('server: values profiles', () => {
  it('lists the chart\'s profiles, and the one selected is what diagnostics, hover and the plan show', async () => {
    const files = Object.fromEntries(filesOf(fixture).map((file) => [file, fs.readFileSync(path.join(fixture, file), 'utf8')]));
    // A profile named in the settings (not a ci/ file), and a `set` value every profile takes.
    const chart = writeChart({ ...files, 'profiles/staging.yaml': 'migrate:\n  enabled: true\n' });
    const settings = { values: { '.': { valuesFiles: ['profiles/staging.yaml', 'profiles/missing.yaml'], set: ['image=alpine:3'] } } };
    const client = await TestClient.start({ settings, workspaceFolders: [pathToFileURL(chart.root).href] });
    const changed: string[] = [];
    client.connection.onNotification('helmHooks/valuesProfilesChanged', (params: { chart: string }) => {
      changed.push(params.chart);
    });
    const request = <T>(method: string, params: object): Promise<T> => client.connection.sendRequest(method, params);
    try {
      const uri = chart.uri('templates/migrate-job.yaml');
      const text = files['templates/migrate-job.yaml'];
      const hookAt = { line: text.split('\n').findIndex((line) => line.includes('helm.sh/hook:')), character: 8 };
      const opened = client.nextDiagnostics(uri);
      await client.open(uri, text);
      assert.deepEqual(rules(await opened), [], 'the migration Job renders nothing by default');

      const listed = await request<Profiles>('helmHooks/valuesProfiles', { uri });
      assert.equal(listed.chartName, 'ci-profiles');
      assert.equal(listed.active, 'default');
      assert.deepEqual(listed.profiles.map((profile) => profile.name), ['default', 'ci/migrate-values.yaml', 'ci/weights-values.yaml', 'profiles/staging.yaml']);
      assert.deepEqual(listed.profiles.map((profile) => profile.description), ['values.yaml', 'chart test values', 'chart test values', 'helmHooks.values']);
      const planBefore = labels((await request<{ items: Row[] }>('helmHooks/planTree', { uri })).items);
      assert.ok(!planBefore.some((label) => label.includes('release-name-migrate')), planBefore.join('\n'));
      const hoverBefore = hoverText(await client.hover(uri, hookAt));

      const found = client.nextDiagnostics(uri, (diagnostics) => rules(diagnostics).includes('implicit-delete-policy'));
      const selected = await request<Profiles>('helmHooks/selectValuesProfile', { uri, profile: 'ci/migrate-values.yaml' });
      assert.equal(selected.active, 'ci/migrate-values.yaml');
      assert.deepEqual(rules(await found), ['implicit-delete-policy']);
      assert.ok(changed.length > 0 && changed.every((key) => key === selected.chart), `the client heard of the change: ${JSON.stringify(changed)}`);
      const planAfter = labels((await request<{ items: Row[] }>('helmHooks/planTree', { uri })).items);
      assert.ok(planAfter.some((label) => label.includes('Job release-name-migrate')), planAfter.join('\n'));
      const hoverAfter = hoverText(await client.hover(uri, hookAt));
      assert.notEqual(hoverAfter, hoverBefore);
      assert.match(hoverAfter, /release-name-settings/);

      assert.equal((await request<Profiles>('helmHooks/selectValuesProfile', { uri, profile: 'ci/nothing-values.yaml' })).active, 'ci/migrate-values.yaml', 'an unknown profile changes nothing');

      const cleared = client.nextDiagnostics(uri, (diagnostics) => diagnostics.length === 0);
      assert.equal((await request<Profiles>('helmHooks/selectValuesProfile', { uri, profile: 'default' })).active, 'default');
      await cleared;
      assert.equal(hoverText(await client.hover(uri, hookAt)), hoverBefore);

      // The settings' file renders the Job too; the `set` image reaches every profile's render.
      const again = client.nextDiagnostics(uri, (diagnostics) => rules(diagnostics).includes('implicit-delete-policy'));
      await request<Profiles>('helmHooks/selectValuesProfile', { uri, profile: 'profiles/staging.yaml' });
      await again;
      const plan: { content: string } = await request('helmHooks/executionPlan', { uri });
      assert.match(plan.content, /release-name-migrate/);
      await client.shutdown();
    } finally {
      client.kill();
      chart.remove();
    }
  });

});
