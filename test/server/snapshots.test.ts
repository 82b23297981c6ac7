/**
 * The server's memo of each chart, in process: one ChartAnalysis per state of the
 * chart, rebuilt when the state changes, and then re-parsing only the file that changed.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart, createParseCache, renderPlan, rules, type ChartInput } from '../../server/src/analysis';
import { ChartSnapshots, editorRenderOptions, filesOf } from '../../server/src/snapshots';
import { chartYaml, hookJob } from './support/charts';

const chart = (jobEvents: string): ChartInput => ({
  name: 'demo',
  chartYaml: { path: 'Chart.yaml', text: chartYaml('demo') },
  values: { path: 'values.yaml', text: 'migrate:\n  annotations:\n    helm.sh/hook-weight: "2"\n' },
  templates: [
    { path: 'templates/job.yaml', text: hookJob({ name: 'demo-migrate', events: jobEvents }) },
    { path: 'templates/configmap.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo-settings\n' },
  ],
  subcharts: [{ name: 'db', chartYaml: { path: 'charts/db/Chart.yaml', text: chartYaml('db') }, templates: [{ path: 'charts/db/templates/init.yaml', text: hookJob({ name: 'db-init', events: 'pre-install' }) }] }],
});

describe('server: chart snapshots', () => {
  it('keeps one analysis, and its findings per configuration, while the signature stays', () => {
    const snapshots = new ChartSnapshots();
    const cache = createParseCache();
    let inputs = 0;
    const input = (): ChartInput => {
      inputs++;
      return chart('pre-instal');
    };
    const first = snapshots.get('/chart', '', 'v1', input, cache);
    const again = snapshots.get('/chart', '', 'v1', input, cache);
    assert.equal(again, first);
    assert.equal(inputs, 1, 'the input is read once per state');
    assert.equal(again.analysis, first.analysis, 'one analysis per state');
    const quiet = { rules: Object.fromEntries(rules.map((rule) => [rule.id, 'hint' as const])) };
    assert.equal(first.analysis.findings({}), again.analysis.findings({}));
    assert.notEqual(first.analysis.findings(quiet), first.analysis.findings({}));
    // The memo answers what the stateless core answers, rendering as `check` does.
    assert.deepEqual(first.analysis.findings({}), analyzeChart(chart('pre-instal'), {}, undefined, editorRenderOptions));
    assert.deepEqual(first.analysis.findings(quiet), analyzeChart(chart('pre-instal'), quiet, undefined, editorRenderOptions));
    assert.equal(first.analysis.findings({}).render?.mode, 'rendered');
    assert.ok(first.analysis.findings({}).findings.some((finding) => finding.rule === 'unknown-hook-event'));
    assert.deepEqual([...first.files.keys()].sort(), ['charts/db/templates/init.yaml', 'templates/configmap.yaml', 'templates/job.yaml', 'values.yaml']);
    assert.deepEqual(first.files, filesOf(chart('pre-instal')));
  });

  it('after an edit of one file, builds a new analysis that re-parses only that file', () => {
    const snapshots = new ChartSnapshots();
    const cache = createParseCache();
    const before = snapshots.get('/chart', '', 'v1', () => chart('pre-instal'), cache);
    before.analysis.findings({});
    const parsedBefore = { templates: new Map(cache.templates), values: new Map(cache.values) };
    const after = snapshots.get('/chart', '', 'v2', () => chart('pre-install'), cache);
    assert.notEqual(after, before);
    assert.notEqual(after.analysis, before.analysis);
    after.analysis.findings({});
    const file = (parsed: typeof parsedBefore, path: string) => parsed.templates.get(path);
    assert.ok(file(cache, 'templates/job.yaml') && file(parsedBefore, 'templates/job.yaml'));
    assert.notEqual(file(cache, 'templates/job.yaml'), file(parsedBefore, 'templates/job.yaml'), 'the edited file is parsed again');
    assert.equal(file(cache, 'templates/configmap.yaml'), file(parsedBefore, 'templates/configmap.yaml'), 'an unchanged file comes from the parse cache');
    assert.equal(file(cache, 'charts/db/templates/init.yaml'), file(parsedBefore, 'charts/db/templates/init.yaml'));
    assert.equal(cache.values.get('values.yaml'), parsedBefore.values.get('values.yaml'));
    assert.ok(!after.analysis.findings({}).findings.some((finding) => finding.rule === 'unknown-hook-event'));
    assert.equal(snapshots.get('/chart', '', 'v2', () => chart('never read'), cache), after, 'the latest state is the one kept');
  });

  it('renders each state once, re-running after an edit only the template it touched, and the plan shares that render', () => {
    const snapshots = new ChartSnapshots();
    const cache = createParseCache();
    const before = snapshots.get('/chart', '', 'v1', () => chart('pre-instal'), cache);
    before.analysis.findings({});
    assert.ok(before.renders.last?.executed.includes('demo/templates/configmap.yaml'), 'the first state renders every template');
    const after = snapshots.get('/chart', '', 'v2', () => chart('pre-install'), cache);
    after.analysis.findings({});
    assert.deepEqual(after.renders.last?.executed, ['demo/templates/job.yaml']);
    assert.equal(after.renders.last?.source?.input, after.input);
    assert.equal(renderPlan(after.input, after.renderOptions, after.renders.last).render, after.renders.last, 'the plan of the same state renders nothing again');
  });

  it('keeps values-file variants apart and forgets a chart whole', () => {
    const snapshots = new ChartSnapshots();
    const cache = createParseCache();
    const plain = snapshots.get('/chart', '', 'v1', () => chart('pre-install'), cache);
    const prod = snapshots.get('/chart', 'values-prod.yaml', 'v1', () => chart('post-install'), cache);
    assert.notEqual(prod, plain);
    assert.equal(snapshots.get('/chart', '', 'v1', () => chart('x'), cache), plain);
    assert.equal(snapshots.get('/other', '', 'v1', () => chart('x'), cache).input.templates[0].text, hookJob({ name: 'demo-migrate', events: 'x' }));
    snapshots.forget('/chart');
    assert.notEqual(snapshots.get('/chart', '', 'v1', () => chart('pre-install'), cache), plain);
    assert.notEqual(snapshots.get('/chart', 'values-prod.yaml', 'v1', () => chart('post-install'), cache), prod);
    assert.equal(snapshots.get('/other', '', 'v1', () => chart('y'), cache).input.templates[0].text, hookJob({ name: 'demo-migrate', events: 'x' }), 'other charts are kept');
  });

  it('reports a model that cannot be built as one internal error, as analyzeChart does', () => {
    const snapshots = new ChartSnapshots();
    const broken = { name: 'bad', templates: null } as unknown as ChartInput;
    const snapshot = snapshots.get('/bad', '', 'v1', () => broken, createParseCache());
    assert.deepEqual(snapshot.analysis.findings({}), analyzeChart(broken, {}, undefined, editorRenderOptions));
    assert.ok(snapshot.analysis.findings({}).internalErrors.length > 0, 'the unreadable input is named');
  });
});
