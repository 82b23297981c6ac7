/**
 * Helm's `toYaml`: sigs.k8s.io/yaml marshals the value to JSON, reads that JSON back with
 * go-yaml v2 (so a float64 1e6 becomes the int 1000000 and every key a string) and writes it with
 * go-yaml v2's emitter: sorted keys ("natural" order: digit runs compare as numbers), lists not
 * indented under their key, plain scalars where they read back as the same string, else single
 * or double quotes, literal blocks for multi-line text, and lines folded at 80 columns.
 */
import { Value, isGoBytes, isGoList, isGoMap, isTypedNil, validUtf8Text } from '../value';
import { base64Encode } from './encoding';
import { formatFloat64, parseGoInt, parseGoFloat } from './goValues';
import { marshalJson } from './json';
import { isGoTime, timeJsonText } from './goTime';
import { JsonReadError, readError, readJsonString } from './yamlReadJson';

/** The YAML text of a value, with go-yaml's trailing newline (Helm's toYaml trims it). */
export function marshalYaml(value: Value): string {
  let node: Node;
  try {
    node = fromJson(value);
  } catch (error) {
    throw error instanceof JsonReadError ? readError(value) : error;
  }
  const emitter = new Emitter();
  emitter.node(node, { root: true, mapping: false, simpleKey: false });
  emitter.writeIndent();
  return emitter.out;
}

export type Node = { kind: 'scalar'; text: string; plainable: boolean; tag?: string } | { kind: 'seq'; items: Node[] } | { kind: 'map'; entries: [Node, Node][]; keys: string[] };

/** The value as go-yaml reads its JSON text: numbers typed by their JSON text, keys strings. */
function fromJson(value: Value): Node {
  if (value === null || isTypedNil(value)) return { kind: 'scalar', text: 'null', plainable: true };
  if (typeof value === 'boolean') return { kind: 'scalar', text: value ? 'true' : 'false', plainable: true };
  if (typeof value === 'bigint' || typeof value === 'number') {
    const json = marshalJson(value, { escapeHTML: true });
    const int = parseGoInt(json) ?? (/^[0-9]+$/.test(json) && BigInt(json) < 2n ** 64n ? BigInt(json) : undefined);
    if (int !== undefined) return { kind: 'scalar', text: int.toString(), plainable: true }; // "-0" reads back as the int 0
    return { kind: 'scalar', text: formatFloat64(parseGoFloat(json) ?? Number(json), 'g'), plainable: true };
  }
  if (typeof value === 'string') return stringNode(readJsonString(jsonText(value), false));
  // JSON writes a []byte as base64 text.
  if (isGoBytes(value)) return stringNode(base64Encode(value.map(Number)));
  if (isGoList(value)) return { kind: 'seq', items: value.map(fromJson) };
  if (isGoMap(value)) {
    const keys = [...value.keys()].sort((a, b) => (naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0));
    return { kind: 'map', keys, entries: keys.map((key) => [stringNode(readJsonString(jsonText(key), true)), fromJson(value.get(key) ?? null)]) };
  }
  if (isGoTime(value)) return stringNode(timeJsonText(value)); // its MarshalJSON: an RFC 3339 string
  // A struct JSON can write reads back as its text, or as a map of its fields' JSON names (sorted, as any map).
  const encoding = value.encoding;
  if (encoding && 'text' in encoding) return fromJson(encoding.text());
  if (encoding) return fromJson(new Map([...encoding.jsonNames].map(([field, name]) => [name, value.fields.get(field) ?? null])));
  marshalJson(value, { escapeHTML: true }); // throws UnsupportedFunction for other structs
  return { kind: 'scalar', text: 'null', plainable: true };
}

/** A string as it reads back from JSON: encoding/json writes each byte that is not UTF-8 (value.ts rawByte) as U+FFFD. */
const jsonText = validUtf8Text;

function stringNode(text: string): Node {
  return { kind: 'scalar', text, plainable: resolvesToString(text) && !base60Float.test(text) };
}

export const base60Float = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const resolveWords = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<']);

/** go-yaml v2 `resolve("", s)` gives the string tag: the text would read back as this string. */
function resolvesToString(text: string): boolean {
  if (text === '') return false;
  const first = text[0];
  const hinted = /[-+0-9yYnNtTfFoO~.]/.test(first);
  if (!hinted) return true;
  if (resolveWords.has(text)) return false;
  if (first === '.') return parseGoFloat(text) === undefined;
  if (!/[-+0-9]/.test(first)) return true;
  if (isTimestamp(text)) return false;
  const plain = text.replace(/_/g, '');
  if (parseGoInt(plain) !== undefined || /^\+?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[0-9]+)$/.test(plain) && unsignedFits(plain)) return false;
  if (yamlStyleFloat.test(plain) && parseGoFloat(plain) !== undefined) return false;
  if (/^-?0b[01]+$/.test(plain)) return false;
  return true;
}

