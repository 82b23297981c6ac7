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
import type { Resource } from '../../model/chart';
import { deletePolicyKey, weightKey } from '../../helm/hooks';
import type { AnnotationEntry, ValueInfo } from '../../model/model';
import type { Span, TextEdit } from '../../types';
import type { DocumentView } from '../../model/view';
import { endOfLine, startOfLine } from '../../text/lineIndex';

/** The file's line ending: CRLF when the file uses it anywhere, LF otherwise. */
export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** An edit that adds `key: value` next to `anchor`, an annotation entry of `resource`; undefined when no sound place exists. */
function insertAnnotation(resource: Resource, anchor: AnnotationEntry, key: string, value: string): TextEdit | undefined {
  const { file, view } = resource;
  if (anchor.origin === 'template-argument') return insertDictArgument(file.path, view, anchor, key, value);
  if (anchor.origin !== 'yaml') return undefined;
  const block = resource.doc.metadata?.annotations;
  if (!block || !block.entries.includes(anchor)) return undefined;
  if (block.flow) return insertFlowEntry(file.path, view, block.valueSpan, anchor, key, value);
  return insertBlockLine(file.path, view, anchor, key, value);
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
 * Whether the entry's lines hold only the entry: indentation before the key, and no template
 * action on them outside the value. Only then can whole lines be inserted after or moved.
 */
export function entryOwnsItsLines(view: DocumentView, entry: AnnotationEntry): boolean {
  const text = view.text;
  const lineStart = startOfLine(text, entry.keySpan.start);
  if (text.slice(lineStart, entry.keySpan.start).trim() !== '') return false;
  return view.piecesIn(lineStart, entry.lineSpan.end).every((piece) => piece.span.start >= entry.value.span.start && piece.span.end <= entry.value.span.end);
}

function insertBlockLine(file: string, view: DocumentView, anchor: AnnotationEntry, key: string, value: string): TextEdit | undefined {
  if (!entryOwnsItsLines(view, anchor)) return undefined;
  const text = view.text;
  const eol = lineEnding(text);
  const indent = text.slice(startOfLine(text, anchor.keySpan.start), anchor.keySpan.start);
  const line = `${indent}${keyLike(key, anchor.keySource)}: ${value}`;
  const contentEnd = endOfLine(text, Math.max(anchor.keySpan.end, anchor.value.span.end));
  const nextLine = anchor.lineSpan.end;
  if (!view.sameConditions(anchor.keySpan.start, nextLine)) return undefined;
  if (contentEnd >= text.length) return { file, span: { start: text.length, end: text.length }, newText: `${eol}${line}` };
  if (key === weightKey) {
    // Replace the anchor's own line break, so the weight sits right under the anchor.
    const lineBreak = text.slice(contentEnd, nextLine);
    return { file, span: { start: contentEnd, end: nextLine }, newText: `${lineBreak}${line}${lineBreak}` };
  }
  return { file, span: { start: nextLine, end: nextLine }, newText: `${line}${eol}` };
}

function insertFlowEntry(file: string, view: DocumentView, mapSpan: Span, anchor: AnnotationEntry, key: string, value: string): TextEdit | undefined {
  // Template actions inside a flow map can print commas or braces: no sound place to insert.
  if (view.piecesIn(mapSpan.start, mapSpan.end).length > 0) return undefined;
  const text = view.text;
  if (text[mapSpan.start] !== '{' || text[mapSpan.end - 1] !== '}') return undefined;
  const entry = `${keyLike(key, anchor.keySource)}: ${value}`;
  if (key === deletePolicyKey) return { file, span: { start: anchor.keySpan.start, end: anchor.keySpan.start }, newText: `${entry}, ` };
  const after = Math.max(anchor.keySpan.end, anchor.value.span.end);
  return { file, span: { start: after, end: after }, newText: `, ${entry}` };
}

function insertDictArgument(file: string, view: DocumentView, anchor: AnnotationEntry, key: string, value: string): TextEdit | undefined {
  const pairEnd = view.dictPairEnd(anchor.keySpan);
  if (pairEnd === undefined) return undefined;
  const pair = `"${key}" "${value}"`;
  if (key === deletePolicyKey) return { file, span: { start: anchor.keySpan.start, end: anchor.keySpan.start }, newText: `${pair} ` };
  return { file, span: { start: pairEnd, end: pairEnd }, newText: ` ${pair}` };
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
