/**
 * Random chains of keystrokes against fresh analyses: each state of a file of hooks, analysed with
 * the caches an editor keeps across keystrokes (documents taken over and moved, the scan and the
 * render's parse taken over, readings, lists and rule reports kept), must give exactly the findings
 * (fixes included: the editor's quick fixes), the plan and the rendered plan of a fresh analysis of
 * the same text. Edits insert or delete 1-40 characters at random places, often where the last
 * edit was (inside or right after a deletion: the review found an edit there put findings off by
 * the earlier edit's length), so what an edit moves is moved again by the next.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { createChartAnalysis, createParseCache, createRenderCache, parseAhead, type ChartInput } from '../../server/src/analysis';
import { hookJob } from '../support/hookJobs';
import { randomSource } from '../support/random';

// An empty event and a trailing comma: the empty-event rule and its fix read a token's raw span, which a move must move too.
const events = ['pre-install', 'pre-install,pre-upgrade', 'post-install', 'pre-instal', 'test', 'pre-delete,post-delete', 'pre-install,,post-install'];
const policies = ['before-hook-creation,hook-succeeded', 'hook-succeded', '', 'hook-failed', 'hook-failed,'];

function hook(index: number): string {
  return hookJob(index, events, policies);
}

function input(text: string): ChartInput {
  return {
    name: 'chain',
    chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: chain\nversion: 0.1.0\n' },
    values: { path: 'values.yaml', text: 'tag: "1.0"\n' },
    templates: [{ path: 'templates/hooks.yaml', text }],
  };
}


/** Characters typed: mostly what a YAML hook holds; braces now and then (actions opened and closed). */
const typed = 'abcdefghijklmnopqrstuvwxyz0123456789      ----,,,""\n\n\n::#.';
const pasted = ['pre-install', ',hook-succeeded', '\n---\n', '{{ .Values.tag }}', '"5"', '  ', '\n    "helm.sh/hook-weight": "1"', '{{', '}}'];

interface Edit {
  readonly at: number;
  readonly removed: number;
  readonly inserted: string;
}

function nextEdit(text: string, last: Edit | undefined, draw: () => number): Edit {
  const pick = (length: number): number => Math.floor(draw() * length);
  // Half the edits where the last one was: at its start, inside what it inserted, just after it.
  const near = last && draw() < 0.5;
  const at = near ? Math.min(text.length, Math.max(0, last.at + pick(last.inserted.length + 3) - 1)) : pick(text.length + 1);
  if (draw() < 0.45) {
    const removed = Math.min(text.length - at, 1 + pick(40));
    return { at, removed, inserted: '' };
  }
  const length = 1 + pick(40);
  let inserted = '';
  if (draw() < 0.3) inserted = pasted[pick(pasted.length)];
  else for (let index = 0; index < length; index++) inserted += typed[pick(typed.length)];
  // Now and then a replacement: a selection typed over.
  const removed = draw() < 0.15 ? Math.min(text.length - at, 1 + pick(10)) : 0;
  return { at, removed, inserted };
}

function applied(text: string, edit: Edit): string {
  return `${text.slice(0, edit.at)}${edit.inserted}${text.slice(edit.at + edit.removed)}`;
}

describe('random keystroke chains', () => {
  for (const seed of [11, 29, 47]) {
    it(`give every state the findings and plans of a fresh analysis (seed ${seed})`, () => {
      const draw = randomSource(seed);
      let text = `${Array.from({ length: 24 }, (_, index) => hook(index)).join('\n---\n')}\n`;
      const cache = createParseCache();
      const renders = createRenderCache();
      createChartAnalysis(input(text), cache, {}, renders).findings();
      let last: Edit | undefined;
      let withFindings = 0;
      for (let step = 0; step < 60; step++) {
        last = nextEdit(text, last, draw);
        text = applied(text, last);
        const where = `seed ${seed}, step ${step} (${JSON.stringify(last)})`;
        const kept = createChartAnalysis(input(text), cache, {}, renders);
        const fresh = createChartAnalysis(input(text), undefined, {});
        const findings = kept.findings();
        if (findings.findings.length > 10) withFindings++;
        assert.deepStrictEqual(findings, fresh.findings(), `${where}: findings`);
        // Every few steps the plans too (the plan view and hovers ask for them, taking over what the plan kept).
        if (step % 3 === 0) {
          assert.deepStrictEqual(kept.plan(), fresh.plan(), `${where}: the plan as written`);
          assert.deepStrictEqual(kept.renderedPlan(), fresh.renderedPlan(), `${where}: the rendered plan`);
        }
      }
      assert.ok(withFindings > 30, `most states have findings to compare (${withFindings})`);
    });
  }
});

