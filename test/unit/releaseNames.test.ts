/**
 * Ties judged under more than one release name (semantics/releaseNames.ts): a tie whose two hooks
 * swap places under another release name depends on the release name; one whose hooks keep their
 * order under every name rendered is fixed; and a chart whose rules meet no tie is rendered once.
 * The charts are the fixtures of test/fixtures/rendered/findings (their goldens show the findings).
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { createChartAnalysis, createParseCache, createRenderCache, type ChartInput, type RenderOptions } from '../../server/src/analysis';
import { renderedFactsOf } from '../../server/src/analysis/api/chartAnalysis';
import { chartFacts } from '../../server/src/analysis/api/facts';
import { buildChartModel, type Resource } from '../../server/src/analysis/model/chart';
import { otherReleaseNames, swappedUnder, type ReleaseNameOrders } from '../../server/src/analysis/semantics/releaseNames';
import { loadChart } from '../../server/src/node/chartLoader';
import { repoRoot } from './support/renderHarness';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'rendered', 'findings');

function load(name: string): ChartInput {
  const problems: { path: string; message: string }[] = [];
  const input = loadChart(path.join(fixtures, name), problems);
  assert.deepEqual(problems, []);
  return input;
}

/** The rendered chart's hooks (by kind, in `file` when given) and its ties under the other release names. */
function rendered(name: string, options: RenderOptions = {}, file?: string): { hook: (kind: string) => Resource; orders: ReleaseNameOrders } {
  const input = load(name);
  const { facts } = renderedFactsOf(input, chartFacts(buildChartModel(input, createParseCache())), options);
  assert.ok(facts, `${name} renders`);
  const orders = facts.facts.releaseNameOrders;
  assert.ok(orders, 'a rendered chart has orders under other release names');
  const hook = (kind: string): Resource => {
    const found = facts.model.hooks.filter((resource) => resource.kind === kind && (file === undefined || resource.file.path === file));
    assert.equal(found.length, 1, `one ${kind} hook`);
    return found[0];
  };
  return { hook, orders };
}

