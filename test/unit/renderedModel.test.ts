/**
 * The model of a rendered chart (model/renderedChart.ts, model/renderedView.ts): rendered
 * documents read as resources with Helm's rendered names and annotations, each byte traced back
 * to where the author writes it, and the documents as written that rendered nothing told apart.
 * The fixture chart is test/fixtures/rendered/model (a hook annotation printed from values.yaml
 * by toYaml, a hook in a `define` that a template includes, an `if`-guarded hook switched off).
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { buildChartModel } from '../../server/src/analysis/model/chart';
import { buildRenderedChartModel, renderedSources } from '../../server/src/analysis/model/renderedChart';
import { renderChart } from '../../server/src/analysis/render/chart';
import { loadChart } from '../../server/src/node/chartLoader';
import { repoRoot } from './support/renderHarness';

const chartDir = path.join(repoRoot, 'test', 'fixtures', 'rendered', 'model');

function load() {
  const input = loadChart(chartDir, []);
  const source = buildChartModel(input);
  const render = renderChart(input, { name: 'rel' });
  const model = buildRenderedChartModel(render, source);
  assert.ok(model, render.error);
  return { input, source, model };
}

describe('rendered chart model', () => {
  it('reads each rendered document as a resource named by its template path, with rendered names and events', () => {
    const { model } = load();
    const hooks = model.hooks.map((hook) => `${hook.file.path} ${hook.kind} ${hook.name} ${hook.hook?.knownEvents?.join(',')} weight ${hook.hook?.weight}`).sort();
    assert.deepEqual(hooks, ['templates/config.yaml ConfigMap rel-config pre-install weight 0', 'templates/job.yaml Job rel-job post-install weight 5']);
    assert.ok(model.hooks.every((hook) => !hook.nameTemplated && hook.view.piecesIn(0, hook.view.text.length).length === 0 && hook.view.conditionsAt(0).length === 0));
    assert.deepEqual(model.valuesFiles, []);
  });

  it('traces a value printed by toYaml to its values file, and a define include to the helper', () => {
    const { input, model } = load();
    const text = (file: string): string => (file === 'values.yaml' ? input.values!.text : input.templates.find((t) => t.path === file)!.text);
    const job = model.hooks.find((hook) => hook.kind === 'Job')!;
    const origin = job.view.originOf(job.hook!.entry.value.span.start);
    assert.equal(origin.file, 'values.yaml');
    assert.equal(origin.kind, 'written');
    assert.ok(text('values.yaml').startsWith('post-install', origin.offset));
    const config = model.hooks.find((hook) => hook.kind === 'ConfigMap')!;
    const keyOrigin = config.view.originOf(config.hook!.entry.keySpan.start);
    assert.deepEqual([keyOrigin.file, keyOrigin.kind], ['templates/_helpers.tpl', 'written']);
    assert.ok(text('templates/_helpers.tpl').startsWith('helm.sh/hook: pre-install', keyOrigin.offset));
    const nameOrigin = job.view.originOf(job.doc.name!.span.start);
    assert.equal(nameOrigin.kind, 'printed');
    assert.ok(text('templates/job.yaml').startsWith('{{ .Release.Name }}', nameOrigin.offset));
  });

  it('tells the documents as written that render from those that render nothing', () => {
    const { source, model } = load();
    const rendered = renderedSources(model, source);
    const names = (resources: Iterable<{ file: { path: string } }>): string[] => [...resources].map((resource) => resource.file.path).sort();
    assert.deepEqual(names(rendered), ['templates/config.yaml', 'templates/job.yaml']);
    assert.deepEqual(names(source.resources.filter((resource) => !rendered.has(resource))), ['templates/migrate.yaml']);
  });

  it('gives no model when the chart does not render', () => {
    const { source } = load();
    assert.equal(buildRenderedChartModel({ text: '', error: 'boom', warnings: [], executed: [] }, source), undefined);
  });
});