/** A hook written in flow YAML: its metadata (annotations included) in one flow mapping, over one or several lines. */
function flowHook(index: number, multiline: boolean): string {
  const weight = index % 4 === 0 ? `${index % 3}` : `"${(index % 5) - 2}"`;
  const annotations = `{"helm.sh/hook": "${events[index % events.length]}", "helm.sh/hook-weight": ${weight}${index % 3 === 0 ? '' : `, "helm.sh/hook-delete-policy": "${policies[index % policies.length]}"`}}`;
  const metadata = multiline ? `{\n  name: flow-${index},\n  annotations: ${annotations}\n}` : `{name: flow-${index}, annotations: ${annotations}}`;
  return `apiVersion: v1\nkind: Pod\nmetadata: ${metadata}\nspec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}`;
}

/** Typing: a few characters typed one at a time at one place, then some of them deleted one at a time (every state analysed). */
function typingEdits(text: string, draw: () => number): Edit[] {
  const at = Math.floor(draw() * (text.length + 1));
  const word = typed.slice(Math.floor(draw() * 20), 30).slice(0, 1 + Math.floor(draw() * 6));
  const edits: Edit[] = [...word].map((char, index) => ({ at: at + index, removed: 0, inserted: char }));
  const deleted = Math.floor(draw() * (word.length + 1));
  for (let index = 0; index < deleted; index++) edits.push({ at: at + word.length - index - 1, removed: 1, inserted: '' });
  return edits;
}

describe('random keystroke chains, other texts and rhythms', () => {
  // `crlf`: the file's lines end in CRLF (and typed line breaks are CRLF). `flow`: every third hook in flow YAML.
  // `skipping`: some states are only parsed ahead (as the server does between edits) or not looked at, before the next
  // is analysed, and some states are asked only for their plan: what a state kept is taken over two or three edits on.
  const variants = [
    { name: 'CRLF line ends', seed: 5, crlf: true, flow: false, skipping: false },
    { name: 'flow YAML hooks', seed: 17, crlf: false, flow: true, skipping: false },
    { name: 'states skipped or only parsed', seed: 23, crlf: false, flow: true, skipping: true },
    { name: 'CRLF, flow YAML and skipped states', seed: 31, crlf: true, flow: true, skipping: true },
  ];
  for (const variant of variants) {
    it(`give every state analysed the findings and plans of a fresh analysis (${variant.name})`, () => {
      const draw = randomSource(variant.seed);
      const lineEnd = variant.crlf ? '\r\n' : '\n';
      const hooks = Array.from({ length: 24 }, (_, index) => (variant.flow && index % 3 === 1 ? flowHook(index, index % 2 === 0) : hook(index)));
      let text = `${hooks.join('\n---\n')}\n`.replace(/\n/g, lineEnd);
      const cache = createParseCache();
      const renders = createRenderCache();
      createChartAnalysis(input(text), cache, {}, renders).findings();
      let last: Edit | undefined;
      let compared = 0;
      let withFindings = 0;
      for (let step = 0; step < 36; step++) {
        // One in three steps types a word and deletes part of it, one keystroke a state; the others edit as above.
        const edits = draw() < 0.33 ? typingEdits(text, draw) : [nextEdit(text, last, draw)];
        for (const edit of edits) {
          last = variant.crlf ? { ...edit, inserted: edit.inserted.replace(/\n/g, '\r\n') } : edit;
          text = applied(text, last);
          const where = `${variant.name}, step ${step} (${JSON.stringify(last)})`;
          const rhythm = variant.skipping ? draw() : 1;
          if (rhythm < 0.15) continue;
          if (rhythm < 0.3) {
            parseAhead(input(text), cache, 10);
            continue;
          }
          const kept = createChartAnalysis(input(text), cache, {}, renders);
          const fresh = createChartAnalysis(input(text), undefined, {});
          if (rhythm < 0.4) {
            assert.deepStrictEqual(kept.plan(), fresh.plan(), `${where}: the plan as written, asked first`);
            continue;
          }
          const findings = kept.findings();
          compared++;
          if (findings.findings.length > 10) withFindings++;
          assert.deepStrictEqual(findings, fresh.findings(), `${where}: findings`);
          if (step % 4 === 0) assert.deepStrictEqual(kept.plan(), fresh.plan(), `${where}: the plan as written`);
        }
      }
      assert.ok(compared > 40 && withFindings > compared / 2, `most states compared have findings (${withFindings} of ${compared})`);
    });
  }
});
