/**
 * The plan the editor shows, over real JSON-RPC: the plan view's tree (`helmHooks/planTree`)
 * of a rendered chart and of one that does not render, the `helmHooks/planChanged`
 * notification after an edit and the new order it leads to, and the plan text's language.
 */
import * as assert from 'assert/strict';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'url';
import { chartYaml, hookJob, serveChart } from './support/charts';
import { positionAt, type TestClient } from './support/lspClient';

interface Item {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  location?: { uri: string; line: number };
  expanded?: boolean;
  children?: Item[];
}

interface TreeResult {
  chart?: string;
  title: string;
  message?: string;
  items: Item[];
}

const files = {
  'Chart.yaml': chartYaml('shop'),
  'values.yaml': 'prefix: shop\n',
  'templates/migrate.yaml': hookJob({ name: '{{ .Values.prefix }}-migrate', events: 'pre-install,pre-upgrade', weight: '5' }),
  'templates/account.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: shop-account\n  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "5"\n',
  'templates/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shop-settings\n',
};

const tree = (client: TestClient, uri: string): Promise<TreeResult> => client.connection.sendRequest('helmHooks/planTree', { uri });
const find = (items: Item[], id: string): Item | undefined => items.find((item) => item.id === id);
/** The hook rows of a phase, as their labels. */
const hooksOf = (result: TreeResult, lifecycle: string, phase: string): string[] => (find(find(result.items, lifecycle)?.children ?? [], `${lifecycle}/${phase}`)?.children ?? []).map((item) => item.label);

describe('server: the plan view', () => {
  let client!: TestClient;
  const chart = serveChart(files, (started) => (client = started));

  it('answers the rendered plan as rows: lifecycle, step, hook with weight, kind and rendered name', async () => {
    const uri = chart.uri('templates/migrate.yaml');
    await client.open(uri, files['templates/migrate.yaml']);
    const result = await tree(client, uri);
    assert.equal(result.title, 'shop');
    assert.deepEqual(result.items.map((item) => item.label), ['rendered', 'install', 'upgrade', 'rollback', 'uninstall', 'test']);
    const install = find(result.items, 'install')!;
    assert.equal(install.expanded, true);
    assert.deepEqual(install.children!.map((item) => `${item.label} — ${item.description}`), [
      'pre-install — 2 hooks · 1 left behind',
      "create the release's resources — 1 document (1 ConfigMap)",
      'post-install — no hooks',
    ]);
    // Same weight: Helm's tie-break by name puts shop-account first, and the Job is marked as placed by it.
    assert.deepEqual(hooksOf(result, 'install', 'pre-install'), ['5  ServiceAccount shop-account', '5  Job shop-migrate']);
    const [account, job] = find(install.children!, 'install/pre-install')!.children!;
    assert.equal(account.description, 'before-hook-creation (default) · stays until it runs again');
    assert.equal(job.description, 'tie: by name · before-hook-creation,hook-succeeded · deleted on success');
    assert.equal(job.icon, 'arrow-swap');
    assert.notEqual(account.icon, job.icon);
    assert.match(job.tooltip!, /^Job shop-migrate\nweight: 5\n/);
    // A click goes to the line that makes it a hook: its helm.sh/hook annotation (0-based line 5).
    assert.deepEqual(job.location, { uri, line: 5 });
    assert.equal(account.location!.uri, chart.uri('templates/account.yaml'));
    await client.close(uri);
  });

  it('hovers a hook with its place among the rendered names', async () => {
    const uri = chart.uri('templates/account.yaml');
    const text = files['templates/account.yaml'];
    await client.open(uri, text);
    const hover = await client.hover(uri, positionAt(text, text.indexOf('helm.sh/hook"') + 1));
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
    assert.match(hover.contents.value, /pre-install: 1 of 2, before `shop-migrate` \(weight 5\)/);
  });

  it('completes a weight among the rendered names', async () => {
    const uri = chart.uri('templates/account.yaml');
    const text = files['templates/account.yaml'];
    await client.open(uri, text);
    const items = (await client.completion(uri, positionAt(text, text.indexOf('"5"') + 1))) ?? [];
    const documentation = (item: (typeof items)[number]): string => (typeof item.documentation === 'object' ? item.documentation.value : String(item.documentation));
    assert.deepEqual(items.map((item) => item.label), ['4', '6']);
    // The literal plan knows the Job only by its template (`{{ .Values.prefix }}-migrate`); the rendered plan by its name.
    assert.match(documentation(items[0]), /before `shop-migrate` \(weight 5\)/);
    assert.match(documentation(items[1]), /after `shop-migrate` \(weight 5\)/);
    await client.close(uri);
  });

  it('tells the client its plan changed after an edit, and the next answer has the new order', async () => {
    const uri = chart.uri('templates/migrate.yaml');
    await client.open(uri, files['templates/migrate.yaml']);
    assert.deepEqual(hooksOf(await tree(client, uri), 'upgrade', 'pre-upgrade'), ['5  Job shop-migrate']);
    const before = await tree(client, uri);
    const changed = new Promise<{ chart: string }>((resolve) => {
      const subscription = client.connection.onNotification('helmHooks/planChanged', (params: { chart: string }) => {
        subscription.dispose();
        resolve(params);
      });
    });
    await client.replace(uri, '"helm.sh/hook-weight": "5"', '"helm.sh/hook-weight": "-3"');
    assert.equal((await changed).chart, before.chart);
    assert.deepEqual(hooksOf(await tree(client, uri), 'install', 'pre-install'), ['-3  Job shop-migrate', '5  ServiceAccount shop-account']);
    await client.close(uri);
  });

  it('falls back to the plan as written, saying why, when the chart does not render', async () => {
    const uri = chart.uri('templates/broken.yaml');
    const text = '{{ fail "no database configured" }}\n' + hookJob({ name: 'shop-check', events: 'post-install', weight: '2' });
    await client.open(uri, text);
    const result = await tree(client, uri);
    const render = result.items[0];
    assert.equal(render.label, 'not rendered');
    assert.match(render.description!, /no database configured/);
    assert.equal(render.icon, 'warning');
    assert.deepEqual(hooksOf(result, 'install', 'post-install'), ['2  Job shop-check']);
    await client.close(uri);
  });

  it('says so for a file outside any chart', async () => {
    const result = await tree(client, pathToFileURL(path.join(os.tmpdir(), 'helm-hooks-no-chart', 'notes.yaml')).href);
    assert.deepEqual(result.items, []);
    assert.match(result.message!, /not part of a Helm chart/);
  });

  it('gives the plan text in a language of its own, rendered', async () => {
    const result: { title: string; content: string; languageId: string; chart?: string } = await client.connection.sendRequest('helmHooks/executionPlan', { uri: chart.uri('templates/migrate.yaml') });
    assert.equal(result.languageId, 'helm-hooks-plan');
    assert.ok(result.chart);
    assert.match(result.content, /Rendered as helm template renders it/);
    assert.match(result.content, /shop-migrate/);
  });
});

