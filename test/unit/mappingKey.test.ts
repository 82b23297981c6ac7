/**
 * readMappingKey replaced three completion regexes that backtracked quadratically on blanks; it
 * must read the same key as they did. The regexes stay here as the oracle, on short lines where
 * they are fast, over every line built from the characters they treat differently.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readMappingKey } from '../../server/src/analysis/text/mappingKey';
import { adversarialLength, assertFast } from './support/timing';

const oracle = /^\s*("([^"]*)"|'([^']*)'|[^\s"'#:][^:#]*?)\s*:/;
// What completion read from the line being typed: a key only when a blank or the end follows the colon.
const lineOracle = /^(\s*)("([^"\n]*)"|'([^'\n]*)'|[^\s"'#:][^:#\n]*?)\s*:(?=\s|$)/;
const parentOracle = /^\s*("([^"]*)"|'([^']*)'|[^\s"'#:][^:#]*?)\s*:\s*(#.*)?$/;

function parentKey(match: RegExpExecArray | null): string | undefined {
  return match ? (match[2] ?? match[3] ?? match[1].trim()) : undefined;
}

const characters = [' ', '\t', '\u00a0', '\r', '\u2028', '"', "'", '#', ':', 'a', 'b', '-', '.', '/'];
const lines = fc.array(fc.constantFrom(...characters), { maxLength: 12 }).map((chars) => chars.join(''));

describe('readMappingKey', () => {
  it('reads the key, its quote and the colon where the regex did', () => {
    fc.assert(
      fc.property(lines, (line) => {
        const match = oracle.exec(line);
        const key = readMappingKey(line);
        assert.equal(key === undefined, match === null, JSON.stringify(line));
        if (!match || !key) return;
        assert.equal(key.end, match[0].length);
        assert.equal(key.key, match[2] ?? match[3] ?? match[1].trim());
        assert.equal(key.raw, match[1]);
        assert.equal(key.quote, match[2] !== undefined ? '"' : match[3] !== undefined ? "'" : '');
        assert.equal(key.indent, match[0].length - match[0].trimStart().length);
      }),
      { numRuns: 20000 },
    );
  });

  it('asks what follows the colon as the completion regexes did', () => {
    fc.assert(
      fc.property(lines, (line) => {
        assert.equal(readMappingKey(line, 'blank')?.end, lineOracle.exec(line)?.[0].length, JSON.stringify(line));
        assert.equal(readMappingKey(line, 'comment')?.key, parentKey(parentOracle.exec(line)), JSON.stringify(line));
      }),
      { numRuns: 20000 },
    );
  });

  it('reads a line of 100k blanks after a plain key once', () => {
    const half = adversarialLength / 2;
    assert.equal(assertFast('a key, 100k blanks, no colon', () => readMappingKey(`a${' '.repeat(adversarialLength)}x`)), undefined);
    assert.equal(assertFast('a key, 100k blanks, a colon', () => readMappingKey(`a${' '.repeat(half)}b${' '.repeat(half)}:`)?.key), `a${' '.repeat(half)}b`);
  });
});
