/**
 * A values document in plain block YAML read straight into Go values and their origins, without
 * `yaml`'s lexer, syntax tree and nodes: the render needs plain data only, and values files are
 * written in a small part of YAML (block mappings and sequences, one-line plain and quoted
 * scalars, empty or one-line flow sequences, literal block scalars, comments). For the texts it
 * takes it gives exactly what `yamlValues.ts` reads from `yaml`'s document: the same values (go-yaml
 * v2 typing, then JSON) and the same origins, whose spans are `yaml`'s node ranges — including
 * where `yaml` lets a run of comment lines after a collection's last entry extend the ranges of
 * the collections around it (below, `closeCollection`). Anything else (anchors, aliases, tags,
 * merge keys, explicit keys, folded or kept block scalars, multi-line scalars, escapes, tabs,
 * carriage returns, odd indentation, a root that is not a mapping, a null key, a value JSON cannot
 * hold) makes it return undefined, and `yaml` reads the text as before.
 * test/unit/blockValues.test.ts holds it to that path on every fixture values file, the corpus
 * and generated files.
 */
import type { Span } from '../../types';
import { goYamlFloat, goYamlPlainText, goYamlPlainType } from '../../yaml/goYaml';
import type { GoList, GoMap, Value } from '../value';
import type { ValueOrigins } from './origins';

/** The values of one document (`null` when it holds nothing), or undefined when the text is not in the subset. */
export function readBlockValues(text: string, offset: number, source: string, origins: ValueOrigins): GoMap | null | undefined {
  if (unsupportedCharacter(text)) return undefined;
  try {
    return new ValuesReader(text, offset, source, origins).read();
  } catch (error) {
    if (error === decline || error instanceof RangeError) return undefined;
    throw error;
  }
}

const decline = new Error('outside the block values subset');

function fail(): never {
  throw decline;
}

/** Tabs, carriage returns, control characters, a byte-order mark and Unicode line breaks are left to `yaml`. */
function unsupportedCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 32 ? code !== 10 : code >= 127 && (code < 160 || code === 0xfeff || code === 0x2028 || code === 0x2029)) return true;
  }
  return false;
}

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const DOUBLE = 34;
const SINGLE = 39;

/** Characters a plain scalar or key may not start with here: YAML indicators, and `-`, `?`, `:` (kept to `yaml`). */
const plainStartExcluded = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((char) => char.charCodeAt(0)));
/** Characters a plain key may not contain here (flow indicators, kept to `yaml`). */
const keyExcluded = new Set([...',[]{}'].map((char) => char.charCodeAt(0)));
/** Characters a plain scalar inside a flow sequence may not contain here. */
const flowPlainExcluded = new Set([...',[]{}:#\'"'].map((char) => char.charCodeAt(0)));

/** Nodes read per document at most, as `yamlValues.ts` counts them. */
const maxNodes = 1_000_000;
/** Collections nested deeper are left to `yaml` (and its parse guard). */
const maxDepth = 200;

interface Line {
  readonly start: number;
  readonly indent: number;
  /** Offset of the first non-space character. */
  readonly content: number;
  /** Offset of the line's `\n`, or the text's length. */
  readonly end: number;
}

/** A comment line skipped between two content lines: its column and where the line (with its newline) ends. */
interface CommentLine {
  readonly indent: number;
  readonly end: number;
}

/**
 * What `yaml` would make of a value, as far as ranges go: `start`/`valueEnd` are its range's
 * first two offsets (the origin's span), `end` the third (what the collection around it ends at).
 * `kind` says how comment lines after it attach: a one-line scalar or flow collection takes the
 * ones indented deeper than its collection, a block scalar none, an empty value is declined.
 */
interface Read {
  readonly value: Value;
  readonly start: number;
  readonly valueEnd: number;
  end: number;
  readonly kind: 'line' | 'literal' | 'empty' | 'collection';
  /** For a string scalar: where its characters stand in the file as they are. */
  readonly textStart?: number;
}

class ValuesReader {
  private line: Line | undefined;
  /** The comment lines between the last value read and `line`; `taken` of them are spoken for. */
  private comments: CommentLine[] = [];
  private taken = 0;
  /** Whether the last empty value had a comment after its colon. */
  private emptyCommented = false;
  private nodes = 0;

  constructor(
    private readonly text: string,
    private readonly offset: number,
    private readonly source: string,
    private readonly origins: ValueOrigins,
  ) {}

