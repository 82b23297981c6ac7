/**
 * A lexer and block parser for Go template actions (`{{ … }}`) inside any text.
 *
 * It follows Go's text/template lexer where that matters for positions: trim markers
 * (`{{- ` and ` -}}`), comments (`{{/* … *\/}}`), interpreted, raw and char strings that
 * may contain `}}`, and parenthesised pipelines. It never throws: an unclosed action ends
 * at the end of its line (so half-typed text does not swallow the rest of the file) and is
 * reported in `errors`.
 */
import type { Span } from '../types';
import { endOfLine } from '../text/lineIndex';

export type TokenKind = 'string' | 'rawString' | 'char' | 'number' | 'identifier' | 'field' | 'variable' | 'pipe' | 'leftParen' | 'rightParen' | 'assign' | 'declare' | 'comma' | 'other';

export interface TemplateToken {
  readonly kind: TokenKind;
  readonly span: Span;
  /** Source text of the token (for strings, with quotes). */
  readonly text: string;
  /** For strings: the decoded value. */
  readonly value?: string;
}

/**
 * A token as the scanner keeps it: its offsets and the text it was read from; its span and text
 * are made when read. Every token of a file lives as long as the file's scan: the 13,548-hook
 * file of issue 16 holds 230,000 of them, and a span object and a text slice kept for each made
 * the scan 52 MB, a third of what the CLI's main thread kept alive while reading that file (each
 * kept megabyte is copied by the young generation's collections and costs fresh pages).
 */
export class ScannedToken implements TemplateToken {
  /** The text the token was read from (shared by every token of it, not a copy). */
  readonly #source: string;
  /** Where its text starts in `#source`: `start`, unless an edit before it moved it (rescan.ts). */
  readonly #at: number;

  constructor(
    readonly kind: TokenKind,
    source: string,
    readonly start: number,
    readonly end: number,
    readonly value?: string,
    at = start,
  ) {
    this.#source = source;
    this.#at = at;
  }

  get span(): Span {
    return { start: this.start, end: this.end };
  }

  get text(): string {
    return this.#source.slice(this.#at, this.#at + this.end - this.start);
  }

