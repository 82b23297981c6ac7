/**
 * Edits of suppression comments: taking an id out of a directive (the fix of an unused or
 * unknown one) and writing a new directive above a finding's line (the editor's "Suppress
 * RULE on this line"). Edits keep the line's indentation and line breaks.
 */
import { scanTemplate, type TemplateScan } from '../template/scanner';
import { createLineIndex } from '../text/lineIndex';
import type { Finding, Fix, TextEdit } from '../types';
import { directivesIn, type SuppressionDirective } from './directives';

/** Removes the id at `position` with its separator, or the whole directive line when it is the only id. */
export function removeIdEdit(directive: SuppressionDirective, position: number): TextEdit {
  const ids = directive.ids;
  if (ids.length <= 1) return { file: directive.file, span: directive.lineSpan, newText: '' };
  const span = position + 1 < ids.length ? { start: ids[position].span.start, end: ids[position + 1].span.start } : { start: ids[position - 1].span.end, end: ids[position].span.end };
  return { file: directive.file, span, newText: '' };
}

/**
 * "Suppress RULE on this line": a `disable-next-line` directive above the line the finding
 * starts on, or the rule added to the one already there. A YAML comment in YAML; a template
 * comment (rendered as nothing) inside a `define` or in a `.tpl` file, where a YAML comment
 * would be printed into every manifest that includes it. Undefined when no comment can go
 * there: the line starts inside a template action that began on an earlier line.
 */
export function suppressionFix(finding: Finding, text: string, scan?: TemplateScan): Fix | undefined {
  const lines = createLineIndex(text);
  const line = lines.positionAt(finding.span.start).line;
  const lineStart = lines.offsetAt({ line, character: 0 });
  const title = `Suppress ${finding.rule} on this line`;
  const isTemplate = finding.file.includes('templates/');
  const actions = isTemplate ? (scan ?? scanTemplate(text)) : undefined;
  if (actions?.actions.some((action) => action.span.start < lineStart && lineStart < action.span.end)) return undefined;
  const above = line > 0 ? directivesIn(finding.file, text, actions).find((directive) => directive.line === line - 1 && directive.scope === 'next-line') : undefined;
  if (above) {
    if (above.ids.some((entry) => entry.id === finding.rule)) return undefined;
    const last = above.ids[above.ids.length - 1];
    const at = last ? last.span.end : above.span.end - (above.form === 'template' ? closingLength(text, above) : 0);
    return { title, isPreferred: false, edits: [{ file: finding.file, span: { start: at, end: at }, newText: last ? `,${finding.rule}` : ` ${finding.rule}` }] };
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const lineBreak = /\r\n/.test(text.slice(lineStart, text.indexOf('\n', lineStart) + 1 || text.length)) ? '\r\n' : '\n';
  const inDefine = actions?.blocks.some((block) => (block.kind === 'define' || block.kind === 'block') && block.span.start < lineStart && lineStart < block.span.end) ?? false;
  const comment = inDefine || finding.file.endsWith('.tpl') ? `{{- /* helm-hooks-disable-next-line ${finding.rule} */}}` : `# helm-hooks-disable-next-line ${finding.rule}`;
  return { title, isPreferred: false, edits: [{ file: finding.file, span: { start: lineStart, end: lineStart }, newText: `${indent}${comment}${lineBreak}` }] };
}

/** Length of a template directive's closing: the blanks, the comment's end and the delimiter (with its trim marker). */
function closingLength(text: string, directive: SuppressionDirective): number {
  const comment = text.slice(directive.span.start, directive.span.end);
  return comment.length - closingStart(comment);
}

/** Where `comment` matches `/[ \t]*\*\/(?: -)?\}\}$/` first, or -1; read back from the end, where the regex retried every blank. */
export function closingStart(comment: string): number {
  let at = comment.endsWith('*/}}') ? comment.length - 4 : comment.endsWith('*/ -}}') ? comment.length - 6 : -1;
  if (at < 0) return -1;
  while (at > 0 && (comment[at - 1] === ' ' || comment[at - 1] === '\t')) at--;
  return at;
}
