/**
 * A fast reader for the plain block YAML that manifests are written in: block mappings and
 * sequences, one-line plain and quoted scalars, one-line flow sequences of scalars, empty flow
 * collections, blank lines, comment lines before the first content line and comment lines at the
 * column of the content line after them (values files and commented templates). It builds the very `Document` and `YAMLMap`/`YAMLSeq`/`Pair`/`Scalar`
 * objects that `yaml`'s `parseDocument` builds for the same text (ranges, types, sources, formats,
 * `flow`, `spaceBefore`), and every plain scalar is resolved by the document's own schema tags as
 * `yaml`'s composer resolves it, so callers cannot tell the two apart. `yaml` reads a text through
 * the lexer, a concrete syntax tree and the composer; most of that cost is generality that a
 * manifest does not use (13,548 small hook documents: two thirds of their reading time).
 *
 * The reader is conservative: anything outside that subset (comments after content on its line,
 * comment lines after the first content line at another column than the next content line's, or
 * at the end, or after an empty value; anchors, aliases, tags,
 * merge keys, explicit keys, block scalars, multi-line scalars, escapes in double quotes, tabs,
 * carriage returns, flow mappings with content, odd indentation, an empty document, anything
 * `yaml` would report an error for) makes it return undefined, and the caller parses with
 * `yaml`. test/unit/blockReader.test.ts holds it to `yaml` on the corpus, the fixtures and
 * generated documents.
 */
import * as yaml from 'yaml';
import type { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
import { PlainMap, PlainPair, PlainScalar, PlainSeq, asYamlNode, type PlainNode } from './plainNodes';

// Read once: the bundle reaches the exports of `yaml` (a CommonJS package) through one shared getter per use,
// a megamorphic load that was a twentieth of reading the 13,548-hook file (bench/README.md, section 7).
const { Document, Pair, Scalar, YAMLMap, YAMLSeq } = yaml;
type Document = yaml.Document;
type Pair = yaml.Pair;
type Scalar = yaml.Scalar;
type YAMLMap = yaml.YAMLMap;
type YAMLSeq = yaml.YAMLSeq;

type Options = ParseOptions & DocumentOptions & SchemaOptions;
type Node = Scalar | YAMLMap | YAMLSeq;
type Range = [number, number, number];

/** The option keys the reader honours exactly (with `version: '1.1'` and `uniqueKeys: false`). */
const knownOptions: ReadonlySet<string> = new Set(['version', 'uniqueKeys', 'prettyErrors', 'keepSourceTokens', 'merge', 'strict']);

/** Whether the reader builds what `parseDocument(text, options)` builds, for the texts it takes. */
export function readerHonours(options: Options): boolean {
  if (options.version !== '1.1' || options.uniqueKeys !== false || options.keepSourceTokens === true) return false;
  for (const key of Object.keys(options)) if (!knownOptions.has(key)) return false;
  return true;
}

/**
 * The document `yaml`'s `parseDocument(text, options)` gives, or undefined when the text is not
 * in the reader's subset (or the options are not ones it honours).
 */
export function readBlockDocument(text: string, options: Options): Document | undefined {
  if (!readerHonours(options) || unsupportedCharacter(text)) return undefined;
  try {
    return new BlockReader(text, options, false).read() as Document;
  } catch {
    // Declined (or nested deeper than the stack allows): `yaml` reads it, under parseGuard's protection.
    return undefined;
  }
}

/**
 * The root node of the document `parseDocument(text, options)` gives, as plain nodes
 * (plainNodes.ts: the same values, ranges, sources and types, no `Document`), or undefined when the
 * text is not in the reader's subset: it takes exactly the texts `readBlockDocument` takes. For a
 * reader of data that needs no `Document` (documents.ts); `yaml` would report no error for such a text.
 */
export function readBlockNodes(text: string, options: Options): PlainNode | undefined {
  if (!readerHonours(options) || unsupportedCharacter(text)) return undefined;
  try {
    return new BlockReader(text, options, true).read() as PlainNode;
  } catch {
    return undefined;
  }
}

/** Thrown inside the reader when the text leaves the subset; never escapes it. */
const decline = new Error('outside the block subset');

function fail(): never {
  throw decline;
}

/** Tabs, carriage returns, control characters (C0 but the line feed, DEL, C1), a byte-order mark and Unicode line breaks. */
const unsupported = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]/;

