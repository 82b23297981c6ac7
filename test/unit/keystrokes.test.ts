/**
 * An editor analyses every state of a chart with the caches it keeps across keystrokes (one
 * `ParseCache` and one `RenderCache` per chart): documents an edit left alone are taken over,
 * moved when the edit changed lengths before them, and what was worked out from them is kept.
 * Whatever is kept, each state's findings and plans must be exactly those of a fresh analysis of
 * the same text. A generated file of many hooks (ties, mistakes of every kind the hook rules
 * judge) is edited as a user would: weights, names, a delete policy, a line added, a document
 * inserted and one deleted.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { createChartAnalysis, createParseCache, createRenderCache, type ChartInput } from '../../server/src/analysis';
import { hookJob } from '../support/hookJobs';

const events = ['pre-install', 'pre-install,pre-upgrade', 'post-install', 'pre-instal', 'test', 'pre-delete'];
const policies = ['before-hook-creation,hook-succeeded', 'hook-succeded', '', 'hook-failed'];

/** Hook `index`: weights repeat (ties), every sixth event is misspelled, some names repeat, one weight in five is not a string. */
function hook(index: number): string {
  return hookJob(index, events, policies);
}

const file = (count: number): string => `${Array.from({ length: count }, (_, index) => hook(index)).join('\n---\n')}\n`;

function input(text: string): ChartInput {
  return {
    name: 'many',
    chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: many\nversion: 0.1.0\n' },
    values: { path: 'values.yaml', text: 'tag: "1.0"\n' },
    templates: [{ path: 'templates/hooks.yaml', text }],
  };
}

/** `text` with the `occurrence`-th (0-based) match of `find` replaced. */
function replaceAt(text: string, find: string, occurrence: number, by: string): string {
  let at = -1;
  for (let seen = 0; seen <= occurrence; seen++) {
    at = text.indexOf(find, at + 1);
    assert.ok(at >= 0, `no ${find} #${occurrence}`);
  }
  return `${text.slice(0, at)}${by}${text.slice(at + find.length)}`;
}

/** The edits, each on the text the one before left. */
const edits: readonly [string, (text: string) => string][] = [
  ['a weight near the top, one character shorter', (text) => replaceAt(text, '"-3"', 0, '"7"')],
  ['a weight in the middle, same length', (text) => replaceAt(text, '"2"', 4, '"0"')],
  ['a blank inside an action near the top turned into a line break (same length: the documents after it keep their offsets, not their lines)', (text) => replaceAt(text, '{{ .Values.tag }}', 2, '{{\n.Values.tag }}')],
  ['a name near the top', (text) => replaceAt(text, '-hook-1\n', 0, '-first\n')],
  ['a delete policy misspelled', (text) => replaceAt(text, 'before-hook-creation,hook-succeeded', 3, 'before-hook-creation,hook-sucess')],
  ['a line added before most documents', (text) => replaceAt(text, '  annotations:\n', 1, '  labels:\n    app: many\n  annotations:\n')],
  ['a document inserted in the middle', (text) => replaceAt(text, '\n---\n', 20, `\n---\n${hook(3)}\n---\n`)],
  ['a document deleted near the top', (text) => {
    const start = text.indexOf('\n---\n') + 1;
    return `${text.slice(0, start)}${text.slice(text.indexOf('\n---\n', start) + 1)}`;
  }],
  ['an event list edited in the middle (that document read again, its neighbours kept)', (text) => replaceAt(text, 'pre-install,pre-upgrade', 5, 'pre-install,pre-upgrad')],
  ['a comment action added at the top (every document moved, actions after it too)', (text) => `{{/* moved */}}\n${text}`],
  ['a weight typed at the end', (text) => replaceAt(text, '"1"', 0, '"-12"')],
  ['the values changed under the last hook', (text) => `${text}---\n${hook(100)}\n`],
];

describe('analyses across keystrokes', () => {
  it('give each state the findings and plans of a fresh analysis of its text', () => {
    let text = file(60);
    const cache = createParseCache();
    const renders = createRenderCache();
    const state = (current: string) => createChartAnalysis(input(current), cache, {}, renders);
    const first = state(text);
    first.findings();
    first.plan();
    let compared = 0;
    for (const [name, edit] of edits) {
      text = edit(text);
      const kept = state(text);
      const fresh = createChartAnalysis(input(text), undefined, {});
      const findings = kept.findings();
      assert.ok(findings.findings.length > 20, `${name}: a file with many findings (${findings.findings.length})`);
      assert.deepStrictEqual(findings, fresh.findings(), `${name}: findings`);
      assert.deepStrictEqual(kept.plan(), fresh.plan(), `${name}: the plan as written`);
      assert.deepStrictEqual(kept.renderedPlan(), fresh.renderedPlan(), `${name}: the rendered plan`);
      // The literal reading too (a chart that does not render is judged as written).
      const literal = createChartAnalysis(input(text), cache);
      assert.deepStrictEqual(literal.findings(), createChartAnalysis(input(text)).findings(), `${name}: findings as written`);
      compared++;
    }
    assert.equal(compared, edits.length);
  });
});
