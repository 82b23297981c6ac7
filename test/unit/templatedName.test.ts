/**
 * `normalizeTemplatedName` returns text already in normal form as it is, after one search
 * (yaml/documents.ts, `mayNormalize`): held to the whole normalisation (the steps as written
 * before that search) on generated names made of the characters that matter.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalizeTemplatedName } from '../../server/src/analysis/yaml/documents';

/** The normalisation step by step, with no shortcut. */
function reference(source: string): string {
  let text = source.trim();
  if ((text.startsWith('"') && text.endsWith('"')) || (text.startsWith("'") && text.endsWith("'"))) text = text.slice(1, -1);
  let result = '';
  let copied = 0;
  const opened = text.replace(/\{\{-?\s*/g, '{{ ');
  for (let close = opened.indexOf('}}'); close >= 0; close = opened.indexOf('}}', copied)) {
    let start = close;
    if (start > copied && opened[start - 1] === '-') start--;
    while (start > copied && /\s/.test(opened[start - 1])) start--;
    result += `${opened.slice(copied, start)} }}`;
    copied = close + 2;
  }
  return (result + opened.slice(copied)).replace(/\s+/g, ' ').trim();
}

describe('normalizeTemplatedName', () => {
  it('gives what the whole normalisation gives, for names in normal form and not', () => {
    const piece = fc.constantFrom('{{', '}}', '{{ ', ' }}', '{{-', '-}}', '-', ' ', '  ', '\t', '\n', '\u00a0', 'a', '.Values.x', 'include "x.fullname" .', '"', "'", '{', '}');
    let normal = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const name = pieces.join('');
        const expected = reference(name);
        assert.equal(normalizeTemplatedName(name), expected, JSON.stringify(name));
        if (expected === name) normal++;
      }),
      { numRuns: 20_000, seed: 20261207 },
    );
    assert.ok(normal > 500, `only ${normal} generated names were in normal form`);
    for (const name of ['{{ include "x.fullname" . }}-hook', '"{{ .Release.Name }}"', 'plain-name', '{{ }}', 'a }}}', '}} x']) assert.equal(normalizeTemplatedName(name), reference(name), name);
  });
});
