/**
 * What an editor keeps across keystrokes (`ParseCache`, `RenderCache`) must not keep each
 * keystroke's text alive. A comma list split from a value (the model's events, the rules' delete
 * policies) is kept by the value object, which lives on in every later state where its document is
 * unchanged; a token cut from the text as a slice kept that state's whole text (8 MB per keystroke in
 * issue 16's file of 13,548 hooks, never freed).
 */
import * as assert from 'assert/strict';
import * as v8 from 'v8';
import * as vm from 'vm';
import { describe, it } from 'node:test';
import { createChartAnalysis, createParseCache, createRenderCache, type ChartInput } from '../../server/src/analysis';

/** A hook with list values of long tokens (slices, not copies, when cut from a text) and a long comment: about 4 KB. */
function hook(index: number, weight: number): string {
  return [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: hook-${index}`,
    '  annotations:',
    '    "helm.sh/hook": pre-install,pre-upgrade,post-rollback',
    `    "helm.sh/hook-weight": "${weight}"`,
    '    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded',
    `# ${'padding '.repeat(500)}`,
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
  ].join('\n');
}

/** `tail` ends the template: an action there can make its render fail, so the plan is the literal one. */
function input(weights: readonly number[], tail = ''): ChartInput {
  return {
    name: 'kept',
    chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: kept\nversion: 0.1.0\n' },
    templates: [{ path: 'templates/hooks.yaml', text: `${weights.map((weight, index) => hook(index, weight)).join('\n---\n')}\n${tail}` }],
  };
}

/**
 * Types one weight digit in another hook per keystroke (same length: no document moves) in a
 * chart of 250 hooks, about 1 MB, each state analysed by `analyse` with the editor's caches, and
 * fails when the heap after a full collection grows by more than 6 texts over 30 keystrokes
 * (kept texts would add about one text per keystroke: 30).
 */
function assertNoTextKept(tail: string, analyse: (analysis: ReturnType<typeof createChartAnalysis>) => void): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const weights = Array.from({ length: 250 }, () => 1);
  const cache = createParseCache();
  const renders = createRenderCache();
  const keystroke = (step: number): void => {
    weights[(step * 37) % weights.length] = (step % 8) + 2;
    analyse(createChartAnalysis(input(weights, tail), cache, {}, renders));
  };
  const size = input(weights, tail).templates[0].text.length / 1e6;
  for (let step = 0; step < 3; step++) keystroke(step);
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let step = 3; step < 33; step++) keystroke(step);
  gc();
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / 1e6;
  assert.ok(grown < 6 * size, `the heap grew ${grown.toFixed(1)} MB over 30 keystrokes in a ${size.toFixed(2)} MB file`);
}

describe('caches kept across keystrokes', () => {
  it('keep no keystroke\'s text alive through the lists they keep', () => {
    assertNoTextKept('', (analysis) => analysis.findings());
  });

  it('keep no keystroke\'s text alive through the plan they keep (review11 D5)', () => {
    // The render fails (an include of nothing), so the plan is described from the literal text, as
    // an editor's plan view and hovers ask while a chart is mid-edit. Each keystroke re-reads one
    // hook document; the plan memo keeps its description for the next state.
    assertNoTextKept('# {{ include "nowhere" . }}\n', (analysis) => {
      analysis.findings();
      const plan = analysis.plan();
      assert.equal(plan.render, undefined, 'the literal plan (the render fails)');
      assert.ok(plan.lifecycles.install.length > 0);
    });
  });
});
