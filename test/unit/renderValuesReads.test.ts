/**
 * Values files read once per chart (render/context/yamlValues.ts ValuesReads): a render under
 * another release name whose sibling (the user's render) wrote into its contexts cannot share
 * them (renderSibling.test.ts), so it builds its own, copying the sibling's values readings
 * instead of reading the files again. The result equals a render from scratch (text, error,
 * every file's output and source map with the value origins in it, the documents), and what the
 * sibling's templates wrote does not reach it through the kept reading. Checked on a chart that
 * writes, every render fixture chart, the examples, and the corpus when HELM_HOOKS_CORPUS names it.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { renderChart, type ChartRender, type TemplateOptions } from '../../server/src/analysis/render/chart';
import { buildRenderContexts, ValuesReads, type RenderContexts } from '../../server/src/analysis/render/context';
import { otherReleaseNames } from '../../server/src/analysis/semantics/releaseNames';
import type { ChartInput } from '../../server/src/analysis/types';
import { loadChart } from '../../server/src/node/chartLoader';
import { repoRoot } from './support/renderHarness';

/** `a.yaml` writes into `.Values` (after `b.yaml` printed it: Helm renders in name order); the other render must read values.yaml afresh. */
const writing: ChartInput = {
  name: 'app',
  chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 0.1.0\n' },
  values: { path: 'values.yaml', text: 'image:\n  tag: "1.0"\nlist: [a, b]\n' },
  templates: [
    { path: 'templates/b.yaml', text: 'kind: B\nname: {{ .Release.Name }}-b\ntag: {{ .Values.image.tag }}\nlist: {{ .Values.list | join "," }}\nextra: {{ .Values.extra | default "none" }}\n' },
    { path: 'templates/a.yaml', text: '{{- $_ := set .Values.image "tag" "written" }}{{- $_ := set .Values "extra" "written" }}kind: A\nname: {{ .Release.Name }}-a\ntag: {{ .Values.image.tag }}\n' },
  ],
};

/** Renders `input` under `options` with `sibling`, checks it equals a fresh render, and returns it. */
function withSibling(input: ChartInput, options: TemplateOptions, sibling: ChartRender, label: string): ChartRender {
  const result = renderChart(input, options, undefined, sibling);
  const fresh = renderChart(input, options);
  assert.equal(result.text, fresh.text, label);
  assert.equal(result.error, fresh.error, label);
  assert.deepEqual(result.warnings, fresh.warnings, label);
  assert.deepEqual(result.rendered?.templates, fresh.rendered?.templates, `${label}: outputs and source maps`);
  assert.deepEqual(result.sorted, fresh.sorted, `${label}: documents`);
  return result;
}

function chartsIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort().map((name) => path.join(dir, name)).filter((chart) => fs.existsSync(path.join(chart, 'Chart.yaml'))) : [];
}

describe('values files read once for the renders under other release names', () => {
  it('copies the values readings of a sibling that wrote into its values, and renders what a fresh render does', () => {
    const sibling = renderChart(writing, { name: 'mine' });
    assert.equal(sibling.error, undefined);
    assert.ok(sibling.rendered?.memo.contextWrites.written, 'the sibling wrote into its values');
    assert.match(sibling.text, /tag: written/);
    for (const name of otherReleaseNames) {
      const result = withSibling(writing, { name }, sibling, name);
      assert.match(result.text, new RegExp(`name: ${name}-b\\ntag: 1.0\\nlist: a,b\\nextra: none`), 'b.yaml reads the values as values.yaml holds them');
      assert.equal(result.contexts?.reads, sibling.contexts?.reads, 'the values readings are the sibling\'s');
      // Rendering twice from the same sibling: its kept reading is still untouched.
      withSibling(writing, { name }, sibling, `${name} again`);
    }
  });

  it('renders every fixture chart, example and corpus chart under the other names as a fresh render does', () => {
    const corpus = process.env.HELM_HOOKS_CORPUS;
    const charts = [...chartsIn(path.join(repoRoot, 'test', 'fixtures', 'render', 'charts')), ...chartsIn(path.join(repoRoot, 'examples')), ...(corpus ? chartsIn(path.resolve(corpus)) : [])];
    const options = { missingDependencies: 'skip', documents: 'identity' } as const;
    let compared = 0;
    for (const chartDir of charts) {
      const input = loadChart(chartDir, []);
      const sibling = renderChart(input, options);
      for (const name of otherReleaseNames) withSibling(input, { ...options, name }, sibling, `${path.basename(chartDir)} as ${name}`);
      if (sibling.error === undefined) compared += 1;
    }
    assert.ok(compared > 5, `rendered charts compared: ${compared}`);
  });

  it('reads each Chart.yaml once: builds that copy the reading give what a fresh build gives, however dependency processing changed the last one', () => {
    const parent = loadChart(path.join(repoRoot, 'test', 'fixtures', 'render', 'context', 'charts', 'parent'), []);
    // A dependency missing from charts/ is left out of the root's metadata (`missingDependencies: 'skip'`); aliases copy the subchart, import-values are rewritten.
    const withMissing: ChartInput = { ...parent, chartYaml: { ...parent.chartYaml!, text: `${parent.chartYaml!.text}- name: gone\n  version: 1.0.0\n` } };
    const corpus = process.env.HELM_HOOKS_CORPUS;
    const charts = [withMissing, ...[...chartsIn(path.join(repoRoot, 'test', 'fixtures', 'render', 'charts')), ...chartsIn(path.join(repoRoot, 'examples')), ...(corpus ? chartsIn(path.resolve(corpus)) : [])].map((dir) => loadChart(dir, []))];
    const seen = (contexts: RenderContexts) => ({
      error: contexts.error,
      skipped: contexts.skippedDependencies,
      charts: contexts.charts.map((chart) => ({ fullPath: chart.fullPath, name: chart.name, chart: chart.context.get('Chart'), values: chart.context.get('Values') })),
      templates: contexts.templates.map((template) => template.name),
    });
    for (const input of charts) {
      const options = { missingDependencies: 'skip', name: 'first' } as const;
      const reads = new ValuesReads();
      const fresh = seen(buildRenderContexts(input, options));
      for (const round of [1, 2, 3]) assert.deepEqual(seen(buildRenderContexts(input, options, reads)), fresh, `${input.name}: build ${round} through the same readings`);
    }
    const again = buildRenderContexts(withMissing, { missingDependencies: 'skip' }, new ValuesReads());
    assert.deepEqual(again.skippedDependencies, ['gone']);
    assert.deepEqual(seen(buildRenderContexts(withMissing, { missingDependencies: 'skip' }, again.reads)).skipped, ['gone'], 'the kept reading still lists the missing dependency');
  });
});
