/**
 * `helm-hooks plan` on rendered output. The chart in test/fixtures/plan-rendered/chart has
 * hooks that only rendering places (annotations from values through toYaml, from a define
 * through include, `range` instances, an `if` on values and on .Release.IsUpgrade, a subchart
 * hook), names whose rendered form decides the order, and two documents Helm drops. Each case
 * of cases.json is run through the CLI and compared with expected/<case>.txt and .json
 * (UPDATE_FIXTURES=1 writes them; review them); the facts that matter are also asserted here.
 * What Helm renders for this chart was checked with `helm template` 4.1.4 (see the assertions).
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { fixturesRoot } from './support/fixtures';
import { assertGolden } from './support/goldens';

const root = path.join(fixturesRoot, 'plan-rendered');
const chartDir = path.join(root, 'chart');
const cases = JSON.parse(fs.readFileSync(path.join(root, 'cases.json'), 'utf8')) as Record<string, string[] | string>;

interface Hook {
  kind: string;
  name: string;
  weight: number;
  file: string;
  line: number;
  events: string[];
  deletePolicies: string[];
  deletePolicyDefault: boolean;
  placedBy: string;
  origin?: { file: string; line: number };
}
interface PlanJson {
  render: { mode: string; release?: string; namespace?: string; isUpgrade?: boolean; error?: string };
  lifecycles: Record<string, { phase?: string; hooks?: Hook[]; release?: string; resources?: number }[]>;
  dropped: { kind: string; name: string; file: string; line: number; value: string }[];
}

/** Runs `helm-hooks plan <args> chart` from the fixture folder (so -f paths resolve there). */
function plan(args: readonly string[], format: 'text' | 'json'): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const status = main(['plan', '--format', format, ...args, 'chart'], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), colorOutput: false });
    return { status, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

function planJson(args: readonly string[]): PlanJson {
  const run = plan(args, 'json');
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as PlanJson;
}

function phase(json: PlanJson, name: string): Hook[] {
  for (const steps of Object.values(json.lifecycles)) for (const step of steps) if (step.phase === name) return step.hooks ?? [];
  throw new Error(`no phase ${name}`);
}

const names = (hooks: readonly Hook[]): string[] => hooks.map((hook) => `${hook.kind}/${hook.name}`);

describe('plan from rendered output prints exactly', () => {
  for (const [name, args] of Object.entries(cases)) {
    if (typeof args === 'string') continue;
    it(name, () => {
      fs.mkdirSync(path.join(root, 'expected'), { recursive: true });
      for (const format of ['text', 'json'] as const) {
        const run = plan(args, format);
        assert.equal(run.status, 0, run.stderr);
        assertGolden(path.join(root, 'expected', `${name}.${format === 'text' ? 'txt' : 'json'}`), run.stdout, `plan ${name} (${format})`);
      }
    });
  }
});

describe('plan from rendered output', () => {
  const rendered = planJson(cases.default as string[]);

  it('says it rendered, with the release and namespace given', () => {
    assert.deepEqual(rendered.render, { mode: 'rendered', release: 'rel', namespace: 'ns', isUpgrade: false });
    assert.equal(fs.existsSync(chartDir), true);
  });

  it('places hooks from values (toYaml), from a define (include) and from a subchart, in Helm\'s order', () => {
    // Helm 4.1.4 runs pre-install: weight -5 first (rel-shop-migrate < worker-init by name), then
    // weight 0 by rendered name: rel-shop-admission is a prefix of rel-shop-admission-create, and
    // the ConfigMap runs after the Job although Helm's kind order puts ConfigMap first.
    assert.deepEqual(names(phase(rendered, 'pre-install')), ['Job/rel-shop-migrate', 'Job/worker-init', 'ServiceAccount/rel-shop-admission', 'Job/rel-shop-admission-create', 'ConfigMap/rel-shop-settings-hook']);
    assert.deepEqual(phase(rendered, 'pre-install').map((hook) => hook.placedBy), ['first', 'name', 'weight', 'name', 'name']);
    assert.deepEqual(names(phase(rendered, 'post-install')), ['ConfigMap/rel-shop-notify']);
    assert.deepEqual(names(phase(rendered, 'pre-upgrade')), ['Job/rel-shop-migrate', 'Job/worker-init'], 'the IsUpgrade hook and the disabled backup are not rendered');
    assert.deepEqual(names(phase(rendered, 'test')), ['Pod/rel-smoke-api', 'Pod/rel-smoke-web'], 'each range instance is a hook, sorted by its rendered name');
  });

  it('reads events, weights and delete policies as Helm does', () => {
    const migrate = phase(rendered, 'pre-install')[0];
    assert.deepEqual([migrate.events, migrate.weight, migrate.deletePolicies, migrate.deletePolicyDefault], [['pre-install', 'pre-upgrade'], -5, ['before-hook-creation'], true]);
    const notify = phase(rendered, 'post-install')[0];
    assert.deepEqual([notify.events, notify.deletePolicies, notify.deletePolicyDefault], [['post-install', 'post-upgrade'], ['before-hook-creation', 'hook-succeeded'], false]);
  });

  it('points each hook at its template and the line that put the hook annotation there', () => {
    const at = (hook: Hook) => `${hook.file}:${hook.line}`;
    const preInstall = phase(rendered, 'pre-install');
    assert.equal(at(preInstall[0]), 'templates/migrate-job.yaml:7', 'the toYaml action that prints the values');
    assert.equal(at(preInstall[1]), 'charts/worker/templates/init-job.yaml:6');
    assert.equal(at(preInstall[2]), 'templates/admission.yaml:22', 'the second document\'s own annotation line');
    assert.equal(at(phase(rendered, 'post-install')[0]), 'templates/notify.yaml:6', 'the include of the define');
    assert.deepEqual(phase(rendered, 'test').map(at), ['templates/smoke.yaml:8', 'templates/smoke.yaml:8']);
  });

  it('says where the hook annotation is written when that is not the template line: a value, a define', () => {
    const origin = (hook: Hook) => hook.origin && `${hook.origin.file}:${hook.origin.line}`;
    assert.equal(origin(phase(rendered, 'pre-install')[0]), 'values.yaml:5', 'migrations.annotations in values.yaml');
    assert.equal(origin(phase(rendered, 'post-install')[0]), 'templates/_helpers.tpl:6', 'the shop.postHook define');
    assert.equal(origin(phase(rendered, 'pre-install')[2]), undefined, 'literal in its own template: no origin');
    const fromFile = planJson(cases['backup-on'] as string[]);
    assert.equal(phase(fromFile, 'pre-install')[0].origin?.file, 'values.yaml');
  });

  it('lists the documents Helm drops, and no hook of them', () => {
    assert.deepEqual(rendered.dropped, [
      { kind: 'ConfigMap', name: 'rel-shop-typo', file: 'templates/dropped.yaml', line: 7, value: 'post-instal' },
      { kind: 'ConfigMap', name: 'rel-shop-boolean', file: 'templates/dropped.yaml', line: 14, value: 'true' },
    ]);
  });

  it('follows the values: -f turns the backup hook on and the range shrinks', () => {
    const json = planJson(cases['backup-on'] as string[]);
    assert.deepEqual(names(phase(json, 'pre-upgrade')), ['Job/rel-shop-migrate', 'Job/worker-init', 'Job/rel-shop-backup']);
    assert.deepEqual(names(phase(json, 'pre-rollback')), ['Job/rel-shop-backup']);
    assert.deepEqual(names(phase(json, 'test')), ['Pod/rel-smoke-web']);
  });

  it('renders as an upgrade with --is-upgrade', () => {
    const json = planJson(cases.upgrade as string[]);
    assert.equal(json.render.isUpgrade, true);
    assert.deepEqual(names(phase(json, 'pre-upgrade')), ['ConfigMap/rel-shop-upgraded', 'Job/rel-shop-migrate', 'Job/worker-init']);
  });

  it('falls back to the templates as written when Helm would fail, and says why', () => {
    const json = planJson(cases.fails as string[]);
    assert.equal(json.render.mode, 'literal');
    assert.equal(json.render.error, 'execution error at (shop/templates/configmap.yaml:2:4): broken is set: this chart refuses to render\n\nUse --debug flag to render out invalid YAML');
    const text = plan(cases.fails as string[], 'text').stdout;
    assert.match(text, /The chart could not be rendered \(release "rel", namespace "ns"\); hooks are read from the templates as written\.\nHelm: execution error at \(shop\/templates\/configmap\.yaml:2:4\): broken is set: this chart refuses to render\nHelm runs/);
    assert.doesNotMatch(text, /--debug/, 'Helm\'s hint about --debug is not the plan\'s business');
  });

  it('reads the templates as written with --no-render', () => {
    const json = planJson(cases['no-render'] as string[]);
    assert.deepEqual(json.render, { mode: 'literal' });
    assert.ok(!names(phase(json, 'pre-install')).some((name) => name.includes('migrate')), 'hook annotations in values are not placed without rendering');
  });
});
