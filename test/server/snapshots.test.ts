/**
 * The server's memo of each chart, in process: one model and one analysis per state of the
 * chart, rebuilt when the state changes, and then re-parsing only the file that changed.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart, createParseCache, rules, type ChartInput } from '../../server/src/analysis';
import { ChartSnapshots, filesOf } from '../../server/src/snapshots';
import { chartYaml, hookJob } from './support/charts';

const chart = (jobEvents: string): ChartInput => ({
  name: 'demo',
  chartYaml: { path: 'Chart.yaml', text: chartYaml('demo') },
  values: { path: 'values.yaml', text: 'migrate:\n  annotations:\n    helm.sh/hook-weight: "2"\n' },
  templates: [
    { path: 'templates/job.yaml', text: hookJob({ name: 'demo-migrate', events: jobEvents }) },
    { path: 'templates/configmap.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo-settings\n' },
  ],
  subcharts: [{ name: 'db', templates: [{ path: 'charts/db/templates/init.yaml', text: hookJob({ name: 'db-init', events: 'pre-install' }) }] }],
});

describe('server: chart snapshots', () => {
  it('keeps one model and one analysis per configuration while the signature stays', () => {
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
    assert.equal(again.model, first.model);
    const quiet = { rules: Object.fromEntries(rules.map((rule) => [rule.id, 'hint' as const])) };
    assert.equal(first.analysis({}), again.analysis({}));
    assert.notEqual(first.analysis(quiet), first.analysis({}));
    // The memo answers what the stateless core answers.
    assert.deepEqual(first.analysis({}), analyzeChart(chart('pre-instal'), {}));
    assert.deepEqual(first.analysis(quiet), analyzeChart(chart('pre-instal'), quiet));
    assert.ok(first.analysis({}).findings.some((finding) => finding.rule === 'unknown-hook-event'));
    assert.deepEqual([...first.files.keys()].sort(), ['charts/db/templates/init.yaml', 'templates/configmap.yaml', 'templates/job.yaml', 'values.yaml']);
    assert.deepEqual(first.files, filesOf(chart('pre-instal')));
  });

  it('after an edit of one file, builds a new model that re-parses only that file', () => {
    const snapshots = new ChartSnapshots();
    const cache = createParseCache();
    const before = snapshots.get('/chart', '', 'v1', () => chart('pre-instal'), cache);
    const after = snapshots.get('/chart', '', 'v2', () => chart('pre-install'), cache);
    assert.notEqual(after, before);
    const file = (snapshot: typeof before, path: string) => snapshot.model.files.find((candidate) => candidate.path === path);
    assert.notEqual(file(after, 'templates/job.yaml'), file(before, 'templates/job.yaml'), 'the edited file is parsed again');
    assert.equal(file(after, 'templates/configmap.yaml'), file(before, 'templates/configmap.yaml'), 'an unchanged file comes from the parse cache');
    assert.equal(file(after, 'charts/db/templates/init.yaml'), file(before, 'charts/db/templates/init.yaml'));
    assert.equal(after.model.valuesFiles[0], before.model.valuesFiles[0]);
    assert.ok(!after.analysis({}).findings.some((finding) => finding.rule === 'unknown-hook-event'));
    assert.equal(snapshots.get('/chart', '', 'v2', () => chart('never read'), cache), after, 'the latest state is the one kept');
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
    assert.deepEqual(snapshot.analysis({}), analyzeChart(broken, {}));
    assert.deepEqual(snapshot.model.internalErrors, analyzeChart(broken, {}).internalErrors);
    assert.ok(snapshot.model.internalErrors.length > 0, 'the unreadable input is named');
  });
});
