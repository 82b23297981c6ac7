/**
 * Documents of a file's previous text taken over when the file is read again: a keystroke in an
 * 8 MB template of 13,548 hook documents changes one of them, and parsing the other 13,547 again
 * was most of the keystroke's work. A document is taken over when its text and its mask are
 * those of a previous document and both stand alone (`standsAlone`): then nothing that reading it
 * looks at lies outside it, and its model is the previous one with every span moved by the
 * distance the document moved. (The documents the edit left alone are found by position; `moves`
 * records each copy's original, so what was derived from it can be taken over too.)
 */
import type { ManifestDocument, TemplateFile } from '../model/model';
import type { TemplateAction } from '../template/scanner';
import type { Span } from '../types';
import { firstActionEndingAfter } from '../template/scanner';
import { commonPrefix, commonSuffix } from '../text/commonEnds';

/** A document taken over with its spans moved (or its index changed): the previous document it is a copy of, and by how much it moved. */
export interface DocumentMove {
  readonly from: ManifestDocument;
  readonly delta: number;
}

/** The previous model of the document at `span` of the new text, when it can be taken over. */
export type DocumentLookup = (text: string, masked: string, actions: readonly TemplateAction[], span: Span, index: number) => ManifestDocument | undefined;

/**
 * A lookup over the documents of `previous` (the same file before the edit). Only documents that
 * lie wholly in the part of the text and of the mask the edit left alone are looked for: before
 * the edit at the same offset, after it moved by the edit's change of length. Their text and mask
 * are then equal without being compared (or hashed: the file is 8 MB), and an edit changes one
 * stretch of a file; a document anywhere else is read again.
 */
export function previousDocuments(previous: TemplateFile, moves?: WeakMap<ManifestDocument, DocumentMove>): DocumentLookup | undefined {
  if (previous.documents.length === 0) return undefined;
  let edges: { readonly before: number; readonly after: number; readonly delta: number; readonly byStart: ReadonlyMap<number, ManifestDocument> } | undefined;
  return (text, masked, actions, span, index) => {
    if (!edges) {
      const before = Math.min(commonPrefix(previous.text, text), commonPrefix(previous.masked, masked));
      const after = Math.min(commonSuffix(previous.text, text, before), commonSuffix(previous.masked, masked, before));
      const byStart = new Map<number, ManifestDocument>();
      for (const doc of previous.documents) byStart.set(doc.span.start, doc);
      edges = { before, after: text.length - after, delta: text.length - previous.text.length, byStart };
    }
    // Reading a document looks back to the start of its first line and on to the end of the `---` line after it
    // (a key cut short at the document's end reads that line: a fix's offset came out one off, a review of flow YAML found).
    const delta = readEnd(text, span.end) <= edges.before ? 0 : lineStart(text, span.start) >= edges.after ? edges.delta : undefined;
    if (delta === undefined) return undefined;
    const found = edges.byStart.get(span.start - delta);
    if (!found || found.span.end + delta !== span.end) return undefined;
    if (!standsAlone(previous.text, previous.scan.actions, found.span) || !standsAlone(text, actions, span)) return undefined;
    // The model writes `{ start: 0, end: 0 }` for a part it has no span of; in a document at offset 0 that is also a real span.
    if (found.span.start === 0 && delta !== 0) return undefined;
    if (delta === 0 && found.index === index) {
      // Kept as it is: what was worked out from it is keyed by it, so the copy it was made from
      // (by an earlier edit) is needed no more; its entry kept that whole earlier copy alive.
      moves?.delete(found);
      return found;
    }
    // Not a spread of the copy: V8 copies a spread object through its slow path, per document.
    const copy = moved(found, delta) as { -readonly [K in keyof ManifestDocument]: ManifestDocument[K] };
    copy.index = index;
    // What later steps worked out from the document alone holds for the copy, moved too (semantics/plan.ts).
    // Only the latest move is kept (the plan looks one step back): recording a copy of a copy without
    // forgetting the first kept every keystroke's copies alive through the chain, megabytes an edit.
    moves?.delete(found);
    moves?.set(copy, { from: found, delta });
    return copy;
  };
}

/**
 * Whether reading the document at `span` looks at nothing outside it: it is not empty, nothing
 * stands before it on its first line (a line's start, indentation and a key's line are read
 * back to the line's start), and no template action crosses either end. What is read after it
 * stops at the end of the next `---` line (`readEnd`), which the lookup finds unchanged too.
 */
function standsAlone(text: string, actions: readonly TemplateAction[], span: Span): boolean {
  if (span.end <= span.start) return false;
  if (span.start > 0 && text[span.start - 1] !== '\n' && !blankFirstLine(text, span)) return false;
  const first = actions[firstActionEndingAfter(actions, span.start)];
  if (first && first.span.start < span.start) return false;
  const crossing = actions[firstActionEndingAfter(actions, span.end)];
  return !crossing || crossing.span.start >= span.end;
}

/** Where what reading a document that ends at `end` may look at ends: after the line break of the next line that holds more than white space (its `---` line), or the text's end. */
function readEnd(text: string, end: number): number {
  let index = end;
  while (index < text.length && (text[index] === '\n' || text[index] === '\r' || text[index] === ' ' || text[index] === '\t')) index++;
  const lineBreak = text.indexOf('\n', index);
  return lineBreak < 0 ? text.length : lineBreak + 1;
}

/** The start of the line that holds `offset`. */
function lineStart(text: string, offset: number): number {
  return offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** Whether the document's first line (the rest of its `---` line) is blank. */
function blankFirstLine(text: string, span: Span): boolean {
  for (let index = span.start; index < span.end; index++) {
    const char = text[index];
    if (char === '\n') return true;
    if (char !== ' ' && char !== '\t' && char !== '\r') return false;
  }
  return true;
}

/**
 * A copy of a document just read that holds on to no part of the file's text. Strings cut from a
 * text (and `yaml`'s scalar values, cut from the mask) may keep the whole text they were cut from
 * alive, so a document read after an edit and taken over by the next edits kept that edit's whole
 * text and mask: 17 MB more per keystroke in the 8 MB file of 13,548 hooks, never freed. Each
 * string is copied through a one-character join, which makes a new string of its own.
 */
export function detached<T>(value: T): T {
  if (typeof value === 'string') return `${value} `.slice(0, -1) as T;
  if (Array.isArray(value)) return value.map(detached) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = detached(field);
  return copy as T;
}

/**
 * A copy of `value` with every span (an object of just `start` and `end`) moved by `delta`, except
 * the empty span at 0 that stands for none. Loops with no closure, no key array per object but a span's and no
 * call for a string or number field: a keystroke near the top of issue 16's file copies some
 * 12,600 documents of about 40 objects each.
 */
function moved<T>(value: T, delta: number): T {
  if (Array.isArray(value)) {
    // An empty list is shared: nothing in it moves, and a model's lists are never changed once read.
    if (value.length === 0) return value;
    const copy = value.slice();
    for (let index = 0; index < copy.length; index++) {
      const item: unknown = copy[index];
      if (item !== null && typeof item === 'object') copy[index] = moved(item, delta);
    }
    return copy as T;
  }
  if (value === null || typeof value !== 'object') return value;
  const fields = value as Record<string, unknown>;
  const start = fields.start;
  const end = fields.end;
  if (typeof start === 'number' && typeof end === 'number' && Object.keys(fields).length === 2) {
    return (start === 0 && end === 0 ? value : { start: start + delta, end: end + delta }) as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key in fields) {
    const field = fields[key];
    copy[key] = field !== null && typeof field === 'object' ? moved(field, delta) : field;
  }
  return copy as T;
}
