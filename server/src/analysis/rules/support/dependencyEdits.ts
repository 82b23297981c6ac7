/**
 * The edits the dependency rules' fixes make in the object a hook depends on: set its
 * weight, add events to its `helm.sh/hook`, make a normal object a hook. Every edit keeps the
 * file's indentation, key quoting and line endings; when no sound place for an edit exists
 * there is no edit.
 */
import type { Resource } from '../../model/chart';
import { hookKey, weightKey } from '../../helm/hooks';
import type { TextEdit } from '../../types';
import { endOfLine } from '../../text/lineIndex';
import { keyLike, lineEnding } from './insertions';
import { flowSafeValueEdit } from './helpers';
import { inFlowMapping } from './sites';
import { withoutTrailingComment } from '../../text/trim';

/**
 * Sets the hook's `helm.sh/hook-weight` to `weight`, replacing a literal value or adding the entry
 * after `helm.sh/hook`. In a rendered document whose `helm.sh/hook` a helper computed (bitnami's
 * `dict` merged through `common.tplvalues.merge`), the edit goes into the document as written
 * instead, marked so that it is kept only if rendering the edited chart gives that weight.
 */
export function weightEdit(resource: Resource, weight: number): TextEdit | undefined {
  const written = resource.written;
  if (written && resource.hook && resource.kind !== undefined && resource.name !== undefined && resource.view.originOf(resource.hook.entry.keySpan.start).kind === 'printed') {
    const edit = literalWeightEdit(written, weight);
    return edit && { ...edit, asWritten: { kind: resource.kind, name: resource.name, key: weightKey, value: String(weight) } };
  }
  return literalWeightEdit(resource, weight);
}

function literalWeightEdit(resource: Resource, weight: number): TextEdit | undefined {
  const hook = resource.hook;
  if (!hook) return undefined;
  const file = resource.file;
  const entry = hook.weightEntry;
  if (entry) {
    const value = entry.value;
    if (value.type === 'templated') return undefined;
    if (value.type === 'string' && value.literalMapping && value.style !== 'block') return { file: file.path, span: value.contentSpan, newText: String(weight) };
    // A YAML number or other non-string: write the string Kubernetes requires.
    return { file: file.path, span: value.span, newText: `"${weight}"` };
  }
  const anchor = hook.entry;
  if (anchor.origin === 'template-argument') {
    // Only a `dict` call takes more key/value pairs; a `set` call takes exactly one.
    const pairEnd = resource.view.dictPairEnd(anchor.keySpan);
    if (pairEnd === undefined) return undefined;
    return { file: file.path, span: { start: pairEnd, end: pairEnd }, newText: ` "${weightKey}" "${weight}"` };
  }
  const block = resource.doc.metadata?.annotations;
  if (anchor.origin !== 'yaml' || !block || block.flow || !block.entries.includes(anchor)) return undefined;
  const indent = file.text.slice(anchor.lineSpan.start, anchor.keySpan.start);
  if (indent.trim() !== '') return undefined;
  // Replace the hook line's line break, as other weight fixes do: two fixes that add a weight
  // after the same entry then overlap, and only one of them is applied.
  const eol = lineEnding(file.text);
  const line = `${indent}${keyLike(weightKey, anchor.keySource)}: "${weight}"`;
  const breakStart = endOfLine(file.text, anchor.value.span.end);
  const breakEnd = file.text.startsWith('\r\n', breakStart) ? breakStart + 2 : file.text[breakStart] === '\n' ? breakStart + 1 : breakStart;
  return { file: file.path, span: { start: breakStart, end: breakEnd }, newText: breakEnd > breakStart ? `${eol}${line}${eol}` : `${eol}${line}` };
}

/** Appends `events` to the hook's literal `helm.sh/hook` list, in the list's own separator style. */
export function addEventsEdit(resource: Resource, events: readonly string[]): TextEdit | undefined {
  const hook = resource.hook;
  if (!hook || events.length === 0) return undefined;
  const { events: list, entry } = hook;
  if (list.templated || list.conditional || !list.exact || entry.value.style === 'block' || entry.value.style === 'missing') return undefined;
  const last = list.tokens[list.tokens.length - 1];
  if (!last || last.partial) return undefined;
  const spaced = list.tokens.slice(1).some((token) => token.raw.startsWith(' '));
  const separator = spaced ? ', ' : ',';
  const edit = { file: resource.file.path, span: { start: last.span.end, end: last.span.end }, newText: events.map((event) => `${separator}${event}`).join('') };
  // In `annotations: {…}` a comma ends a plain value, so the whole value is quoted there.
  return flowSafeValueEdit(edit, entry.value, resource.file.text, inFlowMapping(resource, entry));
}

/**
 * Makes a normal object a hook: adds `helm.sh/hook` and `helm.sh/hook-weight` to its
 * annotations (creating `annotations:` under `metadata:` when there is none).
 */
export function makeHookEdit(resource: Resource, events: readonly string[], weight: number): TextEdit | undefined {
  const file = resource.file;
  const text = file.text;
  const metadata = resource.doc.metadata;
  if (!metadata || resource.annotations.some((entry) => entry.key.startsWith('helm.sh/hook'))) return undefined;
  // The template writes `annotations:` that these values leave out (bitnami's `if … commonAnnotations`):
  // a second block added here would be a duplicate key whenever other values render it.
  if (!metadata.annotations && resource.written?.doc.metadata?.annotations) return undefined;
  const eol = lineEnding(text);
  const entries = (indent: string, quote: string): string => `${indent}${keyLike(hookKey, quote)}: ${events.join(',')}${eol}${indent}${keyLike(weightKey, quote)}: "${weight}"${eol}`;
  const annotations = metadata.annotations;
  if (annotations) {
    if (annotations.flow) return undefined;
    const first = annotations.entries.find((entry) => entry.origin === 'yaml');
    if (first) {
      if (text.slice(first.lineSpan.start, first.keySpan.start).trim() !== '') return undefined;
      return insertAt(file.path, first.lineSpan.start, entries(annotations.entryIndent, first.keySource));
    }
    const next = nextLineAfterKey(text, annotations.keySpan.end);
    return next === undefined ? undefined : insertAt(file.path, next, entries(annotations.entryIndent, '"'));
  }
  const next = nextLineAfterKey(text, metadata.keySpan.end);
  if (next === undefined) return undefined;
  const indent = metadata.childIndent;
  return insertAt(file.path, next, `${indent}annotations:${eol}${entries(`${indent}  `, '"')}`);
}

/** The start of the line after a block key (`metadata:` with nothing after the colon); undefined otherwise. */
function nextLineAfterKey(text: string, keyEnd: number): number | undefined {
  const lineEnd = endOfLine(text, keyEnd);
  const rest = withoutTrailingComment(text.slice(keyEnd, lineEnd)).trim();
  if (rest !== ':') return undefined;
  const newline = text.indexOf('\n', lineEnd);
  return newline < 0 ? undefined : newline + 1;
}

function insertAt(file: string, offset: number, newText: string): TextEdit {
  return { file, span: { start: offset, end: offset }, newText };
}
