/**
 * Reading a chart from disk: only the chart's own files (symbolic links that leave the chart
 * are named once and not followed, in the CLI's loader and in the server's workspace alike),
 * and UTF-16 or UTF-32 files named by their encoding rather than called binary.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { after, describe, it } from 'node:test';
import { decodeText, loadChart, wideEncoding, type LoadProblem } from '../../server/src/node/chartLoader';
import { ChartWorkspace } from '../../server/src/workspace';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-loader-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    "helm.sh/hook": pre-install\n';

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/**
 * A chart whose templates link out of it (a file, and a folder of many files, as
 * `templates/etcdir -> /etc` did), and in it (to a file of its own, which is followed).
 */
function chartWithLinks(name: string): { chart: string; outside: string } {
  const root = path.join(scratch, name);
  const chart = path.join(root, 'chart');
  const outside = path.join(root, 'outside');
  write(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: linked\nversion: 0.1.0\n');
  write(path.join(chart, 'templates/job.yaml'), job);
  write(path.join(chart, 'files/extra.yaml'), job.replace('migrate', 'extra'));
  for (let index = 0; index < 20; index++) write(path.join(outside, 'etc', `file${index}.yaml`), job);
  write(path.join(outside, 'secret.yaml'), job.replace('migrate', 'secret'));
  write(path.join(outside, 'values.yaml'), 'secret: true\n');
  write(path.join(outside, 'sub/Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.1.0\n');
  write(path.join(outside, 'sub/templates/job.yaml'), job);
  fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(chart, 'templates/linked.yaml'));
  fs.symlinkSync('../../outside/etc', path.join(chart, 'templates/etcdir'));
  fs.symlinkSync('../files/extra.yaml', path.join(chart, 'templates/inside.yaml'));
  fs.symlinkSync('../outside/values.yaml', path.join(chart, 'values.yaml'));
  fs.mkdirSync(path.join(chart, 'charts'));
  fs.symlinkSync('../../outside/sub', path.join(chart, 'charts/sub'));
  return { chart, outside };
}

describe('the chart loader reads the chart\'s own files only', () => {
  const { chart, outside } = chartWithLinks('loader');
  const problems: LoadProblem[] = [];
  const input = loadChart(chart, problems);

  it('does not follow links that leave the chart: files, folders, values and subcharts', () => {
    assert.deepEqual(input.templates.map((source) => source.path), ['templates/inside.yaml', 'templates/job.yaml']);
    assert.equal(input.values, undefined);
    assert.deepEqual(input.subcharts, []);
  });

  it('names each link once, with the target it resolves to', () => {
    const real = fs.realpathSync(outside);
    // Sorted: the loader walks the chart in Helm's (alphabetical) order.
    assert.deepEqual(
      problems.map((problem) => [path.relative(chart, problem.path), problem.message]).sort(),
      [
        ['values.yaml', `skipped: a symbolic link to ${path.join(real, 'values.yaml')}, outside the chart`],
        ['templates/etcdir', `skipped: a symbolic link to ${path.join(real, 'etc')}, outside the chart`],
        ['templates/linked.yaml', `skipped: a symbolic link to ${path.join(real, 'secret.yaml')}, outside the chart`],
        ['charts/sub', `skipped: a symbolic link to ${path.join(real, 'sub')}, outside the chart`],
      ].sort(),
    );
  });

  it('follows links that stay inside the chart, and a chart reached through a linked folder', () => {
    assert.equal(input.templates[0].text, job.replace('migrate', 'extra'));
    const viaLink = path.join(scratch, 'loader', 'chart-link');
    fs.symlinkSync('chart', viaLink);
    const linkedProblems: LoadProblem[] = [];
    assert.deepEqual(loadChart(viaLink, linkedProblems).templates.map((source) => source.path), ['templates/inside.yaml', 'templates/job.yaml']);
    assert.equal(linkedProblems.length, 4);
  });
});

describe('the server reads the chart\'s own files only', () => {
  const { chart } = chartWithLinks('server');
  const logs: string[] = [];
  const workspace = new ChartWorkspace((message) => logs.push(message));
  const uri = pathToFileURL(path.join(chart, 'templates/job.yaml')).href;

  it('leaves out links that leave the chart, and logs each once however often the chart is re-read', () => {
    const place = workspace.placeOf(uri);
    assert.ok(place);
    assert.deepEqual(workspace.inputOf(place, []).templates.map((source) => source.path), ['templates/inside.yaml', 'templates/job.yaml']);
    assert.deepEqual(workspace.fileChanged(uri), [place.chartKey]);
    assert.equal(workspace.inputOf(place, []).templates.length, 2, 'read again after the change');
    assert.equal(logs.length, 4, logs.join('\n'));
    for (const name of ['values.yaml', 'etcdir', 'linked.yaml', 'sub']) assert.equal(logs.filter((line) => line.includes(`${name}: skipped: a symbolic link to `)).length, 1, name);
  });
});

describe('UTF-16 and UTF-32 files are named by their encoding', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wide\n';
  const utf16le = Buffer.from(text, 'utf16le');
  const swap = (bytes: Buffer) => Buffer.from(bytes).swap16();
  const utf32le = Buffer.concat([...text].map((char) => Buffer.from([char.charCodeAt(0), 0, 0, 0])));
  const utf32be = Buffer.from(utf32le).swap32();
  const bom = (...bytes: number[]) => Buffer.from(bytes);

  for (const [name, bytes, expected] of [
    ['UTF-16 LE with a BOM', Buffer.concat([bom(0xff, 0xfe), utf16le]), 'UTF-16 (little-endian, with a byte-order mark)'],
    ['UTF-16 BE with a BOM', Buffer.concat([bom(0xfe, 0xff), swap(utf16le)]), 'UTF-16 (big-endian, with a byte-order mark)'],
    ['UTF-32 LE with a BOM', Buffer.concat([bom(0xff, 0xfe, 0, 0), utf32le]), 'UTF-32 (little-endian, with a byte-order mark)'],
    ['UTF-32 BE with a BOM', Buffer.concat([bom(0, 0, 0xfe, 0xff), utf32be]), 'UTF-32 (big-endian, with a byte-order mark)'],
    ['UTF-16 LE without a BOM', utf16le, 'UTF-16 (little-endian)'],
    ['UTF-16 BE without a BOM', swap(utf16le), 'UTF-16 (big-endian)'],
    ['UTF-32 LE without a BOM', utf32le, 'UTF-32 (little-endian)'],
    ['UTF-32 BE without a BOM', utf32be, 'UTF-32 (big-endian)'],
  ] as const) {
    it(`${name}: "${expected}"`, () => {
      assert.equal(wideEncoding(bytes), expected);
      const chart = path.join(scratch, `wide-${name.replace(/\W+/g, '-')}`);
      const file = path.join(chart, 'templates', 'configmap.yaml');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
      fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: wide\nversion: 0.1.0\n');
      const problems: LoadProblem[] = [];
      assert.deepEqual(loadChart(chart, problems).templates, []);
      assert.deepEqual(problems, [{ path: file, message: `skipped: ${expected} text; helm-hooks reads only UTF-8` }]);
    });
  }

  it('binary data and UTF-8 are not taken for a wide encoding', () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256));
    assert.equal(wideEncoding(binary), undefined);
    assert.equal(wideEncoding(Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x00, 0x01, 0x02])), undefined);
    assert.equal(wideEncoding(Buffer.from('\uFEFF' + text, 'utf8')), undefined);
    assert.equal(wideEncoding(Buffer.from(text, 'utf8')), undefined);
  });
});

