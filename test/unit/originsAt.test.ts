/**
 * `originsAt` searches ordered segments (what a render writes) instead of walking them all; it must
 * answer exactly as the walk does, for ordered and unordered lists alike, and stay linear overall.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { originsAt, segmentsOrdered, type Segment } from '../../server/src/analysis/render/output';
import type { Span } from '../../server/src/analysis/types';
import { assertFast } from './support/timing';

/** The walk over every segment, which originsAt does for a list not known to be ordered. */
function walked(segments: readonly Segment[], span: Span): unknown[] {
  return originsAt(segments, span, false);
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function segment(start: number, end: number, offset: number): Segment {
  return { start, end, origin: { kind: 'text', template: 't.yaml', offset }, via: [] } as unknown as Segment;
}

describe('originsAt', () => {
  it('answers as the walk over every segment, ordered or not', () => {
    const next = random(7);
    for (let round = 0; round < 400; round++) {
      const segments: Segment[] = [];
      let at = 0;
      const count = Math.floor(next() * 30);
      for (let index = 0; index < count; index++) {
        const gap = next() < 0.3 ? Math.floor(next() * 3) : 0;
        const length = Math.floor(next() * 6);
        segments.push(segment(at + gap, at + gap + length, Math.floor(next() * 100)));
        at += gap + length;
      }
      // Some lists out of order or overlapping, as no render writes them: segmentsOrdered says so.
      if (round % 4 === 3 && segments.length > 2) segments.reverse();
      if (round % 8 === 5 && segments.length > 1) segments.push(segment(0, at + 3, 1));
      for (let probe = 0; probe < 20; probe++) {
        const start = Math.floor(next() * (at + 4));
        const end = next() < 0.2 ? start : start + Math.floor(next() * 8);
        assert.deepEqual(originsAt(segments, { start, end }, segmentsOrdered(segments)), walked(segments, { start, end }), `round ${round}, span ${start}-${end}`);
      }
    }
  });

  it('looks up every span of a long output in linear time overall', () => {
    const segments = Array.from({ length: 100_000 }, (_, index) => segment(index * 10, index * 10 + 10, index));
    assert.ok(segmentsOrdered(segments));
    const found = assertFast('100,000 look-ups over 100,000 segments', () => {
      let pieces = 0;
      for (let index = 0; index < 100_000; index++) pieces += originsAt(segments, { start: index * 10 + 2, end: index * 10 + 5 }, true).length;
      return pieces;
    });
    assert.equal(found, 100_000);
  });
});
