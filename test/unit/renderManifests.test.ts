/**
 * How rendered files become `helm template`'s output: Helm's document split, hook detection,
 * kind order and printing, `--show-only`. The `documents` fixture chart has no template
 * actions, so its rendered output is its text and the expected output (written by Helm 4.1.4,
 * scripts/render-fixtures.mjs) checks this step alone.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { describe, it } from 'node:test';
import { chartsOf } from '../../server/src/analysis';
import { parseDocument } from 'yaml';
import { onlyBlankOrCommentLines, printTemplateOutput, sortManifests, splitManifests, type HeadMemo } from '../../server/src/analysis/render/manifests';
import { loadChart } from '../../server/src/node/chartLoader';
import { assertFast } from './support/timing';

const chartDir = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'render', 'charts', 'documents');

describe('helm template output of rendered files', () => {
  const chart = loadChart(chartDir);
  const files = chartsOf(chart).flatMap((entry) => entry.chart.templates.map((template) => ({ name: `${entry.namePath.join('/charts/')}/${template.path.slice(entry.prefix.length)}`, output: template.text })));
  const cases = JSON.parse(fs.readFileSync(path.join(chartDir, 'cases.json'), 'utf8')) as Record<string, string[]>;
  for (const [name, args] of Object.entries(cases)) {
    it(`prints what Helm prints: ${name}`, () => {
      const showOnly = args.flatMap((arg, index) => (args[index - 1] === '--show-only' ? [arg] : []));
      const printed = printTemplateOutput(sortManifests(files), showOnly);
      assert.equal(printed.text, fs.readFileSync(path.join(chartDir, 'expected', `${name}.txt`), 'utf8'));
      const errorFile = path.join(chartDir, 'expected', `${name}.error.txt`);
      assert.equal(printed.error === undefined ? undefined : `Error: ${printed.error}\n`, fs.existsSync(errorFile) ? fs.readFileSync(errorFile, 'utf8') : undefined);
    });
  }

  it('drops a hook with an unknown event, as Helm does', () => {
    const sorted = sortManifests(files);
    assert.deepEqual(sorted.unknownHooks.map((doc) => doc.content.match(/name: (\S+)/)?.[1]), ['unknown-event']);
    assert.deepEqual(sorted.hooks.map((doc) => doc.events), [['pre-install', 'test'], ['pre-install']]);
  });

  it('a document that is not a mapping stops the render with Helm\'s message', () => {
    const sorted = sortManifests([{ name: 'c/templates/a.yaml', output: 'just text' }]);
    assert.equal(sorted.error, 'YAML parse error on c/templates/a.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type util.SimpleHead');
    assert.match(printTemplateOutput(sorted).error ?? '', /\n\nUse --debug flag to render out invalid YAML$/);
  });

  it('splits in linear time on hostile whitespace', () => {
    const hostile = `a: 1${' \n'.repeat(25_000)}b: 2\n${' '.repeat(50_000)}\n---x: 1`;
    assert.deepEqual(assertFast('splitting 150k characters of blanks', () => splitManifests(hostile)).length, 2);
  });

  it('keeps no earlier output alive through the heads it carries from render to render', () => {
    // An editor renders again after each keystroke and carries the heads of unchanged documents over.
    // Each render here changes one document of 40 (about 1 MB of output), so a head that held on to
    // the output it was read from would keep one output alive per render.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const documents = 40;
    const pad = 'x'.repeat(25_000);
    const names = Array.from({ length: documents }, (_, index) => `job-number-${index}-0`);
    let memo: HeadMemo | undefined;
    const render = (step: number): void => {
      names[step % documents] = `job-number-${step % documents}-${step}`;
      const output = names.map((name) => `kind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: pre-install,post-upgrade\ndata:\n  pad: ${pad}\n`).join('---\n');
      const next: HeadMemo = new Map();
      sortManifests([{ name: 'c/templates/jobs.yaml', output }], { previous: memo, next });
      memo = next;
    };
    for (let step = 0; step < 5; step++) render(step);
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let step = 5; step < 65; step++) render(step);
    gc();
    gc();
    const grown = (process.memoryUsage().heapUsed - before) / 1e6;
    assert.ok(grown < 15, `the heap grew ${grown.toFixed(1)} MB over 60 renders`);
  });
});

describe('documents of blank and comment lines only', () => {
  // Read without `yaml` as an empty head: only where `yaml` itself reads no content and no error.
  const pieces = [' ', '  ', '\t', '#', '# c', 'a', ': ', '-', '{', '\n', '\r', '\r\n', '\u2028', '\u0085', '...', '---', '%YAML 1.1'];
  let seed = 7;
  const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const texts = ['', '\n', '# licence\n#\n#   text\n\n', '  # indented\r\n\n# last', '#a\rb: 1', '\t# tab', '# x\u2028y: 1'];
  for (let i = 0; i < 4000; i++) texts.push(Array.from({ length: 1 + random(8) }, () => pieces[random(pieces.length)]).join(''));

  it('answers yes only for texts yaml reads as empty without error', () => {
    let accepted = 0;
    for (const text of texts) {
      if (!onlyBlankOrCommentLines(text)) continue;
      accepted++;
      const doc = parseDocument(text, { version: '1.1', uniqueKeys: false });
      assert.deepEqual([doc.errors.length, doc.contents], [0, null], JSON.stringify(text));
    }
    assert.ok(accepted > 200, `only ${accepted} accepted`);
  });

  it('takes a licence header, and leaves tabs, lone carriage returns and other line breaks to yaml', () => {
    assert.equal(onlyBlankOrCommentLines('# Licensed to the ASF\n#\n# under the License.\n\n'), true);
    assert.equal(onlyBlankOrCommentLines('  # a\r\n# b'), true);
    for (const text of ['\t# tab', '#a\rb: 1', '# x\u2028y: 1', '# x\u0085', 'a: 1', '# c\n---', '  -']) assert.equal(onlyBlankOrCommentLines(text), false, JSON.stringify(text));
  });

  it('sorts such a document as Helm does: an empty head, after the kinds Helm orders', () => {
    const sorted = sortManifests([{ name: 'c/templates/a.yaml', output: '# licence\n#\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' }]);
    assert.deepEqual(sorted.manifests.map((doc) => [doc.kind, doc.name]), [['ConfigMap', 'x'], ['', '']]);
  });
});
