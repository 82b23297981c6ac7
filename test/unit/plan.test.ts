/**
 * The execution plan. Each chart under test/fixtures/plan/<case>/ has the exact text and
 * JSON that `helm-hooks plan` prints beside it (expected.txt, expected.json; written only
 * with UPDATE_FIXTURES=1, then reviewed). The orders are also asserted directly,
 * from Helm's sort key: weight, name byte-wise, kind, file, document. Placements and weight
 * suggestions are the hover and completion data built from the same plan.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { formatPlanText, getExecutionPlan, getHookPlacements, isPhaseStep, suggestWeights, type ChartInput, type ExecutionPlan, type Lifecycle, type PhaseStep } from '../../server/src/analysis';
import { formatPlanJson } from '../../server/src/cli/plan';
import { fixturesRoot, loadFixture } from './support/fixtures';
import { assertGolden } from './support/goldens';

const planRoot = path.join(fixturesRoot, 'plan');

describe('plan fixtures print exactly', () => {
  for (const name of fs.readdirSync(planRoot).sort()) {
    it(name, () => {
      const plan = getExecutionPlan(loadFixture(path.join(planRoot, name)).chart);
      checkGolden(path.join(planRoot, name, 'expected.txt'), formatPlanText(plan));
      checkGolden(path.join(planRoot, name, 'expected.json'), formatPlanJson(plan));
    });
  }
});

describe('Helm order within a phase', () => {
  it('kinds Helm does not list come last, byte-wise as Go compares strings (not by UTF-16 units)', () => {
    // U+FF3A sorts before U+1D400 in UTF-8 bytes, after it in UTF-16 code units.
    const chart = inlineChart([hookDoc('𝐀Kind', 'same', 'pre-install', '0'), hookDoc('ＺKind', 'same', 'pre-install', '0'), hookDoc('Job', 'same', 'pre-install', '0')]);
    const hooks = phase(getExecutionPlan(chart), 'install', 'pre-install').hooks;
    assert.deepEqual(hooks.map((hook) => hook.kind), ['Job', 'ＺKind', '𝐀Kind']);
    assert.deepEqual(hooks.map((hook) => hook.sortKey.kindOrder), [31, 38, 38]);
    const normal = ['apiVersion: v1', 'metadata:', '  name: n', ''];
    const release = inlineChart(['𝐀Kind', 'ＺKind', 'Service', 'Job'].map((kind) => [`kind: ${kind}`, ...normal].join('\n')));
    const uninstall = getExecutionPlan(release).lifecycles.uninstall.find((step) => !isPhaseStep(step));
    assert.deepEqual(uninstall && !isPhaseStep(uninstall) ? uninstall.kinds.map((item) => item.kind) : [], ['Service', 'Job', 'ＺKind', '𝐀Kind']);
  });

  it('weights beyond 2^53 keep their exact order (Helm compares int64s)', () => {
    const chart = inlineChart([hookDoc('ConfigMap', 'a-larger', 'pre-install', '9007199254740993'), hookDoc('ConfigMap', 'b-smaller', 'pre-install', '9007199254740992')]);
    const hooks = phase(getExecutionPlan(chart), 'install', 'pre-install').hooks;
    assert.deepEqual(hooks.map((hook) => `${hook.name} ${hook.placedBy}`), ['b-smaller first', 'a-larger weight']);
  });

  it('equal weights are ordered by name byte-wise, then kind, then file, then document', () => {
    const hooks = phase(fixturePlan('equal-weights'), 'install', 'pre-install').hooks;
    assert.deepEqual(hooks.map((hook) => `${hook.weight} ${hook.kind} ${hook.name} ${hook.file}#${hook.documentIndex}`), [
      '-5 Secret Upper templates/weights.yaml#4',
      '-5 Secret lower templates/weights.yaml#5',
      '-5 Secret twin templates/weights.yaml#6',
      '-5 Secret twin templates/weights.yaml#7',
      '-5 Secret twin templates/z-twin.yaml#0',
      '0 Job a-job templates/job.yaml#0',
      '0 ServiceAccount b-account templates/account.yaml#0',
      '0 Role same templates/rbac.yaml#1',
      '0 RoleBinding same templates/rbac.yaml#0',
      '0 ConfigMap spaced-weight templates/weights.yaml#3',
      '2 ConfigMap app-2 templates/weights.yaml#1',
      '3 ConfigMap plus-three templates/weights.yaml#2',
      '10 ConfigMap app-10 templates/weights.yaml#0',
    ]);
    assert.deepEqual(hooks.map((hook) => hook.placedBy), ['first', 'name', 'name', 'document', 'file', 'weight', 'name', 'name', 'kind', 'name', 'weight', 'weight', 'weight']);
  });

  it('pools subchart hooks with the parent\'s; the path breaks the last tie', () => {
    const hooks = phase(fixturePlan('subchart-pooled'), 'install', 'pre-install').hooks;
    assert.deepEqual(hooks.map((hook) => `${hook.chart}:${hook.kind}:${hook.name}`), ['worker:Job:worker-init', 'worker:ConfigMap:settings', 'parent:ConfigMap:settings', 'worker:ServiceAccount:migrate', 'parent:Job:migrate']);
    assert.equal(hooks[2].placedBy, 'file');
    assert.deepEqual(phase(fixturePlan('subchart-pooled'), 'upgrade', 'pre-upgrade').hooks.map((hook) => hook.name), ['settings', 'migrate']);
  });

  it('shows templated weights and names as written and says the order is unknown', () => {
    const hooks = phase(fixturePlan('templated'), 'install', 'pre-install').hooks;
    const config = hooks.find((hook) => hook.name.endsWith('-config'))!;
    assert.equal(config.weight, '{{ .Values.hooks.weight | quote }}');
    assert.deepEqual(config.templated, { kind: false, name: true, weight: true, events: false, deletePolicies: false });
    assert.equal(config.orderCertain, false);
    assert.equal(hooks[hooks.length - 1], config, 'a templated weight is listed after the literal ones');
    // `{{ include "t.fullname" . }}-a` and `-b` render with the same prefix: the literal suffix decides.
    const b = hooks.find((hook) => hook.name.endsWith('-b'))!;
    assert.equal(b.orderCertain, true);
    assert.equal(b.eventsConditional, true);
  });
});

describe('lifecycles', () => {
  const plan = fixturePlan('lifecycles');

  it('puts the release step between the pre and post phases of each command', () => {
    const shape = (lifecycle: Lifecycle): string[] => plan.lifecycles[lifecycle].map((step) => (isPhaseStep(step) ? step.phase : `release:${step.release}`));
    assert.deepEqual(shape('install'), ['pre-install', 'release:apply', 'post-install']);
    assert.deepEqual(shape('upgrade'), ['pre-upgrade', 'release:apply', 'post-upgrade']);
    assert.deepEqual(shape('rollback'), ['pre-rollback', 'release:apply', 'post-rollback']);
    assert.deepEqual(shape('uninstall'), ['pre-delete', 'release:delete', 'post-delete']);
    assert.deepEqual(shape('test'), ['test']);
  });

  it('runs a hook once per listed event, drops unknown events and lower-cases events', () => {
    assert.deepEqual(phase(plan, 'test', 'test').hooks.map((hook) => `${hook.name}:${hook.placedBy}`), ['ops:first', 'smoke:weight', 'smoke:repeat']);
    assert.deepEqual(phase(plan, 'uninstall', 'post-delete').hooks.map((hook) => hook.name), ['ops', 'cleanup']);
    const all = Object.values(plan.lifecycles).flat().filter(isPhaseStep).flatMap((step) => step.hooks);
    assert.ok(!all.some((hook) => hook.name === 'dropped'), 'a hook with an unknown event is not in the plan');
  });

  it('lists what stays after a phase succeeds', () => {
    assert.deepEqual(phase(plan, 'install', 'pre-install').leftBehind.map((item) => `${item.name}:${item.until}`), ['widgets.example.com:never', 'ops:next-run']);
    assert.deepEqual(phase(plan, 'uninstall', 'post-delete').leftBehind.map((item) => `${item.name}:${item.until}`), ['ops:next-run', 'cleanup:never']);
    assert.deepEqual(phase(plan, 'upgrade', 'pre-upgrade').leftBehind.map((item) => item.name), ['ops'], 'hook-succeeded deletes the backup Job');
  });

  it('counts normal resources in install order, and in uninstall order for delete', () => {
    const apply = plan.lifecycles.install[1];
    const remove = plan.lifecycles.uninstall[1];
    assert.ok(!isPhaseStep(apply) && !isPhaseStep(remove));
    assert.deepEqual(apply.kinds.map((item) => item.kind), ['Namespace', 'StatefulSet', 'Widget']);
    assert.deepEqual(remove.kinds.map((item) => item.kind), ['StatefulSet', 'Namespace', 'Widget']);
  });
});

describe('uninstall and helm.sh/resource-policy', () => {
  // What Helm 4.1.4 did against the fake API with these annotations (test/fixtures/plan/resource-policy): it deleted
  // only what has no helm.sh/resource-policy, named "keep" (trimmed, any case) as kept, and left the rest unnamed.
  const policyDoc = (name: string, policy?: string): string =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${policy === undefined ? '' : `  annotations:\n    helm.sh/resource-policy: ${policy}\n`}`;
  const uninstallStep = (chart: ChartInput) => getExecutionPlan(chart).lifecycles.uninstall.find((step) => !isPhaseStep(step));

  it('leaves out of the delete step what the policy keeps, and what any other policy leaves', () => {
    const step = uninstallStep(inlineChart([policyDoc('plain'), policyDoc('kept', 'keep'), policyDoc('spaced', '" KEEP "'), policyDoc('other', 'delete'), policyDoc('empty', '""'), policyDoc('null')]));
    assert.ok(step && !isPhaseStep(step));
    assert.equal(step.resources, 6, 'resources still counts every normal document (JSON field unchanged)');
    assert.deepEqual(step.notDeleted?.map((item) => [item.name, item.as]), [['kept', 'keep'], ['spaced', 'keep'], ['other', 'other'], ['empty', 'other']]);
    assert.match(formatPlanText(getExecutionPlan(inlineChart([policyDoc('plain'), policyDoc('kept', 'keep')]))), /delete the release's normal resources: 1 document \(1 ConfigMap\)\n +kept by helm\.sh\/resource-policy "keep" \(Helm names them\):\n +ConfigMap kept\n/);
  });

  it('has no notDeleted list when nothing carries the annotation, and none on install', () => {
    const plan = getExecutionPlan(inlineChart([policyDoc('plain'), policyDoc('kept', 'keep')]));
    const install = plan.lifecycles.install.find((step) => !isPhaseStep(step));
    assert.ok(install && !isPhaseStep(install) && install.notDeleted === undefined && install.resources === 2);
    const step = uninstallStep(inlineChart([policyDoc('plain')]));
    assert.ok(step && !isPhaseStep(step) && step.notDeleted === undefined);
  });
});

describe('hook placements', () => {
  it('says where a hook runs between its neighbours', () => {
    const chart = inlineChart([
      hookDoc('Job', 'x-migrate', 'post-upgrade', '-5'),
      hookDoc('Job', 'x-hook', 'post-upgrade', '0'),
      hookDoc('Job', 'x-smoke', 'post-upgrade', '10'),
      hookDoc('Job', 'x-report', 'post-upgrade', '20'),
    ]);
    const text = chart.templates[0].text;
    const placements = getHookPlacements(chart, 'templates/hooks.yaml', text.indexOf('x-hook'));
    assert.deepEqual(placements, [{
      phase: 'post-upgrade',
      position: 2,
      count: 4,
      after: { name: 'x-migrate', weight: -5 },
      before: { name: 'x-smoke', weight: 10 },
      orderCertain: true,
      text: 'post-upgrade: 2 of 4, after `x-migrate` (weight -5), before `x-smoke` (weight 10)',
    }]);
  });

  it('gives one entry per phase of a multi-event hook', () => {
    const chart = loadFixture(path.join(planRoot, 'lifecycles')).chart;
    const text = chart.templates.find((file) => file.path === 'templates/hooks.yaml')!.text;
    const placements = getHookPlacements(chart, 'templates/hooks.yaml', text.indexOf('name: backup'));
    assert.deepEqual(placements.map((placement) => placement.text), [
      'pre-upgrade: 2 of 2, after `ops` (weight -10)',
      'pre-rollback: 2 of 2, after `ops` (weight -10)',
      'pre-delete: 2 of 2, after `ops` (weight -10)',
    ]);
    const smoke = getHookPlacements(chart, 'templates/hooks.yaml', text.indexOf('name: smoke'));
    assert.deepEqual(smoke.map((placement) => placement.text), ['test: 2 of 3, after `ops` (weight -10); the event is listed twice, so it runs twice']);
  });

  it('is empty outside a hook and for a dropped hook', () => {
    const chart = loadFixture(path.join(planRoot, 'lifecycles')).chart;
    const hooks = chart.templates.find((file) => file.path === 'templates/hooks.yaml')!.text;
    const app = chart.templates.find((file) => file.path === 'templates/app.yaml')!.text;
    assert.deepEqual(getHookPlacements(chart, 'templates/app.yaml', app.indexOf('name: db')), []);
    assert.deepEqual(getHookPlacements(chart, 'templates/hooks.yaml', hooks.indexOf('name: dropped')), []);
  });

  it('marks a neighbour whose order depends on templated values', () => {
    const chart = loadFixture(path.join(planRoot, 'templated')).chart;
    const text = chart.templates.find((file) => file.path === 'templates/hooks.yaml')!.text;
    const [placement] = getHookPlacements(chart, 'templates/hooks.yaml', text.indexOf('-config'));
    assert.equal(placement.orderCertain, false);
    assert.equal(placement.text, 'pre-install: 4 of 4, after `{{ include "t.fullname" . }}-b` (weight 0) (the order depends on templated values)');
  });
});

describe('weight suggestions', () => {
  it('offers weights before, between and after the other hooks of the phase', () => {
    const chart = loadFixture(path.join(planRoot, 'equal-weights')).chart;
    // app-2 uses no hook and no hook uses it: every gap is offered.
    const text = chart.templates.find((file) => file.path === 'templates/weights.yaml')!.text;
    const suggestions = suggestWeights(chart, 'templates/weights.yaml', text.indexOf('app-2'));
    assert.deepEqual(suggestions.map((suggestion) => suggestion.weight), ['-6', '-3', '1', '6', '11']);
    assert.equal(suggestions[0].description, 'Runs first in pre-install: before `Upper`, `lower` and 3 more (weight -5).');
    assert.equal(suggestions[1].description, 'Runs in pre-install after `Upper`, `lower` and 3 more (weight -5) and before `a-job`, `b-account` and 3 more (weight 0).');
    assert.equal(suggestions[4].description, 'Runs last in pre-install: after `app-10` (weight 10).');
  });

  it('leads with the weight after the hooks it uses, and leaves out the weights before them', () => {
    const chart = loadFixture(path.join(planRoot, 'equal-weights')).chart;
    const text = chart.templates.find((file) => file.path === 'templates/job.yaml')!.text;
    // a-job runs as b-account, which the RoleBinding `same` binds (to the Role `same`): all at weight 0.
    const suggestions = suggestWeights(chart, 'templates/job.yaml', text.indexOf('a-job'));
    assert.deepEqual(suggestions.map((suggestion) => suggestion.weight), ['1', '6', '11']);
    assert.equal(suggestions[0].description, 'Runs in pre-install after `b-account`, `same` and 1 more (weight 0), which it uses.');
  });

  it('uses every phase of the hook and ignores templated weights', () => {
    const chart = inlineChart([
      hookDoc('Job', 'target', 'pre-install,post-install', '0'),
      hookDoc('ServiceAccount', 'early', 'pre-install', '-4'),
      hookDoc('Job', 'late', 'post-install', '7'),
      hookDoc('Job', 'unknown', 'post-install', '{{ .Values.weight | quote }}'),
      hookDoc('Job', 'elsewhere', 'pre-upgrade', '100'),
    ]);
    const text = chart.templates[0].text;
    assert.deepEqual(suggestWeights(chart, 'templates/hooks.yaml', text.indexOf('target')).map((suggestion) => suggestion.weight), ['-5', '1', '8']);
  });

  it('says any weight works for the only hook of its phases, and offers nothing outside hooks', () => {
    const chart = inlineChart([hookDoc('Job', 'alone', 'pre-delete', '3'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n']);
    const text = chart.templates[0].text;
    assert.deepEqual(suggestWeights(chart, 'templates/hooks.yaml', text.indexOf('alone')), [{ weight: '0', description: 'No other hook runs in pre-delete, so any weight works.' }]);
    assert.deepEqual(suggestWeights(chart, 'templates/hooks.yaml', text.indexOf('plain')), []);
  });
});

describe('the plan never throws', () => {
  it('returns an empty plan for broken input', () => {
    const broken = { name: 'broken', templates: [{ path: 'templates/x.yaml', text: '{{ if }}\n---\nkind: [\n  "helm.sh/hook": {{' }] } as ChartInput;
    const plan = getExecutionPlan(broken);
    assert.equal(plan.chart, 'broken');
    assert.deepEqual(Object.keys(plan.lifecycles), ['install', 'upgrade', 'rollback', 'uninstall', 'test']);
    assert.deepEqual(getHookPlacements(broken, 'templates/x.yaml', 5), []);
    assert.deepEqual(suggestWeights({ name: 'bad', templates: null } as unknown as ChartInput, 'templates/x.yaml', 0), []);
  });
});

function checkGolden(golden: string, actual: string): void {
  assertGolden(golden, actual, 'the printed plan');
}

function fixturePlan(name: string): ExecutionPlan {
  return getExecutionPlan(loadFixture(path.join(planRoot, name)).chart);
}

function phase(plan: ExecutionPlan, lifecycle: Lifecycle, name: string): PhaseStep {
  const step = plan.lifecycles[lifecycle].find((candidate) => isPhaseStep(candidate) && candidate.phase === name);
  assert.ok(step && isPhaseStep(step), `${lifecycle} has no ${name} phase`);
  return step;
}

function inlineChart(documents: readonly string[]): ChartInput {
  return { name: 'inline', templates: [{ path: 'templates/hooks.yaml', text: documents.join('---\n') }] };
}

function hookDoc(kind: string, name: string, events: string, weight: string): string {
  const weightValue = weight.startsWith('{{') ? weight : `"${weight}"`;
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  annotations:\n    "helm.sh/hook": ${events}\n    "helm.sh/hook-weight": ${weightValue}\n`;
}
