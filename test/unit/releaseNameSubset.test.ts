/**
 * Ties under other release names render only the templates that hold the user's hooks and those
 * that wrote into the shared contexts before the last of them executed (api/chartAnalysis.ts hookTemplates → renderChart's
 * `execute`). That must be exact: under each other release name, the hook documents and the
 * outputs of those templates rendered alone equal the ones the whole chart renders. Checked on
 * every render fixture chart, the examples and the rendered-findings fixtures, and on the corpus
 * when HELM_HOOKS_CORPUS names it. Rendered with check's options.
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { createParseCache } from '../../server/src/analysis';
import { hookTemplates, renderedFactsOf } from '../../server/src/analysis/api/chartAnalysis';
import { chartFacts } from '../../server/src/analysis/api/facts';
import { buildChartModel } from '../../server/src/analysis/model/chart';
import { renderChart } from '../../server/src/analysis/render/chart';
import { helmParseOrder } from '../../server/src/analysis/render/engine';
import { otherReleaseNames } from '../../server/src/analysis/semantics/releaseNames';
import { loadChart } from '../../server/src/node/chartLoader';
import { renderTestCharts } from './support/renderHarness';

const corpus = process.env.HELM_HOOKS_CORPUS;
const charts = renderTestCharts();

/** As `check` renders (dependencies missing from charts/ left out, documents read by identity). */
const options = { missingDependencies: 'skip', documents: 'identity' } as const;

describe('ties under other release names: only the hook templates render', () => {
  it('their hook documents and outputs equal the whole chart\'s, under every other name', () => {
    let subsets = 0;
    let writing = 0;
    let lateWriters = 0;
    for (const chartDir of charts) {
      const input = loadChart(chartDir, []);
      const { facts } = renderedFactsOf(input, chartFacts(buildChartModel(input, createParseCache())), options);
      if (!facts) continue;
      const execute = hookTemplates(facts.model);
      assert.ok(execute, `${chartDir}: a rendered chart names its templates to execute`);
      const lastHook = [...new Set(facts.model.hooks.map((hook) => facts.model.templateNames.get(hook.file.path)!))].sort(helmParseOrder).at(-1);
      for (const writer of facts.model.render.rendered?.memo.contextWrites.writers ?? []) {
        const before = lastHook !== undefined && helmParseOrder(writer, lastHook) < 0;
        assert.equal(execute.includes(writer), before, `${chartDir}: ${writer} writes into shared contexts ${before ? 'before' : 'after'} the last hook template`);
        if (!before) lateWriters += 1;
      }
      const chosen = new Set(execute);
      const templates = facts.model.render.contexts?.templates.length ?? 0;
      if (execute.length > 0 && execute.length < templates) subsets += 1;
      if (facts.model.render.rendered?.memo.contextWrites.written) writing += 1;
      for (const name of otherReleaseNames) {
        const whole = renderChart(input, { ...options, name });
        const part = renderChart(input, { ...options, name, execute });
        const label = `${path.basename(chartDir)} as ${name}`;
        if (whole.error !== undefined) continue; // the api renders the whole chart then
        assert.equal(part.error, undefined, label);
        assert.deepEqual(part.executed, whole.executed.filter((template) => chosen.has(template)), label);
        const inPart = (source: string): boolean => chosen.has(source);
        assert.deepEqual(part.sorted?.hooks, whole.sorted?.hooks.filter((document) => inPart(document.source)), `${label}: hook documents`);
        assert.deepEqual(part.sorted?.unknownHooks, whole.sorted?.unknownHooks.filter((document) => inPart(document.source)), `${label}: unknown hooks`);
        const outputs = (render: typeof whole): Map<string, string> => new Map((render.rendered?.templates ?? []).filter((template) => chosen.has(template.name)).map((template) => [template.name, template.output]));
        assert.deepEqual(outputs(part), outputs(whole), `${label}: outputs`);
      }
    }
    assert.ok(subsets > 0, 'some chart renders a proper subset of its templates');
    // No fixture writes into shared contexts; the corpus's ingress-nginx does (merge into .Values.*.image).
    if (corpus) assert.ok(writing > 0, 'some chart has a template that writes into shared contexts');
    // ingress-nginx's controller-deployment.yaml writes after its hook templates have executed: left out.
    if (corpus) assert.ok(lateWriters > 0, 'some chart has a template that writes after its last hook template');
  });
});
