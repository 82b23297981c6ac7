/**
 * A render made elsewhere and handed to the analysis (api/prerendered.ts). The fixture
 * test/fixtures/prerendered/failing-chart fails to render under both its profiles (an `include` of
 * a template nobody defines, as real Helm says) and has findings as written; the ci-profiles
 * fixture renders. Taken or not, the findings must be those of the analysis that renders itself.
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyzeProfiles, createChartAnalysis, prerender, prerenderEach, prerenderedCache, profileRenderOptions, valuesProfiles, type ChartInput, type Prerendered, type RenderOptions } from '../../server/src/analysis';
import { loadChart } from '../../server/src/node/chartLoader';
import { repoRoot } from './support/renderHarness';

const failing = path.join(repoRoot, 'test', 'fixtures', 'prerendered', 'failing-chart');
const rendering = path.join(repoRoot, 'test', 'fixtures', 'profiles', 'ci-profiles', 'chart');
const base: RenderOptions = { missingDependencies: 'skip', documents: 'identity', untilError: true };

function load(dir: string): ChartInput {
  const problems: { path: string; message: string }[] = [];
  const input = loadChart(dir, problems);
  assert.deepEqual(problems, []);
  return input;
}

/** Each profile's render made "elsewhere": of a structured clone of the input, as a worker thread gets it. */
function prerenderedOf(input: ChartInput): Prerendered[] {
  const copy = structuredClone(input);
  const options = valuesProfiles(input).map((profile) => profileRenderOptions(base, profile));
  const renders = prerenderEach(copy, structuredClone(options));
  assert.deepEqual(renders, options.map((each) => prerender(copy, each)), 'each render after the first takes the parses of the one before, with the same result');
  return renders.flatMap((render, index) => (render ? [{ input, options: options[index], render }] : []));
}

describe('prerendered renders', () => {
  it('a failed render is carried as plain data, and the analysis taking it finds what it finds rendering itself', () => {
    const input = load(failing);
    const prerendered = prerenderedOf(input);
    assert.equal(prerendered.length, 2, 'both profiles fail to render');
    assert.match(prerendered[0].render.error, /no template "failing.fullname"/);
    assert.deepEqual(structuredClone(prerendered[0].render), prerendered[0].render);
    const itself = analyzeProfiles(input, {}, { render: base });
    const taken = analyzeProfiles(input, {}, { render: base, prerendered });
    assert.ok(itself.findings.length > 0);
    assert.deepEqual(taken, itself);
  });

  it('is taken when made of this input with these options: a stand-in error shows through', () => {
    const input = load(failing);
    const prerendered = prerenderedOf(input).map((entry) => ({ ...entry, render: { ...entry.render, error: `stand-in for ${entry.options.valueFiles?.[0]?.name ?? 'default'}` } }));
    const renders = analyzeProfiles(input, {}, { render: base, prerendered }).renders?.map((render) => render.mode === 'literal' && render.error);
    assert.deepEqual(renders, ['stand-in for default', 'stand-in for ci/other-values.yaml']);
  });

  it('given as a function, is asked for once (when the first profile renders) and taken as the list is', () => {
    const input = load(failing);
    const prerendered = prerenderedOf(input).map((entry) => ({ ...entry, render: { ...entry.render, error: 'stand-in' } }));
    let asked = 0;
    const lazily = analyzeProfiles(input, {}, { render: base, prerendered: () => (asked++, prerendered) });
    assert.equal(asked, 1, 'asked once for both profiles');
    assert.deepEqual(lazily, analyzeProfiles(input, {}, { render: base, prerendered }));
    assert.deepEqual(lazily.renders?.map((render) => render.mode === 'literal' && render.error), ['stand-in', 'stand-in']);
    asked = 0;
    analyzeProfiles(input, {}, { prerendered: () => (asked++, prerendered) });
    assert.equal(asked, 0, 'never asked when nothing renders');
  });

  it('is not taken for another input object or other options', () => {
    const input = load(failing);
    const standIn = prerenderedOf(input).map((entry) => ({ ...entry, render: { ...entry.render, error: 'stand-in' } }));
    const itself = analyzeProfiles(input, {}, { render: base });
    const otherInput = standIn.map((entry) => ({ ...entry, input: structuredClone(input) }));
    assert.deepEqual(analyzeProfiles(input, {}, { render: base, prerendered: otherInput }), itself);
    const otherOptions = standIn.map((entry) => ({ ...entry, options: { ...entry.options, name: 'other' } }));
    assert.deepEqual(analyzeProfiles(input, {}, { render: base, prerendered: otherOptions }), itself);
    assert.equal(prerenderedCache(input, { ...base, name: 'other' }, standIn), undefined);
  });

  it('a chart that renders gives no prerendered answer: the analysis renders itself', () => {
    const input = load(rendering);
    assert.deepEqual(prerenderedOf(input), []);
  });

  it('told when every template is parsed (once, before the renders): the renders are the same', () => {
    const failingInput = load(failing);
    // A parse error, values that do not parse, a render that fails at execution, one that renders.
    const broken = { ...failingInput, templates: [...failingInput.templates, { path: 'templates/broken.yaml', text: 'a: {{ if .Values.x }}\n' }] };
    const badValues = { ...failingInput, values: { path: 'values.yaml', text: 'a: [\n' } };
    for (const input of [failingInput, broken, badValues, load(rendering)]) {
      const options = valuesProfiles(input).map((profile) => profileRenderOptions(base, profile));
      let told = 0;
      const renders = prerenderEach(input, options, () => told++);
      assert.equal(told, 1);
      assert.deepEqual(renders, prerenderEach(input, options));
      assert.deepEqual(renders, options.map((each) => prerender(input, each)));
    }
    let told = 0;
    assert.deepEqual(prerenderEach(failingInput, [], () => told++), []);
    assert.equal(told, 0, 'nothing to render, nothing parsed');
  });

  it('an editor analysis given the prerendered cache plans with its error', () => {
    const input = load(failing);
    const [entry] = prerenderedOf(input);
    const standIn = { ...entry, render: { ...entry.render, error: 'stand-in' } };
    const plan = createChartAnalysis(input, undefined, base, prerenderedCache(input, base, [standIn])).renderedPlan();
    assert.equal(plan.render?.mode === 'literal' && plan.render.error, 'stand-in');
  });
});
