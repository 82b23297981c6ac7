/**
 * The lexer of Go's text/template, token for token as `text/template/parse` splits a template:
 * trim markers (`{{- ` and ` -}}` need the blank), comments (which must close right before the
 * delimiter), strings, raw strings, char constants, numbers in every Go syntax, fields,
 * variables and keywords. Errors carry Go's message text. Unlike `template/scanner.ts` (tolerant,
 * for editing) this lexer stops at the first error, exactly where Go stops.
 *
 * Offsets are JavaScript string offsets; Go's byte columns are computed where errors are
 * formatted (`position.ts`).
 */

export type ItemType =
  | 'error' | 'bool' | 'char' | 'charConstant' | 'complex' | 'assign' | 'declare' | 'EOF' | 'field' | 'identifier'
  | 'leftDelim' | 'leftParen' | 'number' | 'pipe' | 'rawString' | 'rightDelim' | 'rightParen' | 'space' | 'string'
  | 'text' | 'variable' | 'comment'
  // keywords
  | 'block' | 'break' | 'continue' | 'dot' | 'define' | 'else' | 'end' | 'if' | 'range' | 'nil' | 'template' | 'with';

export interface Item {
  readonly type: ItemType;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map<string, ItemType>([
  ['.', 'dot'], ['block', 'block'], ['break', 'break'], ['continue', 'continue'], ['define', 'define'], ['else', 'else'],
  ['end', 'end'], ['if', 'if'], ['range', 'range'], ['nil', 'nil'], ['template', 'template'], ['with', 'with'],
]);

const KEYWORD_TYPES: ReadonlySet<ItemType> = new Set(KEYWORDS.values());
export const isKeyword = (type: ItemType): boolean => KEYWORD_TYPES.has(type);

const LEFT = '{{';
const RIGHT = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
const TRIM_MARKER_LEN = 2;

export const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
// ASCII first: the Unicode test is what the profile showed as the lexer's hottest line.
const isAlphaNumeric = (c: string): boolean => {
  if (c.length === 1) {
    const code = c.charCodeAt(0);
    if (code < 0x80) return code === 95 || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  }
  return UNICODE_ALPHANUMERIC.test(c);
};
const UNICODE_ALPHANUMERIC = /^[\p{L}\p{Nd}]$/u;
/** `_`, ASCII digits and letters: the ASCII part of `isAlphaNumeric`, by code. */
const isAsciiWordCode = (code: number): boolean => code === 95 || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const TRIMMED_DELIM = { delim: true, trim: true } as const;
const PLAIN_DELIM = { delim: true, trim: false } as const;
const NO_DELIM = { delim: false, trim: false } as const;
const hasLeftTrimMarker = (s: string, at: number): boolean => s.length >= at + 2 && s[at] === '-' && isSpace(s[at + 1]);
const hasRightTrimMarker = (s: string, at: number): boolean => s.length >= at + 2 && isSpace(s[at]) && s[at + 1] === '-';

/** Go's `%#U` of a character: `U+0023 '#'`. */
export function goCharU(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return GRAPHIC.test(c) ? `U+${hex} '${c}'` : `U+${hex}`;
}
const GRAPHIC = /\p{L}|\p{M}|\p{N}|\p{P}|\p{S}|\p{Zs}/u;

/** Splits a whole template into items; the last item is EOF or an error. */
export function lex(input: string): Item[] {
  const items: Item[] = [];
  const next = lexer(input);
  for (let item = next(); item; item = next()) items.push(item);
  return items;
}

/**
 * The items of `input` one at a time, as Go's lexer hands them to its parser: each call runs the
 * lexer until it has emitted the next item; undefined after the last (EOF or an error). A parser
 * that keeps only the few items it may back up over lets the rest die young: the whole list of an
 * 8.5 MB template (786k items) lived until the parse ended, copied through the young generation
 * (heap after that parse 140 → 82 MB; bench/README.md, section 7).
 */
export function lexer(input: string): () => Item | undefined {
  // Items emitted and not yet handed out (a state emits at most two): `items[handed..filled)`. The
  // array is reused, never emptied: `items.length = 0` gave back its store, so every item grew a new
  // one (about 150 of the 240 bytes allocated per item; bench/README.md, section 10).
  const items: Item[] = [];
  let handed = 0;
  let filled = 0;
  let start = 0;
  let pos = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;

  const emit = (type: ItemType): void => {
    items[filled++] = { type, pos: start, val: input.slice(start, pos), line: startLine };
    start = pos;
    startLine = line;
  };
  const ignore = (): void => {
    start = pos;
    startLine = line;
  };
  const advance = (n: number): void => {
    line += count(input, pos, pos + n);
    pos += n;
  };
  const error = (message: string): State => {
    items[filled++] = { type: 'error', pos: start, val: message, line: startLine };
    return null;
  };
  const next = (): string => {
    if (pos >= input.length) return '';
    const code = input.charCodeAt(pos);
    // One UTF-16 unit (all but surrogate pairs) without building the character from its code point.
    if (code < 0xd800 || code >= 0xe000) {
      if (code === 10) line++;
      return input[pos++];
    }
    const c = String.fromCodePoint(input.codePointAt(pos)!);
    advance(c.length);
    return c;
  };
  const backup = (c: string): void => {
    pos -= c.length;
    if (c === '\n') line--;
  };
  const peek = (): string => {
    if (pos >= input.length) return '';
    const code = input.charCodeAt(pos);
    return code < 0xd800 || code >= 0xe000 ? input[pos] : String.fromCodePoint(input.codePointAt(pos)!);
  };
  const atRightDelim = (): { readonly delim: boolean; readonly trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith(RIGHT, pos + TRIM_MARKER_LEN)) return TRIMMED_DELIM;
    if (input.startsWith(RIGHT, pos)) return PLAIN_DELIM;
    return NO_DELIM;
  };
  /** Moves past the ASCII letters, digits and underscores at `pos` (the rest of a word goes through `next`). */
  const skipAsciiWord = (): void => {
    while (pos < input.length && isAsciiWordCode(input.charCodeAt(pos))) pos++;
  };
  const atTerminator = (): boolean => {
    const c = peek();
    if (isSpace(c)) return true;
    if (c === '' || c === '.' || c === ',' || c === '|' || c === ':' || c === ')' || c === '(') return true;
    return input.startsWith(RIGHT, pos);
  };
  const leftTrimLength = (at: number): number => {
    let i = at;
    while (i < input.length && isSpace(input[i])) i++;
    return i - at;
  };