describe('UTF-8 is decoded as a fatal TextDecoder decodes it', () => {
  // decodeText checks with isUtf8 and decodes with toString (the BOM dropped by hand). Helm's loader drops one leading
  // BOM from every file of a chart (`bytes.TrimPrefix(data, utf8bom)`), .Files entries too: the rest is text or bytes.
  const fatal = (bytes: Uint8Array, ignoreBOM: boolean): string | undefined => {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM }).decode(bytes);
    } catch {
      return undefined;
    }
  };
  const samples: number[][] = [
    [0xef, 0xbb, 0xbf, 0x61],
    [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x61],
    [0xef, 0xbb, 0xbf, 0xff, 0x61],
    [0xef, 0xbb, 0xbf],
    [0xef, 0xbb],
    [0xc3, 0xa9],
    [0xc0, 0xaf],
    [0xe0, 0x80, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf0, 0x9f, 0x98, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf0, 0x9f, 0x98],
    [0x61, 0x80, 0x62],
    [0xfe],
    [],
  ];

  it('for templates and .Files entries (a leading BOM dropped from both), and names what it refuses', () => {
    const random = Array.from({ length: 200 }, (_, seed) => Array.from({ length: 1 + (seed % 9) }, (_, index) => (seed * 131 + index * 7919 + 0x7f) % 256));
    for (const [index, bytes] of [...samples, ...random.map((bytes) => bytes.filter((byte) => byte !== 0))].entries()) {
      const buffer = Buffer.from(bytes);
      const problems: LoadProblem[] = [];
      assert.equal(decodeText(buffer, 'x', problems), fatal(buffer, false), `sample ${index}: ${bytes}`);
      assert.deepEqual(problems, fatal(buffer, false) === undefined ? [{ path: 'x', message: 'skipped: not valid UTF-8' }] : []);
    }
    const chart = path.join(scratch, 'utf8-files');
    write(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: utf8\nversion: 0.1.0\n');
    samples.forEach((bytes, index) => {
      fs.mkdirSync(path.join(chart, 'files'), { recursive: true });
      fs.writeFileSync(path.join(chart, 'files', `f${String(index).padStart(2, '0')}`), Buffer.from(bytes));
    });
    const files = loadChart(chart).files ?? [];
    samples.forEach((bytes, index) => {
      const file = files.find((entry) => entry.path === `files/f${String(index).padStart(2, '0')}`);
      const rest = Buffer.from(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.slice(3) : bytes);
      const text = fatal(rest, true);
      assert.deepEqual(file, text === undefined ? { path: file?.path, text: rest.toString('base64'), binary: true } : { path: file?.path, text }, `file ${index}`);
    });
  });
});
