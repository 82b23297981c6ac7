/**
 * Edits that add an annotation next to an existing one (usually `helm.sh/hook`), written the
 * way the file already writes that entry: same indentation, same key quoting, the file's
 * own line ending. Three shapes are handled: a block mapping (a new line), a flow mapping
 * without template actions (`, key: value` inside the braces) and a `dict` call in a template
 * action (a new pair of string arguments). Anything else gets no edit, so rules offer no fix.
 *
 * Each key has its own position so that several fixes next to the same entry never land on
 * the same offset (the edit applier skips edits that touch one place twice):
 * - the weight goes right after the anchor (block: replacing the anchor line's line break),
 * - the delete policy goes after that (block: at the start of the next line) or, in flow
 *   maps and `dict` calls, just before the anchor,
 * - the output-log policy goes right after its own anchor, the delete-policy entry.
 */
import type { Resource } from '../chart';
import { deletePolicyKey, weightKey } from '../hooks';
import type { AnnotationEntry, ValueInfo } from '../model';
import type { TemplateAction, TemplateScan } from '../template/scanner';
import type { Span, TextEdit } from '../types';
import { actionsIn, endOfLine, startOfLine } from '../yaml/values';

/** The file's line ending: CRLF when the file uses it anywhere, LF otherwise. */
export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** An edit that adds `key: value` next to `anchor`, an annotation entry of `resource`; undefined when no sound place exists. */
function insertAnnotation(resource: Resource, anchor: AnnotationEntry, key: string, value: string): TextEdit | undefined {
  const file = resource.file;
  if (anchor.origin === 'template-argument') return insertDictArgument(file.path, file.scan.actions, anchor, key, value);
  if (anchor.origin !== 'yaml') return undefined;
  const block = resource.doc.metadata?.annotations;
  if (!block || !block.entries.includes(anchor)) return undefined;
  if (block.flow) return insertFlowEntry(file.path, file.text, file.scan.actions, block.valueSpan, anchor, key, value);
  return insertBlockLine(file.path, file.text, file.scan, anchor, key, value);
}

/** `key` written with the quotes that `keySource` (an existing key as written) uses. */
export function keyLike(key: string, keySource: string): string {
  if (keySource.startsWith('"')) return `"${key}"`;
  if (keySource.startsWith("'")) return `'${key}'`;
  return key;
}

/**
 * A string value written in the style of `like`: quoted the same way, or plain when `like`
 * is plain and the text reads back as the same string. Weights are always quoted, because a
 * plain `0` is a YAML number and Kubernetes rejects non-string annotation values.
 */
function valueLike(text: string, like: ValueInfo, options: { alwaysQuote?: boolean } = {}): string {
  if (like.style === 'single') return `'${text.replace(/'/g, "''")}'`;
  if (like.style === 'double' || options.alwaysQuote || !/^[a-z][a-z0-9,-]*$/.test(text)) return `"${text}"`;
  return text;
}

/**
 * Which `if`/`range`/`with` branches enclose `offset`, as "block:branch" ids. Two offsets with
 * the same path are rendered under the same conditions.
 */