  /** This token `delta` further on, its text read where it was read (the edit left it alone). */
  moved(delta: number): ScannedToken {
    return new ScannedToken(this.kind, this.#source, this.start + delta, this.end + delta, this.value, this.#at);
  }
}

/** What an action does, from its first word. `output` actions print text; the rest print nothing. */
export type ActionKind = 'output' | 'comment' | 'assignment' | 'if' | 'else' | 'range' | 'with' | 'define' | 'block' | 'template' | 'end' | 'break' | 'continue';

export interface TemplateAction {
  /** From the first `{` to the last `}` (or the end of line when unclosed). */
  readonly span: Span;
  /** Between the delimiters and trim markers. */
  readonly innerSpan: Span;
  readonly trimLeft: boolean;
  readonly trimRight: boolean;
  readonly closed: boolean;
  readonly kind: ActionKind;
  readonly tokens: readonly TemplateToken[];
}

export interface TemplateBlock {
  readonly kind: 'if' | 'range' | 'with' | 'define' | 'block';
  /** Index in `actions` of the opening action. */
  readonly open: number;
  /** Index of the matching `end`, or -1 when it is missing. */
  readonly end: number;
  /** Indexes of `else` / `else if` actions that belong to this block. */
  readonly elses: readonly number[];
  /** For `define` and `block`: the template name. */
  readonly name?: string;
  /** From the start of the opening action to the end of the `end` action (or of the text). */
  readonly span: Span;
}

export interface TemplateError {
  readonly span: Span;
  readonly message: string;
}

export interface TemplateScan {
  readonly actions: readonly TemplateAction[];
  readonly blocks: readonly TemplateBlock[];
  readonly errors: readonly TemplateError[];
}

/** Scans `text` for template actions and their block structure. */
export function scanTemplate(text: string): TemplateScan {
  const actions: TemplateAction[] = [];
  const errors: TemplateError[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf('{{', position);
    if (open < 0) break;
    const action = scanAction(text, open, errors);
    actions.push(action);
    position = Math.max(action.span.end, open + 2);
  }
  const blocks = buildBlocks(text, actions, errors);
  return { actions, blocks, errors };
}

const blockKeywords: ReadonlySet<string> = new Set(['if', 'range', 'with', 'define', 'block', 'else', 'end', 'template', 'break', 'continue']);
const longestKeyword = Math.max(...[...blockKeywords].map((word) => word.length));

function scanAction(text: string, open: number, errors: TemplateError[]): TemplateAction {
  let cursor = open + 2;
  let trimLeft = false;
  // Go: a trim marker is "-" followed by a space, tab, carriage return or newline.
  if (text.charCodeAt(cursor) === DASH && isSpaceCode(text.charCodeAt(cursor + 1))) {
    trimLeft = true;
    cursor += 2;
  }
  const innerStart = cursor;
  const afterSpaces = skipSpaces(text, cursor);
  if (text.startsWith('/*', afterSpaces) && (afterSpaces === cursor || trimLeft)) {
    return scanComment(text, open, innerStart, afterSpaces, trimLeft, errors);
  }
  // No token is made here: only where each ends, and the first two's kinds (the action's kind).
  // Most actions' tokens are never read; ScannedAction makes them when they are.
  let depth = 0;
  let count = 0;
  let firstKind: TokenKind | undefined;
  let firstStart = 0;
  let firstEnd = 0;
  let secondKind: TokenKind | undefined;
  // Character codes, not one-character strings: this loop reads every character of every action.
  while (cursor < text.length) {
    const code = text.charCodeAt(cursor);
    if (code === NEWLINE && depth === 0 && !hasCloseAhead(text, cursor)) {
      // An action may span lines in Go, but an unclosed one while typing should not eat the file.
      break;
    }
    if (isSpaceCode(code)) {
      if (text.charCodeAt(cursor + 1) === DASH && text.charCodeAt(cursor + 2) === CLOSE_BRACE && text.charCodeAt(cursor + 3) === CLOSE_BRACE) {
        return new ScannedAction(text, open, innerStart, cursor, cursor + 4, trimLeft, true, true, kindOf(text, firstKind, firstStart, firstEnd, secondKind));
      }
      cursor++;
      continue;
    }
    if (code === CLOSE_BRACE && text.charCodeAt(cursor + 1) === CLOSE_BRACE) {
      return new ScannedAction(text, open, innerStart, cursor, cursor + 2, trimLeft, false, true, kindOf(text, firstKind, firstStart, firstEnd, secondKind));
    }
    const token = tokenEnd(text, cursor, code);
    const end = endOf(token);
    const kind = tokenKinds[kindNumberOf(token)];
    if (count === 0) {
      firstKind = kind;
      firstStart = cursor;
      firstEnd = end;
    } else if (count === 1) {
      secondKind = kind;
    }
    count++;
    if (kind === 'leftParen') depth++;
    if (kind === 'rightParen') depth = Math.max(0, depth - 1);
    if (end <= cursor) cursor++;
    else cursor = end;
  }
  const end = cursor;
  errors.push({ span: { start: open, end: Math.max(end, open + 2) }, message: 'This template action is not closed with "}}".' });
  return new ScannedAction(text, open, innerStart, end, end, trimLeft, false, false, kindOf(text, firstKind, firstStart, firstEnd, secondKind));
}

/**
 * An action as scanned: its spans and kind at once, its tokens when first read (then kept). Each
 * token is an object of some 70 bytes that lived as long as the scan: the corpus's 16,000 actions
 * hold 51,000, and `check` reads the tokens of the few actions that may spell a hook key, call a
 * generator or print a block (their readers look at the action's text first).
 */
class ScannedAction implements TemplateAction {
  readonly span: Span;
  readonly innerSpan: Span;
  #text: string | undefined;
  #tokens: readonly TemplateToken[] | undefined;

  constructor(
    text: string,
    open: number,
    innerStart: number,
    innerEnd: number,
    actionEnd: number,
    readonly trimLeft: boolean,
    readonly trimRight: boolean,
    readonly closed: boolean,
    readonly kind: ActionKind,
  ) {
    this.span = { start: open, end: actionEnd };
    this.innerSpan = { start: innerStart, end: Math.max(innerStart, innerEnd) };
    this.#text = text;
  }

