/**
 * The server's full collection after a very large chart's first analysis (server/src/heapSettle.ts):
 * asked for only past the threshold, and what it starts is a real full collection that ends
 * without anything waiting for it (a mark-compact seen by a `gc` performance observer).
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { constants, PerformanceObserver } from 'perf_hooks';
import { settleHeap, settleHeapBytes, startFullCollection } from '../../server/src/heapSettle';

describe('heap settle after a large open', () => {
  it('asks for a collection only when the heap in use is past the threshold', () => {
    let asked = 0;
    const collect = (): void => {
      asked++;
    };
    assert.equal(settleHeap(settleHeapBytes - 1, collect), false);
    assert.equal(asked, 0);
    assert.equal(settleHeap(settleHeapBytes, collect), true);
    assert.equal(settleHeap(settleHeapBytes * 2, collect), true);
    assert.equal(asked, 2);
  });

  it('does not ask in a small process (the test runner is far under the threshold)', () => {
    let asked = 0;
    assert.equal(
      settleHeap(undefined, () => {
        asked++;
      }),
      false,
    );
    assert.equal(asked, 0);
  });

  it('starts a full collection that completes on its own while the event loop idles', async () => {
    // Something for the collection to find: garbage in the old space.
    let garbage: object[] | undefined = Array.from({ length: 200000 }, (_, index) => ({ index, list: [index] }));
    garbage = undefined;
    assert.equal(garbage, undefined);
    const majors: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const detail = (entry as unknown as { detail?: { kind?: number } }).detail;
        if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors.push(entry.startTime);
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    try {
      const asked = performance.now();
      startFullCollection();
      const deadline = asked + 5000;
      while (!majors.some((at) => at >= asked) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(majors.some((at) => at >= asked), 'no full collection within 5 s of asking');
    } finally {
      observer.disconnect();
    }
  });
});
