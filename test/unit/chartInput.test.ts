/**
 * Charts as Helm loads them: `.helmignore` rules as Helm applies them (the cases in
 * test/fixtures/helmignore/cases.json were produced by Helm 4.1.4), packaged subcharts
 * (`charts/*.tgz`), and every chart's prefix, Chart.yaml and `.Files` made explicit.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { chartFilesOf, chartMetadataOf, chartsOf, isIgnored, mapSources, parseChartYaml, parseHelmignore, sourcesOf } from '../../server/src/analysis';
import { loadChart, type LoadProblem } from '../../server/src/node/chartLoader';
import { readTar } from '../../server/src/node/tar';
import { assertFast } from './support/timing';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');

interface IgnoreCase {
  readonly helmignore: string;
  readonly kept?: string[];
  readonly error?: string;
}

describe('.helmignore as Helm applies it', () => {
  const data = JSON.parse(fs.readFileSync(path.join(fixtures, 'helmignore', 'cases.json'), 'utf8')) as { files: string[]; cases: IgnoreCase[] };
  for (const testCase of data.cases) {
    it(`keeps what Helm keeps with ${JSON.stringify(testCase.helmignore)}`, () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'helmignore-'));
      try {
        fs.mkdirSync(path.join(root, 'templates', 'sub'), { recursive: true });
        fs.writeFileSync(path.join(root, 'Chart.yaml'), 'apiVersion: v2\nname: hi\nversion: 0.1.0\n');
        fs.writeFileSync(path.join(root, 'templates', 'cm.yaml'), 'k: v\n');
        fs.writeFileSync(path.join(root, 'templates', '.hidden'), 'k: v\n');
        fs.writeFileSync(path.join(root, 'templates', 'sub', '.h2'), 'k: v\n');
        for (const file of data.files) {
          fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
          fs.writeFileSync(path.join(root, file), 'k: v\n');
        }
        fs.writeFileSync(path.join(root, '.helmignore'), testCase.helmignore);
        const problems: LoadProblem[] = [];
        const chart = loadChart(root, problems);
        if (testCase.error === 'Chart.yaml file is missing') {
          assert.equal(chart.chartYaml, undefined);
        } else if (testCase.error) {
          assert.ok(problems.some((problem) => problem.message.includes(testCase.error!)), JSON.stringify(problems));
        } else {
          assert.deepEqual((chart.files ?? []).map((file) => file.path).sort(), [...testCase.kept!].sort());
          // Helm's default rule leaves out dot files directly in templates/, not deeper (`sub/` drops the folder).
          const deeper = testCase.helmignore === 'sub/' ? [] : ['templates/sub/.h2'];
          assert.deepEqual(chart.templates.map((file) => file.path), ['templates/cm.yaml', ...deeper]);
        }
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }

  it('a rule for folders does not match a file of that name', () => {
    const rules = parseHelmignore('logs/\n');
    assert.equal(isIgnored(rules, 'logs', true), true);
    assert.equal(isIgnored(rules, 'logs', false), false);
  });

  it('star never crosses a slash; a class can', () => {
    const rules = parseHelmignore('a*c\nx[/]y\n');
    assert.equal(isIgnored(rules, 'abbc', false), true);
    assert.equal(isIgnored(rules, 'dir/abbc', false), true);
    assert.equal(isIgnored(rules, 'x/y', false), true);
  });

  it('matching stays fast on a hostile pattern', () => {
    const rules = parseHelmignore(`${'*a'.repeat(50)}b\n`);
    assert.equal(assertFast('matching 50 stars against 5,000 characters', () => isIgnored(rules, 'a'.repeat(5000), false)), false);
  });
});

describe('packaged subcharts', () => {
  const root = path.join(fixtures, 'render', 'charts', 'packaged');

  it('reads charts/*.tgz with its prefix, Chart.yaml, values, templates and files', () => {
    const problems: LoadProblem[] = [];
    const chart = loadChart(root, problems);
    assert.deepEqual(problems, []);
    const entries = chartsOf(chart);
    assert.deepEqual(entries.map((entry) => [entry.prefix, entry.namePath.join('/'), entry.chart.archive]), [
      ['', 'packaged', undefined],
      ['charts/db-0.1.0.tgz/', 'packaged/db', 'charts/db-0.1.0.tgz'],
    ]);
    const db = entries[1].chart;
    assert.equal(chartMetadataOf(db).name, 'db');
    assert.equal(db.values?.text, 'port: 5432\n');
    assert.deepEqual(db.templates.map((file) => file.path), ['charts/db-0.1.0.tgz/templates/job.yaml', 'charts/db-0.1.0.tgz/templates/service.yaml']);
    // The long name comes from a PAX header; the text from the archive.
    const longFile = chartFilesOf(chart).find((file) => file.path.includes('a-file-whose-path-is-long-enough'));
    assert.equal(longFile?.text, 'created by the init job\n');
  });

  it('applies .helmignore and keeps the chart files Helm keeps for .Files', () => {
    const chart = loadChart(root);
    assert.deepEqual((chart.files ?? []).map((file) => file.path), ['.helmignore', 'files/kept.txt']);
  });

  it('reports a damaged archive and reads the rest', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'packaged-'));
    try {
      fs.cpSync(root, copy, { recursive: true });
      fs.writeFileSync(path.join(copy, 'charts', 'db-0.1.0.tgz'), 'not gzip');
      const problems: LoadProblem[] = [];
      const chart = loadChart(copy, problems);
      assert.equal(chartsOf(chart).length, 1);
      assert.match(problems[0].message, /not a gzip archive/);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('the tar reader rejects a damaged header instead of guessing', () => {
    const header = Buffer.alloc(1024);
    header.write('file.txt', 0);
    header.write('00000000010', 124);
    header.write('12345', 148);
    assert.deepEqual(readTar(header), { error: 'damaged tar header at byte 0' });
  });

  it('binary files are kept for .Files as base64, flagged binary', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'binary-'));
    try {
      fs.writeFileSync(path.join(copy, 'Chart.yaml'), 'apiVersion: v2\nname: bin\nversion: 0.1.0\n');
      fs.writeFileSync(path.join(copy, 'logo.png'), Buffer.from([0x89, 0x50, 0x00, 0xff]));
      const chart = loadChart(copy);
      assert.deepEqual(chart.files, [{ path: 'logo.png', text: Buffer.from([0x89, 0x50, 0x00, 0xff]).toString('base64'), binary: true }]);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('ChartInput walking', () => {
  it('a subchart without an explicit prefix gets charts/<name>/ below its parent', () => {
    const input = { name: 'app', templates: [], subcharts: [{ name: 'db', templates: [], subcharts: [{ name: 'cache', templates: [] }] }] };
    assert.deepEqual(chartsOf(input).map((entry) => entry.prefix), ['', 'charts/db/', 'charts/db/charts/cache/']);
  });

  it('mapSources swaps text in every chart and keeps the prefixes', () => {
    const input = { name: 'app', templates: [{ path: 'templates/a.yaml', text: 'a' }], subcharts: [{ name: 'db', prefix: 'charts/db-dir/', templates: [{ path: 'charts/db-dir/templates/b.yaml', text: 'b' }] }] };
    const swapped = mapSources(input, (source) => ({ ...source, text: source.text.toUpperCase() }));
    assert.deepEqual(sourcesOf(swapped).map((source) => source.text), ['A', 'B']);
    assert.deepEqual(chartsOf(swapped).map((entry) => entry.prefix), ['', 'charts/db-dir/']);
  });

  it('reads Chart.yaml: type, dependencies with conditions, tags, aliases and import-values', () => {
    const meta = parseChartYaml(['apiVersion: v2', 'name: app', 'version: 1.0.0', 'type: library', 'dependencies:', '  - name: db', '    alias: main', '    condition: db.enabled', '    tags: [storage]', '    import-values: [data]'].join('\n'));
    assert.equal(meta.type, 'library');
    assert.deepEqual(meta.dependencies, [{ name: 'db', version: undefined, repository: undefined, alias: 'main', condition: 'db.enabled', tags: ['storage'], importValues: ['data'] }]);
    assert.match(parseChartYaml('name: [').error ?? '', /not valid YAML/);
  });
});