function unsignedFits(text: string): boolean {
  const digits = text.replace(/^\+/, '');
  try {
    const value = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits.replace(/^0[oO]/, '0o'));
    return value < 2n ** 64n;
  } catch {
    return false;
  }
}

/** go-yaml v2's parseTimestamp: `2006-1-2`, with an optional time part. */
export function isTimestamp(text: string): boolean {
  if (!/^[0-9]{4}-/.test(text)) return false;
  const date = '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}';
  const time = '[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?';
  const pattern = new RegExp(`^${date}$|^${date}[Tt]${time}(Z|[-+][0-9]{2}:[0-9]{2})$|^${date} ${time}$`);
  if (!pattern.test(text)) return false;
  const [, month, day] = /^[0-9]{4}-([0-9]+)-([0-9]+)/.exec(text)!;
  return Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= 31;
}

// In constants (a regex literal in a function is built again on every call); ASCII is answered without Unicode classes.
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const ASCII_LETTER = /[A-Za-z]/;

/**
 * go-yaml v2's key order (sorter.go) for string keys; `v3`: go-yaml v3's, the same except that
 * after equal digits a letter sorts before a digit.
 */
export function naturalLess(a: string, b: string, v3 = false): boolean {
  const ar = [...a];
  const br = [...b];
  const letter = (c: string) => (c.length === 1 && c.charCodeAt(0) < 0x80 ? ASCII_LETTER.test(c) : LETTER.test(c));
  const digit = (c: string | undefined) => c !== undefined && (c.length === 1 && c.charCodeAt(0) < 0x80 ? c >= '0' && c <= '9' : DIGIT.test(c));
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = digit(ar[i]);
      continue;
    }
    const al = letter(ar[i]);
    const bl = letter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return v3 && digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && digit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && digit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai].codePointAt(0)! - 48);
    let bi = i;
    for (; bi < br.length && digit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi].codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

interface Context {
  readonly root: boolean;
  readonly mapping: boolean;
  readonly simpleKey: boolean;
}

/** libyaml's yaml_emitter_check_simple_key for a string key: one line, at most 128 bytes. */
function isSimpleKey(key: Node): boolean {
  if (key.kind !== 'scalar') return false;
  return !/[\n\r\u0085\u2028\u2029]/.test(key.text) && utf8Length(key.text) <= 128;
}

