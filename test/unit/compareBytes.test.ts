/** `compareBytes` orders strings as Go compares them: by UTF-8 bytes, which is code-point order. */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { compareBytes } from '../../server/src/analysis/helm/hooks';

describe('compareBytes', () => {
  const sign = (a: string, b: string): number => Math.sign(compareBytes(a, b));
  it('orders by code point, a prefix first', () => {
    assert.equal(sign('job-a', 'job-b'), -1);
    assert.equal(sign('job', 'job-a'), -1);
    assert.equal(sign('Z', 'a'), -1);
    assert.equal(sign('same', 'same'), 0);
    assert.equal(sign('', ''), 0);
  });
  it('puts a character above U+FFFF after U+E000–U+FFFF, as its UTF-8 bytes do', () => {
    // UTF-16 code units would put the surrogate pair of 😀 (U+1F600) before U+FF5E.
    assert.equal(sign('\uff5e', '😀'), -1);
    assert.equal(sign('a😀', 'a\ue000'), 1);
    assert.equal(sign('😀', '😁'), -1);
    assert.equal(sign('𐀀', '😀'), -1);
  });
});
