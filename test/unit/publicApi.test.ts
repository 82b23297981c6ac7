/**
 * The core's public functions never throw on input (architecture rule 3): what cannot be read
 * becomes an internal error next to the results for everything else. Functions that may
 * throw stay inside the core.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import * as api from '../../server/src/analysis';
import type { ChartInput } from '../../server/src/analysis';

const hook = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  annotations:', '    "helm.sh/hook": pre-instal', ''].join('\n');

describe('public core API', () => {
  it('does not export the plan builder, which may throw (getExecutionPlan wraps it)', () => {
    assert.equal('buildPlan' in api, false);
  });

  it('buildChartModel leaves out a file it cannot read, names it, and models the rest', () => {
    const input = { name: 'c', templates: [{ path: 'templates/broken.yaml', text: 42 }, { path: 'templates/hook.yaml', text: hook }] } as unknown as ChartInput;
    const model = api.buildChartModel(input);
    assert.deepEqual(model.files.map((file) => file.path), ['templates/hook.yaml']);
    assert.equal(model.internalErrors.length, 1);
    assert.match(model.internalErrors[0], /^model: templates\/broken\.yaml: /);
    const result = api.analyzeChart(input);
    assert.deepEqual(result.internalErrors, model.internalErrors);
    assert.ok(result.findings.some((finding) => finding.rule === 'unknown-hook-event' && finding.file === 'templates/hook.yaml'));
  });

  it('buildChartModel and runRules answer garbage with an empty model and internal errors', () => {
    const model = api.buildChartModel({ name: 'c', templates: null } as unknown as ChartInput);
    assert.deepEqual([model.files, model.resources, model.hooks], [[], [], []]);
    assert.equal(model.internalErrors.length, 1);
    assert.deepEqual(api.runRules(model, null as unknown as api.AnalysisConfig).internalErrors, model.internalErrors);
    assert.doesNotThrow(() => api.runRules({} as unknown as api.ChartModel, {}));
    assert.equal(api.runRules({} as unknown as api.ChartModel, {}).internalErrors.length, 1);
  });
});
