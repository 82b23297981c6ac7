/**
 * The first look at a newly opened document (its open files, the partials and the values
 * files that may hold hook keys, before the whole chart is parsed), in process: what it shows
 * (the source rules' findings) the whole chart reports too, on every chart-shaped fixture; and the values pre-check
 * never drops a values file the core would read hook keys from.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'url';
import * as fc from 'fast-check';
import { analyzeChart, type Finding } from '../../server/src/analysis';
import { buildChartModel } from '../../server/src/analysis/model/chart';
import { ChartWorkspace, mayHoldHookKeys } from '../../server/src/workspace';
import { firstLookRules } from '../../server/src/editorCharts';

/** Chart folders of the fixtures and examples, subcharts left to their parents. */
function fixtureCharts(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    if (fs.existsSync(path.join(dir, 'Chart.yaml'))) {
      found.push(dir);
      return;
    }
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) walk(path.join(dir, entry.name));
  };
  for (const dir of ['test/fixtures', 'examples', 'test/server/fixtures']) if (fs.existsSync(dir)) walk(path.resolve(dir));
  return found;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

const where = (finding: Finding): string => `${finding.rule} ${finding.file}:${finding.span.start}-${finding.span.end}`;

describe('server: first look at a newly opened document', () => {
  const charts = fixtureCharts();
  let compared = 0;

  it('finds the chart-shaped fixtures', () => assert.ok(charts.length >= 20, `only ${charts.length} charts`));

  for (const root of charts) {
    it(`reports nothing the whole chart does not: ${path.relative(process.cwd(), root)}`, () => {
      const workspace = new ChartWorkspace(() => undefined);
      const files = filesUnder(root).filter((file) => /(^|\/)(templates\/|values\.yaml$)/.test(path.relative(root, file)));
      assert.ok(files.length > 0);
      const chartPlace = workspace.placeOf(pathToFileURL(files[0]).href)!;
      const whole = new Set(analyzeChart(workspace.inputOf(chartPlace, []), {}).findings.map(where));
      for (const file of files) {
        const open = [{ uri: pathToFileURL(file).href, text: fs.readFileSync(file, 'utf8') }];
        const place = workspace.placeOf(open[0].uri)!;
        const firstLook = workspace.openPartOf(place, open);
        assert.ok(firstLook.templates.every((source) => source.path === place.file || path.basename(source.path).startsWith('_')), 'only the open file and partials');
        // Only the rules the server's first look shows (editorCharts.ts, openPartRun): a resource
        // rule's judgement of a tie needs the other files (unweighted-hook leaves a tie that the
        // whole chart orders against a dependency to hook-dependency-runs-later), so the first
        // look never shows it.
        const shown = analyzeChart(firstLook, {}).findings.filter((finding) => firstLookRules.has(finding.rule));
        compared += shown.length;
        const extra = shown.map(where).filter((finding) => !whole.has(finding));
        assert.deepEqual(extra, [], `opening ${place.file} alone`);
      }
    });
  }

  it('compared some first-look findings (the filter left something to check)', () => assert.ok(compared >= 10, `only ${compared}`));
});

describe('server: which values files the first look reads', () => {
  const hookEntries = (text: string): number => buildChartModel({ name: 'v', values: { path: 'values.yaml', text }, templates: [] }).valuesFiles[0].hookEntries.length;

  const cases: [string, boolean][] = [
    ['job:\n  annotations:\n    helm.sh/hook-weight: "-5"\n', true],
    ['job:\r\n  annotations:\r\n    "helm.sh/hook": pre-install\r\n', true],
    ['jobs:\n  - annotations:\n      Helm.sh/Hook-Delete-Policy: hook-succeeded\n', true],
    ['a:\n  helm.sh/hook-weigth: "1"\n', true],
    ['annotations: {helm.sh/hook: post-install}\n', true],
    ['annotations:\n  !!str helm.sh/hook: post-install\n', true],
    ['- helm.sh/hook: test\n', true],
    ['# helm.sh/hook: pre-install\nreplicas: 1\n', false],
    ['admissionWebhooks:\n  patchWebhookJob:\n    image: ingress-nginx/kube-webhook-certgen\n', false],
    ['image: my-webhook:1.0 # hook\nhelmVersion: 3\n', false],
    ['replicas: 1\n', false],
  ];
  for (const [text, expected] of cases) {
    it(`${expected ? 'reads' : 'skips'} ${JSON.stringify(text)}`, () => {
      assert.equal(mayHoldHookKeys(text), expected);
      // A "no" is only sound when the core reads no hook key from the file.
      if (!expected) assert.equal(hookEntries(text), 0);
    });
  }

  it('never skips a values file the core reads hook keys from (generated files)', () => {
    // Hook keys with up to three edits (the core reads keys within two as misspellings), case changes, and other words.
    const hookKey = fc.constantFrom<string>('helm.sh/hook', 'helm.sh/hook-weight', 'helm.sh/hook-delete-policy', 'helm.sh/hook-output-log-policy');
    const edit = fc.tuple(fc.nat(40), fc.constantFrom('insert', 'delete', 'replace', 'upper'), fc.constantFrom('x', '.', '-', ' ', 'k', 'H', '/'));
    const misspelled = fc.tuple(hookKey, fc.array(edit, { maxLength: 3 })).map(([start, edits]) =>
      edits.reduce((key: string, [at, kind, char]) => {
        const index = at % (key.length + 1);
        if (kind === 'insert') return key.slice(0, index) + char + key.slice(index);
        if (kind === 'delete') return key.slice(0, index) + key.slice(index + 1);
        if (kind === 'upper') return key.slice(0, index) + key.slice(index, index + 1).toUpperCase() + key.slice(index + 1);
        return key.slice(0, index) + char + key.slice(index + 1);
      }, start),
    );
    const key = fc.oneof(misspelled, fc.constantFrom('webhook', 'helmVersion', 'hooks', 'image', 'annotations'));
    const quote = fc.constantFrom('', '"', "'");
    const line = fc.tuple(fc.nat(3), quote, key, fc.constantFrom('1', '"x"', 'pre-install', '', '{}', '# c'), fc.boolean()).map(([depth, q, k, value, item]) => `${'  '.repeat(depth)}${item ? '- ' : ''}${q}${k.trim().replace(/^[-#]+/, '') || 'k'}${q}: ${value}`);
    const file = fc.array(line, { minLength: 1, maxLength: 6 }).map((lines) => `root:\n${lines.map((content) => `  ${content}`).join('\n')}\n`);
    fc.assert(
      fc.property(file, (text) => hookEntries(text) === 0 || mayHoldHookKeys(text)),
      { numRuns: 500 },
    );
  });
});
