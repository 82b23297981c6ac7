/** Sprig's string functions. */
import { GoError, GoFunction, Value, isGoList, validUtf8Text } from '../value';
import { formatValue, goFunction, stringList, strval, utf8Decode, utf8Encode } from './goValues';

const str = (v: Value) => v as string;
const int = (v: Value) => Number(v as bigint);

/** Go's byte length of a string. */
const byteLength = (s: string) => utf8Encode(s).length;
/** `s[start:end]` by bytes. */
const byteSlice = (s: string, start: number, end?: number) => utf8Decode(utf8Encode(s).slice(start, end));

/** strconv.Quote, as `%q` writes a string. */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (quoteEscapes.has(char)) out += quoteEscapes.get(char);
    else if (code >= 0xdc80 && code <= 0xdcff) out += `\\x${(code - 0xdc00).toString(16)}`; // a raw byte (value.ts rawByte)
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (isGoPrint(char)) out += char;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
const quoteEscapes = new Map([['\x07', '\\a'], ['\b', '\\b'], ['\f', '\\f'], ['\n', '\\n'], ['\r', '\\r'], ['\t', '\\t'], ['\v', '\\v']]);
// The regexes live in constants (a regex literal in a function is built again on every call); ASCII is answered without them.
const GO_PRINT = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const isGoPrint = (char: string) => (char.length === 1 && char.charCodeAt(0) < 0x80 ? char >= ' ' && char <= '~' : GO_PRINT.test(char));

/** Sprig's strslice: the items of a list as strings (nil items dropped), a lone value as one string. */
export function toStrings(value: Value): string[] {
  if (isGoList(value)) return value.filter((item) => item !== null).map(strval);
  if (value === null) return [];
  return [strval(value)];
}

