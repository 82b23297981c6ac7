/**
 * Time bounds for adversarial inputs (issue 16: linear time on any input). A quadratic loop or a
 * backtracking regex takes seconds on 100,000 characters, a linear one milliseconds, so the bound
 * is generous (100 ms). It judges CPU time (a loaded machine adds wall time, not CPU time), the
 * best of up to five runs: a collection or a compile inside a run only ever makes it slower.
 */
import * as assert from 'assert/strict';
import { cpuTimeOf } from '../../support/cpuTime';

export const adversarialLength = 100_000;
export const boundMs = 100;

export function assertFast<T>(what: string, work: () => T, bound = boundMs): T {
  let best = Infinity;
  let result: T | undefined;
  for (let run = 0; run < 5 && best >= bound; run++) {
    const timed = cpuTimeOf(work);
    result = timed.result;
    best = Math.min(best, timed.ms);
  }
  assert.ok(best < bound, `${what} took ${best.toFixed(0)} ms of CPU time (bound ${bound} ms)`);
  return result as T;
}
