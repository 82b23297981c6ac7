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
 * actions and blanks. One pass over the text, so a line of a thousand actions stays linear.
 */
function actionsAloneOnTheirLines(text: string, actions: readonly TemplateAction[]): boolean[] {
  const literalOnLine: boolean[] = [false];
  const startLine: number[] = [];
  const endLine: number[] = [];
  let line = 0;
  let position = 0;
  let next = 0;
  while (position < text.length) {
    const action = actions[next];
    if (action && position >= action.span.start) {
      startLine[next] = line;
      const end = Math.max(action.span.end, position);
      for (let index = position; index < end; index++) {
        if (text.charCodeAt(index) === 10) literalOnLine[++line] = false;
      }
      endLine[next] = line;
      position = end;
      next++;
      continue;
    }
    const code = text.charCodeAt(position);
    if (code === 10) literalOnLine[++line] = false;
    else if (!isBlank(code)) literalOnLine[line] = true;
    position++;
  }
  for (; next < actions.length; next++) {
    startLine[next] = line;
    endLine[next] = line;
  }
  return actions.map((_, index) => !literalOnLine[startLine[index]] && !literalOnLine[endLine[index]]);
}

/** What String.prototype.trim removes: white space and line terminators. */
function isBlank(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