export function conditionPath(scan: TemplateScan, offset: number): string[] {
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

export function sameConditions(scan: TemplateScan, a: number, b: number): boolean {
  const pathA = conditionPath(scan, a);
  const pathB = conditionPath(scan, b);
  return pathA.length === pathB.length && pathA.every((id, index) => id === pathB[index]);
}

/**
 * Whether the entry's lines hold only the entry: indentation before the key, and no template
 * action on them outside the value. Only then can whole lines be inserted after or moved.
 */
export function entryOwnsItsLines(text: string, actions: readonly TemplateAction[], entry: AnnotationEntry): boolean {
  const lineStart = startOfLine(text, entry.keySpan.start);
  if (text.slice(lineStart, entry.keySpan.start).trim() !== '') return false;
  return actionsIn(actions, lineStart, entry.lineSpan.end).every((action) => action.span.start >= entry.value.span.start && action.span.end <= entry.value.span.end);
}

function insertBlockLine(file: string, text: string, scan: TemplateScan, anchor: AnnotationEntry, key: string, value: string): TextEdit | undefined {
  if (!entryOwnsItsLines(text, scan.actions, anchor)) return undefined;
  const eol = lineEnding(text);
  const indent = text.slice(startOfLine(text, anchor.keySpan.start), anchor.keySpan.start);
  const line = `${indent}${keyLike(key, anchor.keySource)}: ${value}`;
  const contentEnd = endOfLine(text, Math.max(anchor.keySpan.end, anchor.value.span.end));
  const nextLine = anchor.lineSpan.end;
  if (!sameConditions(scan, anchor.keySpan.start, nextLine)) return undefined;
  if (contentEnd >= text.length) return { file, span: { start: text.length, end: text.length }, newText: `${eol}${line}` };
  if (key === weightKey) {
    // Replace the anchor's own line break, so the weight sits right under the anchor.
    const lineBreak = text.slice(contentEnd, nextLine);
    return { file, span: { start: contentEnd, end: nextLine }, newText: `${lineBreak}${line}${lineBreak}` };
  }
  return { file, span: { start: nextLine, end: nextLine }, newText: `${line}${eol}` };
}

function insertFlowEntry(file: string, text: string, actions: readonly TemplateAction[], mapSpan: Span, anchor: AnnotationEntry, key: string, value: string): TextEdit | undefined {
  // Template actions inside a flow map can print commas or braces: no sound place to insert.
  if (actionsIn(actions, mapSpan.start, mapSpan.end).length > 0) return undefined;
  if (text[mapSpan.start] !== '{' || text[mapSpan.end - 1] !== '}') return undefined;
  const entry = `${keyLike(key, anchor.keySource)}: ${value}`;
  if (key === deletePolicyKey) return { file, span: { start: anchor.keySpan.start, end: anchor.keySpan.start }, newText: `${entry}, ` };
  const after = Math.max(anchor.keySpan.end, anchor.value.span.end);
  return { file, span: { start: after, end: after }, newText: `, ${entry}` };
}

function insertDictArgument(file: string, actions: readonly TemplateAction[], anchor: AnnotationEntry, key: string, value: string): TextEdit | undefined {
  const action = actions.find((candidate) => candidate.span.start <= anchor.keySpan.start && anchor.keySpan.end <= candidate.span.end);
  if (!action) return undefined;
  const tokens = action.tokens;
  const keyIndex = tokens.findIndex((token) => token.span.start === anchor.keySpan.start);
  if (keyIndex < 1 || !tokens[keyIndex + 1]) return undefined;
  // Only `dict` takes key/value pairs: every argument before the key must be a string, in pairs.
  let first = keyIndex;
  while (first > 0 && (tokens[first - 1].kind === 'string' || tokens[first - 1].kind === 'rawString')) first--;
  const callee = tokens[first - 1];
  if (!callee || callee.kind !== 'identifier' || callee.text !== 'dict' || (keyIndex - first) % 2 !== 0) return undefined;
  const pair = `"${key}" "${value}"`;
  if (key === deletePolicyKey) return { file, span: { start: anchor.keySpan.start, end: anchor.keySpan.start }, newText: `${pair} ` };
  const valueEnd = tokens[keyIndex + 1].span.end;
  return { file, span: { start: valueEnd, end: valueEnd }, newText: ` ${pair}` };
}

/** The value text for a new annotation next to `anchor`: flow maps and Go strings always quote. */
function annotationValue(resource: Resource, anchor: AnnotationEntry, key: string, text: string): string {
  if (anchor.origin === 'template-argument') return text;
  const flow = resource.doc.metadata?.annotations?.flow === true;
  return valueLike(text, anchor.value, { alwaysQuote: key === weightKey || flow });
}

/** The insertion of `key` with the string `text` (unquoted) next to `anchor`, quoted as the file would. */
export function addAnnotation(resource: Resource, anchor: AnnotationEntry, key: string, text: string): TextEdit | undefined {
  return insertAnnotation(resource, anchor, key, annotationValue(resource, anchor, key, text));
}
