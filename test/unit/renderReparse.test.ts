/**
 * The parse of a template after an edit of its literal text, taken over from the parse before
 * (render/reparse.ts): whenever it is given, it must be exactly the parse of the edited text, for
 * every fixture template (and the corpus's, when it is there) and edits at many places: a
 * character typed, deleted or replaced, a line added, `{` and `}` typed beside actions, blanks
 * beside trim markers. Edits it cannot take over exactly give nothing (the file is parsed again).
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { parseTemplate } from '../../server/src/analysis/render/parse';
import { reparsedAfterLiteralEdit, settled } from '../../server/src/analysis/render/reparse';
import { renderChart } from '../../server/src/analysis/render/chart';
import { corpusRoot } from '../support/corpus';

const fixtures = path.join(__dirname, '../../../test/fixtures');
const known = (): boolean => true;

function templatesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return templatesUnder(full);
    return /[\\/]templates[\\/]/.test(full) && /\.(ya?ml|tpl|txt)$/.test(entry.name) ? [full] : [];
  });
}

/** Edits at up to `places` offsets spread over the text, and at each end. */
function edits(text: string, places: number): string[] {
  const offsets = new Set<number>([0, text.length]);
  for (let step = 1; step < places; step++) offsets.add(Math.floor((step * text.length) / places));
  // Beside every action's delimiters, where trim markers and `{{` are at stake.
  for (const match of text.matchAll(/\{\{-?|-?\}\}/g)) {
    if (offsets.size > places * 2) break;
    offsets.add(match.index);
    offsets.add(match.index + match[0].length);
  }
  const result: string[] = [];
  for (const at of offsets) {
    for (const typed of ['7', '\n', '{', '}']) result.push(text.slice(0, at) + typed + text.slice(at));
    if (at < text.length) {
      result.push(text.slice(0, at) + text.slice(at + 1));
    }
    if (at + 3 <= text.length) result.push(text.slice(0, at) + text.slice(at + 3));
  }
  return result;
}

