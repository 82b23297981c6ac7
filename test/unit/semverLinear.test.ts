/**
 * Masterminds/semver's constraint regexes, read by Go's linear engine, backtracked in JavaScript
 * (the validity regex exponentially). parseConstraints now reads them in a way that cannot blow
 * up; these tests check it reads what the original regexes read, on every short constraint built
 * from the characters they care about, and that 100k-character constraints finish in time.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { constraintReaders, parseConstraints } from '../../server/src/analysis/render/functions/semver';
import { adversarialLength, assertFast } from './support/timing';

// The regexes as Masterminds/semver v3 writes them (the oracle).
const cv = 'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const ops = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const constraintRe = new RegExp(`^\\s*(${ops})\\s*(${cv})\\s*$`);
const rangeRe = new RegExp(`\\s*(${cv})\\s+-\\s+(${cv})\\s*`, 'g');
const findRe = new RegExp(`(${ops})\\s*(${cv})`, 'g');
const validRe = new RegExp(`^(\\s*(${ops})\\s*(${cv})\\s*)((?:\\s+|,\\s*)(${ops})\\s*(${cv})\\s*)*$`);

const constraints = fc
  .array(fc.constantFrom(' ', ' ', '\t', ',', '1', '2', 'x', '*', '.', '.', '-', '+', 'a', '>', '=', '<', '~', '^', 'v', '|', '!'), { maxLength: 14 })
  .map((chars) => chars.join(''));

const groups = (match: RegExpExecArray | null) => (match ? [...match].map((group) => group ?? null) : null);

describe('semver constraints read as Masterminds reads them, in linear time', () => {
  it('matches the original regexes on every short constraint', () => {
    fc.assert(
      fc.property(constraints, (text) => {
        // Group 0 (the whole match) loses the blanks around it; parseConstraint reads only groups 1 on.
        assert.deepEqual(groups(constraintReaders.constraint(text))?.slice(1), groups(constraintRe.exec(text))?.slice(1), `constraint ${JSON.stringify(text)}`);
        assert.equal(constraintReaders.valid(text), validRe.test(text), `valid ${JSON.stringify(text)}`);
        assert.deepEqual(constraintReaders.ranges(text).map(groups), [...text.matchAll(rangeRe)].map(groups), `ranges ${JSON.stringify(text)}`);
        assert.deepEqual(constraintReaders.find(text).map(groups), [...text.matchAll(findRe)].map(groups), `find ${JSON.stringify(text)}`);
      }),
      { numRuns: 30000 },
    );
  });

  it('parses 100k-character constraints within the bound', () => {
    const n = adversarialLength;
    const cases = [
      `1${'  1'.repeat(n / 3)} {`, // The validity regex: two blanks, two readings each (exponential).
      `${' '.repeat(n)}{`,
      `1${' '.repeat(n)}, 1`,
      `1${'1'.repeat(n)}x`,
      `1-${'x'.repeat(n)} {`,
      `= v${' '.repeat(n)}{`,
      `${'1 '.repeat(n / 2)}- {`,
    ];
    for (const text of cases) {
      assertFast(`parseConstraints(${JSON.stringify(text.slice(0, 12))}…)`, () => {
        try {
          return parseConstraints(text);
        } catch (error) {
          return (error as Error).message.slice(0, 40);
        }
      });
    }
  });
});
