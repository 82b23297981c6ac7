/**
 * The api renders a chart again under other release names with the user's render as `sibling`
 * (render/chart.ts): the files are not parsed again, and when no template wrote into the user's
 * contexts those contexts are taken with another `.Release` instead of reading the values again.
 * That must be exact: under each other name, whole and with the hook templates alone, the render
 * with a sibling equals the render without one. Checked on every render fixture chart, the
 * examples, the rendered-findings fixtures and the corpus (HELM_HOOKS_CORPUS); and on a chart
 * that writes into its values under one release name only, where the sibling's maps must not be
 * reused (nor anything kept from them afterwards).
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { createParseCache } from '../../server/src/analysis';
import { hookTemplates, renderedFactsOf } from '../../server/src/analysis/api/chartAnalysis';
import { chartFacts } from '../../server/src/analysis/api/facts';
import { buildChartModel } from '../../server/src/analysis/model/chart';
import { renderChart, type ChartRender, type TemplateOptions } from '../../server/src/analysis/render/chart';
import { otherReleaseNames } from '../../server/src/analysis/semantics/releaseNames';
import type { ChartInput } from '../../server/src/analysis/types';
import { loadChart } from '../../server/src/node/chartLoader';
import { renderTestCharts } from './support/renderHarness';

const charts = renderTestCharts();

/** As `check` renders (dependencies missing from charts/ left out, documents read by identity). */
const options = { missingDependencies: 'skip', documents: 'identity' } as const;

/** What a render gives its readers: text, error, warnings, documents, every output with its source map. */
function observed(render: ChartRender): unknown {
  return {
    text: render.text,
    error: render.error,
    warnings: render.warnings,
    executed: render.executed,
    sorted: render.sorted,
    templates: render.rendered?.templates,
    parseErrors: render.rendered?.parseErrors,
    writers: render.rendered?.memo.contextWrites.writers,
    skipped: render.contexts?.skippedDependencies,
  };
}

describe('renders under other release names with the user\'s render as sibling', () => {
  it('equal the renders without it, whole and hook templates alone', () => {
    let sharedContexts = 0;
    for (const chartDir of charts) {
      const input = loadChart(chartDir, []);
      const { facts } = renderedFactsOf(input, chartFacts(buildChartModel(input, createParseCache())), options);
      if (!facts) continue;
      const own = facts.model.render;
      const execute = hookTemplates(facts.model);
      for (const name of otherReleaseNames) {
        for (const variant of [{ ...options, name }, ...(execute ? [{ ...options, name, execute }] : [])] as TemplateOptions[]) {
          const label = `${path.basename(chartDir)} as ${name}${variant.execute ? ' (hook templates)' : ''}`;
          const alone = renderChart(input, variant);
          const withSibling = renderChart(input, variant, undefined, own);
          assert.deepEqual(observed(withSibling), observed(alone), label);
          if (withSibling.contexts?.origins === own.contexts?.origins) sharedContexts += 1;
        }
      }
      // The user's render is left as it was: rendered again with its own options, it is the same.
      assert.deepEqual(observed(renderChart(input, JSON.parse(own.source!.options) as TemplateOptions)), observed(own), `${path.basename(chartDir)}: the user's render`);
    }
    assert.ok(sharedContexts > 0, 'some render took its sibling\'s contexts');
  });

  it('do not reuse values that a template writes into under another release name only', () => {
    const file = (filePath: string, text: string) => ({ path: filePath, text });
    const input: ChartInput = {
      name: 'writes',
      chartYaml: file('Chart.yaml', 'apiVersion: v2\nname: writes\nversion: 1.0.0\n'),
      values: file('values.yaml', 'x: kept\n'),
      templates: [
        file('templates/z.yaml', '{{- if eq .Release.Name "0" }}{{ $_ := set .Values "x" "written" }}{{ end }}z: {{ .Values.x }}\n'),
        file('templates/b.yaml', 'b: {{ .Values.x }} {{ .Release.Name }}\n'),
      ],
    };
    const own = renderChart(input, options);
    assert.equal(own.rendered?.memo.contextWrites.written, false);
    const zero = renderChart(input, { ...options, name: '0' }, undefined, own);
    assert.deepEqual(observed(zero), observed(renderChart(input, { ...options, name: '0' })));
    assert.match(zero.text, /b: written 0/);
    // The user's values were written into: nothing keeps or shares them any more.
    assert.equal(own.rendered?.memo.contextWrites.written, true);
    const last = renderChart(input, { ...options, name: 'zzzzzzzz' }, undefined, own);
    assert.deepEqual(observed(last), observed(renderChart(input, { ...options, name: 'zzzzzzzz' })));
    assert.match(last.text, /b: kept zzzzzzzz/);
    const edited = { ...input, templates: [input.templates[0], file('templates/b.yaml', 'b: {{ .Values.x }}!\n')] };
    assert.deepEqual(observed(renderChart(edited, options, own)), observed(renderChart(edited, options)));
  });
});