const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;
const isGoSpace = (c: string) => GO_SPACE.test(c);
export function trimSpace(s: string): string {
  const chars = [...s];
  let start = 0;
  let end = chars.length;
  while (start < end && isGoSpace(chars[start])) start++;
  while (end > start && isGoSpace(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

/** strings.Trim(s, cutset). */
function trimCutset(s: string, cutset: string): string {
  const cut = new Set([...cutset]);
  const chars = [...s];
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start])) start++;
  while (end > start && cut.has(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

const ASCII_WORD = /[A-Za-z0-9_]/;
const LETTER_OR_DIGIT = /\p{L}|\p{Nd}/u;

/** strings.Title: the first letter of each word upper-cased (a word follows a non-letter, non-digit, non-underscore, non-apostrophe). */
function title(s: string): string {
  let previous = ' ';
  let out = '';
  for (const c of s) {
    const separator = previous.codePointAt(0)! <= 0x7f ? !ASCII_WORD.test(previous) : LETTER_OR_DIGIT.test(previous) ? false : isGoSpace(previous);
    out += separator ? c.toUpperCase() : c;
    previous = c;
  }
  return out;
}

function trunc(c: number, s: string): string {
  const length = byteLength(s);
  if (c < 0 && length + c > 0) return byteSlice(s, length + c);
  if (c >= 0 && length > c) return byteSlice(s, 0, c);
  return s;
}

function substr(start: number, end: number, s: string): string {
  const length = byteLength(s);
  if (start < 0) {
    if (end > length || end < 0) throw new GoError(`runtime error: slice bounds out of range [:${end}] with length ${length}`);
    return byteSlice(s, 0, end);
  }
  if (end < 0 || end > length) {
    if (start > length) throw new GoError(`runtime error: slice bounds out of range [${start}:${length}]`);
    return byteSlice(s, start);
  }
  if (start > end) throw new GoError(`runtime error: slice bounds out of range [${start}:${end}]`);
  return byteSlice(s, start, end);
}

function indent(spaces: number, v: string): string {
  const pad = ' '.repeat(Math.max(spaces, 0));
  return pad + v.split('\n').join(`\n${pad}`);
}

function splitMap(parts: string[]): Map<string, Value> {
  return new Map(parts.map((part, i) => [`_${i}`, part]));
}

/** strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  const parts = sep === '' ? [...s] : s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  if (sep === '') return [...parts.slice(0, n - 1), parts.slice(n - 1).join('')];
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

const S = 'string';
export const stringFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['trunc', goFunction(['int', S], ([c, s]) => trunc(int(c), str(s)), { result: S })],
  ['trim', goFunction([S], ([s]) => trimSpace(str(s)), { result: S })],
  ['hello', goFunction([], () => 'Hello!', { result: S })],
  ['upper', goFunction([S], ([s]) => validUtf8Text(str(s)).toUpperCase(), { result: S })],
  ['lower', goFunction([S], ([s]) => validUtf8Text(str(s)).toLowerCase(), { result: S })],
  ['title', goFunction([S], ([s]) => title(validUtf8Text(str(s))), { result: S })],
  ['substr', goFunction(['int', 'int', S], ([a, b, s]) => substr(int(a), int(b), str(s)), { result: S })],
  ['repeat', goFunction(['int', S], ([n, s]) => {
    if (int(n) < 0) throw new GoError('strings: negative Repeat count');
    return str(s).repeat(int(n));
  }, { result: S })],
  ['trimall', goFunction([S, S], ([a, b]) => trimCutset(str(b), str(a)), { result: S })],
  ['trimAll', goFunction([S, S], ([a, b]) => trimCutset(str(b), str(a)), { result: S })],
  ['trimSuffix', goFunction([S, S], ([a, b]) => (str(b).endsWith(str(a)) ? str(b).slice(0, str(b).length - str(a).length) : str(b)), { result: S })],
  ['trimPrefix', goFunction([S, S], ([a, b]) => (str(b).startsWith(str(a)) ? str(b).slice(str(a).length) : str(b)), { result: S })],
  ['nospace', goFunction([S], ([s]) => [...str(s)].filter((c) => !isGoSpace(c)).join(''), { result: S })],
  ['contains', goFunction([S, S], ([sub, s]) => str(s).includes(str(sub)), { result: 'bool' })],
  ['hasPrefix', goFunction([S, S], ([sub, s]) => str(s).startsWith(str(sub)), { result: 'bool' })],
  ['hasSuffix', goFunction([S, S], ([sub, s]) => str(s).endsWith(str(sub)), { result: 'bool' })],
  ['quote', goFunction([], (args) => args.filter((a) => a !== null).map((a) => goQuote(strval(a))).join(' '), { variadic: 'interface {}', result: S })],
  ['squote', goFunction([], (args) => args.filter((a) => a !== null).map((a) => `'${formatValue(a)}'`).join(' '), { variadic: 'interface {}', result: S })],
  ['cat', goFunction([], (args) => args.filter((a) => a !== null).map(formatValue).join(' '), { variadic: 'interface {}', result: S })],
  ['indent', goFunction(['int', S], ([n, s]) => indent(int(n), str(s)), { result: S })],
  ['nindent', goFunction(['int', S], ([n, s]) => `\n${indent(int(n), str(s))}`, { result: S })],
  ['replace', goFunction([S, S, S], ([old, neu, s]) => (str(old) === '' ? goReplaceEmpty(str(s), str(neu)) : str(s).split(str(old)).join(str(neu))), { result: S })],
  ['plural', goFunction([S, S, 'int'], ([one, many, n]) => (int(n) === 1 ? one : many), { result: S })],
  ['toString', goFunction(['interface {}'], ([v]) => strval(v), { result: S })],
  ['join', goFunction([S, 'interface {}'], ([sep, v]) => toStrings(v).join(str(sep)), { result: S })],
  ['split', goFunction([S, S], ([sep, s]) => splitMap(splitN(str(s), str(sep), -1)), { result: 'map[string]string' })],
  ['splitn', goFunction([S, 'int', S], ([sep, n, s]) => splitMap(splitN(str(s), str(sep), int(n))), { result: 'map[string]string' })],
  ['splitList', goFunction([S, S], ([sep, s]) => stringList(splitN(str(s), str(sep), -1)), { result: '[]string' })],
  ['toStrings', goFunction(['interface {}'], ([v]) => stringList(toStrings(v)), { result: '[]string' })],
  ['sortAlpha', goFunction(['interface {}'], ([v]) => stringList(toStrings(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))), { result: '[]string' })],
]);

/** strings.Replace with an empty old string inserts the new one before every character and at the end. */
function goReplaceEmpty(s: string, neu: string): string {
  return [...s].map((c) => neu + c).join('') + neu;
}