describe('server: the plan view on a tie the release name decides', () => {
  let client!: TestClient;
  // "migrate" < "release-name-db", but "0-db" < "migrate": the release name orders the two.
  const tied = {
    'Chart.yaml': chartYaml('tied'),
    'values.yaml': '',
    'templates/database.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-db\n  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "5"\n',
    'templates/migrate.yaml': hookJob({ name: 'migrate', events: 'pre-install', weight: '5' }),
  };
  const chart = serveChart(tied, (started) => (client = started));

  it('marks the row, names the other order in its tooltip and the hover, and says so in the text', async () => {
    const uri = chart.uri('templates/database.yaml');
    const text = tied['templates/database.yaml'];
    await client.open(uri, text);
    const result = await tree(client, uri);
    assert.deepEqual(hooksOf(result, 'install', 'pre-install'), ['5  Job migrate', '5  Service release-name-db']);
    const service = find(find(find(result.items, 'install')!.children!, 'install/pre-install')!.children!, 'install/pre-install/templates/database.yaml#0/0');
    assert.equal(service?.description, 'tie: by name, release name decides · before-hook-creation (default) · stays until it runs again');
    assert.match(service?.tooltip ?? '', /\nother order: with release name "0" it runs before the one above \("0-db" < "migrate"\)\n/);
    const hover = await client.hover(uri, positionAt(text, text.indexOf('helm.sh/hook"') + 1));
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
    assert.match(hover.contents.value, /pre-install: 2 of 2, after `migrate` \(weight 5\); the release name decides this tie: it runs before `migrate` with release name "0"/);
    const plan: { content: string } = await client.connection.sendRequest('helmHooks/executionPlan', { uri });
    assert.match(plan.content, /← same weight: by name, which the release name decides: with release name "0" it runs before the one above \("0-db" < "migrate"\)/);
    await client.close(uri);
  });
});
