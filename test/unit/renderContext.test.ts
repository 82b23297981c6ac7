/**
 * The render context against real Helm: each case of test/fixtures/render/context/cases.json was
 * rendered by Helm 4.1.4 (scripts/context-cases.mjs) with probe templates printing
 * `{{ toJson .Values }}`, `.Chart`, `.Release`, …; the context built here must print the same.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildRenderContexts, ValueOrigins, type RenderContextOptions } from '../../server/src/analysis/render/context';
import { parseSetInto } from '../../server/src/analysis/render/context/strvals';
import { readValuesYaml } from '../../server/src/analysis/render/context/yamlValues';
import { compileGlob } from '../../server/src/analysis/render/context/glob';
import { isCompatibleRange } from '../../server/src/analysis/render/context/dependencies';
import { GoStruct, type GoMap, type Value } from '../../server/src/analysis/render/value';
import { analyzeChart } from '../../server/src/analysis';
import { renderChart } from '../../server/src/analysis/render/chart';

const root = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'render', 'context');

interface Case {
  readonly name: string;
  readonly chart: string;
  readonly args: readonly string[];
}

type Input = Parameters<typeof buildRenderContexts>[0];

function filesUnder(dir: string, base = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name), `${base}${entry.name}/`) : [`${base}${entry.name}`]));
}

function loadChart(dir: string, prefix = ''): Input {
  const all = filesUnder(dir).filter((file) => !file.startsWith('charts/'));
  const read = (file: string) => ({ path: prefix + file, text: fs.readFileSync(path.join(dir, file), 'utf8') });
  const chartsDir = path.join(dir, 'charts');
  const subcharts = fs.existsSync(chartsDir) ? fs.readdirSync(chartsDir).map((name) => loadChart(path.join(chartsDir, name), `${prefix}charts/${name}/`)) : [];
  return {
    name: path.basename(dir),
    prefix,
    chartYaml: read('Chart.yaml'),
    values: all.includes('values.yaml') ? read('values.yaml') : undefined,
    templates: all.filter((file) => file.startsWith('templates/')).map(read),
    files: all.filter((file) => !file.startsWith('templates/') && file !== 'Chart.yaml' && file !== 'values.yaml').map(read),
    subcharts,
  };
}

/** `helm template` flags → options (values files read from the fixture folder). */
function optionsOf(args: readonly string[]): RenderContextOptions {
  // `helm template` checks the chart's kubeVersion constraint (analysis does not: kubeVersionGate below).
  const options: { -readonly [K in keyof RenderContextOptions]: RenderContextOptions[K] } = { checkKubeVersion: true };
  const push = (key: 'set' | 'setString' | 'setJson' | 'setLiteral', value: string) => (options[key] = [...(options[key] ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if (flag === '--is-upgrade') options.isUpgrade = true;
    else if (flag === '-f') options.valueFiles = [...(options.valueFiles ?? []), { name: value, text: fs.readFileSync(path.join(root, value), 'utf8') }];
    else if (flag === '--set') push('set', value);
    else if (flag === '--set-string') push('setString', value);
    else if (flag === '--set-json') push('setJson', value);
    else if (flag === '--set-literal') push('setLiteral', value);
    else if (flag === '--namespace') options.namespace = value;
    else if (flag === '--kube-version') options.kubeVersion = value;
    else throw new Error(`unknown flag ${flag}`);
    if (flag !== '--is-upgrade') i++;
  }
  return options;
}

/** Go's encoding/json of a template value: map keys sorted, struct fields in order, <>& escaped. */
function goJson(value: Value | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  if (typeof value === 'string') return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  if (typeof value === 'boolean') return String(value);
  // encoding/json writes a []byte as base64 text.
  if (Array.isArray(value) && value.elem === 'uint8') return JSON.stringify(Buffer.from(value.map(Number)).toString('base64'));
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (value instanceof GoStruct) return `{${[...value.fields].map(([key, item]) => `${JSON.stringify(key)}:${goJson(item)}`).join(',')}}`;
  return `{${[...value.keys()].sort().map((key) => `${goJson(key)}:${goJson(value.get(key))}`).join(',')}}`;
}

function lookup(context: GoMap, chain: string): Value | undefined {
  let current: Value | undefined = context;
  for (const name of chain.split('.').filter(Boolean)) {
    if (current instanceof Map) current = current.get(name);
    else if (current instanceof GoStruct) current = current.fields.get(name);
    else return undefined;
  }
  return current;
}

/** Documents of `helm template` output by their `# Source:` name. */
function documentsOf(output: string): Map<string, string> {
  const documents = new Map<string, string>();
  for (const part of output.split(/^---\n/m).slice(1)) {
    const match = /^# Source: (.*)\n([\s\S]*)$/.exec(part);
    if (match) documents.set(match[1], match[2]);
  }
  return documents;
}

const cases = JSON.parse(fs.readFileSync(path.join(root, 'cases.json'), 'utf8')) as Case[];
for (const testCase of cases) {
  test(`render context matches helm template: ${testCase.name}`, () => {
    const expected = fs.readFileSync(path.join(root, 'expected', `${testCase.name}.txt`), 'utf8');
    const built = buildRenderContexts(loadChart(path.join(root, 'charts', testCase.chart)), optionsOf(testCase.args));
    if (expected.startsWith('Error: ')) {
      // Known deviation: YAML syntax errors come from the `yaml` package, not libyaml, so their
      // text after `yaml: line N:` (and sometimes N) differs; everything before it is Helm's.
      const cut = (text: string) => text.replace(/yaml: line \d+: .*$/s, 'yaml: line …');
      assert.equal(cut(`Error: ${built.error}\n`), cut(expected));
      return;
    }
    assert.equal(built.error, undefined);
    // Known deviation: a chart without annotations has a nil map in Helm (toJson null, printed map[]);
    // the value contract has no nil map, so it is an empty map here (printed map[], toJson {}).
    const documents = documentsOf(expected.replace(/"Annotations":null/g, '"Annotations":{}'));
    // Helm prints no document for a partial (`_*.tpl`).
    const rendered = built.templates.filter((template) => !path.basename(template.name).startsWith('_'));
    const ours = new Map(rendered.map((template) => [template.name, template.text.replace(/\{\{ toJson ([.A-Za-z]+) \}\}/g, (_, chain: string) => goJson(lookup(template.context, chain)))]));
    assert.deepEqual([...ours.keys()].sort(), [...documents.keys()].sort());
    for (const [name, text] of documents) assert.equal(ours.get(name), text, name);
  });
}

test('values origins point at the value in its file and at the flag that set it', () => {
  const chart = loadChart(path.join(root, 'charts', 'typing'));
  const built = buildRenderContexts(chart, { valueFiles: [{ name: 'b.yaml', text: 'extra:\n  x: 1\n' }], set: ['keep=7'] });
  const values = built.templates[0].context.get('Values') as GoMap;
  const valuesText = chart.values!.text;
  const origin = built.origins.of(values, 'sexagesimal');
  assert.equal(origin?.source, 'values.yaml');
  assert.equal(valuesText.slice(origin!.span!.start, origin!.span!.end), '1:30');
  const merged = values.get('merged') as GoMap;
  assert.equal(built.origins.of(merged, 'm')?.path.join('.'), 'merged.m');
  const extra = values.get('extra') as GoMap;
  assert.deepEqual(built.origins.of(extra, 'x'), { source: 'b.yaml', path: ['extra', 'x'], span: { start: 12, end: 13 }, keySpan: { start: 9, end: 10 } });
  assert.deepEqual(built.origins.of(values, 'keep'), { source: '--set', path: ['keep'], argument: 'keep=7' });
});

test('subchart values keep the origin of the parent file that overrides them', () => {
  const chart = loadChart(path.join(root, 'charts', 'parent'));
  const built = buildRenderContexts(chart, {});
  const one = built.templates.find((template) => template.name === 'parent/charts/one/templates/t.yaml') ?? built.templates.find((template) => template.name.endsWith('/one/templates/t.yaml'));
  const values = one!.context.get('Values') as GoMap;
  assert.equal(built.origins.of(values, 'keep')?.source, 'values.yaml');
  assert.equal(built.origins.of(values, 'enabled')?.source, 'charts/sub/values.yaml');
  const globals = values.get('global') as GoMap;
  assert.equal(built.origins.of(globals, 'g1')?.source, 'values.yaml');
  assert.equal(built.origins.of(globals, 'g2')?.source, 'charts/sub/values.yaml');
});

test('--set syntax: nested lists, gaps and escapes as Helm builds them', () => {
  const dest: GoMap = new Map();
  assert.equal(parseSetInto('a[1].b=x,c\\.d=1,e={}', dest, '--set', new ValueOrigins()), undefined);
  assert.equal(goJson(dest), '{"a":[null,{"b":"x"}],"c.d":1,"e":[""]}');
  assert.equal(parseSetInto('a[70000]=1', new Map(), '--set', new ValueOrigins()), 'index of 70000 is greater than maximum supported index of 65536');
});

test('values files: Helm error texts for what JSON cannot hold', () => {
  const read = (text: string) => readValuesYaml(text, 'values.yaml', new ValueOrigins()).error;
  assert.equal(read('- 1\n'), 'cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}');
  assert.equal(read('a: .inf\n'), 'cannot unmarshal yaml document: error converting YAML to JSON: json: unsupported value: +Inf');
  assert.equal(read('a: 1\n--- x\n'), 'error reading yaml document: invalid Yaml document separator: x');
  assert.equal(read('# nothing\n'), undefined);
});

test('.Files.Glob patterns as gobwas/glob matches them', () => {
  assert.equal(compileGlob('files/*.txt')('files/a.txt'), true);
  assert.equal(compileGlob('files/*.txt')('files/sub/a.txt'), false);
  assert.equal(compileGlob('files/**')('files/sub/a.txt'), true);
  assert.equal(compileGlob('{a,b}/?.[ch]')('b/x.h'), true);
  assert.equal(compileGlob('[unclosed')('anything'), true);
});

test('dependency version ranges as Masterminds semver checks them', () => {
  assert.equal(isCompatibleRange('~0.1', '0.1.3'), true);
  assert.equal(isCompatibleRange('^1.2.0', '2.0.0'), false);
  assert.equal(isCompatibleRange('>=1.0.0, <2', '1.5.0'), true);
  assert.equal(isCompatibleRange('1.x || >=3', '3.1.0'), true);
  assert.equal(isCompatibleRange('>=1.0.0', '1.2.0-rc1'), false);
  assert.equal(isCompatibleRange('', '1.0.0'), false);
});

test('kubeVersionGate: analysis renders a chart whose kubeVersion constraint refuses the default Kubernetes version; template does not', () => {
  const chart = loadChart(path.join(root, 'charts', 'kube-version'));
  const analysed = buildRenderContexts(chart, { kubeVersion: '1.29' });
  assert.equal(analysed.error, undefined);
  assert.ok(analysed.templates.length > 0);
  assert.match(buildRenderContexts(chart, { kubeVersion: '1.29', checkKubeVersion: true }).error ?? '', /^chart requires kubeVersion: /);
  // The render fixture whose constraint refuses v1.35.0: `template` fails (renderFixtures.test.ts), `check` and the editor render.
  const refused = loadChart(path.resolve(root, '..', 'charts', 'kube-version'));
  assert.deepEqual(analyzeChart(refused, {}, undefined, {}).render, { mode: 'rendered' });
  assert.equal(renderChart(refused, { checkKubeVersion: true }).error?.split('\n')[0], 'chart requires kubeVersion: <1.35.0 which is incompatible with Kubernetes v1.35.0');
});
