/**
 * `missingDependencies: 'skip'`: a chart whose Chart.yaml declares dependencies that are not in
 * charts/ (checked out before `helm dependency build`) renders what Helm renders once they are
 * removed from Chart.yaml, and says which it skipped; by default it fails with Helm's error, as
 * `helm template` does. (renderCorpus.test.ts shows that rendering without the dependencies
 * matches real Helm on the corpus charts that declare some.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderChart } from '../../server/src/analysis/render/chart';
import type { ChartInput } from '../../server/src/analysis/types';

const dependencies = ['dependencies:', '  - name: db', '    version: 1.x', '    repository: https://example.com/charts', '    condition: db.enabled'].join('\n');

function chart(chartYamlTail: string): ChartInput {
  return {
    name: 'app',
    chartYaml: { path: 'Chart.yaml', text: `apiVersion: v2\nname: app\nversion: 0.1.0\n${chartYamlTail}` },
    values: { path: 'values.yaml', text: 'db:\n  enabled: true\nname: x\n' },
    templates: [{ path: 'templates/job.yaml', text: 'kind: Job\nmetadata:\n  name: {{ .Values.name }}-{{ len .Chart.Dependencies }}\n  annotations:\n    "helm.sh/hook": pre-install\n' }],
  };
}

describe('rendering with dependencies missing from charts/', () => {
  it('fails as Helm does by default', () => {
    const result = renderChart(chart(dependencies));
    assert.match(result.error ?? '', /missing in charts\/ directory: db/);
    assert.equal(result.text, '');
  });

  it('with skip, renders what Helm renders without them declared, and names them', () => {
    const skipped = renderChart(chart(dependencies), { missingDependencies: 'skip' });
    const removed = renderChart(chart(''));
    assert.equal(skipped.error, undefined);
    assert.equal(skipped.text, removed.text);
    assert.match(skipped.text, /name: x-0/);
    assert.deepEqual(skipped.contexts?.skippedDependencies, ['db']);
    assert.equal(removed.contexts?.skippedDependencies, undefined);
  });
});
