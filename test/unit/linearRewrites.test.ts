/**
 * Regexes the sweep (regexSweep.test.ts) caught, rewritten as one-pass scans: each must give what
 * its regex gave. The regexes stay here as the oracle, on short strings where they are fast, over
 * every string built from the characters they treat differently.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { trimTrailing, trimTrailingBlanks, withoutTrailingComment } from '../../server/src/analysis/text/trim';
import { closingStart } from '../../server/src/analysis/suppress/edits';
import { linksAsText } from '../../server/src/cli/formatSarif';

function stringsOf(...chars: string[]) {
  return fc.array(fc.constantFrom(...chars), { maxLength: 14 }).map((list) => list.join(''));
}

const runs = { numRuns: 20000 };

describe('one-pass rewrites give what their regexes gave', () => {
  it('trimTrailing is /0+$/ and /\\/+$/ replaced', () => {
    fc.assert(fc.property(stringsOf('0', '1', '.', '/', 'a'), (text) => {
      assert.equal(trimTrailing(text, '0'), text.replace(/0+$/, ''));
      assert.equal(trimTrailing(text, '/'), text.replace(/\/+$/, ''));
    }), runs);
  });

  it('trimTrailingBlanks, and the directive regex on the trimmed line', () => {
    const old = /^([ \t]*)(#[ \t]*helm-hooks-disable-(next-line|file)\b(.*?))[ \t]*$/;
    const now = /^([ \t]*)(#[ \t]*helm-hooks-disable-(next-line|file)\b(.*))$/;
    const lines = fc.tuple(stringsOf(' ', '\t', '#'), fc.constantFrom('helm-hooks-disable-file', 'helm-hooks-disable-next-line', 'helm-hooks-disable-filex', ''), stringsOf(' ', '\t', 'a', '\r', '-', '#')).map((parts) => parts.join(''));
    fc.assert(fc.property(lines, (line) => {
      assert.equal(trimTrailingBlanks(line), line.replace(/[ \t]+$/, ''));
      assert.deepEqual(now.exec(trimTrailingBlanks(line))?.slice(1), old.exec(line)?.slice(1), JSON.stringify(line));
    }), runs);
  });

  it('withoutTrailingComment is /#.*$/ replaced', () => {
    fc.assert(fc.property(stringsOf('#', 'a', ' ', ':', '\n', '\r', '\u2028'), (text) => {
      assert.equal(withoutTrailingComment(text), text.replace(/#.*$/, ''), JSON.stringify(text));
    }), runs);
  });

  it('closingStart is the search for a template comment closing', () => {
    fc.assert(fc.property(stringsOf(' ', '\t', '*', '/', '-', '}', 'a'), (text) => {
      assert.equal(closingStart(text), text.search(/[ \t]*\*\/(?: -)?\}\}$/), JSON.stringify(text));
    }), runs);
  });

  it('linksAsText is the markdown link regex replaced', () => {
    fc.assert(fc.property(stringsOf('[', ']', '(', ')', 'a', '\n'), (text) => {
      assert.equal(linksAsText(text), text.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)'), JSON.stringify(text));
    }), runs);
  });

  it('the float and hex-float literal regexes read each digit one way', () => {
    const floatOld = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
    const floatNew = /^[+-]?(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
    const hexOld = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/;
    const hexNew = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;
    fc.assert(fc.property(stringsOf('0', '1', '.', 'e', '-', '+', 'x', 'a', 'p'), (text) => {
      assert.deepEqual(floatNew.exec(text)?.slice(1), floatOld.exec(text)?.slice(1));
      const now = hexNew.exec(text);
      assert.deepEqual(now && [now[1], now[2], now[3] ?? '', now[4]], hexOld.exec(text)?.slice(1) ?? null, JSON.stringify(text));
    }), runs);
  });

  it('the kube version regex reads the same with line breaks refused first', () => {
    const old = /^v?([0-9]+)\.([0-9]+)(?:\.([0-9]+))?(.*)$/;
    const now = (text: string) => (/[\n\r\u2028\u2029]/.test(text) ? null : /^v?([0-9]+)\.([0-9]+)(?:\.([0-9]+))?([\s\S]*)$/.exec(text));
    fc.assert(fc.property(stringsOf('v', '1', '0', '.', '-', '+', 'a', '\n', '\r'), (text) => {
      assert.deepEqual(now(text)?.slice(1), old.exec(text)?.slice(1), JSON.stringify(text));
    }), runs);
  });
});
