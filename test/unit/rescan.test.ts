/**
 * The scan and mask taken over after an edit of literal text (template/rescan.ts) must be exactly
 * what scanning and masking the edited text afresh gives; edits it cannot take over give undefined.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { maskTemplate } from '../../server/src/analysis/template/mask';
import { rescanned, tokenWords, type ScannedText } from '../../server/src/analysis/template/rescan';
import { scanTemplate } from '../../server/src/analysis/template/scanner';
import { corpusRoot } from '../support/corpus';
import { withPlainScan } from '../support/plainScan';

const fixtures = path.join(__dirname, '../../../test/fixtures');

function templatesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return templatesUnder(full);
    return /[\\/]templates[\\/]/.test(full) && /\.(ya?ml|tpl|txt)$/.test(entry.name) ? [full] : [];
  });
}

function fresh(text: string): ScannedText {
  const scan = scanTemplate(text);
  return { text, scan, masked: maskTemplate(text, scan) };
}

/** Each token's text and span: tokens keep offsets and make these when read (deepStrictEqual compares only what they keep). */
function tokenTexts(scanned: ScannedText): [string, number, number][][] {
  return scanned.scan.actions.map((action) => action.tokens.map((token): [string, number, number] => [token.text, token.span.start, token.span.end]));
}

/** Edits at a quarter, a half and three quarters of the text: typed, deleted, replaced, a line break added and removed, braces typed. */
function edits(text: string): string[] {
  return [0.25, 0.5, 0.75].flatMap((fraction) => {
    const at = Math.floor(text.length * fraction);
    const newline = text.indexOf('\n', at);
    const lineEnd = newline < 0 ? text.length : newline;
    return [
      `${text.slice(0, at)}7${text.slice(at)}`,
      `${text.slice(0, at)}${text.slice(at + 1)}`,
      `${text.slice(0, at)}ab${text.slice(at + 3)}`,
      `${text.slice(0, lineEnd)}\n  extra: line${text.slice(lineEnd)}`,
      `${text.slice(0, lineEnd)}${text.slice(lineEnd + 1)}`,
      `${text.slice(0, at)}{${text.slice(at)}`,
      `${text.slice(0, at)}{{ .Values.x }}${text.slice(at)}`,
      `${text.slice(0, at)}}}${text.slice(at)}`,
    ];
  });
}

const hookJob = (index: number): string =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ include "x.fullname" . }}-${index}\n  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "${index % 3}"\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n`;

describe('rescanned', () => {
  it('gives what a fresh scan and mask give, for every fixture template and edit it takes over', () => {
    const corpus = corpusRoot();
    const files = [...templatesUnder(fixtures), ...(corpus ? templatesUnder(corpus) : [])];
    let takenOver = 0;
    let refused = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const previous = fresh(text);
      for (const edited of edits(text)) {
        const again = rescanned(previous, edited);
        if (!again) {
          refused++;
          continue;
        }
        assert.deepStrictEqual(withPlainScan(again), withPlainScan(fresh(edited)), `${file} after an edit`);
        assert.deepStrictEqual(tokenTexts(again), tokenTexts(fresh(edited)), `${file}: token texts after an edit`);
        takenOver++;
      }
    }
    assert.ok(takenOver > 300, `only ${takenOver} edits taken over`);
    assert.ok(refused > 300, `only ${refused} edits refused`);
  });

  it('takes over a weight typed in a file of many hook documents, moving the actions after it', () => {
    const text = [0, 1, 2, 3].map(hookJob).join('---\n');
    const previous = fresh(text);
    const at = text.indexOf('"1"') + 1;
    const edited = `${text.slice(0, at)}-12${text.slice(at + 1)}`;
    const again = rescanned(previous, edited);
    assert.ok(again);
    assert.deepStrictEqual(withPlainScan(again), withPlainScan(fresh(edited)));
    assert.deepStrictEqual(tokenTexts(again), tokenTexts(fresh(edited)));
    assert.equal(again.scan.actions[0], previous.scan.actions[0]);
    assert.equal(again.scan.actions[2].span.start, previous.scan.actions[2].span.start + 2);
  });

  it('moves moved actions again as one move of the scanned ones, makes their tokens once when read, and gives their kinds and texts unmoved', () => {
    let text = [0, 1, 2, 3, 4].map(hookJob).join('---\n');
    let state = fresh(text);
    const scanned = state.scan.actions;
    // A chain of edits before later actions, growing and shrinking the text (each action moved by the sum so far).
    for (const [index, insert] of [[1, '-12'], [2, ''], [1, '7'], [3, '-1']] as const) {
      const at = text.indexOf(`"${index % 3}"`, text.indexOf(`-${index}\n`)) + 1;
      text = `${text.slice(0, at)}${insert}${text.slice(at + 1)}`;
      const again = rescanned(state, text);
      assert.ok(again, `edit of hook ${index}`);
      assert.deepStrictEqual(withPlainScan(again), withPlainScan(fresh(text)));
      assert.deepStrictEqual(tokenTexts(again), tokenTexts(fresh(text)));
      state = again;
    }
    const last = state.scan.actions[state.scan.actions.length - 1];
    assert.equal(last.tokens, last.tokens, 'the tokens of a moved action are made once');
    assert.notEqual(last, scanned[scanned.length - 1]);
    assert.deepStrictEqual(tokenWords(last).map((token) => [token.kind, token.text]), last.tokens.map((token) => [token.kind, token.text]));
    assert.equal(tokenWords(scanned[0]), scanned[0].tokens);
  });

  it('scans afresh when the edit touches a line with an action, makes or breaks an action, or the previous scan had errors', () => {
    const text = [0, 1].map(hookJob).join('---\n');
    const previous = fresh(text);
    const name = text.indexOf('}}-0') + 3;
    assert.equal(rescanned(previous, `${text.slice(0, name)}x${text.slice(name)}`), undefined);
    const weight = text.indexOf('"0"') + 1;
    assert.equal(rescanned(previous, `${text.slice(0, weight)}{${text.slice(weight)}`), undefined);
    assert.equal(rescanned(previous, `${text.slice(0, weight)}}${text.slice(weight)}`), undefined);
    const broken = fresh(`${text}{{ if .Values.a }}\n`);
    assert.equal(rescanned(broken, `${broken.text.slice(0, weight)}5${broken.text.slice(weight + 1)}`), undefined);
  });
});
