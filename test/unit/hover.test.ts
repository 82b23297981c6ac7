/**
 * Hover fixtures under test/fixtures/hover: each `<case>.yaml` (or chart folder) holds a `<|>`
 * cursor; `<case>.md` beside it is the expected hover: the hovered text on the first line
 * (`span: …`), then the markdown. `(no hover)` expects nothing. Goldens are written only
 * with UPDATE_FIXTURES=1 — read them before committing.
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { getCompletions, getHover } from '../../server/src/analysis';
import { codeSpan, escapeMarkdown } from '../../server/src/analysis/text/markdown';
import { fixturesRoot } from './support/fixtures';
import { cursorFixtures, loadCursorFixture } from './support/cursorFixtures';
import { assertGolden } from './support/goldens';

const dir = path.join(fixturesRoot, 'hover');

describe('hover fixtures', () => {
  for (const fixturePath of cursorFixtures(dir, (name) => name.endsWith('.md'))) {
    it(path.basename(fixturePath), () => {
      const fixture = loadCursorFixture(fixturePath);
      const hover = getHover(fixture.chart, fixture.file, fixture.offset);
      if (hover) {
        assert.ok(hover.span.start <= fixture.offset && fixture.offset <= hover.span.end, 'the hover span holds the cursor');
        assert.deepEqual(JSON.parse(JSON.stringify(hover)), hover);
      }
      const actual = hover ? `span: ${fixture.text.slice(hover.span.start, hover.span.end)}\n\n${hover.markdown}\n` : '(no hover)\n';
      const golden = fixturePath.replace(/(\.ya?ml|\.tpl)?$/, '.md');
      assertGolden(golden, actual, 'the hover');
    });
  }
});

describe('hover on any input', () => {
  it('never throws, at every offset of a broken file', () => {
    const text = 'kind: Pod\nmetadata:\n  annotations:\n    "helm.sh/hook": "pre-install,{{ if }}\n    helm.sh/hook-weight: [1\n---\n: {{';
    for (let offset = -1; offset <= text.length + 1; offset++) getHover({ name: 'c', templates: [{ path: 'templates/a.yaml', text }] }, 'templates/a.yaml', offset);
  });
});

describe('hover and completion markdown keep chart text literal', () => {
  // Chart text that would end a code span early and put a link, an image and HTML outside it.
  const evil = '`[x](https://evil.example)![i](https://evil.example/i.png)<img src=x>`';
  const job = (name: string, annotations: string[]): string =>
    ['apiVersion: batch/v1', 'kind: Job', 'metadata:', `  name: "${name}"`, '  annotations:', ...annotations.map((line) => `    ${line}`), 'spec: {}', ''].join('\n');
  const chart = {
    name: 'c',
    templates: [
      { path: 'templates/a.yaml', text: job(`a${evil}`, [`"helm.sh/hook": "pre-install,pre-inst${evil}"`, `"helm.sh/hook-weight": "1${evil}"`, `"helm.sh/hook-delete-policy": "hook-succeded${evil}"`, `"helm.sh/hook-output-log-policy": "x${evil}"`, `"helm.sh/hook-weight${evil}": "2"`]) },
      { path: 'templates/b.yaml', text: job(`b${evil}`, ['"helm.sh/hook": pre-install', '"helm.sh/hook-weight": 5', '"helm.sh/hook-wieght": "1"']) },
      { path: 'templates/c.yaml', text: job('c', ['"helm.sh/hook": pre-install', '"helm.sh/hook-weight": "7"']) },
    ],
  };

  it('shows the chart text in code spans, with no link, image or HTML outside them', () => {
    let shown = 0;
    for (const file of chart.templates) {
      for (let offset = 0; offset <= file.text.length; offset++) {
        const markdown = getHover(chart, file.path, offset)?.markdown;
        if (markdown === undefined) continue;
        const outside = outsideCodeSpans(markdown);
        assert.doesNotMatch(outside, /(?<!\\)\[[^\]]*(?<!\\)\]\(|<img|<a\b/, `at ${file.path}:${offset}:\n${markdown}`);
        if (markdown.includes('evil.example')) shown++;
      }
    }
    assert.ok(shown > 20, `hovers showing the hostile text: ${shown}`);
  });

  it('weight suggestions name other hooks in code spans too', () => {
    const text = chart.templates[2].text;
    const offset = text.indexOf('"7"') + 1;
    const items = getCompletions(chart, 'templates/c.yaml', offset).items;
    assert.ok(items.some((item) => item.documentation.includes('evil.example')), JSON.stringify(items.map((item) => item.documentation)));
    for (const item of items) assert.doesNotMatch(outsideCodeSpans(item.documentation), /(?<!\\)\[[^\]]*(?<!\\)\]\(|<img/, item.documentation);
  });

  it('code spans and escapes round-trip any text', () => {
    for (const text of ['plain', '`', '``', 'a`b', '` lead', 'trail `', ' both ', '``x``', '']) {
      const span = codeSpan(text);
      assert.equal(outsideCodeSpans(span), '', `${JSON.stringify(text)} → ${span}`);
      assert.equal(codeSpanContent(span), text === '' ? ' ' : text, `${JSON.stringify(text)} → ${span}`);
    }
    assert.equal(escapeMarkdown('a*b_[c](d)<e>&!`'), 'a\\*b\\_\\[c\\](d)\\<e\\>\\&\\!\\`');
  });
});

/** The markdown with every code span removed, as CommonMark finds them (a backtick run closes only at a run of the same length). */
function outsideCodeSpans(markdown: string): string {
  let out = '';
  let index = 0;
  while (index < markdown.length) {
    if (markdown[index] === '\\') {
      out += markdown.slice(index, index + 2);
      index += 2;
      continue;
    }
    if (markdown[index] !== '`') {
      out += markdown[index++];
      continue;
    }
    let end = index;
    while (markdown[end] === '`') end++;
    const run = end - index;
    const close = findRun(markdown, end, run);
    if (close < 0) {
      out += markdown.slice(index, end);
      index = end;
    } else index = close + run;
  }
  return out;
}

function findRun(text: string, from: number, length: number): number {
  for (let index = from; index < text.length; ) {
    if (text[index] !== '`') {
      index++;
      continue;
    }
    let end = index;
    while (text[end] === '`') end++;
    if (end - index === length) return index;
    index = end;
  }
  return -1;
}

/** What a lone code span shows: its content, with one space stripped from each end when both are spaces (CommonMark). */
function codeSpanContent(span: string): string {
  const run = /^`+/.exec(span)![0].length;
  const content = span.slice(run, span.length - run);
  return content.length >= 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '' ? content.slice(1, -1) : content;
}
