/**
 * Document views of files as written: a template file's view reads its template scan and
 * mask; a values file's view has no template pieces. The only place that turns template
 * internals into the view the rules read (view.ts).
 */
import { splitList, type ListToken, type ListValue } from '../helm/listValue';
import type { ValueInfo } from './model';
import type { TemplateFile } from './model';
import { maskedAsInline } from '../template/mask';
import type { TemplateAction, TemplateScan } from '../template/scanner';
import type { Span } from '../types';
import type { DocumentView, PrintedPipeline, TemplatePiece } from './view';
import { actionsIn, printsText } from '../yaml/values';
import { indentationAt } from '../text/lineIndex';

/**
 * `lists`: the comma lists of an earlier state of the chart by value object (`ParseCache.readings`),
 * taken over and kept: a value object is in a later state only where the text and actions inside it
 * are as they were, and a list is read from those alone.
 */
export function templateFileView(file: TemplateFile, kept?: WeakMap<ValueInfo, ListValue>): DocumentView {
  // Not `masked`: a file's whole mask is made when first read (documents.ts), and only pieces need it.
  const { path, text, scan } = file;
  const conditionsAt = (offset: number): string[] => conditionPath(scan, offset);
  // The model, the sites and several rules split the same annotation value: once per value and view.
  const lists = kept ?? new WeakMap<ValueInfo, ListValue>();
  const listOf = (value: ValueInfo): ListValue => {
    let list = lists.get(value);
    if (!list) {
      list = splitList(value, text, scan.actions);
      // A list kept across states must not hold this state's text: a token cut from it (a slice)
      // kept the whole 8 MB file of every keystroke alive, as long as its document went unchanged.
      lists.set(value, (list = kept ? ownList(list) : list));
    }
    return list;
  };
  return {
    file: path,
    text,
    piecesIn: (start, end) => actionsIn(scan.actions, start, end).map((action) => toPiece(action, text, file)),
    conditionsAt,
    sameConditions: (a, b) => samePath(conditionsAt(a), conditionsAt(b)),
    listOf,
    dictPairEnd: (keySpan) => dictPairEnd(scan.actions, keySpan),
    pipelineAt: (span) => pipelineAt(scan.actions, text, span),
    syntaxErrors: () => scan.errors,
    originOf: (offset) => ({ file: path, offset, kind: 'written' }),
  };
}

/** A list whose tokens' strings are their own, not slices of the text they were split from. */
function ownList(list: ListValue): ListValue {
  const tokens = list.tokens.map((token): ListToken => ({ raw: ownText(token.raw), normalized: ownText(token.normalized), span: token.span, rawSpan: token.rawSpan, partial: token.partial }));
  return { tokens, templated: list.templated, conditional: list.conditional, exact: list.exact };
}

/** `text` copied when it may be a slice of a longer string (V8 makes slices of 13 characters or more; a shorter one is a copy already). */
export function ownText(text: string): string {
  return text.length < 13 ? text : `${text} `.slice(0, -1);
}

/** A file with no template actions, such as values.yaml. */
export function plainFileView(path: string, text: string): DocumentView {
  return {
    file: path,
    text,
    piecesIn: () => [],
    conditionsAt: () => [],
    sameConditions: () => true,
    listOf: (value) => splitList(value, text, []),
    dictPairEnd: () => undefined,
    pipelineAt: () => undefined,
    syntaxErrors: () => [],
    originOf: (offset) => ({ file: path, offset, kind: 'written' }),
  };
}

function toPiece(action: TemplateAction, text: string, file: TemplateFile): TemplatePiece {
  if (!printsText(action)) return { span: action.span, kind: 'control', inline: false };
  return { span: action.span, kind: 'templated', inline: maskedAsInline(file.masked, action), printedIndent: printedIndent(text, action) };
}

function printedIndent(text: string, action: TemplateAction): number {
  const tokens = action.tokens;
  for (let index = 0; index + 1 < tokens.length; index++) {
    if (tokens[index].kind === 'identifier' && (tokens[index].text === 'nindent' || tokens[index].text === 'indent') && tokens[index + 1].kind === 'number') {
      return Number(tokens[index + 1].text);
    }
  }
  return indentationAt(text, action.span.start).length;
}

/**
 * Which `if`/`range`/`with` branches enclose `offset`, as "block:branch" ids. Two offsets with
 * the same path are rendered under the same conditions.
 */
function conditionPath(scan: TemplateScan, offset: number): string[] {
  const path: string[] = [];
  scan.blocks.forEach((block, index) => {
    if (block.kind === 'define' || block.kind === 'block') return;
    const bodyStart = scan.actions[block.open].span.end;
    const bodyEnd = block.end >= 0 ? scan.actions[block.end].span.start : Number.MAX_SAFE_INTEGER;
    if (offset < bodyStart || offset > bodyEnd) return;
    const branch = block.elses.filter((elseIndex) => scan.actions[elseIndex].span.end <= offset).length;
    path.push(`${index}:${branch}`);
  });
  return path;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

/** Only `dict` takes key/value pairs: every argument before the key must be a string, in pairs. */
function dictPairEnd(actions: readonly TemplateAction[], keySpan: Span): number | undefined {
  const action = actions.find((candidate) => candidate.span.start <= keySpan.start && keySpan.end <= candidate.span.end);
  if (!action) return undefined;
  const tokens = action.tokens;
  const keyIndex = tokens.findIndex((token) => token.span.start === keySpan.start);
  if (keyIndex < 1 || !tokens[keyIndex + 1]) return undefined;
  let first = keyIndex;
  while (first > 0 && (tokens[first - 1].kind === 'string' || tokens[first - 1].kind === 'rawString')) first--;
  const callee = tokens[first - 1];
  if (!callee || callee.kind !== 'identifier' || callee.text !== 'dict' || (keyIndex - first) % 2 !== 0) return undefined;
  return tokens[keyIndex + 1].span.end;
}

function pipelineAt(actions: readonly TemplateAction[], text: string, span: Span): PrintedPipeline | undefined {
  const action = actionsIn(actions, span.start, span.end)[0];
  if (!action || action.span.start !== span.start || action.span.end !== span.end || action.kind !== 'output' || !action.closed) return undefined;
  let end = action.innerSpan.end;
  while (end > action.innerSpan.start && /\s/.test(text[end - 1])) end--;
  return { words: action.tokens.map((token) => ({ kind: token.kind, text: token.text })), end };
}
