/**
 * documents.ts reads a document without hook-like text (`hookLike`) as a skeleton, so every key
 * that `isHookKeyCandidate` accepts must be hook-like text: a hook key or a near miss the regex
 * does not see would lose the document's pod template. Checked on every hook key with one edit
 * (all of them) and two edits (a seeded sample), and on keys around the texts the regex passes
 * over (`helm.sh/chart`, `helm.sh/resource-policy`, `lifecycleHooks`, `webhook`).
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { hookKeys, isHookKeyCandidate } from '../../server/src/analysis/helm/hooks';
import { hookLike, skeleton } from '../../server/src/analysis/yaml/documents';
import { seededRandom } from './support/seededRandom';

const alphabet = [...'abcdefhiklmoprstuwy-./_ HKLS0'];

function oneEdit(word: string): string[] {
  const out: string[] = [];
  for (let at = 0; at <= word.length; at++) {
    if (at < word.length) out.push(word.slice(0, at) + word.slice(at + 1));
    if (at + 1 < word.length) out.push(word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2));
    for (const char of alphabet) {
      out.push(word.slice(0, at) + char + word.slice(at));
      if (at < word.length) out.push(word.slice(0, at) + char + word.slice(at + 1));
    }
  }
  return out;
}


function assertSeen(key: string): void {
  if (isHookKeyCandidate(key)) assert.ok(hookLike.test(key), `${JSON.stringify(key)} could be a hook key but is not hook-like text`);
}

describe('hook-like text', () => {
  it('holds every hook key and every key one edit from one', () => {
    for (const key of hookKeys) {
      assert.ok(hookLike.test(key));
      for (const near of oneEdit(key)) assertSeen(near);
    }
  });

  it('holds every key two edits from a hook key (a sample)', () => {
    const next = seededRandom(15);
    for (const key of hookKeys) {
      const once = oneEdit(key);
      for (let round = 0; round < 4000; round++) {
        const first = once[Math.floor(next() * once.length)];
        const twice = oneEdit(first);
        assertSeen(twice[Math.floor(next() * twice.length)]);
      }
    }
  });

  it('passes over texts no hook key is near, and only those', () => {
    for (const text of ['helm.sh/chart', 'helm.sh/resource-policy', 'Helm.sh/Resource-Policy', 'lifecycleHooks', '.Values.primary.lifecycleHooks', 'admissionWebhooks']) {
      assert.ok(!hookLike.test(text), text);
      for (const near of oneEdit(text)) assertSeen(near);
      for (const [before, after] of [['', ''], ['x', ''], ['', '-weight'], ['helm.sh/', ''], ['', '/hook']]) assertSeen(before + text + after);
    }
    for (const text of ['helm.sh/resource-policy-hook', 'lifecycle.hook', 'helmsh/hook', 'helm.sh/hook-weight']) assert.ok(hookLike.test(text), text);
  });

  it('keeps the pod spec of a document whose hook keys are spelled with escapes (review13 D20)', () => {
    const job = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: migrate',
      '  annotations:',
      '    "helm\\u002Esh/ho\\u006Fk": pre-install',
      '    "\\x68elm.sh/\\x68ook-weight": "1"',
      'spec:',
      '  template:',
      '    spec:',
      '      restartPolicy: Always',
      '      containers: [{name: c, image: busybox}]',
      '',
    ].join('\n');
    assert.ok(!hookLike.test(job), 'the text holds no hook-like word: only its escapes spell one');
    assert.equal(skeleton(job), job);
    // A backslash in a value, or in a comment before a quoted key, is no escaped key.
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "x\\ty"\n  # "\\u0068": 1\n';
    assert.notEqual(skeleton(configMap), configMap);
  });
});

