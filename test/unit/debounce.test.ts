/**
 * The language server's adaptive debounce (server/src/debounce.ts), as decisions: which wait a
 * change gets after fast, slow and no analysis, per chart, and which scheduled check is dropped.
 * No clock is read: the analysis times are given.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { AdaptiveDebounce, fastAnalysisMs } from '../../server/src/debounce';

describe('adaptive debounce', () => {
  it('waits the full debounce for a chart never analysed', () => {
    assert.equal(new AdaptiveDebounce(150).delayFor('a'), 150);
  });

  it('does not wait after a fast analysis of the chart, and waits again once one is slow', () => {
    const debounce = new AdaptiveDebounce(150);
    debounce.analysed('a', 3);
    assert.equal(debounce.delayFor('a'), 0);
    debounce.analysed('a', fastAnalysisMs);
    assert.equal(debounce.delayFor('a'), 0);
    debounce.analysed('a', fastAnalysisMs + 1);
    assert.equal(debounce.delayFor('a'), 150);
    debounce.analysed('a', 1);
    assert.equal(debounce.delayFor('a'), 0);
  });

  it('decides per chart', () => {
    const debounce = new AdaptiveDebounce(150);
    debounce.analysed('fast', 2);
    debounce.analysed('slow', 400);
    assert.deepEqual([debounce.delayFor('fast'), debounce.delayFor('slow'), debounce.delayFor('new')], [0, 150, 150]);
  });

  it('uses the configured debounce for slow charts', () => {
    const debounce = new AdaptiveDebounce(150);
    debounce.delayMs = 20;
    debounce.analysed('slow', 400);
    assert.equal(debounce.delayFor('slow'), 20);
  });

  it('drops a scheduled check only for a newer one of the same chart that runs at once', () => {
    const debounce = new AdaptiveDebounce(150);
    const first = debounce.scheduled('a', 0);
    const other = debounce.scheduled('b', 0);
    assert.ok(!debounce.isOvertaken('a', first));
    const waiting = debounce.scheduled('a', 150);
    assert.ok(!debounce.isOvertaken('a', first), 'a newer check that waits does not hold back the one already running');
    const atOnce = debounce.scheduled('a', 0);
    assert.ok(debounce.isOvertaken('a', first));
    assert.ok(debounce.isOvertaken('a', waiting));
    assert.ok(!debounce.isOvertaken('a', atOnce));
    assert.ok(!debounce.isOvertaken('b', other), 'another chart is not affected');
  });
});
