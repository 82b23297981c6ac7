/**
 * `check` renders with `print: false` (render/chart.ts): the text `helm template` would print is
 * not built, since nothing `check` reads needs it. Everything else must be what the printing
 * render gives: the error (a document Helm cannot read, a failed template), the warnings, the
 * sorted documents and every output with its source map. Checked on every render fixture chart,
 * the examples, the rendered-findings fixtures and the corpus (HELM_HOOKS_CORPUS) as `check`
 * renders them, and on a chart whose second document is not YAML, read both ways.
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { renderChart, type ChartRender, type TemplateOptions } from '../../server/src/analysis/render/chart';
import type { ChartInput } from '../../server/src/analysis/types';
import { loadChart } from '../../server/src/node/chartLoader';
import { renderTestCharts } from './support/renderHarness';

/** What a render gives its readers beside the printed text. */
function observed(render: ChartRender): unknown {
  return { error: render.error, warnings: render.warnings, executed: render.executed, sorted: render.sorted, templates: render.rendered?.templates };
}

function assertSameButText(input: ChartInput, options: TemplateOptions, label: string): ChartRender {
  const printed = renderChart(input, options);
  const unprinted = renderChart(input, { ...options, print: false });
  assert.equal(unprinted.text, '', label);
  assert.deepEqual(observed(unprinted), observed(printed), label);
  return printed;
}

describe('a render that does not print its text', () => {
  it('gives the same error, warnings, documents and outputs on every test chart, rendered as check renders', () => {
    const charts = renderTestCharts();
    assert.ok(charts.length > 10, 'the test charts are there');
    let printedSomething = 0;
    for (const chart of charts) {
      const input = loadChart(chart);
      const printed = assertSameButText(input, { missingDependencies: 'skip', documents: 'identity', untilError: true }, path.basename(chart));
      if (printed.text.trim() !== '') printedSomething++;
    }
    // The comparison means something only where the printing render printed.
    assert.ok(printedSomething > 10, `${printedSomething} renders printed text`);
  });

  it('keeps Helm\'s error for a document it cannot read', () => {
    const input: ChartInput = {
      name: 'bad',
      chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: bad\nversion: 0.1.0\n' },
      values: { path: 'values.yaml', text: '' },
      templates: [{ path: 'templates/a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nkey: [unclosed\n' }],
    };
    for (const documents of ['identity', 'helm'] as const) {
      const printed = assertSameButText(input, { documents }, `bad (${documents})`);
      assert.match(printed.error ?? '', /^YAML parse error on bad\/templates\/a\.yaml/);
    }
  });
});
