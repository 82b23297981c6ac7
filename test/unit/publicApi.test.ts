/**
 * The core's public functions never throw on input (architecture rule 3): what cannot be read
 * becomes an internal error next to the results for everything else. Functions that may
 * throw stay inside the core.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import * as api from '../../server/src/analysis';
import type { ChartInput } from '../../server/src/analysis';
import { findingsOf } from '../../server/src/analysis/api/analyze';
import { buildChartModel, type ChartModel } from '../../server/src/analysis/model/chart';
import { chartFacts } from '../../server/src/analysis/api/facts';
import { analysisCalls } from './support/apiCalls';

const hook = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  annotations:', '    "helm.sh/hook": pre-instal', ''].join('\n');

describe('public core API', () => {
  it('does not export the plan builder, which may throw (getExecutionPlan wraps it)', () => {
    assert.equal('buildPlan' in api, false);
  });

  it('is one family: the model-taking functions are not exported, a ChartAnalysis answers instead', () => {
    for (const name of ['buildChartModel', 'runRules', 'getCompletionsInChart', 'getHoverInChart']) assert.equal(name in api, false, `${name} is exported`);
  });

  it('the model leaves out a file it cannot read, names it, and models the rest', () => {
    const input = { name: 'c', templates: [{ path: 'templates/broken.yaml', text: 42 }, { path: 'templates/hook.yaml', text: hook }] } as unknown as ChartInput;
    const model = buildChartModel(input);
    assert.deepEqual(model.files.map((file) => file.path), ['templates/hook.yaml']);
    assert.equal(model.internalErrors.length, 1);
    assert.match(model.internalErrors[0], /^model: templates\/broken\.yaml: /);
    const result = api.analyzeChart(input);
    assert.deepEqual(result.internalErrors, model.internalErrors);
    assert.ok(result.findings.some((finding) => finding.rule === 'unknown-hook-event' && finding.file === 'templates/hook.yaml'));
  });

  it('the model and the rule runner answer garbage with an empty model and internal errors', () => {
    const model = buildChartModel({ name: 'c', templates: null } as unknown as ChartInput);
    assert.deepEqual([model.files, model.resources, model.hooks], [[], [], []]);
    assert.equal(model.internalErrors.length, 1);
    assert.deepEqual(findingsOf(chartFacts(model), null as unknown as api.AnalysisConfig).internalErrors, model.internalErrors);
    assert.deepEqual(api.createChartAnalysis({ name: 'c', templates: null } as unknown as ChartInput).findings().internalErrors, model.internalErrors);
    assert.doesNotThrow(() => findingsOf(chartFacts({} as unknown as ChartModel), {}));
    assert.equal(findingsOf(chartFacts({} as unknown as ChartModel), {}).internalErrors.length, 1);
  });

  it('a ChartAnalysis has exactly the methods the plain-data round trip calls', () => {
    assert.deepEqual(Object.keys(api.createChartAnalysis({ name: 'c', templates: [] })).sort(), Object.keys(analysisCalls).sort());
  });

  it('a ChartAnalysis answers what the one-question functions answer, and keeps its findings per configuration', () => {
    const input: ChartInput = { name: 'c', templates: [{ path: 'templates/hook.yaml', text: hook }] };
    const analysis = api.createChartAnalysis(input);
    const offset = hook.indexOf('pre-instal');
    assert.deepEqual(analysis.findings(), api.analyzeChart(input));
    assert.deepEqual(analysis.hover('templates/hook.yaml', offset), api.getHover(input, 'templates/hook.yaml', offset));
    assert.deepEqual(analysis.completions('templates/hook.yaml', offset), api.getCompletions(input, 'templates/hook.yaml', offset));
    assert.deepEqual(analysis.plan(), api.getExecutionPlan(input));
    const quiet = { rules: { 'unknown-hook-event': 'hint', 'unweighted-hook': 'off' } } as const;
    assert.equal(analysis.findings(quiet), analysis.findings({ rules: { 'unweighted-hook': 'off', 'unknown-hook-event': 'hint' } }), 'the same settings in another key order share one run');
    assert.notEqual(analysis.findings(quiet), analysis.findings());
    const atTypo = analysis.findingsAt('templates/hook.yaml', { start: offset, end: offset }, quiet);
    assert.deepEqual(atTypo.map((finding) => [finding.rule, finding.severity]), [['unknown-hook-event', 'hint']]);
    assert.deepEqual(analysis.findingsAt('templates/hook.yaml', { start: 0, end: 0 }, quiet), []);
  });
});