  get tokens(): readonly TemplateToken[] {
    if (this.#tokens === undefined) {
      this.#tokens = tokensBetween(this.#text!, this.innerSpan.start, this.innerSpan.end);
      // The tokens keep the text; the action need not.
      this.#text = undefined;
    }
    return this.#tokens;
  }
}

/**
 * The tokens from `start` to `end`, an action's inner span as `scanAction` found it, made by the
 * same steps its loop took: no `}}` or line break that ends an action lies at a token's start
 * before its inner end, so stepping over blanks and tokens up to there meets the same tokens.
 */
function tokensBetween(text: string, start: number, end: number): ScannedToken[] {
  const tokens: ScannedToken[] = [];
  let cursor = start;
  while (cursor < end) {
    const code = text.charCodeAt(cursor);
    if (isSpaceCode(code)) {
      cursor++;
      continue;
    }
    const token = scanToken(text, cursor, code);
    tokens.push(token);
    if (token.end <= cursor) cursor++;
    else cursor = token.end;
  }
  return tokens;
}

function scanComment(text: string, open: number, innerStart: number, commentStart: number, trimLeft: boolean, errors: TemplateError[]): TemplateAction {
  const close = text.indexOf('*/', commentStart + 2);
  if (close >= 0) {
    let cursor = close + 2;
    if (text.startsWith('}}', cursor)) return comment(close + 2, cursor + 2, false, true);
    const spaced = skipSpaces(text, cursor);
    if (spaced > cursor && text.startsWith('-}}', spaced)) return comment(close + 2, spaced + 3, true, true);
    if (text.startsWith('}}', spaced)) return comment(close + 2, spaced + 2, false, true);
    cursor = spaced;
    errors.push({ span: { start: open, end: cursor }, message: 'A template comment must end with "*/}}".' });
    return comment(close + 2, cursor, false, false);
  }
  const lineEnd = endOfLine(text, commentStart);
  errors.push({ span: { start: open, end: lineEnd }, message: 'This template comment is not closed with "*/}}".' });
  return comment(lineEnd, lineEnd, false, false);

  function comment(innerEnd: number, actionEnd: number, trimRight: boolean, closed: boolean): TemplateAction {
    return {
      span: { start: open, end: actionEnd },
      innerSpan: { start: innerStart, end: innerEnd },
      trimLeft,
      trimRight,
      closed,
      kind: 'comment',
      tokens: [],
    };
  }
}

/** The token kinds by number: `tokenEnd` gives a token's end and kind as one number (no object per token). */
const tokenKinds: readonly TokenKind[] = ['string', 'rawString', 'char', 'number', 'identifier', 'field', 'variable', 'pipe', 'leftParen', 'rightParen', 'assign', 'declare', 'comma', 'other'];
const STRING = 0;
const RAW_STRING = 1;
const CHAR = 2;
const NUMBER = 3;
const IDENTIFIER = 4;
const FIELD = 5;
const VARIABLE = 6;
const PIPE_TOKEN = 7;
const LEFT_PAREN = 8;
const RIGHT_PAREN = 9;
const ASSIGN = 10;
const DECLARE = 11;
const COMMA_TOKEN = 12;
const OTHER = 13;

/** A token's end and kind as one number (`endOf`, `kindNumberOf`). */
function packed(end: number, kind: number): number {
  return end * 16 + kind;
}

function endOf(token: number): number {
  return Math.floor(token / 16);
}

function kindNumberOf(token: number): number {
  return token % 16;
}

/**
 * The end and kind of the token that starts at `start` (`packed`), whose first character's code is
 * `code` (not a space, not `}}`). `scanToken` makes the token from these same steps.
 */
function tokenEnd(text: string, start: number, code: number): number {
  switch (code) {
    case DOUBLE_QUOTE: {
      const content = Math.floor(stringContent(text, start) / 2);
      return packed(text.charCodeAt(content) === DOUBLE_QUOTE ? content + 1 : content, STRING);
    }
    case BACKTICK: {
      const close = text.indexOf('`', start + 1);
      return packed(close < 0 ? endOfLine(text, start) : close + 1, RAW_STRING);
    }
    case SINGLE_QUOTE: {
      let cursor = start + 1;
      for (let at = text.charCodeAt(cursor); cursor < text.length && at !== SINGLE_QUOTE && at !== NEWLINE; at = text.charCodeAt(cursor)) cursor += at === BACKSLASH ? 2 : 1;
      return packed(Math.min(text.length, text.charCodeAt(cursor) === SINGLE_QUOTE ? cursor + 1 : cursor), CHAR);
    }
    case PIPE:
      return packed(start + 1, PIPE_TOKEN);
    case OPEN_PAREN:
      return packed(start + 1, LEFT_PAREN);
    case CLOSE_PAREN:
      return packed(start + 1, RIGHT_PAREN);
    case COMMA:
      return packed(start + 1, COMMA_TOKEN);
    case COLON:
      return text.charCodeAt(start + 1) === EQUALS ? packed(start + 2, DECLARE) : packed(start + 1, OTHER);
    case EQUALS:
      return packed(start + 1, ASSIGN);
    case DOLLAR:
      return packed(scanWord(text, start + 1), VARIABLE);
    case DOT: {
      if (isDigitCode(text.charCodeAt(start + 1))) return packed(scanNumber(text, start), NUMBER);
      let end = start + 1;
      while (end < text.length && (isWordCode(text.charCodeAt(end)) || (text.charCodeAt(end) === DOT && isWordCode(text.charCodeAt(end + 1))))) end++;
      return packed(end, FIELD);
    }
    default:
      break;
  }
  if (isDigitCode(code) || ((code === DASH || code === PLUS) && isDigitCode(text.charCodeAt(start + 1)))) return packed(scanNumber(text, start), NUMBER);
  // Go ends an identifier at a dot: `with.Values.x` is the keyword `with` and the field `.Values.x`.
  if (isWordCode(code)) return packed(scanIdentifier(text, start), IDENTIFIER);
  return packed(start + 1, OTHER);
}

/**
 * Where the content of the interpreted string that starts at `start` ends (its closing quote, or
 * where the line or text ends), times two, plus one when it holds an escape.
 */
function stringContent(text: string, start: number): number {
  let cursor = start + 1;
  let escaped = false;
  for (let at = text.charCodeAt(cursor); cursor < text.length && at !== DOUBLE_QUOTE && at !== NEWLINE; at = text.charCodeAt(cursor)) {
    if (at === BACKSLASH && cursor + 1 < text.length) {
      escaped = true;
      cursor += 2;
      continue;
    }
    cursor++;
  }
  return cursor * 2 + (escaped ? 1 : 0);
}

/** The token that starts at `start`, whose first character's code is `code` (not a space, not `}}`). */
function scanToken(text: string, start: number, code: number): ScannedToken {
  const token = tokenEnd(text, start, code);
  const end = endOf(token);
  const kind = kindNumberOf(token);
  if (kind === STRING) {
    const content = stringContent(text, start);
    const close = Math.floor(content / 2);
    // One slice for the usual string without escapes, not a concatenation per character.
    return new ScannedToken('string', text, start, end, content % 2 === 1 ? decodeString(text, start + 1, close) : text.slice(start + 1, close));
  }
  if (kind === RAW_STRING) {
    const close = text.indexOf('`', start + 1);
    return new ScannedToken('rawString', text, start, end, text.slice(start + 1, close < 0 ? end : close));
  }
  return new ScannedToken(tokenKinds[kind], text, start, end);
}

/** An action's kind from its first two tokens (`{{ if`, `{{ $x := …`), the first word read in the text. */
function kindOf(text: string, firstKind: TokenKind | undefined, firstStart: number, firstEnd: number, secondKind: TokenKind | undefined): ActionKind {
  if (firstKind === undefined) return 'output';
  if (firstKind === 'identifier' && firstEnd - firstStart <= longestKeyword) {
    const word = text.slice(firstStart, firstEnd);
    if (blockKeywords.has(word)) return word as ActionKind;
  }
  if (firstKind === 'variable' && (secondKind === 'declare' || secondKind === 'assign')) return 'assignment';
  return 'output';
}

function buildBlocks(text: string, actions: readonly TemplateAction[], errors: TemplateError[]): TemplateBlock[] {
  interface Open {
    kind: TemplateBlock['kind'];
    open: number;
    elses: number[];
    name?: string;
  }
  const blocks: TemplateBlock[] = [];
  const stack: Open[] = [];
  actions.forEach((action, index) => {
    switch (action.kind) {
      case 'if':
      case 'range':
      case 'with':
      case 'define':
      case 'block': {
        // Only `define` and `block` read their name (a token): the tokens of `if`, `range` and `with` are made when read.
        const nameToken = action.kind === 'define' || action.kind === 'block' ? action.tokens[1] : undefined;
        const name = nameToken && (nameToken.kind === 'string' || nameToken.kind === 'rawString') ? nameToken.value : undefined;
        stack.push({ kind: action.kind, open: index, elses: [], name });
        break;
      }
      case 'else': {
        const top = stack[stack.length - 1];
        if (top) top.elses.push(index);
        else errors.push({ span: action.span, message: '"else" has no matching "if", "range" or "with".' });
        break;
      }
      case 'end': {
        const top = stack.pop();
        if (!top) {
          errors.push({ span: action.span, message: '"end" has no matching block.' });
          break;
        }
        blocks.push(closeBlock(top, index, { start: actions[top.open].span.start, end: action.span.end }));
        break;
      }
      default:
        break;
    }
  });
  while (stack.length > 0) {
    const top = stack.pop()!;
    const opener = actions[top.open];
    errors.push({ span: opener.span, message: `"${top.kind}" has no matching "end".` });
    blocks.push(closeBlock(top, -1, { start: opener.span.start, end: text.length }));
  }
  blocks.sort((a, b) => a.span.start - b.span.start);
  return blocks;
}

/** A block from its opener (explicit fields: an object spread here was the scanner's hottest line). */
function closeBlock(open: { kind: TemplateBlock['kind']; open: number; elses: number[]; name?: string }, end: number, span: Span): TemplateBlock {
  return { kind: open.kind, open: open.open, end, elses: open.elses, name: open.name, span };
}

/** True when a `}}` closes this action before the next `{{`, so a newline is part of it. */
function hasCloseAhead(text: string, from: number): boolean {
  const close = text.indexOf('}}', from);
  if (close < 0) return false;
  const nextOpen = text.indexOf('{{', from);
  return nextOpen < 0 || close < nextOpen;
}

const NEWLINE = 10;
const DOUBLE_QUOTE = 34;
const DOLLAR = 36;
const SINGLE_QUOTE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const PLUS = 43;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const EQUALS = 61;
const BACKSLASH = 92;
const BACKTICK = 96;
const PIPE = 124;
const CLOSE_BRACE = 125;

/** A space, tab, carriage return or newline (NaN, past the end, is none). */
function isSpaceCode(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === NEWLINE;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Letters, digits, `_` and every character past ASCII (a code unit of it), as Go's identifiers take them. */
function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127;
}

function scanIdentifier(text: string, from: number): number {
  let end = from;
  while (end < text.length && isWordCode(text.charCodeAt(end))) end++;
  return end;
}

function scanWord(text: string, from: number): number {
  let end = from;
  while (end < text.length && (isWordCode(text.charCodeAt(end)) || (text.charCodeAt(end) === DOT && isWordCode(text.charCodeAt(end + 1))))) end++;
  return end;
}

/** `[0-9A-Za-z_.+-]`: what a number's text may hold. */
function isNumberCode(code: number): boolean {
  return isWordCode(code) ? code <= 127 : code === DOT || code === PLUS || code === DASH;
}

function scanNumber(text: string, from: number): number {
  let end = from + 1;
  while (end < text.length && isNumberCode(text.charCodeAt(end)) && !(text.charCodeAt(end) === DASH && text.charCodeAt(end + 1) === CLOSE_BRACE)) {
    const code = text.charCodeAt(end);
    if (code === DASH || code === PLUS) {
      // A sign only after an exponent letter (e, E, p, P).
      const before = text.charCodeAt(end - 1);
      if (before !== 101 && before !== 69 && before !== 112 && before !== 80) break;
    }
    end++;
  }
  return end;
}

function skipSpaces(text: string, from: number): number {
  let cursor = from;
  while (cursor < text.length && isSpaceCode(text.charCodeAt(cursor))) cursor++;
  return cursor;
}

/** The value of an interpreted string's content from `from` to `to` (the scan above found its end). */
function decodeString(text: string, from: number, to: number): string {
  let value = '';
  for (let cursor = from; cursor < to; cursor++) {
    if (text[cursor] === '\\' && cursor + 1 < text.length) value += unescape(text[++cursor]);
    else value += text[cursor];
  }
  return value;
}

function unescape(ch: string): string {
  switch (ch) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    default:
      return ch;
  }
}

/** The index of the first action whose end is after `offset` (`actions.length` when none is). */
export function firstActionEndingAfter(actions: readonly TemplateAction[], offset: number): number {
  let low = 0;
  let high = actions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (actions[middle].span.end > offset) high = middle;
    else low = middle + 1;
  }
  return low;
}