  // Each state function returns the next state; null stops.
  type State = (() => State) | null;
  const lexText = (): State => {
    const x = input.indexOf(LEFT, pos);
    if (x < 0) {
      advance(input.length - pos);
      if (pos > start) emit('text');
      emit('EOF');
      return null;
    }
    advance(x - pos);
    let end = pos;
    if (hasLeftTrimMarker(input, pos + LEFT.length)) {
      while (end > start && isSpace(input[end - 1])) end--;
    }
    if (end > start) items[filled++] = { type: 'text', pos: start, val: input.slice(start, end), line: startLine };
    ignore();
    return lexLeftDelim;
  };

  const lexLeftDelim = (): State => {
    advance(LEFT.length);
    const trim = hasLeftTrimMarker(input, pos);
    const afterMarker = trim ? TRIM_MARKER_LEN : 0;
    if (input.startsWith(LEFT_COMMENT, pos + afterMarker)) {
      advance(afterMarker);
      ignore();
      return lexComment;
    }
    emit('leftDelim');
    advance(afterMarker);
    ignore();
    parenDepth = 0;
    return lexInsideAction;
  };

  const lexComment = (): State => {
    advance(LEFT_COMMENT.length);
    const x = input.indexOf(RIGHT_COMMENT, pos);
    if (x < 0) return error('unclosed comment');
    advance(x + RIGHT_COMMENT.length - pos);
    const { delim, trim } = atRightDelim();
    if (!delim) return error('comment ends before closing delimiter');
    // Helm does not ask for comment items (parse.ParseComments), so the comment is dropped.
    if (trim) advance(TRIM_MARKER_LEN);
    advance(RIGHT.length);
    if (trim) advance(leftTrimLength(pos));
    ignore();
    return lexText;
  };

  const lexRightDelim = (): State => {
    const { trim } = atRightDelim();
    if (trim) {
      advance(TRIM_MARKER_LEN);
      ignore();
    }
    advance(RIGHT.length);
    emit('rightDelim');
    if (trim) {
      advance(leftTrimLength(pos));
      ignore();
    }
    return lexText;
  };