/** Whether `text` holds a character left to `yaml` (one native search, not a loop over the text's characters). */
function unsupportedCharacter(text: string): boolean {
  return unsupported.test(text);
}

/** `yaml`'s Directives class (not exported), which the Composer gives each document it makes. */
const Directives = new Document().directives!.constructor as new (yaml: { version: string }) => unknown;

/** The key under which a schema holds its string tag (`yaml`'s `identity.SCALAR`). */
const SCALAR_TAG = Symbol.for('yaml.scalar');

/**
 * One regex that matches exactly the texts some of `tests` matches (the union of flagless regexes
 * without backreferences; each keeps its own anchors), or undefined when they cannot be joined.
 */
function unionOf(tests: readonly RegExp[]): RegExp | undefined {
  if (tests.some((test) => test.flags !== '' || /\\[1-9k]/.test(test.source))) return undefined;
  try {
    return new RegExp(tests.map((test) => `(?:${test.source})`).join('|'));
  } catch {
    return undefined;
  }
}

/**
 * The tags of a YAML 1.1 schema as `yaml` makes it for a document (the same tag objects, in order),
 * with the union of the tests a plain value and a plain key are resolved by: most plain scalars
 * (`Job`, `batch/v1`, `metadata`) match none, and one test of the union says so where trying
 * each tag's test in turn took a dozen (a tenth of reading the 13,548-hook file). A schema with
 * other tags is resolved tag by tag.
 */
const yaml11 = ((): { tags: readonly ScalarTagLike[]; stringTag: ScalarTagLike; options: unknown; valueTests?: RegExp; keyTests?: RegExp } => {
  const doc = new Document(undefined, { version: '1.1' });
  const tags = doc.schema.tags as unknown as ScalarTagLike[];
  const stringTag = (doc.schema as unknown as Record<symbol, ScalarTagLike>)[SCALAR_TAG];
  const testsOf = (atKey: boolean): RegExp[] => tags.filter((tag) => tag.test && (tag.default === true || (atKey && tag.default === 'key'))).map((tag) => tag.test!);
  // The options a tag resolves by (only `intAsBigInt` is read, which no option set the reader honours sets).
  return { tags, stringTag, options: doc.options, valueTests: unionOf(testsOf(false)), keyTests: unionOf(testsOf(true)) };
})();

function sameTags(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

const SPACE = 32;

/** Characters a plain scalar (or plain key) may not start with here: YAML indicators, and `-`, `?`, `:` (kept to `yaml`). */
const plainStartExcluded = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((char) => char.charCodeAt(0)));
/** Characters a plain key may not contain here (flow indicators, kept to `yaml`). */
const keyExcluded = new Set([...',[]{}'].map((char) => char.charCodeAt(0)));
/** Characters a plain scalar inside a flow sequence may not contain here. */
const flowPlainExcluded = new Set([...',[]{}:#\'"'].map((char) => char.charCodeAt(0)));

interface Line {
  /** Offset of the line's first character. */
  readonly start: number;
  readonly indent: number;
  /** Offset of the first non-space character. */
  readonly content: number;
  /** Offset of the line's `\n`, or the text's length. */
  readonly end: number;
}

class BlockReader {
  /** The document being built; undefined when the reader builds plain nodes (`plainNodes`). */
  private readonly doc: Document | undefined;
  private readonly schema: Document['schema'] | undefined;
  /** The options tags resolve by. */
  private readonly resolveOptions: unknown;
  /** Whether a tag's resolve reported an error for the scalar being resolved. */
  private failed = false;
  private readonly onError = (): void => {
    this.failed = true;
  };
  private readonly tags: readonly ScalarTagLike[];
  /** The schema's string tag, which every quoted scalar and every plain scalar no other tag matches resolves by. */
  private readonly stringTag: ScalarTagLike;
  /** The union of the tests plain values and plain keys are resolved by, when the schema's tags are `yaml11`'s. */
  private readonly valueTests: RegExp | undefined;
  private readonly keyTests: RegExp | undefined;
  /** The next line to read (the first content line after the blank lines `pendingBlank` says were skipped), or undefined at the end. */
  private line: Line | undefined;
  /** Whether blank lines come before `line` that no value's separator took (they give the next node `spaceBefore`). */
  private pendingBlank = false;
  /**
   * The comment lines (at the column of `line`) between the last content line and `line`, joined as
   * yaml's composer joins a node's comment: each blank line after the first comment line adds a line
   * break. yaml gives them to the node `line` starts, as its `commentBefore`, where `pendingBlank`
   * gives it `spaceBefore` (the blank lines before the first comment line).
   */
  private pendingComment: string | undefined;
  /** Whether the last value read was an empty one, whose separator took the blank lines after it. */
  private endsEmpty = false;

