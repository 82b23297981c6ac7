/**
 * The renderer's robustness over mutated real charts: the templates and values of the 7 corpus
 * charts (and the project's own render fixture charts, so it also runs without the corpus) with
 * text mutations, template actions inserted and values lines replaced, rendered as
 * `helm template` would. The property (`checkRender`): rendering never throws and records no
 * internal error, stops at its limits with a limit error, and returns within a generous bound.
 *
 * Every case has its own seed (`caseSeed`), so one case re-runs alone (`FUZZ_RENDER_CASE=<seed>
 * npm run fuzz`) and the watchdog of run.ts can name the case that hangs. A failure is shrunk by
 * fast-check and reported with its seed, the mutations and the shrunk template.
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import fc from 'fast-check';
import { renderChart } from '../../server/src/analysis/render/chart';
import type { ChartInput, SourceFile } from '../../server/src/analysis/types';
import { loadChart } from '../../server/src/node/chartLoader';
import { corpusRoot, dropDependencies } from '../support/corpus';
import { cpuTimeOf } from '../support/cpuTime';
import { applyMutations, mutation, type Mutation } from './mutations';

/** A chart to mutate: its templates and values as read from disk, dependencies dropped. */
export interface RenderSeed {
  readonly origin: string;
  readonly chart: ChartInput;
}

export interface RenderCase {
  readonly origin: string;
  readonly chart: ChartInput;
  /** Which template (chart path) each mutation list went to, and the values mutations. */
  readonly mutated: readonly { readonly path: string; readonly mutations: readonly RenderMutation[] }[];
}

/** Text mutations shared with the analysis fuzz, plus template actions and values lines. */
export type RenderMutation = Mutation | { readonly op: 'action'; readonly at: number; readonly action: string } | { readonly op: 'valueLine'; readonly line: number; readonly value: string };

/** Generous: a corpus chart renders in well under a second; this catches blow-ups, not noise. */
export function renderBoundMs(totalChars: number): number {
  return 5000 + (totalChars / 1024) * 50;
}

/**
 * Actions that exercise the evaluator's paths and limits: recursion, big ranges and outputs,
 * `tpl`, errors of every kind, and values read in odd ways.
 */
const actions: readonly string[] = [
  '{{ .Values }}', '{{ toYaml .Values }}', '{{ .Values.nope.deeper }}', '{{ index .Values "a" "b" }}', '{{ $ }}', '{{ . }}', '{{ .Chart }}', '{{ .Release.Name }}',
  '{{ include "nope" . }}', '{{ template "nope" . }}', '{{ define "fz" }}{{ include "fz" . }}{{ end }}{{ include "fz" . }}',
  '{{ define "fz2" }}{{ include "fz2" . }}{{ include "fz2" . }}{{ end }}{{ include "fz2" . }}', '{{ tpl "{{ tpl \\"{{ .Release.Name }}\\" . }}" . }}',
  '{{ tpl (toYaml .Values) . }}', '{{ tpl "{{" . }}', '{{ range until 100000 }}x{{ end }}', '{{ range $i, $e := .Values }}{{ $i }}={{ $e }}{{ end }}',
  '{{ range . }}{{ . }}{{ end }}', '{{ range 5 }}{{ break }}{{ end }}', '{{ range .Values }}{{ continue }}{{ end }}', '{{ with .Values }}{{ else }}{{ end }}',
  '{{ repeat 100000 "ab" }}', '{{ fail "stop" }}', '{{ required "need it" .Values.nope }}', '{{ nofunc 1 }}', '{{ .Values | int }}', '{{ add .Values 1 }}',
  '{{ printf "%v %d %s %q %x" .Values 1 "a" "b" 12 }}', '{{ fromYaml "a: [" }}', '{{ toJson . }}', '{{ fromJson "{" }}', '{{ dict "a" . | toYaml }}',
  '{{ $x := dict }}{{ $_ := set $x "self" $x }}{{ toYaml $x }}', '{{ $l := list 1 }}{{ $l = append $l $l }}{{ $l }}', '{{ lookup "v1" "Secret" "ns" "n" }}',
  '{{ .Files.Get "nope" }}', '{{ .Files.Glob "**" }}', '{{ .Capabilities.KubeVersion }}', '{{ .Template.Name }}', '{{ semverCompare ">1" "x" }}',
  '{{ regexMatch "(" "a" }}', '{{ b64dec "%%%" }}', '{{ div 1 0 }}', '{{ mod 1 0 }}', '{{ index (list) 5 }}', '{{ slice "abc" 2 1 }}', '{{ substr 5 1 "abc" }}',
  '{{ trunc -5 "abc" }}', '{{ nindent -3 "a" }}', '{{ indent 100000 "a\nb" }}', '{{ untilStep 0 10 0 }}', '{{ seq 1 -1 }}', '{{ randAlphaNum 20 }}',
  '{{ (1) }}', '{{ ( }}', '{{ end }}', '{{ else }}', '{{ if }}', '{{ $undefined }}', '{{ $x := 1 }}{{ $x = "a" }}{{ $x }}', '{{- /* c */ -}}',
];

