/**
 * The YAML view of a template: every template action is overwritten in place so that the
 * text parses as YAML and every offset still points at the original source.
 *
 * Actions that print nothing (control words, comments, assignments) and actions that print
 * whole blocks (`nindent`, `indent`, `toYaml`, or an action alone on its line) become spaces.
 * An action inside a line (`name: {{ .Release.Name }}-job`) becomes a run of `x`, so the
 * YAML parser sees one scalar that covers the whole templated value. Newlines are kept.
 */
import { firstActionEndingAfter, type TemplateAction, type TemplateScan } from './scanner';

export const placeholderChar = 'x';

export function maskTemplate(text: string, scan: TemplateScan): string {
  const actions = scan.actions;
  if (actions.length === 0) return text;
  return maskWhole(text, actions, actionsAloneOnTheirLines(text, actions), blockNameMarks(text));
}

/** The whole mask, given `alone` for every action (at least one). */
function maskWhole(text: string, actions: readonly TemplateAction[], alone: readonly boolean[], marks: readonly number[]): string {
  const bytes = asciiBytes(text);
  if (bytes) return maskedBytes(bytes, actions, alone, marks);
  // Copy the text between actions in slices: splitting a 1 MB file into characters costs more than parsing it.
  const parts: string[] = [];
  let cursor = 0;
  for (let index = 0; index < actions.length; index++) {
    const action = actions[index];
    const start = Math.max(action.span.start, cursor);
    const end = action.span.end;
    if (end <= start) continue;
    const fill = !alone[index] && printsInlineKind(action, marks) ? placeholderChar : ' ';
    const inside = text.slice(start, end);
    const keepsBreaks = inside.includes('\n') || inside.includes('\r');
    parts.push(text.slice(cursor, start), keepsBreaks ? inside.replace(/[^\r\n]/g, fill) : fill.repeat(inside.length));
    cursor = end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/**
 * The mask of any part of a text, made only for the parts asked for: `slice(start, end)` is
 * `maskTemplate(text, scan).slice(start, end)`. A 1.4 MB CustomResourceDefinition with ten actions
 * is read as a skeleton of its first lines (documents.ts), but its whole mask was a fresh copy of
 * the file (and a second one of its bytes to write it in): a twelfth of `check --no-render`'s CPU on
 * the corpus, whose 2.8 MB of such files are most of its text. `whole()` is the whole mask, made once.
 */
export interface Masker {
  slice(start: number, end: number): string;
  whole(): string;
}

export function createMasker(text: string, scan: TemplateScan): Masker {
  const actions = scan.actions;
  let alone: readonly boolean[] | undefined;
  let marks: readonly number[] | undefined;
  let whole: string | undefined;
  return {
    slice(start, end) {
      if (whole !== undefined) return whole.slice(start, end);
      if (actions.length === 0) return text.slice(start, end);
      alone ??= actionsAloneOnTheirLines(text, actions);
      return maskedSlice(text, actions, alone, (marks ??= blockNameMarks(text)), start, end);
    },
    whole() {
      if (whole === undefined) whole = actions.length === 0 ? text : maskWhole(text, actions, (alone ??= actionsAloneOnTheirLines(text, actions)), (marks ??= blockNameMarks(text)));
      return whole;
    },
  };
}

/**
 * `maskTemplate(text, …).slice(start, end)`, given `alone` for every action: the text between
 * actions as slices, each action's part in the range as its fill (line breaks kept).
 */
function maskedSlice(text: string, actions: readonly TemplateAction[], alone: readonly boolean[], marks: readonly number[], start: number, end: number): string {
  let index = firstActionEndingAfter(actions, start);
  if (index >= actions.length || actions[index].span.start >= end) return text.slice(start, end);
  const parts: string[] = [];
  let cursor = start;
  for (; index < actions.length && actions[index].span.start < end; index++) {
    const action = actions[index];
    const from = Math.max(action.span.start, cursor);
    const to = Math.min(action.span.end, end);
    if (to <= from) continue;
    const fill = !alone[index] && printsInlineKind(action, marks) ? placeholderChar : ' ';
    const inside = text.slice(from, to);
    const keepsBreaks = inside.includes('\n') || inside.includes('\r');
    parts.push(text.slice(cursor, from), keepsBreaks ? inside.replace(/[^\r\n]/g, fill) : fill.repeat(inside.length));
    cursor = to;
  }
  parts.push(text.slice(cursor, end));
  return parts.join('');
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The text's bytes when it is all ASCII (a byte per character), else undefined. */
function asciiBytes(text: string): Uint8Array | undefined {
  const bytes = encoder.encode(text);
  return bytes.length === text.length ? bytes : undefined;
}

/**
 * The mask of an ASCII text, written over its bytes in place and read back as one string: the
 * slices, fills and join of the general path cost 230 ms on the 8 MB file of 67,740 actions,
 * and left that many strings to collect.
 */
function maskedBytes(bytes: Uint8Array, actions: readonly TemplateAction[], alone: readonly boolean[], marks: readonly number[]): string {
  let cursor = 0;
  for (let index = 0; index < actions.length; index++) {
    const action = actions[index];
    const start = Math.max(action.span.start, cursor);
    const end = action.span.end;
    if (end <= start) continue;
    const fill = !alone[index] && printsInlineKind(action, marks) ? PLACEHOLDER : SPACE;
    let breaks = false;
    for (let at = start; at < end && !breaks; at++) breaks = bytes[at] === LF || bytes[at] === CR;
    if (!breaks) bytes.fill(fill, start, end);
    else for (let at = start; at < end; at++) if (bytes[at] !== LF && bytes[at] !== CR) bytes[at] = fill;
    cursor = end;
  }
  return decoder.decode(bytes);
}

const PLACEHOLDER = placeholderChar.charCodeAt(0);
const SPACE = 32;
const LF = 10;
const CR = 13;

/** Whether the mask printed this action as a placeholder scalar, i.e. it prints inside a line of YAML. */
export function maskedAsInline(masked: string, action: TemplateAction): boolean {
  return masked[action.span.start] === placeholderChar;
}

const blockFunctions = new Set(['nindent', 'indent', 'toYaml', 'toYamlPretty', 'toJson']);

/**
 * Where `text` holds a block function's name, in order (`indent` in `nindent`, `toYaml` in
 * `toYamlPretty`): an action whose inner text holds none calls none, and its tokens are not made
 * to look (scanner.ts makes them when read; half the corpus's actions were made only here).
 */
function blockNameMarks(text: string): number[] {
  const marks: number[] = [];
  blockName.lastIndex = 0;
  for (let found = blockName.exec(text); found; found = blockName.exec(text)) marks.push(found.index);
  return marks;
}

const blockName = /indent|toYaml|toJson/g;

/** Whether a mark lies in [start, end). */
function markWithin(marks: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = marks.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (marks[middle] < start) low = middle + 1;
    else high = middle;
  }
  return low < marks.length && marks[low] < end;
}

/** An output action that is not a block function (`nindent`, `toYaml`, …); `marks`: `blockNameMarks` of its text. */
function printsInlineKind(action: TemplateAction, marks: readonly number[]): boolean {
  if (action.kind !== 'output' && action.kind !== 'template') return false;
  if (!markWithin(marks, action.innerSpan.start, action.innerSpan.end)) return true;
  // A loop, not `some` with a closure: this runs for every action of every file.
  for (const token of action.tokens) if (token.kind === 'identifier' && blockFunctions.has(token.text)) return false;
  return true;
}

/**
 * For each action, whether the line it starts on and the line it ends on hold nothing but
 * actions and blanks. Only the lines that hold an action are read, each once, and line starts
 * are found with `indexOf` in one forward sweep: a 1.4 MB CRD with ten actions reads ten lines,
 * and a line of a thousand actions stays linear.
 */
function actionsAloneOnTheirLines(text: string, actions: readonly TemplateAction[]): boolean[] {
  let lineStart = 0;
  // The first newline at or after `lineStart`, found once: searching again from every action
  // rescanned the rest of a long line for each of its actions (quadratic on one line of 200k).
  let nextNewline = text.indexOf('\n');
  // The lines asked about never go back (actions do not overlap, and each asks for the line it
  // starts on, then the line it ends on), so the last answer is the only one asked for again.
  let knownLine = -1;
  let knownLiteral = false;
  let first = 0;
  const alone = new Array<boolean>(actions.length);
  for (let index = 0; index < actions.length; index++) {
    const span = actions[index].span;
    const startLine = lineStartAt(span.start);
    const startLiteral = hasLiteral(startLine);
    alone[index] = !startLiteral && !hasLiteral(lineStartAt(Math.max(span.start, span.end - 1)));
  }
  return alone;

  /** Start of the line holding `offset`; offsets must not decrease from call to call. */
  function lineStartAt(offset: number): number {
    while (nextNewline >= 0 && nextNewline < offset) {
      lineStart = nextNewline + 1;
      nextNewline = text.indexOf('\n', lineStart);
    }
    return lineStart;
  }

  /** Whether the line starting at `start` holds a non-blank character outside actions. */
  function hasLiteral(start: number): boolean {
    if (start === knownLine) return knownLiteral;
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    while (first < actions.length && actions[first].span.end <= start) first++;
    let found = false;
    let position = start;
    for (let index = first; position < end && !found; ) {
      const action = actions[index];
      if (action && action.span.start <= position) {
        position = Math.max(position, action.span.end);
        index++;
        continue;
      }
      const stop = action ? Math.min(action.span.start, end) : end;
      for (; position < stop; position++) {
        if (!isBlank(text.charCodeAt(position))) {
          found = true;
          break;
        }
      }
    }
    knownLine = start;
    knownLiteral = found;
    return found;
  }
}

/** What String.prototype.trim removes: white space and line terminators. */
function isBlank(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