  constructor(
    private readonly text: string,
    options: Options,
    /** Plain nodes (plainNodes.ts) and no document, instead of `yaml`'s classes. */
    private readonly plainNodes: boolean,
  ) {
    if (plainNodes) {
      // The options the reader honours all make `yaml11`'s schema (version 1.1, no custom tags).
      this.doc = undefined;
      this.schema = undefined;
      this.tags = yaml11.tags;
      this.stringTag = yaml11.stringTag;
      this.resolveOptions = yaml11.options;
      this.valueTests = yaml11.valueTests;
      this.keyTests = yaml11.keyTests;
      return;
    }
    // As `yaml`'s Composer makes a document: its directives come from the stream's.
    const doc = new Document(undefined, { _directives: new Directives({ version: options.version ?? '1.2' }), ...options } as Options);
    this.doc = doc;
    this.schema = doc.schema;
    this.resolveOptions = doc.options;
    this.tags = doc.schema.tags as unknown as ScalarTagLike[];
    this.stringTag = (doc.schema as unknown as Record<symbol, ScalarTagLike>)[SCALAR_TAG];
    const known = sameTags(this.tags, yaml11.tags);
    this.valueTests = known ? yaml11.valueTests : undefined;
    this.keyTests = known ? yaml11.keyTests : undefined;
  }

  /** The document (or, plain, its root node). */
  read(): Document | PlainNode {
    const prelude = this.prelude();
    this.advance(prelude.end);
    const first = this.line;
    if (!first || first.indent !== 0) fail();
    this.pendingBlank = false;
    const root = this.blockNode(first, first.content);
    if (this.line) fail();
    if (!this.doc) return root as unknown as PlainNode;
    const contentEnd = root.range![2];
    this.doc.contents = root;
    this.doc.range = [first.content, contentEnd, this.endsEmpty ? contentEnd : this.text.length];
    if (prelude.comment) {
      // Where yaml's Composer puts the comments before a document: the document's after a blank line, else its first entry's.
      if (prelude.afterEmptyLine) this.doc.commentBefore = prelude.comment;
      else {
        const item = root.items[0];
        (item instanceof Pair ? (item.key as Scalar) : (item as Node)).commentBefore = prelude.comment;
      }
    }
    return this.doc;
  }

