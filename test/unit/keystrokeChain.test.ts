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
import { createChartAnalysis, createParseCache, createRenderCache, type ChartInput } from '../../server/src/analysis';
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
