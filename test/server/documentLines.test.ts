/**
 * The server turns offsets into positions with each open document's own line offsets, which
 * TextDocument keeps current through incremental edits. They must agree with the core's
 * LineIndex on every text, edited or not, with any mix of LF and CRLF line breaks.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLineIndex } from '../../server/src/analysis';
import { documentLines } from '../../server/src/toLsp';

// Line breaks as YAML files have them: LF and CRLF (a lone CR, which old Mac files used, is left out).
const text = fc.array(fc.constantFrom('a', 'b', ' ', ':', '\n', '\r\n', '\u00e9', '\ud83d\ude00'), { maxLength: 40 }).map((parts) => parts.join(''));

/**
 * Compares every offset (but those between the two characters of a CRLF, which have no
 * position of their own) and every position on each line; past a line's end the document's
 * own clamping applies, as it always did for requests.
 */
function assertAgree(doc: TextDocument): void {
  const content = doc.getText();
  const core = createLineIndex(content);
  const lines = documentLines(doc);
  assert.equal(lines.lineCount, core.lineCount);
  for (let offset = -1; offset <= content.length + 1; offset++) {
    if (content[offset - 1] === '\r' && content[offset] === '\n') continue;
    assert.deepEqual(lines.positionAt(offset), core.positionAt(offset), `positionAt(${offset}) in ${JSON.stringify(content)}`);
  }
  content.split(/\r?\n/).forEach((lineText, line) => {
    for (let character = 0; character <= lineText.length; character++) {
      assert.equal(lines.offsetAt({ line, character }), core.offsetAt({ line, character }), `offsetAt(${line}:${character}) in ${JSON.stringify(content)}`);
    }
  });
  assert.equal(lines.offsetAt({ line: -1, character: 0 }), 0);
  assert.equal(lines.offsetAt({ line: core.lineCount, character: 0 }), content.length);
}

describe('server: line positions of open documents', () => {
  it('agree with the core on the text as opened', () => {
    fc.assert(fc.property(text, (content) => assertAgree(TextDocument.create('file:///a.yaml', 'helm', 1, content))), { numRuns: 300 });
  });

  it('agree with the core after incremental edits', () => {
    const edit = fc.tuple(fc.nat(60), fc.nat(8), text);
    fc.assert(
      fc.property(text, fc.array(edit, { minLength: 1, maxLength: 5 }), (content, edits) => {
        let doc = TextDocument.create('file:///a.yaml', 'helm', 1, content);
        for (const [at, length, inserted] of edits) {
          const start = Math.min(at, doc.getText().length);
          const end = Math.min(start + length, doc.getText().length);
          doc = TextDocument.update(doc, [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: inserted }], doc.version + 1);
          assertAgree(doc);
        }
      }),
      { numRuns: 200 },
    );
  });
});
