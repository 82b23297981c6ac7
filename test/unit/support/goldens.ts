/**
 * Golden files: expected output kept beside a fixture. They are written only when
 * UPDATE_FIXTURES=1, and a written golden must be read before it is committed. A missing
 * golden fails: writing it on the fly would let a deleted golden pass unnoticed.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';

export const updateGoldens = process.env.UPDATE_FIXTURES === '1';

/** Asserts that `actual` equals the golden at `golden` (writing it first under UPDATE_FIXTURES=1). */
export function assertGolden(golden: string, actual: string, what = 'the output'): void {
  const shown = path.relative(process.cwd(), golden);
  if (updateGoldens) fs.writeFileSync(golden, actual);
  assert.ok(fs.existsSync(golden), `golden missing: ${shown} (run with UPDATE_FIXTURES=1 and review it)`);
  assert.equal(actual, fs.readFileSync(golden, 'utf8'), `${what} differs from ${shown} (UPDATE_FIXTURES=1 rewrites it; review the diff)`);
}