  read(): GoMap | null {
    this.advance(0);
    const first = this.line;
    if (!first) return null;
    if (first.indent !== 0 || this.isSeqItem(first.content, first.end)) fail();
    const root = this.blockMap(first, first.content, [], 0);
    if (this.line) fail();
    return root.value as GoMap;
  }

  /** Moves to the first content line at or after `from`, keeping the comment lines passed. */
  private advance(from: number): void {
    const text = this.text;
    this.comments = [];
    this.taken = 0;
    let start = from;
    while (start < text.length) {
      let content = start;
      while (text.charCodeAt(content) === SPACE) content++;
      let end = text.indexOf('\n', content);
      if (end < 0) end = text.length;
      if (content < end) {
        if (text.charCodeAt(content) === HASH) {
          this.comments.push({ indent: content - start, end: end < text.length ? end + 1 : end });
        } else {
          if (start === content && (text.startsWith('---', start) || text.startsWith('...', start))) fail();
          this.line = { start, indent: content - start, content, end };
          return;
        }
      }
      start = end + 1;
    }
    this.line = undefined;
  }

  private isSeqItem(at: number, end: number): boolean {
    return this.text.charCodeAt(at) === DASH && (at + 1 === end || this.text.charCodeAt(at + 1) === SPACE);
  }

  private count(): void {
    if (++this.nodes > maxNodes) fail();
  }

  private blockNode(line: Line, at: number, path: (string | number)[], depth: number): Read {
    if (depth > maxDepth) fail();
    return this.isSeqItem(at, line.end) ? this.blockSeq(line, at, path, depth) : this.blockMap(line, at, path, depth);
  }

  private blockMap(line: Line, at: number, path: (string | number)[], depth: number): Read {
    this.count();
    const map: GoMap = new Map();
    const column = at - line.start;
    let current: Line = line;
    let keyAt = at;
    let last: Read;
    for (;;) {
      const { key, keyStart, keyEnd, colon } = this.key(keyAt, current.end);
      let valueAt = colon + 1;
      while (this.text.charCodeAt(valueAt) === SPACE) valueAt++;
      const childPath = [...path, key];
      if (valueAt < current.end && this.text.charCodeAt(valueAt) !== HASH) {
        last = this.lineValue(valueAt, current, column, childPath, depth);
      } else {
        const commented = valueAt < current.end;
        this.advance(current.end + 1);
        const next = this.line;
        if (next && (next.indent > column || (next.indent === column && this.isSeqItem(next.content, next.end)))) {
          last = this.blockNode(next, next.content, childPath, depth + 1);
        } else {
          this.count();
          last = { value: null, start: valueAt, valueEnd: valueAt, end: valueAt, kind: 'empty' };
          this.emptyCommented = commented;
        }
      }
      map.set(key, last.value);
      this.origins.set(map, key, { source: this.source, path: childPath, span: this.span(last.start, last.valueEnd), keySpan: this.span(keyStart, keyEnd), ...(last.textStart !== undefined ? { textStart: this.offset + last.textStart } : {}) });
      const next = this.line;
      if (!next || next.indent < column) break;
      if (next.indent > column || this.isSeqItem(next.content, next.end)) fail();
      current = next;
      keyAt = next.content;
    }
    return this.closeCollection(map, at, column, last);
  }

  private blockSeq(line: Line, at: number, path: (string | number)[], depth: number): Read {
    this.count();
    const list: GoList = [];
    const column = at - line.start;
    let current: Line = line;
    let dashAt = at;
    let last: Read;
    for (;;) {
      let valueAt = dashAt + 1;
      while (this.text.charCodeAt(valueAt) === SPACE) valueAt++;
      // An empty item, or one whose value starts on a later line, is left to `yaml`.
      if (valueAt >= current.end || this.text.charCodeAt(valueAt) === HASH || this.isSeqItem(valueAt, current.end)) fail();
      const index = list.length;
      const childPath = [...path, index];
      last = this.keyAhead(valueAt, current.end) ? this.blockMap(current, valueAt, childPath, depth + 1) : this.lineValue(valueAt, current, column, childPath, depth);
      list.push(last.value);
      this.origins.set(list, index, { source: this.source, path: childPath, span: this.span(last.start, last.valueEnd), ...(last.textStart !== undefined ? { textStart: this.offset + last.textStart } : {}) });
      const next = this.line;
      if (!next || next.indent < column) break;
      if (next.indent > column) fail();
      // The next key of the mapping this sequence is the value of (a sequence may sit at its key's column).
      if (!this.isSeqItem(next.content, next.end)) break;
      current = next;
      dashAt = next.content;
    }
    return this.closeCollection(list, at, column, last);
  }

