/**
 * Parsing YAML without letting pathological text take the process down. The `yaml` package
 * compiles a regular expression per flow-nesting level; a few thousand nested `[`/`{` make
 * V8 abort with an out-of-memory error that no `catch` can stop. No real manifest nests flow
 * collections that deep, so such text is not parsed, and callers that own a document say so.
 * Both entries read only the first document of a text, as go-yaml does for Helm (the `yaml`
 * package reads the first too, and adds an error for the rest), and a quoted scalar continued on
 * a line indented less than its key, which go-yaml reads and `yaml` refuses (goQuoted.ts).
 * `parseDocumentGuarded` also ends lines where go-yaml does (goLineBreaks.ts); readers of
 * `parseNodesGuarded` find lines in the text themselves, so they pass it with those breaks made LF.
 */
import { parseDocument, YAMLParseError, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { readBlockDocument, readBlockNodes } from './blockReader';
import { withGoYamlLineBreaks } from './goLineBreaks';
import { goYamlReaderError, mayReadDifferently } from './goYamlReader';
import { parseDocumentGoQuoted } from './goQuoted';
import type { PlainNode } from './plainNodes';

/** Deeper flow nesting than this is not parsed (real charts stay in single digits). */
export const maxFlowDepth = 128;

/**
 * Brackets nested this deep are refused even inside comments and quotes: the scan below only
 * approximates YAML's lexer, and this bound (far below the few thousand that abort V8) keeps
 * any text it misreads safe to parse.
 */
export const maxRawBracketDepth = 1024;

export type ParseRefusal = 'flow-too-deep' | 'parser-failed';

/** `lineBreaks`: 'go' ends lines where go-yaml does (the default), 'yaml' where `yaml` does (the text as written). */
export function parseDocumentSafely(text: string, options: ParseOptions & DocumentOptions & SchemaOptions, lineBreaks: 'go' | 'yaml' = 'go'): Document | undefined {
  const outcome = parseDocumentGuarded(text, options, lineBreaks);
  return 'refused' in outcome ? undefined : outcome.document;
}

/** Like `parseDocumentSafely`, but says why a text was not parsed. */
export function parseDocumentGuarded(written: string, options: ParseOptions & DocumentOptions & SchemaOptions, lineBreaks: 'go' | 'yaml' = 'go'): { document: Document } | { refused: ParseRefusal } {
  // One search for the characters go-yaml reads differently; most texts hold none and pay nothing more.
  const rare = lineBreaks === 'go' && mayReadDifferently(written);
  const text = rare ? withGoYamlLineBreaks(written) : written;
  if (!fewBrackets(text, maxFlowDepth) && (flowDepthExceeds(text, maxFlowDepth) || rawBracketDepthExceeds(text, maxRawBracketDepth))) return { refused: 'flow-too-deep' };
  // Plain block YAML (most manifests) is read by the fast reader into the same nodes; the rest by `yaml`.
  const fast = readBlockDocument(text, options);
  if (fast) return { document: rare ? withReaderError(fast, text) : fast };
  try {
    const document = firstDocumentOnly(parseDocumentAsGo(text, options));
    return { document: rare ? withReaderError(document, text) : document };
  } catch {
    // Deep block nesting can overflow the stack; that is catchable, and the text is then unread.
    return { refused: 'parser-failed' };
  }
}

/**
 * Like `parseDocumentGuarded`, for a reader of the nodes' data only: plain block YAML comes back as
 * the block reader's plain nodes (`nodes`: its root; no `Document`, and no error or anchor in such a
 * text), anything else as `yaml`'s document.
 */
export function parseNodesGuarded(text: string, options: ParseOptions & DocumentOptions & SchemaOptions): { nodes: PlainNode } | { document: Document } | { refused: ParseRefusal } {
  if (!fewBrackets(text, maxFlowDepth) && (flowDepthExceeds(text, maxFlowDepth) || rawBracketDepthExceeds(text, maxRawBracketDepth))) return { refused: 'flow-too-deep' };
  const nodes = readBlockNodes(text, options);
  if (nodes) return { nodes };
  try {
    return { document: firstDocumentOnly(parseDocumentAsGo(text, options)) };
  } catch {
    return { refused: 'parser-failed' };
  }
}

/** `yaml`'s document of `text`, read again as goQuoted.ts reads quoted scalars when `yaml` found one not closed (rare: only then is the cost paid). */
function parseDocumentAsGo(text: string, options: ParseOptions & DocumentOptions & SchemaOptions): Document {
  const document = parseDocument(text, options);
  return document.errors.some((error) => error.code === 'MISSING_CHAR' && error.message.startsWith('Missing closing')) ? (parseDocumentGoQuoted(text, options) ?? document) : document;
}

/**
 * `document` with go-yaml's reader error when it has no error of its own (goYamlReader.ts): a refused
 * character. The error has no line (no `linePos`), as go-yaml's has none, and readers print none.
 */
function withReaderError(document: Document, text: string): Document {
  if (document.errors.length > 0) return document;
  const message = goYamlReaderError(text);
  if (message !== undefined) document.errors.push(new YAMLParseError([0, 0], 'UNEXPECTED_TOKEN', message));
  return document;
}

/** `document` without the error `yaml` adds when more documents follow the first (go-yaml reads the first and stops). */
function firstDocumentOnly(document: Document): Document {
  if (document.errors.some((error) => error.code === 'MULTIPLE_DOCS')) document.errors = document.errors.filter((error) => error.code !== 'MULTIPLE_DOCS');
  return document;
}

/**
 * Whether `text` holds at most `limit` of `[` and `{` together: then nothing nests deeper, and
 * neither scan below need walk it character by character (most documents have a handful).
 */
function fewBrackets(text: string, limit: number): boolean {
  let count = 0;
  for (const bracket of ['[', '{']) {
    for (let at = text.indexOf(bracket); at >= 0; at = text.indexOf(bracket, at + 1)) {
      if (++count > limit) return false;
    }
  }
  return true;
}

const isBlank = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/**
 * Whether flow collections nest deeper than `limit`: `[`/`{` count outside comments and quoted
 * scalars. A quote opens a scalar only where YAML lets one start (a line's first text, or after
 * `[`, `{`, `,`, or `:`/`-`/`?` followed by a blank); anywhere else its brackets are counted,
 * so a misread can only make the guard stricter.
 */
export function flowDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let previous = 10; // the last code outside blanks; a newline at the start
  let blankBefore = true;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isBlank(code)) {
      blankBefore = true;
      if (code === 10) previous = 10;
      continue;
    }
    if (code === 35 && blankBefore) {
      // A comment runs to the end of the line.
      const newline = text.indexOf('\n', index);
      if (newline < 0) return false;
      index = newline - 1;
      continue;
    }
    if ((code === 34 || code === 39) && quoteMayStart(text, index, previous)) {
      index = quoteEnd(text, index, code);
      previous = code;
      blankBefore = false;
      continue;
    }
    if (code === 91 || code === 123) {
      if (++depth > limit) return true;
    } else if ((code === 93 || code === 125) && depth > 0) {
      depth--;
    }
    previous = code;
    blankBefore = false;
  }
  return false;
}