function utf8Length(text: string): number {
  let n = 0;
  for (const c of text) {
    const code = c.codePointAt(0)!;
    n += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return n;
}

const bestIndent = 2;

/**
 * How the two go-yaml versions Helm uses differ in what this emitter reaches: v2 (toYaml) folds
 * lines at 80 columns and writes a list under a mapping key without indenting it; v3 with
 * SetIndent(2) (toYamlPretty) never folds and indents every level by 2, and takes a tab for no
 * special character (a text with tabs and line breaks may be a literal block).
 */
export interface EmitterOptions {
  readonly width: number;
  readonly indentlessSequences: boolean;
  readonly tabIsSpecial: boolean;
}

const goYamlV2: EmitterOptions = { width: 80, indentlessSequences: true, tabIsSpecial: true };
const isBreak = (c: string | undefined) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isSpace = (c: string | undefined) => c === ' ';
const isBlankOrEnd = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || isBreak(c);

/**
 * go-yaml's is_printable, which looks at UTF-8 bytes: LF, ASCII but controls, U+00A0-U+D7FF and
 * U+E000-U+FFFD but the BOM. It has no case for 4-byte characters, so nothing outside the BMP is
 * printable (the scalar is double-quoted with `\U` escapes), nor is U+0085 or any C1 control.
 */
function isPrintable(code: number): boolean {
  return code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff);
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** The part of go-yaml's emitter (libyaml's port) that Marshal of maps, lists and scalars reaches. */
export class Emitter {
  out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];

  constructor(private readonly options: EmitterOptions = goYamlV2) {}

  node(node: Node, context: Context): void {
    if (node.kind === 'scalar') return this.scalar(node, context);
    if (node.kind === 'seq' ? node.items.length === 0 : node.entries.length === 0) {
      this.writeIndicator(node.kind === 'seq' ? '[' : '{', true, true, false);
      this.writeIndicator(node.kind === 'seq' ? ']' : '}', false, false, false);
      return;
    }
    if (node.kind === 'seq') {
      this.increaseIndent(false, this.options.indentlessSequences && context.mapping && !this.indention);
      for (const item of node.items) {
        this.writeIndent();
        this.writeIndicator('-', true, false, true);
        this.node(item, { root: false, mapping: false, simpleKey: false });
      }
      this.indent = this.indents.pop()!;
      return;
    }
    this.increaseIndent(false, false);
    for (const [key, value] of node.entries) {
      this.writeIndent();
      if (isSimpleKey(key)) {
        this.node(key, { root: false, mapping: true, simpleKey: true });
        this.writeIndicator(':', false, false, false);
      } else {
        // libyaml writes a multi-line or long (over 128 bytes) key as an explicit `? key` entry.
        this.writeIndicator('?', true, false, true);
        this.node(key, { root: false, mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, { root: false, mapping: true, simpleKey: false });
    }
    this.indent = this.indents.pop()!;
  }

  private scalar(node: Extract<Node, { kind: 'scalar' }>, context: Context): void {
    const style = this.selectStyle(node, context);
    this.increaseIndent(true, false);
    if (node.tag) this.writeIndicator(node.tag, true, false, false); // yaml_emitter_write_tag_handle
    const allowBreaks = !context.simpleKey;
    if (style === 'plain') this.writePlain(node.text, allowBreaks);
    else if (style === 'single') this.writeSingle(node.text, allowBreaks);
    else if (style === 'double') this.writeDouble(node.text, allowBreaks);
    else this.writeLiteral(node.text);
    this.indent = this.indents.pop()!;
  }

  private selectStyle(node: Extract<Node, { kind: 'scalar' }>, context: Context): Style {
    const value = node.text;
    const analysis = analyzeScalar(value, this.options.tabIsSpecial);
    let style: Style = value.includes('\n') ? 'literal' : node.plainable ? 'plain' : 'double';
    if (context.simpleKey && analysis.multiline) style = 'double';
    if (style === 'plain') {
      if (!analysis.blockPlainAllowed) style = 'single';
      if (value.length === 0 && context.simpleKey) style = 'single';
    }
    if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!analysis.blockAllowed || context.simpleKey)) style = 'double';
    return style;
  }

  private put(text: string): void {
    this.out += text;
    this.column += [...text].length;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? bestIndent : 0;
    else if (!indentless) this.indent += bestIndent;
  }

  /** A line break inside a scalar: `\n` as it is, other breaks as libyaml writes them. */
  private writeBreak(c: string): void {
    if (c === '\n') this.putBreak();
    else {
      this.out += c;
      this.column = 0;
    }
  }

  private writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const chars = [...value];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > this.options.width && !isSpace(chars[i + 1])) this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = [...value];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > this.options.width && i > 0 && i < chars.length - 1 && !isSpace(chars[i + 1])) this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(value: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const chars = [...value];
    // go-yaml's is_bom(value, i) reads the scalar's first bytes whatever i is: a scalar that starts
    // with a BOM has every character escaped (`\uFEFF\x64\x62\x6C`).
    const escapeAll = value.charCodeAt(0) === 0xfeff;
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const code = c.codePointAt(0)!;
      if (escapeAll || !isPrintable(code) || isBreak(c) || c === '"' || c === '\\') {
        this.put(`\\${doubleEscapes.get(code) ?? hexEscape(code)}`);
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > this.options.width && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (isSpace(chars[i + 1])) this.put('\\');
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: string): void {
    this.writeIndicator('|', true, false, false);
    const chars = [...value];
    if (isSpace(chars[0]) || isBreak(chars[0])) this.writeIndicator(String(bestIndent), false, false, false);
    const last = chars[chars.length - 1];
    let chomp = '';
    if (!isBreak(last)) chomp = '-';
    else if (chars.length === 1 || isBreak(chars[chars.length - 2])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

const doubleEscapes = new Map<number, string>([
  [0x00, '0'],
  [0x07, 'a'],
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0b, 'v'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x1b, 'e'],
  [0x22, '"'],
  [0x5c, '\\'],
  [0x85, 'N'],
  [0xa0, '_'],
  [0x2028, 'L'],
  [0x2029, 'P'],
]);

function hexEscape(code: number): string {
  const [letter, width] = code <= 0xff ? ['x', 2] : code <= 0xffff ? ['u', 4] : ['U', 8];
  return `${letter}${code.toString(16).toUpperCase().padStart(width as number, '0')}`;
}

/** libyaml's yaml_emitter_analyze_scalar: where plain, quoted and block styles are allowed. */
function analyzeScalar(value: string, tabIsSpecial: boolean): { multiline: boolean; blockPlainAllowed: boolean; singleQuotedAllowed: boolean; blockAllowed: boolean } {
  if (value.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const chars = [...value];
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const followedByWhitespace = isBlankOrEnd(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      else if ((c === '?' || c === ':') && followedByWhitespace) blockIndicators = true;
      else if (c === '-' && followedByWhitespace) blockIndicators = true;
    } else if (c === ':' && followedByWhitespace) blockIndicators = true;
    else if (c === '#' && precededByWhitespace) blockIndicators = true;
    if (c === '\t' && !tabIsSpecial) tabs = true;
    else if (!isPrintable(c.codePointAt(0)!)) special = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankOrEnd(c);
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (tabs) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}
