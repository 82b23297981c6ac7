/**
 * Rendering again after a one-file edit (`renderChart(input, options, previous)`): only the
 * templates that depend on the edit are executed again, counted by the result's `executed`,
 * and every result equals a render from scratch (text, error and each file's source map).
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { renderChart, type ChartRender, type TemplateOptions } from '../../server/src/analysis/render/chart';
import type { ChartInput } from '../../server/src/analysis/types';

const helpers = [
  '{{- define "app.name" -}}{{ .Chart.Name }}{{- end }}',
  '{{- define "app.labels" -}}',
  'app: {{ include "app.name" . }}',
  '{{- end }}',
  '{{- define "app.unused" -}}unused{{- end }}',
  '',
].join('\n');

const chart: ChartInput = {
  name: 'app',
  chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 0.1.0\n' },
  values: { path: 'values.yaml', text: 'replicas: 1\n' },
  templates: [
    { path: 'templates/_helpers.tpl', text: helpers },
    { path: 'templates/a.yaml', text: 'kind: A\nmetadata:\n  labels:\n    {{- include "app.labels" . | nindent 4 }}\n' },
    { path: 'templates/b.yaml', text: 'kind: B\nname: {{ include "app.name" . }}\n' },
    { path: 'templates/c.yaml', text: 'kind: C\nreplicas: {{ .Values.replicas }}\n' },
    // `tpl` looks templates up too.
    { path: 'templates/d.yaml', text: 'kind: D\nname: {{ tpl "{{ include \\"app.name\\" . }}" . }}\n' },
  ],
};

const all = ['app/templates/a.yaml', 'app/templates/b.yaml', 'app/templates/c.yaml', 'app/templates/d.yaml'];

function edit(input: ChartInput, path: string, change: (text: string) => string): ChartInput {
  if (path === 'values.yaml') return { ...input, values: { path, text: change(input.values!.text) } };
  if (path === 'Chart.yaml') return { ...input, chartYaml: { path, text: change(input.chartYaml!.text) } };
  assert.ok(input.templates.some((file) => file.path === path), `no ${path}`);
  return { ...input, templates: input.templates.map((file) => (file.path === path ? { path, text: change(file.text) } : file)) };
}

/** Renders `input` again after `previous`, checks it equals a fresh render, and returns it. */
function again(input: ChartInput, previous: ChartRender, options: TemplateOptions = {}): ChartRender {
  const result = renderChart(input, options, previous);
  const fresh = renderChart(input, options);
  assert.equal(result.text, fresh.text);
  assert.equal(result.error, fresh.error);
  assert.deepEqual(result.rendered?.templates, fresh.rendered?.templates);
  assert.deepEqual([...fresh.executed].sort(), all.filter((name) => fresh.executed.includes(name)), 'a fresh render executes every template');
  return result;
}

