/**
 * Time bounds for adversarial inputs (issue 16: linear time on any input). A quadratic loop or a
 * backtracking regex takes seconds on 100,000 characters, a linear one milliseconds, so the bound
 * is generous (100 ms). The best of up to five runs is taken: the machine is shared, and load only
 * ever makes a run slower.
 */
import * as assert from 'assert/strict';

export const adversarialLength = 100_000;
export const boundMs = 100;

export function assertFast<T>(what: string, work: () => T, bound = boundMs): T {
  let best = Infinity;
  let result: T | undefined;
  for (let run = 0; run < 5 && best >= bound; run++) {
    const started = performance.now();
    result = work();
    best = Math.min(best, performance.now() - started);
  }
  assert.ok(best < bound, `${what} took ${best.toFixed(0)} ms (bound ${bound} ms)`);
  return result as T;
}