  /**
   * The ranges of a block collection at `column` whose last entry is `last`, given the comment
   * lines between that entry and the next content line, as `yaml`'s parser hands them out: after
   * an empty value (or one with a comment after its colon) all of them are its own; those
   * right after a one-line scalar and deeper than the collection extend that scalar (until one
   * that is not deeper); the rest stay with the innermost collection that ends here, is not at
   * column 0 and has one of them at or beyond its column, which then ends where the next content
   * starts (its third offset, the second of the collection around it); else they go on outwards.
   */
  private closeCollection(value: GoMap | GoList, start: number, column: number, last: Read): Read {
    const comments = this.comments;
    if (last.kind === 'empty') {
      // The comments after an empty value are its own (yaml's separator before a value that never comes), to the next content.
      if (this.emptyCommented || this.taken < comments.length) {
        last.end = this.line ? this.line.content : this.text.length;
        this.taken = comments.length;
      }
    } else if (last.kind === 'line') {
      while (this.taken < comments.length && comments[this.taken].indent > column) last.end = comments[this.taken++].end;
    }
    let end = last.end;
    if (column > 0) {
      for (let index = this.taken; index < comments.length; index++) {
        if (comments[index].indent >= column) {
          end = this.line ? this.line.start + this.line.indent : this.text.length;
          this.taken = comments.length;
          break;
        }
      }
    }
    return { value, start, valueEnd: last.end, end, kind: 'collection' };
  }

  /** The value on the rest of a line from `at` (after a key's colon or an entry's dash at `column`): a literal block scalar, a flow sequence or a scalar. */
  private lineValue(at: number, line: Line, column: number, path: (string | number)[], depth: number): Read {
    const text = this.text;
    this.count();
    const first = text.charCodeAt(at);
    if (first === 124 && (at + 1 === line.end || (at + 2 === line.end && text.charCodeAt(at + 1) === DASH))) {
      const read = this.literal(at, line.end, column);
      this.advance(read.end);
      return read;
    }
    const lineEnd = line.end;
    const rangeEnd = lineEnd < text.length ? lineEnd + 1 : lineEnd;
    let read: Read;
    if (first === DOUBLE || first === SINGLE) {
      read = this.quoted(at, lineEnd, rangeEnd);
      this.restIsComment(read.valueEnd, lineEnd);
    } else if (first === 91 || first === 123) {
      read = this.flow(at, lineEnd, rangeEnd, path, depth);
      this.restIsComment(read.valueEnd, lineEnd);
    } else {
      // `-1` is a plain scalar; `- ` and a lone `-` are sequence entries.
      if (plainStartExcluded.has(first) && !(first === DASH && at + 1 < lineEnd && text.charCodeAt(at + 1) !== SPACE)) fail();
      let valueEnd = at;
      for (let index = at; index < lineEnd; index++) {
        const code = text.charCodeAt(index);
        if (code === HASH && text.charCodeAt(index - 1) === SPACE) break;
        if (code === COLON && (index + 1 === lineEnd || text.charCodeAt(index + 1) === SPACE)) fail();
        if (code !== SPACE) valueEnd = index + 1;
      }
      read = this.plain(text.slice(at, valueEnd), at, valueEnd, rangeEnd);
    }
    this.advance(rangeEnd);
    return read;
  }

  /** Only spaces, then maybe a comment, from `from` to the line's end. */
  private restIsComment(from: number, lineEnd: number): void {
    const text = this.text;
    let index = from;
    while (index < lineEnd && text.charCodeAt(index) === SPACE) index++;
    if (index < lineEnd && !(text.charCodeAt(index) === HASH && index > from)) fail();
  }

