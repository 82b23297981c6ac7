/**
 * The plan as Helm runs it, for what it leaves out: test/fixtures/plan-off/chart has hooks that
 * its default values switch off (an `if` around a document, an `if` around only the
 * `helm.sh/hook` line, a `range` over an empty list, the `else` branch of the `on.yaml` profile),
 * documents Helm drops (a non-string and an unknown event), and names made by `randAlphaNum` and
 * `lookup`. Each case of cases.json is compared with expected/<case>.txt and .json
 * (UPDATE_FIXTURES=1 writes them), and, when a Helm binary is there (HELM_BIN), every claim is
 * checked against `helm template` with the same arguments.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { main } from '../../server/src/cli/main';
import { fixturesRoot } from './support/fixtures';
import { assertGolden } from './support/goldens';
import { helmBinary } from './support/renderHarness';

const root = path.join(fixturesRoot, 'plan-off');
const cases = JSON.parse(fs.readFileSync(path.join(root, 'cases.json'), 'utf8')) as Record<string, string[] | string>;

interface Hook {
  kind: string;
  name: string;
  file: string;
  nameFrom?: string[];
}
interface Off {
  kind: string;
  name: string;
  file: string;
  line: number;
  conditions: string[];
  rendersAsResource: boolean;
}
interface PlanJson {
  lifecycles: Record<string, { phase?: string; hooks?: Hook[] }[]>;
  dropped: { kind: string; name: string; file: string; value: string }[];
  off?: Off[];
}

function plan(args: readonly string[], format: 'text' | 'json'): string {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const status = main(['plan', '--format', format, ...args, 'chart'], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), colorOutput: false });
    assert.equal(status, 0, stderr);
    return stdout;
  } finally {
    process.chdir(cwd);
  }
}

const planJson = (name: string): PlanJson => JSON.parse(plan(cases[name] as string[], 'json')) as PlanJson;

/** Every hook of the plan, once, as kind/name. */
function hooksOf(json: PlanJson): Hook[] {
  const seen = new Map<string, Hook>();
  for (const steps of Object.values(json.lifecycles)) for (const step of steps) for (const hook of step.hooks ?? []) seen.set(`${hook.kind}/${hook.name}`, hook);
  return [...seen.values()];
}

interface HelmDocument {
  source: string;
  kind: string;
  name: string;
  hook?: string;
}

/** `helm template` with the case's arguments: its documents and the hook values it logs as skipped. */
function helmTemplate(helm: string, args: readonly string[]): { documents: HelmDocument[]; skipped: string[] } {
  const release = args[args.indexOf('--release-name') + 1];
  const rest = args.filter((_, index) => index !== args.indexOf('--release-name') && index !== args.indexOf('--release-name') + 1);
  const run = spawnSync(helm, ['template', release, 'chart', ...rest], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const documents = run.stdout.split(/^---$/m).filter((text) => text.includes('# Source: ')).map((text) => {
    const source = /# Source: (\S+)/.exec(text)![1];
    const value = parseAllDocuments(text)[0].toJS() as { kind: string; metadata: { name: string; annotations?: Record<string, unknown> | null } };
    const hook = value.metadata.annotations?.['helm.sh/hook'];
    return { source, kind: value.kind, name: value.metadata.name, ...(hook !== undefined ? { hook: String(hook) } : {}) };
  });
  const skipped = [...run.stderr.matchAll(/skipping unknown hooks" hookTypes=(\S+)/g)].map((match) => match[1]);
  return { documents, skipped };
}

describe('plan-off fixtures print exactly', () => {
  for (const [name, args] of Object.entries(cases)) {
    if (typeof args === 'string') continue;
    it(name, () => {
      fs.mkdirSync(path.join(root, 'expected'), { recursive: true });
      assertGolden(path.join(root, 'expected', `${name}.txt`), plan(args, 'text'), `plan ${name} (text)`);
      assertGolden(path.join(root, 'expected', `${name}.json`), plan(args, 'json'), `plan ${name} (json)`);
    });
  }
});

describe('the plan lists what Helm leaves out', () => {
  it('lists the hooks the default values switch off, with the guards that turn them on', () => {
    assert.deepEqual(planJson('default').off?.map((hook) => [hook.kind, hook.file, hook.line, hook.conditions, hook.rendersAsResource]), [
      ['ConfigMap', 'templates/cleanup.yaml', 7, ['if .Values.cleanup.asHook'], true],
      ['Job', 'templates/migrate.yaml', 7, ['if .Values.migrations.enabled'], false],
      ['Pod', 'templates/smoke.yaml', 8, ['range .Values.smoke'], false],
    ]);
    assert.match(plan(cases.default as string[], 'text'), /Off in this profile .*\n.*ConfigMap\s+\{\{ \.Release\.Name \}\}-cleanup\s+templates\/cleanup\.yaml:7\s+if \.Values\.cleanup\.asHook \(renders as a normal resource\)\n/);
  });

  it('follows the profile: on.yaml turns them on and the else branch off', () => {
    assert.deepEqual(planJson('on').off?.map((hook) => [hook.kind, hook.file, hook.conditions]), [['ConfigMap', 'templates/migrate.yaml', ['if not .Values.migrations.enabled']]]);
  });

  it('lists the documents Helm drops: a non-string and an unknown event', () => {
    assert.deepEqual(planJson('default').dropped.map((hook) => [hook.name, hook.value]), [['rel-numeric', '1'], ['rel-typo', 'post-instal']]);
  });

  it('marks names made by random functions and lookup', () => {
    const hooks = hooksOf(planJson('default'));
    assert.deepEqual(hooks.find((hook) => hook.kind === 'Secret')?.nameFrom, ['randAlphaNum']);
    assert.deepEqual(hooks.find((hook) => hook.name === 'rel-seen-0')?.nameFrom, ['lookup']);
    assert.equal(hooks.find((hook) => hook.name === 'rel-no-migrations')?.nameFrom, undefined);
  });

  it('says what helm template does, case by case', (t) => {
    const helm = helmBinary();
    if (!helm) return t.skip('no helm binary: set HELM_BIN or run npm run setup:helm');
    for (const [name, args] of Object.entries(cases)) {
      if (typeof args === 'string') continue;
      const json = planJson(name);
      const { documents, skipped } = helmTemplate(helm, args);
      const random = (hook: { name: string; nameFrom?: string[] }): string => (hook.nameFrom?.includes('randAlphaNum') ? hook.name.replace(/[a-z0-9]+$/, '*') : hook.name);
      const helmHooks = documents.filter((document) => document.hook !== undefined && !skipped.includes(document.hook));
      assert.deepEqual(hooksOf(json).map((hook) => `${hook.kind}/${random(hook)}`).sort(), helmHooks.map((document) => `${document.kind}/${random({ name: document.name, nameFrom: document.kind === 'Secret' ? ['randAlphaNum'] : [] })}`).sort(), `${name}: the hooks`);
      assert.deepEqual(json.dropped.map((hook) => hook.value), skipped, `${name}: the dropped documents`);
      for (const off of json.off ?? []) {
        const fromFile = documents.filter((document) => document.source === `app/${off.file}` && document.kind === off.kind);
        assert.ok(fromFile.every((document) => document.hook === undefined), `${name}: ${off.kind} of ${off.file} is no hook`);
        assert.equal(fromFile.length > 0, off.rendersAsResource, `${name}: ${off.kind} of ${off.file} renders as a resource`);
      }
    }
  });
});
