/**
 * The YAML view of a template: every template action is overwritten in place so that the
 * text parses as YAML and every offset still points at the original source.
 *
 * Actions that print nothing (control words, comments, assignments) and actions that print
 * whole blocks (`nindent`, `indent`, `toYaml`, or an action alone on its line) become spaces.
 * An action inside a line (`name: {{ .Release.Name }}-job`) becomes a run of `x`, so the
 * YAML parser sees one scalar that covers the whole templated value. Newlines are kept.
 */
import type { TemplateAction, TemplateScan } from './scanner';

export const placeholderChar = 'x';

export function maskTemplate(text: string, scan: TemplateScan): string {
  const actions = scan.actions;
  if (actions.length === 0) return text;
  const alone = actionsAloneOnTheirLines(text, actions);
  // Copy the text between actions in slices: splitting a 1 MB file into characters costs more than parsing it.
  const parts: string[] = [];
  let cursor = 0;
  actions.forEach((action, index) => {
    const start = Math.max(action.span.start, cursor);
    if (action.span.end <= start) return;
    const fill = printsInlineKind(action) && !alone[index] ? placeholderChar : ' ';
    const inside = text.slice(start, action.span.end);
    const keepsBreaks = inside.includes('\n') || inside.includes('\r');
    parts.push(text.slice(cursor, start), keepsBreaks ? inside.replace(/[^\r\n]/g, fill) : fill.repeat(inside.length));
    cursor = action.span.end;
  });
  parts.push(text.slice(cursor));
  return parts.join('');
}

/** Whether the mask printed this action as a placeholder scalar, i.e. it prints inside a line of YAML. */
export function maskedAsInline(masked: string, action: TemplateAction): boolean {
  return masked[action.span.start] === placeholderChar;
}

const blockFunctions = new Set(['nindent', 'indent', 'toYaml', 'toYamlPretty', 'toJson']);

/** An output action that is not a block function (`nindent`, `toYaml`, …). */
function printsInlineKind(action: TemplateAction): boolean {
  if (action.kind !== 'output' && action.kind !== 'template') return false;
  return !action.tokens.some((token) => token.kind === 'identifier' && blockFunctions.has(token.text));
}

/**
 * For each action, whether the line it starts on and the line it ends on hold nothing but
 * actions and blanks. Only the lines that hold an action are read, each once, and line starts
 * are found with `indexOf` in one forward sweep: a 1.4 MB CRD with ten actions reads ten lines,
 * and a line of a thousand actions stays linear.
 */
function actionsAloneOnTheirLines(text: string, actions: readonly TemplateAction[]): boolean[] {
  const literalOnLine = new Map<number, boolean>();
  let lineStart = 0;
  // The first newline at or after `lineStart`, found once: searching again from every action
  // rescanned the rest of a long line for each of its actions (quadratic on one line of 200k).
  let nextNewline = text.indexOf('\n');
  /** Start of the line holding `offset`; offsets must not decrease from call to call. */
  const lineStartOf = (offset: number): number => {
    while (nextNewline >= 0 && nextNewline < offset) {
      lineStart = nextNewline + 1;
      nextNewline = text.indexOf('\n', lineStart);
    }
    return lineStart;
  };
  let first = 0;
  const hasLiteral = (start: number): boolean => {
    const known = literalOnLine.get(start);
    if (known !== undefined) return known;
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
    literalOnLine.set(start, found);
    return found;
  };
  return actions.map((action) => {
    const startLine = lineStartOf(action.span.start);
    const endLine = lineStartOf(Math.max(action.span.start, action.span.end - 1));
    return !hasLiteral(startLine) && !hasLiteral(endLine);
  });
}

/** What String.prototype.trim removes: white space and line terminators. */
function isBlank(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
