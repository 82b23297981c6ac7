/**
 * Issue 16, item 4: the inputs that stalled the server, each 100,000 characters, must be
 * analysed in linear time. Every case is a reproduction through the public API, and each also
 * checks the answer, so a shortcut that gives up on big input fails too.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart, getCompletions, type ChartInput } from '../../server/src/analysis';
import { scanTemplate } from '../../server/src/analysis/template/scanner';
import { maskTemplate } from '../../server/src/analysis/template/mask';
import { normalizeTemplatedName } from '../../server/src/analysis/yaml/documents';
import { mayHoldHookKeys } from '../../server/src/workspace';
import { adversarialLength, assertFast } from './support/timing';

function chartOf(text: string): ChartInput {
  return { name: 'adversarial', templates: [{ path: 'templates/adversarial.yaml', text }] };
}

function hookDocument(annotations: string): string {
  return ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: adversarial', '  annotations:', '    "helm.sh/hook": pre-install', '    "helm.sh/hook-weight": "0"', '    "helm.sh/hook-delete-policy": before-hook-creation', annotations, ''].join('\n');
}

describe('linear time on adversarial input', () => {
  it('masks one line of thousands of actions without searching the line again for each', () => {
    const line = `data:\n  line: "${'{{.}}'.repeat(adversarialLength / 5)}"\n`;
    const scan = scanTemplate(line);
    const masked = assertFast('masking a line of actions', () => maskTemplate(line, scan));
    assert.equal(masked.length, line.length);
    assert.match(masked, /^data:\n {2}line: "x+"\n$/);
  });

  it('reads a tag before an annotation value in one pass (a key of `!`s)', () => {
    const text = hookDocument(`    "${'!'.repeat(adversarialLength)} x": 5`);
    const result = assertFast('a key of 100k `!` before a number', () => analyzeChart(chartOf(text)));
    // No tag before the value: the bare 5 is still a number that Kubernetes rejects.
    assert.deepEqual(result.findings.map((finding) => finding.rule), ['non-string-annotation']);
  });
});

describe('completion in linear time', () => {
  it('reads the key of a line of 100k blanks once (the key regexes took 476 ms on 20k)', () => {
    const blanks = ' '.repeat(adversarialLength);
    for (const line of [`a${blanks}x`, `a${blanks}:x`, `"helm.sh/hook"${blanks}x`]) {
      const text = `metadata:\n  annotations:\n${line}\n    "helm.sh/hook": pre-install\n`;
      const offset = text.indexOf('\n', 25);
      assertFast(`completion at the end of ${JSON.stringify(line.slice(0, 16))}…`, () => getCompletions(chartOf(text), 'templates/adversarial.yaml', offset));
    }
    // Below a parent line of blanks (no key), no annotation keys are offered.
    const below = `metadata:\n  annotations${blanks}x\n    hel`;
    assert.deepEqual(assertFast('completion below a 100k-blank parent', () => getCompletions(chartOf(below), 'templates/adversarial.yaml', below.length)).items, []);
    const keyed = `metadata:\n  annotations${blanks}:\n    hel`;
    assert.ok(assertFast('completion below a 100k-blank parent key', () => getCompletions(chartOf(keyed), 'templates/adversarial.yaml', keyed.length)).items.some((item) => item.label === 'helm.sh/hook'));
  });
});

describe('normalizeTemplatedName in linear time', () => {
  it('normalises as before: trim markers and blanks around actions', () => {
    assert.equal(normalizeTemplatedName('"{{- .Release.Name  -}}-job"'), '{{ .Release.Name }}-job');
    assert.equal(normalizeTemplatedName('{{.A}}}}{{ .B - }}'), '{{ .A }} }}{{ .B - }}');
    assert.equal(normalizeTemplatedName('a -}} b'), 'a }} b');
  });

  it('reads a run of 100k blanks once', () => {
    const name = `{{ .Values.name${' '.repeat(adversarialLength)}x`;
    assert.equal(assertFast('100k spaces in a templated name', () => normalizeTemplatedName(name)), '{{ .Values.name x');
    const closed = `{{ .Values.name${' '.repeat(adversarialLength)}-}}`;
    assert.equal(assertFast('100k spaces before }}', () => normalizeTemplatedName(closed)), '{{ .Values.name }}');
  });
});

describe('mayHoldHookKeys in linear time', () => {
  it('reads a values line of list markers and blanks once (this took 11 s on 3 KB)', () => {
    const half = adversarialLength / 4;
    const line = `${'- '.repeat(half)}hook${' '.repeat(half)}x`;
    assert.equal(assertFast('100k characters of `- ` and blanks', () => mayHoldHookKeys(line)), false);
    assert.equal(assertFast('the same line ending in a hook key', () => mayHoldHookKeys(`${'- '.repeat(half)}"helm.sh/hook"${' '.repeat(half)}: x`)), true);
  });

  it('keeps its answers: quoted, listed and commented keys', () => {
    assert.equal(mayHoldHookKeys('- - "helm.sh/hook" : pre-install'), true);
    assert.equal(mayHoldHookKeys("'myhook':x"), false);
    assert.equal(mayHoldHookKeys('# helm.sh/hook: x'), false);
    assert.equal(mayHoldHookKeys('name: hook'), false);
    assert.equal(mayHoldHookKeys('hooks: [a]'), true);
  });
});
