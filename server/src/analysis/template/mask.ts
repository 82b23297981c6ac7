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
  if (scan.actions.length === 0) return text;
  // Copy the text between actions in slices: splitting a 1 MB file into characters costs more than parsing it.
  const parts: string[] = [];
  let cursor = 0;
  for (const action of scan.actions) {
    const start = Math.max(action.span.start, cursor);
    if (action.span.end <= start) continue;
    const fill = printsInline(text, action) ? placeholderChar : ' ';
    parts.push(text.slice(cursor, start), text.slice(start, action.span.end).replace(/[^\r\n]/g, fill));
    cursor = action.span.end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

const blockFunctions = new Set(['nindent', 'indent', 'toYaml', 'toYamlPretty', 'toJson']);

/** True when the action prints text that sits inside a line of YAML (a scalar, a key, a list item). */
export function printsInline(text: string, action: TemplateAction): boolean {
  if (action.kind !== 'output' && action.kind !== 'template') return false;
  if (action.tokens.some((token) => token.kind === 'identifier' && blockFunctions.has(token.text))) return false;
  return !aloneOnLine(text, action);
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
