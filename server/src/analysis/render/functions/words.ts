/**
 * Sprig's word functions from Masterminds/goutils: `abbrev`, `abbrevboth`, `initials`,
 * `untitle`, `swapcase`, `wrap`, `wrapWith`. goutils cuts and scans strings by byte (and swaps
 * case through Go's unicode tables), so text that is not ASCII can come out as broken UTF-8 or
 * with other case mappings than JavaScript's: such text is reported unsupported, ASCII is exact.
 */
import { GoFunction, UnsupportedFunction } from '../value';
import { goFunction } from './goValues';

function ascii(text: string, name: string): string {
  if (/[^\x00-\x7f]/.test(text)) throw new UnsupportedFunction(`${name} of text that is not ASCII is not supported (goutils works on its bytes)`);
  return text;
}

/** goutils.AbbreviateFull, with its errors as an empty result (Sprig drops them). */
function abbreviate(str: string, offset: number, maxWidth: number): string {
  if (str === '') return '';
  if (maxWidth < 4) return '';
  if (str.length <= maxWidth) return str;
  if (offset > str.length) offset = str.length;
  if (str.length - offset < maxWidth - 3) offset = str.length - (maxWidth - 3);
  if (offset <= 4) return `${str.slice(0, maxWidth - 3)}...`;
  if (maxWidth < 7) return '';
  if (offset + maxWidth - 3 < str.length) return `...${abbreviate(str.slice(offset), 0, maxWidth - 3)}`;
  return `...${str.slice(str.length - (maxWidth - 3))}`;
}

function abbrev(width: number, s: string): string {
  if (width < 4) return s;
  return abbreviate(ascii(s, 'abbrev'), 0, width);
}

function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s;
  return abbreviate(ascii(s, 'abbrevboth'), left, right);
}

/** unicode.IsSpace over ASCII. */
const isSpace = (c: string) => c === ' ' || (c >= '\t' && c <= '\r');
const isUpper = (c: string) => c >= 'A' && c <= 'Z';
const isLower = (c: string) => c >= 'a' && c <= 'z';

function initials(s: string): string {
  let out = '';
  let gap = true;
  for (const c of ascii(s, 'initials')) {
    if (isSpace(c)) gap = true;
    else if (gap) {
      out += c;
      gap = false;
    }
  }
  return out;
}

/** goutils.Uncapitalize: the first letter of each whitespace-separated word in lower case. */
function untitle(s: string): string {
  let out = '';
  let next = true;
  for (const c of ascii(s, 'untitle')) {
    if (isSpace(c)) {
      next = true;
      out += c;
    } else {
      out += next ? c.toLowerCase() : c;
      next = false;
    }
  }
  return out;
}

/** goutils.SwapCase: upper to lower, lower to upper, a lower letter starting a word to title case (upper in ASCII). */
function swapcase(s: string): string {
  let out = '';
  for (const c of ascii(s, 'swapcase')) out += isUpper(c) ? c.toLowerCase() : isLower(c) ? c.toUpperCase() : c;
  return out;
}

/** goutils.WrapCustom: break at the last space that fits; long words are cut when wrapLongWords. */
function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean, name: string): string {
  ascii(str, name);
  if (str === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  let offset = 0;
  let out = '';
  while (str.length - offset > wrapLength) {
    if (str[offset] === ' ') {
      offset++;
      continue;
    }
    const end = wrapLength + offset + 1;
    const space = str.slice(offset, end).lastIndexOf(' ') + offset;
    if (space >= offset) {
      out += str.slice(offset, space) + newLine;
      offset = space + 1;
    } else if (wrapLongWords) {
      out += str.slice(offset, offset + wrapLength) + newLine;
      offset += wrapLength;
    } else {
      const from = offset + wrapLength;
      const index = str.slice(from).indexOf(' ');
      if (index === -1) {
        out += str.slice(offset);
        offset = str.length;
      } else {
        out += str.slice(offset, index + from) + newLine;
        offset = index + from + 1;
      }
    }
  }
  return out + str.slice(offset);
}

/** Go's int parameters arrive as bigint; a width beyond JavaScript's safe range behaves as a huge one. */
const int = (v: unknown): number => Number(v as bigint);

const S = 'string';
export const wordFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['abbrev', goFunction(['int', S], ([w, s]) => abbrev(int(w), s as string), { result: S })],
  ['abbrevboth', goFunction(['int', 'int', S], ([l, r, s]) => abbrevboth(int(l), int(r), s as string), { result: S })],
  ['initials', goFunction([S], ([s]) => initials(s as string), { result: S })],
  ['untitle', goFunction([S], ([s]) => untitle(s as string), { result: S })],
  ['swapcase', goFunction([S], ([s]) => swapcase(s as string), { result: S })],
  ['wrap', goFunction(['int', S], ([l, s]) => wrapCustom(s as string, int(l), '', false, 'wrap'), { result: S })],
  ['wrapWith', goFunction(['int', S, S], ([l, sep, s]) => wrapCustom(s as string, int(l), sep as string, true, 'wrapWith'), { result: S })],
]);
