/**
 * Merge keys (`<<`) read as Helm reads them. The chart test/fixtures/render/charts/merge-keys
 * annotates hooks through merges (an anchor merged into annotations, metadata merged whole, a
 * sequence of merges, a merge after and before a written key, a merge inside a merged mapping,
 * written annotations replacing merged ones); its helm-hooks.json is Helm 4.1.4's own parse of
 * those hooks (`helm install --dry-run=client -o json`). The plan, rendered and as written, must
 * place every hook with Helm's events, weight and delete policies. (renderFixtures.test.ts compares its
 * `helm template` output, which tells hooks from the release's resources.)
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { getExecutionPlan } from '../../server/src/analysis';
import { main } from '../../server/src/cli/main';
import { formatPlanJson } from '../../server/src/cli/plan';
import { fixturesRoot, loadFixture } from './support/fixtures';
import { helmBinary } from './support/renderHarness';

const chartDir = path.join(fixturesRoot, 'render', 'charts', 'merge-keys');
const recordPath = path.join(chartDir, 'helm-hooks.json');

interface HelmHook {
  kind: string;
  name: string;
  events: string[];
  weight: number;
  deletePolicies: string[] | null;
}

interface PlanHook {
  kind: string;
  name: string;
  events: string[];
  weight: number;
  deletePolicies: string[];
  deletePolicyDefault: boolean;
}

const byName = (a: HelmHook, b: HelmHook): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function recorded(): HelmHook[] {
  return (JSON.parse(fs.readFileSync(recordPath, 'utf8')) as { hooks: HelmHook[] }).hooks;
}

/** Each hook of a plan once, as Helm's parse states it (no delete policy annotation: null). */
function planHooks(lifecycles: Record<string, { hooks?: PlanHook[] }[]>): HelmHook[] {
  const seen = new Map<string, HelmHook>();
  for (const steps of Object.values(lifecycles)) {
    for (const hook of steps.flatMap((step) => step.hooks ?? [])) {
      seen.set(`${hook.kind}/${hook.name}`, { kind: hook.kind, name: hook.name, events: hook.events, weight: hook.weight, deletePolicies: hook.deletePolicyDefault ? null : hook.deletePolicies });
    }
  }
  return [...seen.values()].sort(byName);
}

describe('merge keys (<<) as Helm applies them', () => {
  it('the rendered plan places every hook with Helm\'s events, weight and delete policies', () => {
    let stdout = '';
    const status = main(['plan', '--format', 'json', chartDir], { stdout: (text) => (stdout += text), stderr: () => undefined, colorOutput: false });
    assert.equal(status, 0);
    const plan = JSON.parse(stdout) as { render: { mode: string }; lifecycles: Record<string, { hooks?: PlanHook[] }[]> };
    assert.equal(plan.render.mode, 'rendered');
    assert.deepEqual(planHooks(plan.lifecycles), [...recorded()].sort(byName));
  });

  it('the plan of the templates as written places every hook the same way', () => {
    const plan = JSON.parse(formatPlanJson(getExecutionPlan(loadFixture(chartDir).chart))) as { lifecycles: Record<string, { hooks?: PlanHook[] }[]> };
    assert.deepEqual(planHooks(plan.lifecycles), [...recorded()].sort(byName));
  });

  const helm = helmBinary();
  if (helm) {
    it('the record is still what Helm parses', () => {
      const run = spawnSync(helm, ['install', 'rel', chartDir, '-n', 'ns', '--dry-run=client', '-o', 'json'], { encoding: 'utf8', env: { ...process.env, HELM_DEBUG: '' } });
      assert.equal(run.status, 0, run.stderr);
      const hooks = (JSON.parse(run.stdout) as { hooks: { kind: string; name: string; events?: string[]; weight?: number; delete_policies?: string[] }[] }).hooks;
      assert.deepEqual(
        hooks.map((hook) => ({ kind: hook.kind, name: hook.name, events: hook.events ?? [], weight: hook.weight ?? 0, deletePolicies: hook.delete_policies ?? null })),
        recorded(),
      );
    });
  }
});