describe('a parse taken over after an edit of literal text', () => {
  it('is the parse of the edited text whenever it is given, for every fixture template and many edits', () => {
    const corpus = corpusRoot();
    // The corpus's templates are many and long: fewer places each.
    const files = [...templatesUnder(fixtures).map((file) => ({ file, places: 10 })), ...(corpus ? templatesUnder(corpus) : []).map((file) => ({ file, places: 2 }))];
    assert.ok(files.length > 40, `only ${files.length} fixture templates found`);
    let compared = 0;
    let takenOver = 0;
    for (const { file, places } of files) {
      const text = fs.readFileSync(file, 'utf8');
      const previous = parseTemplate('t.yaml', text, known);
      if (previous.error) continue;
      for (const edited of edits(text, places)) {
        compared++;
        const again = reparsedAfterLiteralEdit(text, previous, edited);
        if (!again) continue;
        takenOver++;
        assert.deepStrictEqual(settled(again), parseTemplate('t.yaml', edited, known), `${file} after an edit`);
      }
    }
    // Most edits land in literal text; a test that never took one over would check nothing.
    assert.ok(takenOver > compared / 4, `${takenOver} of ${compared} edits taken over`);
  });

  it('moves the defines after the edit (offsets and line) and keeps those before', () => {
    const text = '{{- define "a" }}x: 1{{ end }}\nkind: A\nname: b\n{{- define "b" }}\ny: {{ .Values.y }}\n{{ end }}\n';
    const edited = text.replace('kind: A', 'kind: AA\nk: 2');
    const again = reparsedAfterLiteralEdit(text, parseTemplate('t.yaml', text, known), edited);
    assert.ok(again?.trees, 'taken over');
    assert.deepStrictEqual(settled(again), parseTemplate('t.yaml', edited, known));
    assert.equal(again.trees.get('b')?.definedAt?.line, 5);
  });

  it('gives nothing for edits of an action, of blanks a trim marker removes, or that open an action', () => {
    const text = 'a: {{ .Values.a }}\nb: x  {{- .Values.b }}\nc: {{ .Values.c -}}  y\nd: z\n';
    const previous = parseTemplate('t.yaml', text, known);
    for (const edited of [
      text.replace('.Values.a', '.Values.aa'),
      text.replace('x  {{-', 'x   {{-'),
      text.replace('-}}  y', '-}}   y'),
      text.replace('d: z', 'd: {{z'),
      text.replace('d: z', 'd: {'),
    ]) {
      const again = reparsedAfterLiteralEdit(text, previous, edited);
      if (again) assert.deepStrictEqual(settled(again), parseTemplate('t.yaml', edited, known));
    }
    assert.equal(reparsedAfterLiteralEdit(text, previous, text.replace('.Values.a', '.Values.aa')), undefined);
    assert.equal(reparsedAfterLiteralEdit(text, previous, text.replace('x  {{-', 'x   {{-')), undefined);
    assert.equal(reparsedAfterLiteralEdit(text, previous, text.replace('d: z', 'd: {{z')), undefined);
    assert.ok(reparsedAfterLiteralEdit(text, previous, text.replace('d: z', 'd: {')), 'a lone { is text');
  });

  it('a render after a literal edit takes the parse over and renders as a render from scratch', () => {
    const chart = {
      name: 'app',
      chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 0.1.0\n' },
      values: { path: 'values.yaml', text: 'a: 1\n' },
      templates: [{ path: 'templates/a.yaml', text: 'kind: A\nmetadata:\n  name: a-{{ .Values.a }}\n---\nkind: B\nmetadata:\n  name: b\n' }],
    };
    const first = renderChart(chart);
    const edited = { ...chart, templates: [{ path: 'templates/a.yaml', text: chart.templates[0].text.replace('name: b', 'name: bee') }] };
    const again = renderChart(edited, {}, first);
    const fresh = renderChart(edited);
    assert.equal(again.text, fresh.text);
    assert.deepStrictEqual(again.rendered?.templates, fresh.rendered?.templates);
    const treeBefore = first.rendered?.memo.trees.get('app/templates/a.yaml');
    const treeAfter = again.rendered?.memo.trees.get('app/templates/a.yaml');
    assert.ok(treeBefore && treeAfter);
    // Taken over: the nodes before the edit are the previous parse's own objects.
    assert.equal(treeAfter.root.nodes[0], treeBefore.root.nodes[0]);
  });

  it('after a long deletion, an edit where the deleted text stood moves only what follows it (review11 D1)', () => {
    // A deletion leaves parse positions that stood in the deleted text; an edit in the text that
    // moved back over them once moved the action and the text after the deletion as well.
    const text0 = `a: ${'x'.repeat(40)}h\nb: {{ .Values.v }}\nc: ijkl {{ .Values.v }} m\nd: ${'y'.repeat(30)}z\n`;
    const chart = (text: string) => ({
      name: 'app',
      chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 0.1.0\n' },
      values: { path: 'values.yaml', text: 'v: V\n' },
      templates: [{ path: 'templates/a.yaml', text }],
    });
    let checked = 0;
    for (const length of [1, 5, 20, 40]) {
      const text1 = text0.slice(0, 3) + text0.slice(3 + length);
      // Then an edit at every place of literal text up to where the deleted text ended, and past it.
      for (let at = 4; at < 3 + 40 + 30; at++) {
        for (const typed of ['Z', '', 'QQ']) {
          const text2 = typed === '' ? text1.slice(0, at) + text1.slice(at + 1) : text1.slice(0, at) + typed + text1.slice(at);
          const first = parseTemplate('t.yaml', text0, known);
          const second = reparsedAfterLiteralEdit(text0, first, text1);
          assert.ok(second, `deleting ${length} is taken over`);
          const third = reparsedAfterLiteralEdit(text1, second, text2);
          if (!third) continue;
          checked++;
          assert.deepStrictEqual(settled(third), parseTemplate('t.yaml', text2, known), `delete ${length}, then ${JSON.stringify(typed)} at ${at}`);
          const render = renderChart(chart(text2), {}, renderChart(chart(text1), {}, renderChart(chart(text0))));
          assert.deepStrictEqual(render.rendered?.templates, renderChart(chart(text2)).rendered?.templates, `render: delete ${length}, then ${JSON.stringify(typed)} at ${at}`);
        }
      }
    }
    assert.ok(checked > 300, `${checked} second edits taken over`);
  });

  it('stays the parse of the text over a sequence of edits (insert, delete, paste, undo), each taken over from the last, and renders the same', () => {
    // Text between actions, defines before and after, a branch: positions of every kind move.
    const block = (index: number): string => `kind: Job\nmetadata:\n  name: {{ include "x.name" . }}-${index}\n  weight: "${index % 7}"\n{{- if .Values.on }}\n  on: "yes {{ .Values.tag }}"\n{{- else }}\n  off: 1\n{{- end }}\n`;
    const text0 = `{{- define "x.name" }}n-{{ .Release.Name }}{{ end }}\n${Array.from({ length: 12 }, (_, index) => block(index)).join('---\n')}{{- define "x.tail" }}t: {{ .Values.tag }}{{ end }}\n`;
    const chart = (text: string) => ({
      name: 'app',
      chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 0.1.0\n' },
      values: { path: 'values.yaml', text: 'on: true\ntag: "1"\n' },
      templates: [{ path: 'templates/a.yaml', text }],
    });
    // A seeded walk: each step inserts, deletes, pastes a line or undoes the step before, at a place in literal text.
    let seed = 7;
    const random = (below: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % below;
    };
    let text = text0;
    let parse = parseTemplate('t.yaml', text, known);
    let render = renderChart(chart(text));
    const history: string[] = [];
    let takenOver = 0;
    for (let step = 0; step < 300; step++) {
      const kind = random(4);
      let edited: string;
      const at = text.indexOf('weight: "', random(text.length)) + 9;
      if (kind === 3 && history.length > 0) edited = history.pop()!;
      else if (at < 9) continue;
      else if (kind === 0) edited = `${text.slice(0, at)}${random(10)}${text.slice(at)}`;
      else if (kind === 1) edited = text.charAt(at + 1) === '"' ? `${text.slice(0, at)}12${text.slice(at)}` : `${text.slice(0, at)}${text.slice(at + 1)}`;
      else edited = `${text.slice(0, at)}\n  pasted: "a b c"\n  w: "${text.slice(at)}`;
      if (kind !== 3) history.push(text);
      const again = reparsedAfterLiteralEdit(text, parse, edited);
      const fresh = parseTemplate('t.yaml', edited, known);
      if (again) {
        takenOver++;
        assert.deepStrictEqual(settled(again), fresh, `step ${step}`);
      }
      parse = again ?? fresh;
      text = edited;
      const rendered = renderChart(chart(text), {}, render);
      const scratch = renderChart(chart(text));
      assert.equal(rendered.text, scratch.text, `step ${step}`);
      assert.deepStrictEqual(rendered.rendered?.templates, scratch.rendered?.templates, `step ${step}`);
      render = rendered;
    }
    assert.ok(takenOver > 150, `${takenOver} of 300 edits taken over`);
  });
});
