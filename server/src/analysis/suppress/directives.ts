/**
 * Suppression comments as written in a chart's files:
 *
 *     # helm-hooks-disable-next-line RULE[,RULE]              (a YAML comment line)
 *     {{- /* helm-hooks-disable-next-line RULE[,RULE] *\/}}    (a template comment line: nothing is rendered)
 *     # helm-hooks-disable-file RULE[,RULE]                   (either form: the whole file)
 *
 * A directive is a line of its own holding only the comment, so a `#` inside a value or a
 * quoted string is never read as one. Rule ids are separated by commas or blanks; text after
 * ` -- ` is a reason for people and is not read. No rule named means no rule silenced: a
 * stray comment never silences a whole file (the `invalid-suppression` rule reports it).
 */
import type { TemplateScan } from '../template/scanner';
import type { Span } from '../types';
import { trimTrailingBlanks } from '../text/trim';

export type DirectiveScope = 'next-line' | 'file';

export interface SuppressionDirective {
  readonly file: string;
  readonly scope: DirectiveScope;
  /** `yaml`: a `#` comment line; `template`: a `{{/* … *\/}}` comment line. */
  readonly form: 'yaml' | 'template';
  /** The comment, without the line's indentation and line break. */
  readonly span: Span;
  /** The whole line including its line break: what removing the directive removes. */
  readonly lineSpan: Span;
  /** 0-based line of the directive. */
  readonly line: number;
  /** The rule ids as written, each with its span. */
  readonly ids: readonly { readonly id: string; readonly span: Span }[];
}

const marker = 'helm-hooks-disable-';
// The comment forms Go's lexer accepts: `{{/*` or `{{- /*`, and `*/}}` or `*/ -}}`.
// Read on the line without its trailing blanks: `(.*?)[ \t]*$` retried the blanks from every character.
const yamlLine = /^([ \t]*)(#[ \t]*helm-hooks-disable-(next-line|file)\b(.*))$/;
const templateLine = /^([ \t]*)(\{\{(?:- )?\/\*[ \t]*helm-hooks-disable-(next-line|file)\b(.*?)\*\/(?: -)?\}\})[ \t]*$/;

/** The directives of one file; `scan` (a template's actions) keeps a `#` inside an action from counting. */
export function directivesIn(file: string, text: string, scan?: TemplateScan): SuppressionDirective[] {
  if (!text.includes(marker)) return [];
  const result: SuppressionDirective[] = [];
  let lineStart = 0;
  for (let line = 0; lineStart <= text.length; line++) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const contentEnd = lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const content = text.slice(lineStart, contentEnd);
    if (content.includes(marker)) {
      const directive = readDirective(file, content, lineStart, line, newline < 0 ? text.length : newline + 1, scan);
      if (directive) result.push(directive);
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return result;
}

function readDirective(file: string, content: string, lineStart: number, line: number, lineEnd: number, scan: TemplateScan | undefined): SuppressionDirective | undefined {
  const template = templateLine.exec(content);
  const match = template ?? yamlLine.exec(trimTrailingBlanks(content));
  if (!match) return undefined;
  const start = lineStart + match[1].length;
  // A `#` line inside a multi-line template action is part of the action, not a YAML comment.
  if (!template && scan?.actions.some((action) => action.span.start < start && start < action.span.end)) return undefined;
  // The id list starts right after the `helm-hooks-disable-<scope>` word.
  const listStart = start + match[2].indexOf(marker) + marker.length + match[3].length;
  return {
    file,
    scope: match[3] as DirectiveScope,
    form: template ? 'template' : 'yaml',
    span: { start, end: start + match[2].length },
    lineSpan: { start: lineStart, end: lineEnd },
    line,
    ids: ruleIds(match[4], listStart),
  };
}

/** The ids in `list` (which starts at `offset`), up to a ` -- ` reason. */
function ruleIds(list: string, offset: number): { id: string; span: Span }[] {
  const reason = list.search(/(^|[ \t])--([ \t]|$)/);
  const read = reason < 0 ? list : list.slice(0, reason);
  const ids: { id: string; span: Span }[] = [];
  const word = /[^\s,]+/g;
  for (let found = word.exec(read); found; found = word.exec(read)) ids.push({ id: found[0], span: { start: offset + found.index, end: offset + found.index + found[0].length } });
  return ids;
}