  /**
   * A literal block scalar (`|` or `|-` alone on the rest of its line) under a key or dash at
   * `column`, bounded as `yaml/blockReader.ts` bounds it: indentation from the first line with
   * content, lines to the next line with content indented less, blank lines after the last line
   * with content (or with more spaces than the indentation) left out.
   */
  private literal(at: number, headerEnd: number, column: number): Read {
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
          if (spaces <= column) break;
          indent = spaces;
          if (leadingSpaces > indent) fail();
        } else if (spaces < indent) {
          break;
        }
        end = lineEnd;
      }
      lineStart = lineEnd + 1;
    }
    if (end < 0) {
      // No content: an empty string over the header's line and at most one blank line (yaml's range; more are left to it).
      let after = Math.min(headerEnd + 1, text.length);
      const blankEnd = this.blankLineEnd(after);
      if (blankEnd !== undefined) {
        after = Math.min(blankEnd + 1, text.length);
        if (this.blankLineEnd(after) !== undefined) fail();
      }
      return { value: '', start: at, valueEnd: after, end: after, kind: 'literal' };
    }
    const lines = text.slice(headerEnd + 1, end).split('\n');
    const value = lines.map((line) => line.slice(indent)).join('\n') + (headerEnd - at === 1 ? '\n' : '');
    const rangeEnd = end < text.length ? end + 1 : end;
    return { value, start: at, valueEnd: rangeEnd, end: rangeEnd, kind: 'literal' };
  }

  /** Where the line starting at `from` ends when it is blank (spaces only), else undefined (a line with content, or the text's end). */
  private blankLineEnd(from: number): number | undefined {
    const text = this.text;
    if (from >= text.length) return undefined;
    let index = from;
    while (text.charCodeAt(index) === SPACE) index++;
    return index >= text.length || text.charCodeAt(index) === 10 ? index : undefined;
  }

  /** Whether a mapping key (`key:` followed by a space or the line's end) starts at `at`. */
  private keyAhead(at: number, lineEnd: number): boolean {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (first === DOUBLE || first === SINGLE) {
      const close = this.quoteEnd(at, lineEnd);
      if (close < 0) return false;
      let after = close + 1;
      while (text.charCodeAt(after) === SPACE) after++;
      return text.charCodeAt(after) === COLON && (after + 1 === lineEnd || text.charCodeAt(after + 1) === SPACE);
    }
    return this.plainKeyColon(at, lineEnd) >= 0;
  }

  /** The colon that ends the plain key starting at `at`, or -1 when the line holds no `key:` there. */
  private plainKeyColon(at: number, lineEnd: number): number {
    const text = this.text;
    for (let index = at; index < lineEnd; index++) {
      const code = text.charCodeAt(index);
      if (code === COLON && (index + 1 === lineEnd || text.charCodeAt(index + 1) === SPACE)) return index;
      if (code === HASH && text.charCodeAt(index - 1) === SPACE) return -1;
    }
    return -1;
  }

  /** The key that starts at `at` as sigs.k8s.io/yaml turns it into a string, its range and its colon. */
  private key(at: number, lineEnd: number): { key: string; keyStart: number; keyEnd: number; colon: number } {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (first === DOUBLE || first === SINGLE) {
      const close = this.quoteEnd(at, lineEnd);
      if (close < 0) fail();
      let after = close + 1;
      while (text.charCodeAt(after) === SPACE) after++;
      if (text.charCodeAt(after) !== COLON || (after + 1 < lineEnd && text.charCodeAt(after + 1) !== SPACE)) fail();
      this.count();
      return { key: this.quotedSource(at, close), keyStart: at, keyEnd: close + 1, colon: after };
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
    this.count();
    const value = plainValue(source);
    // A null key is Helm's error, which `yamlValues.ts` words.
    if (value === null) fail();
    const key = typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : (goYamlPlainText(source) ?? String(value));
    return { key, keyStart: at, keyEnd, colon };
  }

  /** The offset of the quote that closes the one-line quoted scalar at `at`, or -1 (no close on the line, or a double-quoted escape). */
  private quoteEnd(at: number, lineEnd: number): number {
    const text = this.text;
    const quote = text.charCodeAt(at);
    for (let index = at + 1; index < lineEnd; index++) {
      const code = text.charCodeAt(index);
      if (quote === DOUBLE && code === 92) return -1;
      if (code === quote) {
        if (quote === SINGLE && text.charCodeAt(index + 1) === SINGLE) {
          index++;
          continue;
        }
        return index;
      }
    }
    return -1;
  }

  private quotedSource(at: number, close: number): string {
    const inner = this.text.slice(at + 1, close);
    return this.text.charCodeAt(at) === DOUBLE ? inner : inner.replace(/''/g, "'");
  }

  /** A one-line quoted scalar at `at`: always a string. */
  private quoted(at: number, lineEnd: number, rangeEnd: number): Read {
    const close = this.quoteEnd(at, lineEnd);
    if (close < 0) fail();
    const value = this.quotedSource(at, close);
    return this.stringRead(value, at, close + 1, rangeEnd, 1);
  }

  /** A flow sequence of one-line scalars, or an empty flow mapping, closed on its line. */
  private flow(at: number, lineEnd: number, rangeEnd: number, path: (string | number)[], depth: number): Read {
    if (depth + 1 > maxDepth) fail();
    const text = this.text;
    const isMap = text.charCodeAt(at) === 123;
    const close = isMap ? 125 : 93;
    let cursor = at + 1;
    while (text.charCodeAt(cursor) === SPACE) cursor++;
    if (isMap) {
      if (text.charCodeAt(cursor) !== close) fail();
      return { value: new Map() as GoMap, start: at, valueEnd: cursor + 1, end: rangeEnd, kind: 'line' };
    }
    const list: GoList = [];
    if (text.charCodeAt(cursor) !== close) {
      for (;;) {
        const first = text.charCodeAt(cursor);
        this.count();
        let item: Read;
        if (first === DOUBLE || first === SINGLE) {
          const quoteClose = this.quoteEnd(cursor, lineEnd);
          if (quoteClose < 0) fail();
          item = this.stringRead(this.quotedSource(cursor, quoteClose), cursor, quoteClose + 1, quoteClose + 1, 1);
        } else {
          let end = cursor;
          while (end < lineEnd && !flowPlainExcluded.has(text.charCodeAt(end))) end++;
          while (end > cursor && text.charCodeAt(end - 1) === SPACE) end--;
          const dashed = first === DASH && cursor + 1 < end && text.charCodeAt(cursor + 1) !== SPACE;
          if (end === cursor || (plainStartExcluded.has(first) && !dashed)) fail();
          item = this.plain(text.slice(cursor, end), cursor, end, end);
        }
        const index = list.length;
        list.push(item.value);
        this.origins.set(list, index, { source: this.source, path: [...path, index], span: this.span(item.start, item.valueEnd), ...(item.textStart !== undefined ? { textStart: this.offset + item.textStart } : {}) });
        cursor = item.valueEnd;
        while (text.charCodeAt(cursor) === SPACE) cursor++;
        const next = text.charCodeAt(cursor);
        if (next === close) break;
        if (next !== 44) fail();
        cursor++;
        while (text.charCodeAt(cursor) === SPACE) cursor++;
        // A trailing comma, or an empty item, is left to `yaml`.
        if (cursor >= lineEnd || text.charCodeAt(cursor) === close || text.charCodeAt(cursor) === 44) fail();
      }
    }
    return { value: list, start: at, valueEnd: cursor + 1, end: rangeEnd, kind: 'line' };
  }

  /** An untagged plain scalar as go-yaml v2 types it and JSON carries it. */
  private plain(source: string, start: number, valueEnd: number, end: number): Read {
    const value = plainValue(source);
    if (typeof value === 'string') return this.stringRead(value, start, valueEnd, end, 0);
    return { value, start, valueEnd, end, kind: 'line' };
  }

  /** A string scalar; `textStart` when its characters stand as they are `quote` characters after its start. */
  private stringRead(value: string, start: number, valueEnd: number, end: number, quote: number): Read {
    const written = this.text.slice(start + quote, valueEnd - quote);
    return written === value ? { value, start, valueEnd, end, kind: 'line', textStart: start + quote } : { value, start, valueEnd, end, kind: 'line' };
  }

  private span(start: number, end: number): Span {
    return { start: this.offset + start, end: this.offset + end };
  }
}

/**
 * An untagged plain scalar as go-yaml v2 types it, then as JSON carries it (numbers become
 * float64); `nonFinite` answers a float JSON cannot carry (`.inf`, `.nan`) and does not return.
 * `yamlValues.ts` reads `yaml`'s plain scalars with it too.
 */
export function plainScalarValue(text: string, nonFinite: (number: number) => never): Value {
  switch (goYamlPlainType(text)) {
    case 'null':
      return null;
    case 'bool':
      return goYamlPlainText(text) === 'true';
    case 'int':
      return Number(goYamlPlainText(text));
    case 'float': {
      const number = goYamlFloat(text);
      if (!Number.isFinite(number)) nonFinite(number);
      return number;
    }
    default:
      return text;
  }
}

/** A plain scalar here: what `yamlValues.ts` would report as an error is declined to it. */
function plainValue(text: string): Value {
  return plainScalarValue(text, fail);
}