  /**
   * The comment lines (and blank lines) before the first content line, joined as yaml's Composer
   * joins a document's prelude; `end` is where the first content line starts.
   */
  private prelude(): { comment: string; afterEmptyLine: boolean; end: number } {
    const text = this.text;
    let comment = '';
    let afterEmptyLine = false;
    let start = 0;
    while (start < text.length) {
      let content = start;
      while (text.charCodeAt(content) === SPACE) content++;
      let end = text.indexOf('\n', content);
      if (end < 0) end = text.length;
      if (content === end) {
        // A blank line (its spaces are not tokens of the prelude).
        if (end < text.length) afterEmptyLine = true;
      } else if (text.charCodeAt(content) === 35) {
        comment += (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') + (text.slice(content + 1, end) || ' ');
        afterEmptyLine = false;
      } else {
        break;
      }
      start = end + 1;
    }
    return { comment, afterEmptyLine, end: Math.min(start, text.length) };
  }

  /**
   * Moves to the first line at or after `from` that is neither blank nor a comment line, noting
   * whether blank lines were skipped before any comment line and the comment lines' text. Comment
   * lines are taken only when all of them stand at the column of that line (else yaml may give them
   * to the node before, with its range extended), and never at the end of the text.
   */
  private advance(from: number): void {
    const text = this.text;
    let start = from;
    let blank = false;
    let comment: string | undefined;
    let commentColumn = -1;
    while (start < text.length) {
      let content = start;
      while (text.charCodeAt(content) === SPACE) content++;
      let end = text.indexOf('\n', content);
      if (end < 0) end = text.length;
      if (content < end) {
        if (text.charCodeAt(content) === 35) {
          // A comment line: its text after the `#` (a lone `#` reads as one space, as in yaml).
          const line = text.slice(content + 1, end) || ' ';
          if (comment === undefined) {
            comment = line;
            commentColumn = content - start;
          } else {
            if (content - start !== commentColumn) fail();
            comment += `\n${line}`;
          }
          start = end + 1;
          continue;
        }
        if (start === content && (text.startsWith('---', start) || text.startsWith('...', start))) fail();
        if (comment !== undefined && content - start !== commentColumn) fail();
        this.line = { start, indent: content - start, content, end };
        this.pendingBlank = blank;
        this.pendingComment = comment;
        return;
      }
      if (comment === undefined) blank = true;
      else comment += '\n';
      start = end + 1;
    }
    if (comment !== undefined) fail();
    this.line = undefined;
    this.pendingBlank = blank;
    this.pendingComment = undefined;
  }

  /** A block mapping or sequence whose first entry starts at `at` on `line` (its column is the collection's indentation). */
  private blockNode(line: Line, at: number): YAMLMap | YAMLSeq {
    if (this.isSeqItem(at, line.end)) return this.blockSeq(line, at);
    return this.blockMap(line, at);
  }

  private isSeqItem(at: number, end: number): boolean {
    return this.text.charCodeAt(at) === 45 && (at + 1 === end || this.text.charCodeAt(at + 1) === SPACE);
  }

  private blockMap(line: Line, at: number): YAMLMap {
    const map = this.plainNodes ? (asYamlNode(new PlainMap()) as YAMLMap) : new YAMLMap(this.schema);
    const column = at - line.start;
    let current: Line = line;
    let keyAt = at;
    let end: number;
    for (;;) {
      const spaceBefore = this.pendingBlank;
      const commentBefore = this.pendingComment;
      this.pendingBlank = false;
      this.pendingComment = undefined;
      const { key, colon } = this.key(keyAt, current.end);
      if (!this.plainNodes) {
        if (spaceBefore) key.spaceBefore = true;
        if (commentBefore !== undefined) key.commentBefore = commentBefore;
      }
      let valueAt = colon + 1;
      while (this.text.charCodeAt(valueAt) === SPACE) valueAt++;
      let value: Node;
      if (valueAt < current.end) {
        value = this.lineValue(valueAt, current, column);
      } else {
        this.advance(current.end + 1);
        const next = this.line;
        if (next && (next.indent > column || (next.indent === column && this.isSeqItem(next.content, next.end)))) {
          const sepBlank = this.pendingBlank;
          const sepComment = this.pendingComment;
          this.pendingBlank = false;
          this.pendingComment = undefined;
          value = this.blockNode(next, next.content);
          if (!this.plainNodes) {
            if (sepBlank) value.spaceBefore = true;
            if (sepComment !== undefined) value.commentBefore = sepComment;
          }
        } else {
          // Comment lines after an empty value are left to `yaml`.
          if (this.pendingComment !== undefined) fail();
          value = this.emptyScalar(valueAt);
          this.endsEmpty = true;
          // Blank lines before the next key of this mapping are that key's; before anything else (or the end) they stay the empty value's.
          if (this.pendingBlank && !(next && next.indent === column)) {
            if (!this.plainNodes) value.spaceBefore = true;
            this.pendingBlank = false;
          }
        }
      }
      map.items.push(this.plainNodes ? (new PlainPair(key as unknown as PlainScalar, value as unknown as PlainNode) as unknown as Pair) : new Pair(key, value));
      end = value.range![2];
      const next = this.line;
      if (!next || next.indent < column) break;
      if (next.indent > column || this.isSeqItem(next.content, next.end)) fail();
      current = next;
      keyAt = next.content;
    }
    map.range = [at, end, end];
    return map;
  }

  private blockSeq(line: Line, at: number): YAMLSeq {
    const seq = this.plainNodes ? (asYamlNode(new PlainSeq()) as YAMLSeq) : new YAMLSeq(this.schema);
    const column = at - line.start;
    let current: Line = line;
    let dashAt = at;
    let end: number;
    for (;;) {
      const spaceBefore = this.pendingBlank;
      const commentBefore = this.pendingComment;
      this.pendingBlank = false;
      this.pendingComment = undefined;
      let valueAt = dashAt + 1;
      while (this.text.charCodeAt(valueAt) === SPACE) valueAt++;
      // An empty item, or one whose value starts on a later line, is left to `yaml`.
      if (valueAt >= current.end || this.isSeqItem(valueAt, current.end)) fail();
      const value: Node = this.keyAhead(valueAt, current.end) ? this.blockMap(current, valueAt) : this.lineValue(valueAt, current, column);
      if (!this.plainNodes) {
        if (spaceBefore) value.spaceBefore = true;
        if (commentBefore !== undefined) value.commentBefore = commentBefore;
      }
      seq.items.push(value);
      end = value.range![2];
      const next = this.line;
      if (!next || next.indent < column) break;
      if (next.indent > column) fail();
      // The next key of the mapping this sequence is the value of (a sequence may sit at its key's column).
      if (!this.isSeqItem(next.content, next.end)) {
        // Comment lines at that column before it: yaml gives them to the key at column 0, but below it to this sequence (its comment, its range extended).
        if (this.pendingComment !== undefined && column > 0) fail();
        break;
      }
      current = next;
      dashAt = next.content;
    }
    seq.range = [at, end, end];
    return seq;
  }

  /**
   * The value that starts at `at` on `line` (after the colon of a key or the dash of an entry at
   * `column`): a literal block scalar, or what the rest of the line holds; the reader moves past it.
   */
  private lineValue(at: number, line: Line, column: number): Node {
    this.endsEmpty = false;
    const text = this.text;
    if (text.charCodeAt(at) === 124 && (at + 1 === line.end || (at + 2 === line.end && text.charCodeAt(at + 1) === 45))) {
      const value = this.literal(at, line.end, column);
      this.advance(value.range![2]);
      return value;
    }
    const value = this.inlineValue(at, line.end);
    this.advance(line.end + 1);
    return value;
  }

  /**
   * A literal block scalar whose header (`|` or `|-`, alone on the rest of its line) is at `at`,
   * under a key or dash at `column`, as `yaml`'s lexer bounds it and its composer resolves it. Its
   * indentation is that of its first line with content, which must be deeper than `column`; its
   * lines run to the next line with content indented less, but end at the last line with content
   * or with more spaces than that indentation (blank lines after it are the blank lines before the
   * next node). The value is those lines without that indentation, joined, with one line break
   * after them (`|`) or none (`|-`). Blank lines before the first line with content that have more
   * spaces than it (an error to `yaml`) and a scalar without content are declined.
   */
  private literal(at: number, headerEnd: number, column: number): Scalar {
    const text = this.text;
    let indent = -1;
    let leadingSpaces = 0;
    let end = -1;
    for (let lineStart = headerEnd + 1; lineStart < text.length; ) {
      let content = lineStart;
      while (text.charCodeAt(content) === SPACE) content++;
      let lineEnd = text.indexOf('\n', content);
      if (lineEnd < 0) lineEnd = text.length;
      const spaces = content - lineStart;
      if (content === lineEnd) {
        if (indent < 0) leadingSpaces = Math.max(leadingSpaces, spaces);
        else if (spaces > indent) end = lineEnd;
      } else {
        if (indent < 0) {
          indent = spaces;
          if (indent <= column || leadingSpaces > indent) fail();
        } else if (spaces < indent) {
          break;
        }
        end = lineEnd;
      }
      lineStart = lineEnd + 1;
    }
    if (end < 0) fail();
    const lines = text.slice(headerEnd + 1, end).split('\n');
    const value = lines.map((line) => line.slice(indent)).join('\n') + (headerEnd - at === 1 ? '\n' : '');
    const rangeEnd = end < text.length ? end + 1 : end;
    return this.resolved(value, this.stringTag, [at, rangeEnd, rangeEnd], Scalar.BLOCK_LITERAL);
  }

  /** Whether a mapping key (`key:` followed by a space or the line's end) starts at `at`. */
  private keyAhead(at: number, lineEnd: number): boolean {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (first === 34 || first === 39) {
      const close = this.quoteEnd(at, lineEnd);
      if (close < 0) return false;
      let after = close + 1;
      while (text.charCodeAt(after) === SPACE) after++;
      return text.charCodeAt(after) === 58 && (after + 1 === lineEnd || text.charCodeAt(after + 1) === SPACE);
    }
    return this.plainKeyColon(at, lineEnd) >= 0;
  }

  /** The colon that ends the plain key starting at `at`, or -1 when the line holds no `key:` there. */
  private plainKeyColon(at: number, lineEnd: number): number {
    const text = this.text;
    for (let index = at; index < lineEnd; index++) {
      const code = text.charCodeAt(index);
      if (code === 58 && (index + 1 === lineEnd || text.charCodeAt(index + 1) === SPACE)) return index;
      if (code === 35 && text.charCodeAt(index - 1) === SPACE) return -1;
    }
    return -1;
  }

  /** The key that starts at `at`, and its colon. */
  private key(at: number, lineEnd: number): { key: Scalar; colon: number } {
    const text = this.text;
    const first = text.charCodeAt(at);
    let key: Scalar;
    let after: number;
    if (first === 34 || first === 39) {
      key = this.quoted(at, lineEnd);
      after = key.range![1];
      while (text.charCodeAt(after) === SPACE) after++;
      if (text.charCodeAt(after) !== 58 || (after + 1 < lineEnd && text.charCodeAt(after + 1) !== SPACE)) fail();
      return { key, colon: after };
    }
    if (plainStartExcluded.has(first)) fail();
    const colon = this.plainKeyColon(at, lineEnd);
    if (colon < 0) fail();
    let keyEnd = colon;
    while (text.charCodeAt(keyEnd - 1) === SPACE) keyEnd--;
    // Longer implicit keys are an error in strict mode.
    if (keyEnd - at > 1000) fail();
    for (let index = at; index < keyEnd; index++) if (keyExcluded.has(text.charCodeAt(index))) fail();
    const source = text.slice(at, keyEnd);
    // `<<` is a merge key in YAML 1.1.
    if (source === '<<') fail();
    key = this.plain(source, [at, keyEnd, keyEnd], true);
    return { key, colon };
  }

  /** The value written on the rest of a line from `at` (after a key's colon or a sequence's dash): a scalar or a flow sequence. */
  private inlineValue(at: number, lineEnd: number): Node {
    const text = this.text;
    const first = text.charCodeAt(at);
    const rangeEnd = lineEnd < text.length ? lineEnd + 1 : lineEnd;
    let node: Node;
    let valueEnd: number;
    if (first === 34 || first === 39) {
      node = this.quoted(at, lineEnd);
      valueEnd = node.range![1];
    } else if (first === 91 || first === 123) {
      node = this.flow(at, lineEnd);
      valueEnd = node.range![1];
    } else {
      // `-1` is a plain scalar; `- ` and a lone `-` are sequence entries.
      if (plainStartExcluded.has(first) && !(first === 45 && at + 1 < lineEnd && text.charCodeAt(at + 1) !== SPACE)) fail();
      valueEnd = lineEnd;
      while (text.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
      for (let index = at; index < valueEnd; index++) {
        const code = text.charCodeAt(index);
        if ((code === 58 && (index + 1 === valueEnd || text.charCodeAt(index + 1) === SPACE)) || (code === 35 && text.charCodeAt(index - 1) === SPACE)) fail();
      }
      node = this.plain(text.slice(at, valueEnd), [at, valueEnd, rangeEnd], false);
      return node;
    }
    for (let index = valueEnd; index < lineEnd; index++) if (text.charCodeAt(index) !== SPACE) fail();
    node.range![2] = rangeEnd;
    return node;
  }

  /** The offset of the quote that closes the one-line quoted scalar at `at`, or -1 (no close on the line, or a double-quoted escape). */
  private quoteEnd(at: number, lineEnd: number): number {
    const text = this.text;
    const quote = text.charCodeAt(at);
    for (let index = at + 1; index < lineEnd; index++) {
      const code = text.charCodeAt(index);
      if (quote === 34 && code === 92) return -1;
      if (code === quote) {
        if (quote === 39 && text.charCodeAt(index + 1) === 39) {
          index++;
          continue;
        }
        return index;
      }
    }
    return -1;
  }

  /** A one-line quoted scalar; its range ends at its closing quote (the caller adds what follows). */
  private quoted(at: number, lineEnd: number): Scalar {
    const close = this.quoteEnd(at, lineEnd);
    if (close < 0) fail();
    const inner = this.text.slice(at + 1, close);
    const double = this.text.charCodeAt(at) === 34;
    const source = double ? inner : inner.replace(/''/g, "'");
    return this.resolved(source, this.stringTag, [at, close + 1, close + 1], double ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE);
  }

  /** A flow sequence of one-line scalars, or an empty flow mapping, closed on its line. */
  private flow(at: number, lineEnd: number): YAMLMap | YAMLSeq {
    const text = this.text;
    const isMap = text.charCodeAt(at) === 123;
    const coll = this.plainNodes ? (asYamlNode(isMap ? new PlainMap() : new PlainSeq()) as YAMLMap | YAMLSeq) : isMap ? new YAMLMap(this.schema) : new YAMLSeq(this.schema);
    coll.flow = true;
    let cursor = at + 1;
    while (text.charCodeAt(cursor) === SPACE) cursor++;
    const close = isMap ? 125 : 93;
    if (text.charCodeAt(cursor) !== close) {
      if (isMap) fail();
      for (;;) {
        const first = text.charCodeAt(cursor);
        let item: Scalar;
        if (first === 34 || first === 39) {
          item = this.quoted(cursor, lineEnd);
        } else {
          let end = cursor;
          while (end < lineEnd && !flowPlainExcluded.has(text.charCodeAt(end))) end++;
          while (end > cursor && text.charCodeAt(end - 1) === SPACE) end--;
          const dashed = first === 45 && cursor + 1 < end && text.charCodeAt(cursor + 1) !== SPACE;
          if (end === cursor || (plainStartExcluded.has(first) && !dashed)) fail();
          item = this.plain(text.slice(cursor, end), [cursor, end, end], false);
        }
        cursor = item.range![1];
        while (text.charCodeAt(cursor) === SPACE) cursor++;
        item.range![2] = cursor;
        (coll as YAMLSeq).items.push(item);
        const next = text.charCodeAt(cursor);
        if (next === close) break;
        if (next !== 44) fail();
        cursor++;
        while (text.charCodeAt(cursor) === SPACE) cursor++;
        // A trailing comma, or an empty item, is left to `yaml`.
        if (cursor >= lineEnd || text.charCodeAt(cursor) === close || text.charCodeAt(cursor) === 44) fail();
      }
    }
    coll.range = [at, cursor + 1, cursor + 1];
    return coll;
  }

  /** The empty value of a key with nothing after it, where `yaml` places it: after the colon and the blanks on its line. */
  private emptyScalar(at: number): Scalar {
    return this.plain('', [at, at, at], false);
  }

  /** A plain scalar resolved by the first default tag of the schema whose test matches it, as `yaml`'s composer picks it. */
  private plain(source: string, range: Range, atKey: boolean): Scalar {
    let tag: ScalarTagLike | undefined;
    // When the union of the tests matches nothing, no tag's test does: the string tag, without trying each.
    const union = atKey ? this.keyTests : this.valueTests;
    if (!union || union.test(source)) {
      for (const candidate of this.tags) {
        if ((candidate.default === true || (atKey && candidate.default === 'key')) && candidate.test?.test(source)) {
          tag = candidate;
          break;
        }
      }
    }
    return this.resolved(source, tag ?? this.stringTag, range, Scalar.PLAIN);
  }

  private resolved(source: string, tag: ScalarTagLike, range: Range, type: yaml.Scalar.Type): Scalar {
    if (tag.collection) fail();
    this.failed = false;
    const result = tag.resolve(source, this.onError, this.resolveOptions);
    if (this.failed) fail();
    if (this.plainNodes) {
      // A tag may resolve to a Scalar of its own (floats, with their fraction digits): its value is the node's.
      if (result instanceof Scalar && result.constructor !== Scalar) fail();
      return asYamlNode(new PlainScalar(result instanceof Scalar ? result.value : result, source, type, range)) as Scalar;
    }
    const scalar = result instanceof Scalar ? result : new Scalar(result);
    if (!(scalar instanceof Scalar) || scalar.constructor !== Scalar) fail();
    scalar.range = range;
    scalar.source = source;
    scalar.type = type;
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }
}

/** What the reader uses of a schema tag. */
interface ScalarTagLike {
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  readonly collection?: string;
  readonly format?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}