describe('ties under other release names', () => {
  it('the other names are valid release names: DNS-1123, at most 53 bytes', () => {
    for (const name of otherReleaseNames) assert.match(name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
    for (const name of otherReleaseNames) assert.ok(name.length <= 53, name);
  });

  it('a literal name against one made from the release name: the order swaps', () => {
    const { hook, orders } = rendered('release-name-order', {}, 'templates/settings.yaml');
    const job = hook('Job');
    const config = hook('ConfigMap');
    assert.equal(job.name, 'fix-unweighted');
    assert.equal(config.name, 'release-name-fix-unweighted-settings');
    // "fix-unweighted" < "release-name-…": the Job runs first here, the ConfigMap first under "0".
    assert.deepEqual(swappedUnder(orders, job, config), { releaseName: '0', order: 1, names: ['fix-unweighted', '0-fix-unweighted-settings'] });
  });

  it('a release name under which the order is right: a run of "z" swaps it', () => {
    const { hook, orders } = rendered('release-name-order', { name: 'a' }, 'templates/settings.yaml');
    assert.deepEqual(swappedUnder(orders, hook('Job'), hook('ConfigMap')), { releaseName: 'zzzzzzzz', order: -1, names: ['fix-unweighted', 'zzzzzzzz-fix-unweighted-settings'] });
  });

  it('identical names and a name that extends another keep their order under every name (ingress-nginx-like printf helpers)', () => {
    const { hook, orders } = rendered('release-name-fixed');
    const hooks = ['ServiceAccount', 'Role', 'RoleBinding', 'Job'].map(hook);
    for (const a of hooks) {
      for (const b of hooks) {
        if (a === b) continue;
        assert.equal(orders.ordersOf(a, b).length, otherReleaseNames.length, `${a.kind} and ${b.kind} render under every other name`);
        assert.equal(swappedUnder(orders, a, b), undefined, `${a.kind} and ${b.kind}`);
      }
    }
  });

  it('names that share the release name as their start keep their order', () => {
    const { hook, orders } = rendered('equal-weights');
    assert.equal(swappedUnder(orders, hook('Job'), hook('ConfigMap')), undefined);
  });

  it('renders the other names only when a rule meets a tie', () => {
    const tied = createRenderCache();
    createChartAnalysis(load('release-name-order'), undefined, {}, tied).findings();
    assert.deepEqual([...(tied.others?.keys() ?? [])], otherReleaseNames);
    const untied = createRenderCache();
    createChartAnalysis(load('values-hook'), undefined, {}, untied).findings();
    assert.equal(untied.others, undefined);
  });

  it('the plan marks a tie the release name decides, with the renders the rules made', () => {
    const renders = createRenderCache();
    const analysis = createChartAnalysis(load('release-name-order'), undefined, {}, renders);
    analysis.findings();
    const made = [...(renders.others?.values() ?? [])];
    assert.equal(made.length, otherReleaseNames.length);
    const plan = analysis.renderedPlan();
    assert.deepEqual([...(renders.others?.values() ?? [])], made, 'no render again: the rules\' renders under the other names');
    const marked = Object.values(plan.lifecycles).flat().flatMap((step) => ('hooks' in step ? step.hooks : [])).filter((hook) => hook.orderDependsOnReleaseName);
    assert.deepEqual(marked.map((hook) => [hook.name, hook.orderDependsOnReleaseName]), [
      ['release-name-db', { releaseName: '0', order: ['0-db', 'migrate'] }],
      ['release-name-fix-unweighted-settings', { releaseName: '0', order: ['0-fix-unweighted-settings', 'fix-unweighted'] }],
    ]);
  });

  it('the plan leaves ties fixed for every name unmarked, and renders no other name without a tie', () => {
    const fixed = createChartAnalysis(load('release-name-fixed'), undefined, {}).renderedPlan();
    const hooks = Object.values(fixed.lifecycles).flat().flatMap((step) => ('hooks' in step ? step.hooks : []));
    assert.ok(hooks.filter((hook) => hook.placedBy === 'name' || hook.placedBy === 'kind').length >= 3, 'the fixture has ties');
    assert.equal(hooks.filter((hook) => hook.orderDependsOnReleaseName).length, 0);
    const untied = createRenderCache();
    createChartAnalysis(load('values-hook'), undefined, {}, untied).renderedPlan();
    assert.ok(untied.last, 'rendered once');
    assert.equal(untied.others, undefined);
  });

  it('a tie of names written out in full is judged without rendering other names', () => {
    const hook = (kind: string, name: string, spec: string[]): string => [`kind: ${kind}`, 'metadata:', `  name: ${name}`, '  annotations:', '    helm.sh/hook: pre-install', '    helm.sh/hook-weight: "20"', ...spec].join('\n');
    const job = hook('Job', 'a-seed', ['spec:', '  template:', '    spec:', '      restartPolicy: Never', '      serviceAccountName: z-seed-account']);
    const input: ChartInput = { name: 'literal', chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: literal\nversion: 0.1.0\n' }, templates: [{ path: 'templates/seed.yaml', text: `${job}\n---\n${hook('ServiceAccount', 'z-seed-account', [])}\n` }] };
    const renders = createRenderCache();
    const { findings, render } = createChartAnalysis(input, undefined, {}, renders).findings();
    assert.deepEqual(render, { mode: 'rendered' });
    assert.deepEqual(findings.filter((finding) => finding.rule === 'hook-dependency-runs-later').map((finding) => finding.message), ['ServiceAccount "z-seed-account" is created after this hook: both weigh 20, and Helm goes by name ("a-seed" < "z-seed-account").']);
    assert.equal(renders.others, undefined);
    createChartAnalysis(input, undefined, {}, renders).renderedPlan();
    assert.equal(renders.others, undefined, 'nor does the plan');
  });
});
