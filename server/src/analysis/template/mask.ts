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
  // Copy the text between actions in slices: splitting a 1 MB file into characters costs more than parsing it.
  const parts: string[] = [];
  let cursor = 0;
  actions.forEach((action, index) => {
    const start = Math.max(action.span.start, cursor);
    if (action.span.end <= start) return;
    const fill = printsInlineKind(action) && !aloneOnItsLines(text, actions, index) ? placeholderChar : ' ';
    const inside = text.slice(start, action.span.end);
    const keepsBreaks = inside.includes('\n') || inside.includes('\r');
    parts.push(text.slice(cursor, start), keepsBreaks ? inside.replace(/[^\r\n]/g, fill) : fill.repeat(inside.length));
    cursor = action.span.end;
  });
  parts.push(text.slice(cursor));
  return parts.join('');
}

const blockFunctions = new Set(['nindent', 'indent', 'toYaml', 'toYamlPretty', 'toJson']);

/** True when the action prints text that sits inside a line of YAML (a scalar, a key, a list item). */
export function printsInline(text: string, action: TemplateAction): boolean {
  return printsInlineKind(action) && !aloneOnLine(text, action);
}

/** An output action that is not a block function (`nindent`, `toYaml`, …). */
function printsInlineKind(action: TemplateAction): boolean {
  if (action.kind !== 'output' && action.kind !== 'template') return false;
  return !action.tokens.some((token) => token.kind === 'identifier' && blockFunctions.has(token.text));
}

function aloneOnLine(text: string, action: TemplateAction): boolean {
  let start = action.span.start;
  while (start > 0 && text[start - 1] !== '\n') start--;
  let end = action.span.end;
  while (end < text.length && text[end] !== '\n') end++;
  const before = text.slice(start, action.span.start);
  const after = text.slice(action.span.end, end);
  return onlyActionsOrSpace(before) && onlyActionsOrSpace(after);
}

function onlyActionsOrSpace(segment: string): boolean {
  return segment.replace(/\{\{[\s\S]*?\}\}/g, '').trim() === '';
}

/**
 * `aloneOnLine` for the mask, using the scanned actions instead of a regular expression per
 * action: walks from the action to the start and end of its lines, stepping over neighbouring
 * actions, and stops at the first literal character.
 */
function aloneOnItsLines(text: string, actions: readonly TemplateAction[], index: number): boolean {
  let position = actions[index].span.start;
  for (let previous = index - 1; position > 0 && text[position - 1] !== '\n'; ) {
    const neighbour = previous >= 0 ? actions[previous] : undefined;
    if (neighbour && neighbour.span.end === position) {
      // A neighbour that began on an earlier line covers the rest of this one.
      if (text.lastIndexOf('\n', position - 1) >= neighbour.span.start) break;
      position = neighbour.span.start;
      previous--;
      continue;
    }
    if (!isBlank(text.charCodeAt(position - 1))) return false;
    position--;
  }
  position = actions[index].span.end;
  for (let next = index + 1; position < text.length && text[position] !== '\n'; ) {
    const neighbour = next < actions.length ? actions[next] : undefined;
    if (neighbour && neighbour.span.start === position) {
      if (text.indexOf('\n', position) < neighbour.span.end && text.indexOf('\n', position) >= 0) break;
      position = neighbour.span.end;
      next++;
      continue;
    }
    if (!isBlank(text.charCodeAt(position))) return false;
    position++;
  }
  return true;
}

/** What String.prototype.trim removes: white space and line terminators. */
function isBlank(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