describe('render again after an edit', () => {
  const first = renderChart(chart);

  it('renders every template the first time', () => {
    assert.equal(first.error, undefined);
    assert.deepEqual([...first.executed].sort(), all);
  });

  it('an edit of one template renders that template only', () => {
    const result = again(edit(chart, 'templates/c.yaml', (text) => text.replace('kind: C', 'kind: C2')), first);
    assert.deepEqual(result.executed, ['app/templates/c.yaml']);
    assert.match(result.text, /kind: C2/);
  });

  it('an edit of a define renders the templates that include it, directly or through another define', () => {
    const labels = again(edit(chart, 'templates/_helpers.tpl', (text) => text.replace('app: {{', 'name: {{')), first);
    assert.deepEqual(labels.executed, ['app/templates/a.yaml']);
    const name = again(edit(chart, 'templates/_helpers.tpl', (text) => text.replace('{{ .Chart.Name }}', '{{ .Chart.Name }}-x')), first);
    assert.deepEqual([...name.executed].sort(), ['app/templates/a.yaml', 'app/templates/b.yaml', 'app/templates/d.yaml']);
  });

  it('an edit of a define nobody includes, or a new define, renders nothing', () => {
    const unused = again(edit(chart, 'templates/_helpers.tpl', (text) => text.replace('unused{{', 'still unused{{')), first);
    assert.deepEqual(unused.executed, []);
    const added = again(edit(chart, 'templates/_helpers.tpl', (text) => `${text}{{- define "app.extra" -}}extra{{- end }}\n`), first);
    assert.deepEqual(added.executed, []);
  });

  it('a line inserted above the defines moves them: their includers render again (the source map names their new place)', () => {
    const moved = again(edit(chart, 'templates/_helpers.tpl', (text) => `{{/* helpers */}}\n${text}`), first);
    assert.deepEqual([...moved.executed].sort(), ['app/templates/a.yaml', 'app/templates/b.yaml', 'app/templates/d.yaml']);
  });

  it('edits in a row each render only their own dependents', () => {
    const one = again(edit(chart, 'templates/b.yaml', (text) => `${text}# one\n`), first);
    assert.deepEqual(one.executed, ['app/templates/b.yaml']);
    const two = again(edit(edit(chart, 'templates/b.yaml', (text) => `${text}# one\n`), 'templates/a.yaml', (text) => `${text}# two\n`), one);
    assert.deepEqual(two.executed, ['app/templates/a.yaml']);
  });

  it('a change of values, Chart.yaml or the options renders everything', () => {
    assert.deepEqual([...again(edit(chart, 'values.yaml', () => 'replicas: 2\n'), first).executed].sort(), all);
    assert.deepEqual([...again(edit(chart, 'Chart.yaml', (text) => text.replace('0.1.0', '0.2.0')), first).executed].sort(), all);
    assert.deepEqual([...again(chart, first, { set: ['replicas=3'] }).executed].sort(), all);
  });

  it('a template that includes a missing define renders again once the define exists', () => {
    const missing = edit(chart, 'templates/c.yaml', (text) => `${text}extra: {{ include "app.later" . }}\n`);
    const failed = renderChart(missing);
    assert.match(failed.error ?? '', /no template "app.later"/);
    const fixed = again(edit(missing, 'templates/_helpers.tpl', (text) => `${text}{{- define "app.later" -}}later{{- end }}\n`), failed);
    assert.deepEqual(fixed.executed, ['app/templates/c.yaml']);
    assert.match(fixed.text, /extra: later/);
  });

  it('nothing is kept after a template wrote into the values (set .Values), since later templates read what it wrote', () => {
    // Helm renders d.yaml first (reverse name order), so c.yaml reads what it wrote.
    const writes = edit(chart, 'templates/d.yaml', (text) => `{{- $_ := set .Values "replicas" 7 }}\n${text}`);
    const written = renderChart(writes);
    assert.match(written.text, /replicas: 7/);
    const result = again(edit(writes, 'templates/b.yaml', (text) => `${text}# edited\n`), written);
    assert.deepEqual([...result.executed].sort(), all);
    // c.yaml looks up no template of d.yaml, yet reads what d.yaml writes.
    const rewritten = again(edit(writes, 'templates/d.yaml', (text) => text.replace('7', '8')), written);
    assert.match(rewritten.text, /replicas: 8/);
  });

  it('an edit that starts writing into the values renders everything again', () => {
    const result = again(edit(chart, 'templates/d.yaml', (text) => `{{- $_ := set .Values "replicas" 5 }}\n${text}`), first);
    assert.match(result.text, /replicas: 5/);
    assert.deepEqual([...result.executed].sort(), all);
    // The contexts `first` was rendered with were written into: it cannot be kept from any more.
    assert.deepEqual([...again(edit(chart, 'templates/b.yaml', (text) => `${text}# edited\n`), first).executed].sort(), all);
  });

  it('a merge into the values that changes nothing keeps the outputs', () => {
    const noop = edit(chart, 'templates/d.yaml', (text) => `{{- $_ := merge .Values (dict "replicas" 9) }}\n${text}`);
    const result = again(edit(noop, 'templates/b.yaml', (text) => `${text}# edited\n`), renderChart(noop));
    assert.deepEqual(result.executed, ['app/templates/b.yaml']);
  });

  it('a write into a fresh dict keeps the outputs', () => {
    const local = edit(chart, 'templates/a.yaml', (text) => `{{- $d := dict "x" 1 }}{{- $_ := set $d "y" 2 }}\n${text}`);
    const result = again(edit(local, 'templates/b.yaml', (text) => `${text}# edited\n`), renderChart(local));
    assert.deepEqual(result.executed, ['app/templates/b.yaml']);
  });
});