function quoteMayStart(text: string, index: number, previous: number): boolean {
  if (previous === 10 || previous === 91 || previous === 123 || previous === 44) return true;
  if (previous !== 58 && previous !== 45 && previous !== 63) return false;
  // `:`, `-` and `?` are indicators only when a blank follows them.
  let before = index - 1;
  while (before >= 0 && (text.charCodeAt(before) === 32 || text.charCodeAt(before) === 9)) before--;
  return before < index - 1 && (previous === 58 || lineStartBefore(text, before));
}

/** Whether only indentation (or `- ` entries) comes before `index` on its line, as for a block `-` or `?`. */
function lineStartBefore(text: string, index: number): boolean {
  for (let at = index - 1; at >= 0; at--) {
    const code = text.charCodeAt(at);
    if (code === 10) return true;
    if (code !== 32 && code !== 9 && code !== 45) return false;
  }
  return true;
}

/** Index of the quote that closes the scalar opened at `open` (the last index when none does). */
function quoteEnd(text: string, open: number, quote: number): number {
  for (let index = open + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (quote === 34 && code === 92) index++;
    else if (code === quote) {
      if (quote === 39 && text.charCodeAt(index + 1) === 39) index++;
      else return index;
    }
  }
  return text.length - 1;
}

/** Whether `[`/`{` nest deeper than `limit` counting every one, in comments and quotes too. */
export function rawBracketDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 91 || code === 123) {
      if (++depth > limit) return true;
    } else if ((code === 93 || code === 125) && depth > 0) {
      depth--;
    }
  }
  return false;
}