const valuePieces: readonly string[] = ['true', 'false', 'null', '~', '0', '1', '-1', '1e6', '0.5', '""', '"x"', '[]', '{}', '[a, b]', '{a: 1}', '"{{ .Release.Name }}"', '"{{ fail \\"v\\" }}"', '|\n  block', '&a x', '*a', '!!binary aGk=', '2023-01-01', '0x1F', '.inf'];

export const renderMutation: fc.Arbitrary<RenderMutation> = fc.oneof(
  { weight: 4, arbitrary: mutation },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('action' as const), at: fc.nat(), action: fc.constantFrom(...actions) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('valueLine' as const), line: fc.nat(), value: fc.constantFrom(...valuePieces) }) },
);

export function applyRenderMutations(text: string, mutations: readonly RenderMutation[]): string {
  let result = text;
  for (const m of mutations) {
    if (m.op === 'action') {
      // Inside or between the template's own actions: at a `{{` when there is one, else anywhere.
      const opens = [...result.matchAll(/\{\{/g)].map((match) => match.index!);
      const at = opens.length > 0 && m.at % 2 === 0 ? opens[m.at % opens.length] : m.at % (result.length + 1);
      result = result.slice(0, at) + m.action + result.slice(at);
    } else if (m.op === 'valueLine') {
      const lines = result.split('\n');
      const keyed = lines.map((line, index) => (/^\s*[\w.-]+:\s*\S/.test(line) ? index : -1)).filter((index) => index >= 0);
      if (keyed.length === 0) continue;
      const index = keyed[m.line % keyed.length];
      lines[index] = lines[index].replace(/:\s*\S.*$/, `: ${m.value}`);
      result = lines.join('\n');
    } else {
      result = applyMutations(result, [m]);
    }
  }
  return result;
}

/** The corpus charts (when there is a corpus) and the project's own render fixture charts. */
export function renderSeeds(): RenderSeed[] {
  const repository = path.resolve(__dirname, '..', '..', '..');
  const folders = [
    ...['documents', 'packaged', 'subcharts'].map((name) => path.join(repository, 'test', 'fixtures', 'render', 'charts', name)),
    path.join(repository, 'test', 'fixtures', 'render', 'examples', 'demo-chart'),
  ];
  const corpus = corpusRoot();
  if (corpus) for (const name of ['airflow', 'argo-cd', 'bitnami-postgresql', 'cert-manager', 'ingress-nginx', 'temporal', 'vault']) folders.push(path.join(corpus, name));
  const seeds: RenderSeed[] = [];
  for (const folder of folders) {
    const chart = loadChart(folder, []);
    if (chart.templates.length === 0) continue;
    const chartYaml = chart.chartYaml ? { ...chart.chartYaml, text: dropDependencies(chart.chartYaml.text) } : undefined;
    seeds.push({ origin: path.relative(repository, folder).split(path.sep).join('/'), chart: { ...chart, chartYaml } });
  }
  return seeds;
}

const isPartial = (file: SourceFile): boolean => path.posix.basename(file.path).startsWith('_');

/**
 * A case: one seed chart, one to three of its templates mutated, maybe its values mutated.
 * Only the partials and the mutated templates are rendered, so a case takes milliseconds.
 */
export function renderCaseArbitrary(seeds: readonly RenderSeed[]): fc.Arbitrary<RenderCase> {
  return fc
    .record({
      seed: fc.nat({ max: seeds.length - 1 }),
      templates: fc.array(fc.record({ index: fc.nat(), mutations: fc.array(renderMutation, { minLength: 1, maxLength: 6 }) }), { minLength: 1, maxLength: 3 }),
      values: fc.option(fc.array(renderMutation, { minLength: 1, maxLength: 4 }), { nil: undefined }),
    })
    .map(({ seed: seedIndex, templates: picks, values }) => {
      const seed = seeds[seedIndex];
      const source = seed.chart.templates;
      const mutated: { path: string; mutations: readonly RenderMutation[] }[] = [];
      const texts = new Map<string, string>();
      for (const pick of picks) {
        const file = source[pick.index % source.length];
        texts.set(file.path, applyRenderMutations(texts.get(file.path) ?? file.text, pick.mutations));
        mutated.push({ path: file.path, mutations: pick.mutations });
      }
      const templates = source.filter((file) => isPartial(file) || texts.has(file.path)).map((file) => ({ ...file, text: texts.get(file.path) ?? file.text }));
      let chartValues = seed.chart.values;
      if (values && chartValues) {
        chartValues = { ...chartValues, text: applyRenderMutations(chartValues.text, values) };
        mutated.push({ path: chartValues.path, mutations: values });
      }
      const chart: ChartInput = { ...seed.chart, templates, values: chartValues };
      const result: RenderCase & { [fc.toStringMethod]: () => string } = { origin: seed.origin, chart, mutated, [fc.toStringMethod]: () => describeRenderCase(result) };
      return result;
    });
}

/** The renderer's robustness property; throws an assertion error naming what broke. */
export function checkRender(chart: ChartInput): void {
  const totalChars = [chart.values, ...chart.templates].reduce((sum, file) => sum + (file?.text.length ?? 0), 0);
  const { result, ms: elapsed } = cpuTimeOf(() => renderChart(chart));
  assert.ok(!result.error?.startsWith('internal error'), `rendering threw: ${result.error}`);
  for (const template of result.rendered?.templates ?? []) {
    assert.notEqual(template.error?.kind, 'internal', `${template.name}: ${template.error?.message}`);
  }
  assert.ok(elapsed < renderBoundMs(totalChars), `rendering took ${elapsed.toFixed(0)} ms of CPU time for ${totalChars} characters (bound ${renderBoundMs(totalChars).toFixed(0)} ms)`);
}

export interface RenderCaseOutcome {
  readonly failed: boolean;
  readonly report: string;
  /** The shrunk text of the first mutated file, for a regression case. */
  readonly failingText?: string;
}

/** Runs the one case `caseSeed` generates, shrinking it on failure. */
export function runRenderCase(seeds: readonly RenderSeed[], caseSeed: number): RenderCaseOutcome {
  const details = fc.check(fc.property(renderCaseArbitrary(seeds), (c) => checkRender(c.chart)), { seed: caseSeed, numRuns: 1 });
  if (!details.failed) return { failed: false, report: `render case ${caseSeed} passed` };
  const counterexample = details.counterexample?.[0];
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const report = [
    `Render property failed: case seed ${caseSeed} (re-run with FUZZ_RENDER_CASE=${caseSeed} npm run fuzz)`,
    counterexample ? describeRenderCase(counterexample) : '(no counterexample)',
    `Failure: ${error}`,
  ].join('\n');
  const first = counterexample?.mutated[0];
  const failingText = first ? counterexample.chart.templates.find((file) => file.path === first.path)?.text : undefined;
  return { failed: true, report, ...(failingText !== undefined ? { failingText } : {}) };
}

export function describeRenderCase(c: RenderCase): string {
  const lines = [`chart: ${c.origin}`];
  for (const { path: file, mutations } of c.mutated) {
    const text = file === c.chart.values?.path ? c.chart.values.text : c.chart.templates.find((t) => t.path === file)?.text;
    lines.push(`${file} mutations: ${JSON.stringify(mutations)}`);
    if (text !== undefined && text.length <= 4000) lines.push(`${file} (JSON): ${JSON.stringify(text)}`);
  }
  return lines.join('\n');
}