  const lexSpace = (): State => {
    let spaces = 0;
    for (let code = input.charCodeAt(pos); code === 32 || code === 9 || code === 13 || code === 10; code = input.charCodeAt(pos)) {
      if (code === 10) line++;
      pos++;
      spaces++;
    }
    if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT, pos - 1 + TRIM_MARKER_LEN)) {
      backup(input[pos - 1]);
      if (spaces === 1) return lexRightDelim; // on the trim-marked delimiter
    }
    emit('space');
    return lexInsideAction;
  };

  const lexFieldOrVariable = (type: 'field' | 'variable'): State => {
    if (atTerminator()) {
      emit(type === 'variable' ? 'variable' : 'dot');
      return lexInsideAction;
    }
    let c: string;
    skipAsciiWord();
    for (;;) {
      c = next();
      if (!isAlphaNumeric(c)) {
        backup(c);
        break;
      }
    }
    if (!atTerminator()) return error(`bad character ${goCharU(peek())}`);
    emit(type);
    return lexInsideAction;
  };

  const lexIdentifier = (): State => {
    skipAsciiWord();
    for (;;) {
      const c = next();
      if (isAlphaNumeric(c)) continue;
      backup(c);
      const word = input.slice(start, pos);
      if (!atTerminator()) return error(`bad character ${goCharU(c)}`);
      const keyword = KEYWORDS.get(word);
      if (keyword && keyword !== 'dot') emit(keyword);
      else if (word[0] === '.') emit('field');
      else if (word === 'true' || word === 'false') emit('bool');
      else emit('identifier');
      return lexInsideAction;
    }
  };

  const lexQuoted = (quote: string, what: string): State => {
    for (;;) {
      const c = next();
      if (c === '\\') {
        const r = next();
        if (r !== '' && r !== '\n') continue;
        return error(`unterminated ${what}`);
      }
      if (c === '' || c === '\n') return error(`unterminated ${what}`);
      if (c === quote) break;
    }
    emit(quote === '"' ? 'string' : 'charConstant');
    return lexInsideAction;
  };

  const lexRawQuote = (): State => {
    const x = input.indexOf('`', pos);
    if (x < 0) return error('unterminated raw quoted string');
    advance(x + 1 - pos);
    emit('rawString');
    return lexInsideAction;
  };

  const accept = (valid: string): boolean => {
    const c = peek();
    if (c !== '' && valid.includes(c)) {
      next();
      return true;
    }
    return false;
  };
  const acceptRun = (valid: string): void => {
    while (accept(valid));
  };
  const scanNumber = (): boolean => {
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  };
  const lexNumber = (): State => {
    if (!scanNumber()) return error(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
    const sign = peek();
    if (sign === '+' || sign === '-') {
      if (!scanNumber() || input[pos - 1] !== 'i') return error(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
      emit('complex');
    } else emit('number');
    return lexInsideAction;
  };

  const lexInsideAction = (): State => {
    const { delim } = atRightDelim();
    if (delim) {
      if (parenDepth === 0) return lexRightDelim;
      return error('unclosed left paren');
    }
    const c = next();
    if (c === '') return error('unclosed action');
    if (isSpace(c)) {
      backup(c);
      return lexSpace;
    }
    switch (c) {
      case '=':
        emit('assign');
        return lexInsideAction;
      case ':':
        if (next() !== '=') return error('expected :=');
        emit('declare');
        return lexInsideAction;
      case '|':
        emit('pipe');
        return lexInsideAction;
      case '"':
        return () => lexQuoted('"', 'quoted string');
      case '`':
        return lexRawQuote;
      case '$':
        return () => lexFieldOrVariable('variable');
      case "'":
        return () => lexQuoted("'", 'character constant');
      case '(':
        emit('leftParen');
        parenDepth++;
        return lexInsideAction;
      case ')':
        parenDepth--;
        if (parenDepth < 0) return error('unexpected right paren');
        emit('rightParen');
        return lexInsideAction;
    }
    if (c === '.') {
      const after = input[pos];
      if (pos < input.length && (after < '0' || after > '9')) return () => lexFieldOrVariable('field');
    }
    if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      backup(c);
      return lexNumber;
    }
    if (isAlphaNumeric(c)) {
      backup(c);
      return lexIdentifier;
    }
    if (c.codePointAt(0)! <= 0x7f && c >= ' ' && c !== '\x7f') {
      emit('char');
      return lexInsideAction;
    }
    return error(`unrecognized character in action: ${goCharU(c)}`);
  };

  let state: State = lexText;
  return () => {
    while (handed === filled && state) state = state();
    if (handed === filled) return undefined;
    const item = items[handed++];
    if (handed === filled) {
      filled = 0;
      handed = 0;
    }
    return item;
  };
}

/**
 * Newlines in text[from, to). A long stretch (the text between actions) is searched natively in a
 * slice, so the search stops at `to` (a step per character was the lexer's costliest line).
 */
function count(text: string, from: number, to: number): number {
  let n = 0;
  if (to - from < 32) {
    for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
    return n;
  }
  const stretch = text.slice(from, to);
  for (let i = stretch.indexOf('\n'); i >= 0; i = stretch.indexOf('\n', i + 1)) n++;
  return n;
}

/** Go's `%q` of a string (strconv.Quote; with `ascii`, QuoteToASCII): printable runes kept, others escaped. */
export function goQuote(s: string, ascii = false): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (c === '"' || c === '\\') out += '\\' + c;
    else if (code === 7) out += '\\a';
    else if (code === 8) out += '\\b';
    else if (code === 12) out += '\\f';
    else if (code === 10) out += '\\n';
    else if (code === 13) out += '\\r';
    else if (code === 9) out += '\\t';
    else if (code === 11) out += '\\v';
    else if (isGoPrintable(c) && (!ascii || code < 0x80)) out += c;
    else if (code < 0x80 || (code >= 0xdc80 && code <= 0xdcff)) out += `\\x${hex2(code < 0x80 ? code : code - 0xdc00)}`; // a raw byte (value.ts rawByte) as strconv writes it
    else if (code >= 0xd800 && code < 0xe000) out += '\\ufffd';
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** unicode.IsPrint as strconv uses it: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrintable(c: string): boolean {
  if (c.length === 1 && c.charCodeAt(0) < 0x80) return isAsciiPrint(c.charCodeAt(0));
  return GO_PRINTABLE.test(c);
}

/** unicode.IsPrint of an ASCII code: every letter, digit, punctuation mark and symbol of ASCII (0x21–0x7e), and the space. */
const isAsciiPrint = (code: number): boolean => code >= 0x20 && code < 0x7f;

// Unicode property classes kept in constants: a regex literal in a function is built again on every call.
const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
