/**
 * The chart the build's warm run checks (scripts/warm-chart, scripts/build.mjs): the CLI's V8 code
 * cache holds what that run compiled, so the chart must make `check` run what a real chart's check
 * runs. These tests keep it doing so: it renders without an error, as Helm renders it (live, when
 * the binary is there), and its check renders it again under the other release names (its hooks
 * tie), with the templates and values of a real chart's render (a subchart, a template writing
 * into the values, `tpl`, `include … | sha256sum`, `semverCompare`).
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { findingsOf } from '../../server/src/analysis/api/analyze';
import { renderedFactsOf, type RenderCache } from '../../server/src/analysis/api/chartAnalysis';
import { chartFacts } from '../../server/src/analysis/api/facts';
import { buildChartModel } from '../../server/src/analysis/model/chart';
import { loadChart } from '../../server/src/node/chartLoader';
import { compareRuns, helmBinary, repoRoot, runHelm, runOurs } from './support/renderHarness';

const chartDir = path.join(repoRoot, 'scripts', 'warm-chart');

describe('the build warm-up chart', () => {
  it('renders without an error, every template of the chart and its subchart', () => {
    const ours = runOurs(chartDir, []);
    assert.equal(ours.error, undefined);
    const sources = new Set([...ours.stdout.matchAll(/^# Source: (.+)$/gm)].map((match) => match[1]));
    for (const source of ['warm-chart/templates/deployment.yaml', 'warm-chart/templates/extra-settings.yaml', 'warm-chart/templates/hooks/seed-job.yaml', 'warm-chart/charts/cache/templates/statefulset.yaml']) {
      assert.ok(sources.has(source), `${source} is printed`);
    }
    const helm = helmBinary();
    if (helm) assert.deepEqual(compareRuns(ours, runHelm(helm, chartDir, [])).differences, [], 'helm template release-name scripts/warm-chart');
  });

  it('is checked rendered, and its ties are rendered again under the other release names', () => {
    const input = loadChart(chartDir);
    const facts = chartFacts(buildChartModel(input));
    const renders: RenderCache = {};
    const rendered = renderedFactsOf(input, facts, { missingDependencies: 'skip', documents: 'identity', untilError: true }, renders);
    assert.equal(rendered.status.mode, 'rendered');
    assert.ok(renders.last?.rendered?.memo.contextWrites.written, 'a template writes into the values');
    const result = findingsOf(facts, {}, undefined, rendered.facts);
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual([...(renders.others?.keys() ?? [])].sort(), ['0', 'zzzzzzzz']);
  });
});
