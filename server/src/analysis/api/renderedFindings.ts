/**
 * Findings on rendered documents, taken back to where the author changes them. A rendered
 * finding's span goes through the renderer's source map (`render/documentOrigins.ts`): literal
 * template text is reported where it is written; a value where its values file (or `-f` file)
 * holds it, with the template line that prints it as related information; computed text at the
 * action that printed it; the `include`/`template` calls that led there are related information.
 * A fix is kept only when every byte each edit changes (or the point it inserts at) is literal
 * text of one template file; otherwise it is dropped, as it would edit output, not source.
 */
import { mapSources } from '../input/chartInput';
import type { RenderedChartModel } from '../model/renderedChart';
import { renderChart, type TemplateOptions } from '../render/chart';
import type { SortedDocument, SortedManifests } from '../render/manifests';
import { applyEdits } from './edits';
import { templateOrigins, type DocumentOrigin, type SourceLocation } from '../render/documentOrigins';
import type { Finding, Fix, RelatedLocation, Span, TextEdit } from '../types';

/** `finding` (from rules run on `model`) with its place, related locations and fixes in the chart as written. */
export function sourceFinding(model: RenderedChartModel, finding: Finding): Finding {
  const place = sourcePlace(model, finding.file, finding.span);
  const related = [...place.related, ...finding.related.map((item) => ({ ...sourcePlace(model, item.file, item.span).location, message: item.message }))];
  const fixes = finding.fixes.map((fix) => sourceFix(model, fix)).filter((fix): fix is Fix => fix !== undefined);
  return { ...finding, file: place.location.file, span: place.location.span, fixes, related: unique(related) };
}

/**
 * One finding per source place: instances of one template (a `range`, a helper included twice)
 * and a document both rendered and checked as written report the same rule and message there.
 */
export function oneFindingPerPlace(findings: readonly Finding[]): Finding[] {
  const kept: Finding[] = [];
  for (const finding of findings) {
    const index = kept.findIndex((other) => other.rule === finding.rule && other.file === finding.file && other.message === finding.message && overlap(other.span, finding.span));
    if (index < 0) kept.push(finding);
    // A value checked where its values file holds it can be fixed there, though its rendered text could not.
    else if (kept[index].fixes.length === 0 && finding.fixes.length > 0) kept[index] = { ...kept[index], fixes: finding.fixes };
  }
  return kept;
}

interface Place {
  readonly location: SourceLocation;
  readonly related: readonly RelatedLocation[];
}

function sourcePlace(model: RenderedChartModel, file: string, span: Span): Place {
  const template = model.templateNames.get(file);
  // Files that are not rendered output (values files) are already places in the source.
  if (template === undefined) return { location: { file, span }, related: [] };
  const text = model.files.find((candidate) => candidate.path === file)?.text ?? '';
  const pieces = originsOf(model, template, text, span);
  const primary = chosen(pieces, text);
  if (!primary) return { location: { file, span: { start: 0, end: 0 } }, related: [] };
  const via = primary.via.map((call) => ({ file: call.file, span: call.span, message: `Rendered through this ${call.name} call.` }));
  const literal = literalRange(pieces);
  if (literal) return { location: literal, related: via };
  if (primary.kind === 'value' && primary.location) {
    const printed = primary.action ? [{ ...primary.action, message: 'The template prints the value here.' }] : [];
    return { location: primary.location, related: [...printed, ...via] };
  }
  const location = primary.location ?? primary.action;
  if (primary.via.length > 0) {
    // Computed inside a helper: no byte of it is the author's there, so it is reported at the call
    // in the rendered template that printed it (what the author wrote for this object), the helper related.
    const [call] = primary.via;
    const inner = location ? [{ ...location, message: 'Computed here, in the helper.' }] : [];
    return { location: { file: call.file, span: call.span }, related: [...inner, ...via.slice(1)] };
  }
  return location ? { location, related: via } : { location: { file, span: { start: 0, end: 0 } }, related: via };
}

/** The origins of a span of a rendered file; an empty span asks about the character at it (or before it, at the end). */
function originsOf(model: RenderedChartModel, template: string, text: string, span: Span): DocumentOrigin[] {
  if (span.end > span.start) return templateOrigins(model.render, template, span);
  const at = Math.max(0, Math.min(span.start, text.length - 1));
  return templateOrigins(model.render, template, { start: at, end: at + 1 });
}

/** The piece that names what the finding is about: the first that prints more than spaces and quotes. */
function chosen(pieces: readonly DocumentOrigin[], text: string): DocumentOrigin | undefined {
  return pieces.find((piece) => /[^\s"']/.test(text.slice(piece.output.start, piece.output.end))) ?? pieces[0];
}

/** When every piece is literal text of one file, reached the same way: the range it spans there. */
function literalRange(pieces: readonly DocumentOrigin[]): SourceLocation | undefined {
  const first = pieces[0];
  if (!first || !first.location) return undefined;
  const via = JSON.stringify(first.via);
  if (!pieces.every((piece) => piece.kind === 'literal' && piece.location?.file === first.location!.file && JSON.stringify(piece.via) === via)) return undefined;
  const start = Math.min(...pieces.map((piece) => piece.location!.span.start));
  const end = Math.max(...pieces.map((piece) => piece.location!.span.end));
  return { file: first.location.file, span: { start, end } };
}

function sourceFix(model: RenderedChartModel, fix: Fix): Fix | undefined {
  if (fix.edits.some((edit) => edit.asWritten)) return checkedAsWritten(model, fix);
  const edits: TextEdit[] = [];
  for (const edit of fix.edits) {
    const mapped = sourceEdit(model, edit);
    if (!mapped) return undefined;
    edits.push(mapped);
  }
  if (new Set(edits.map((edit) => edit.file)).size > 1) return undefined;
  return { ...fix, edits };
}

/** The edit on the template text it changes, when that text is literal, contiguous and in one file. */
function sourceEdit(model: RenderedChartModel, edit: TextEdit): TextEdit | undefined {
  const template = model.templateNames.get(edit.file);
  if (template === undefined) return edit;
  const { start, end } = edit.span;
  if (start === end) {
    const length = model.files.find((candidate) => candidate.path === edit.file)?.text.length ?? 0;
    const before = start > 0 ? literalAt(model, template, start - 1) : undefined;
    const after = start < length ? literalAt(model, template, start) : undefined;
    // Inserting between two literal bytes that are neighbours in one file: the same place there.
    if (before && after) return before.file === after.file && before.span.end === after.span.start ? { ...edit, file: after.file, span: { start: after.span.start, end: after.span.start } } : undefined;
    const side = after ? { file: after.file, offset: after.span.start } : before ? { file: before.file, offset: before.span.end } : undefined;
    // At an end of the output, only one neighbour exists.
    return side && (start === 0 || start === length) ? { ...edit, file: side.file, span: { start: side.offset, end: side.offset } } : undefined;
  }
  const pieces = templateOrigins(model.render, template, edit.span);
  let file: string | undefined;
  let from = -1;
  let to = -1;
  let covered = 0;
  for (const piece of pieces) {
    if (piece.kind !== 'literal' || !piece.location) return undefined;
    const location = piece.location;
    if (file === undefined) [file, from] = [location.file, location.span.start];
    else if (location.file !== file || location.span.start !== to) return undefined;
    to = location.span.end;
    covered += piece.output.end - piece.output.start;
  }
  if (file === undefined || covered !== end - start || to - from !== end - start) return undefined;
  return { ...edit, file, span: { start: from, end: to } };
}

/**
 * A fix a rule wrote in the chart as written for a rendered document (`TextEdit.asWritten`): kept,
 * without the mark, when the chart rendered again with its edits (the same render options; only
 * the edited template runs again) gives every rendered document unchanged except each marked
 * document, whose promised annotation is set to the promised value (added, or its value
 * replaced) and nothing else. Anything else drops the fix.
 */
function checkedAsWritten(model: RenderedChartModel, fix: Fix): Fix | undefined {
  const { render } = model;
  const before = render.sorted;
  if (!render.source || !before || fix.edits.some((edit) => !edit.asWritten)) return undefined;
  if (new Set(fix.edits.map((edit) => edit.file)).size > 1) return undefined;
  const file = fix.edits[0].file;
  let found = false;
  let failed = false;
  const input = mapSources(render.source.input, (source) => {
    if (source.path !== file) return source;
    found = true;
    const applied = applyEdits(source.text, fix.edits);
    if (applied.skipped.length > 0) failed = true;
    return { ...source, text: applied.text };
  });
  if (!found || failed) return undefined;
  const after = renderChart(input, JSON.parse(render.source.options) as TemplateOptions, render).sorted;
  if (!after || after.error !== undefined) return undefined;
  const promised = fix.edits.map((edit) => edit.asWritten!);
  if (!sameDocuments(before, after, promised)) return undefined;
  return { ...fix, edits: fix.edits.map(({ asWritten: _promise, ...edit }) => edit) };
}

type Promised = NonNullable<TextEdit['asWritten']>;

/** Whether `after` holds the documents of `before`, each the same except that the promised ones gained their annotation. */
function sameDocuments(before: SortedManifests, after: SortedManifests, promised: readonly Promised[]): boolean {
  const all = (sorted: SortedManifests): SortedDocument[] => [...sorted.manifests, ...sorted.hooks, ...sorted.unknownHooks];
  const key = (document: SortedDocument): string => `${document.source}#${document.index}`;
  const old = new Map(all(before).map((document) => [key(document), document]));
  const now = all(after);
  if (now.length !== old.size) return false;
  const gained = new Set<Promised>();
  for (const document of now) {
    const was = old.get(key(document));
    if (!was || was.kind !== document.kind || was.name !== document.name) return false;
    if (was.content === document.content) continue;
    const promise = promised.find((item) => item.kind === document.kind && item.name === document.name);
    if (!promise || gained.has(promise) || !changedOnly(was.annotations, document.annotations, promise)) return false;
    // Beyond its annotations, the document must read the same: one line more (the promised
    // annotation) or, when it replaced a value, one line changed.
    if (!oneLineChanged(was.content, document.content, was.annotations?.has(promise.key) === true)) return false;
    gained.add(promise);
  }
  return gained.size === promised.length;
}

/** Whether `now` is `was` with one line added (`replaced`: one line changed) and nothing else. */
function oneLineChanged(was: string, now: string, replaced: boolean): boolean {
  const a = was.split('\n');
  const b = now.split('\n');
  if (b.length !== a.length + (replaced ? 0 : 1)) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const skip = replaced ? 1 : 0;
  return a.slice(i + skip).every((line, at) => line === b[i + 1 + at]);
}

/** Whether the annotations `now` are those `was` had, with the promised key set to the promised value (added or changed). */
function changedOnly(was: ReadonlyMap<string, string> | undefined, now: ReadonlyMap<string, string> | undefined, promise: Promised): boolean {
  const before = was ?? new Map<string, string>();
  if (!now || now.get(promise.key) !== promise.value || before.get(promise.key) === promise.value) return false;
  if (now.size !== before.size + (before.has(promise.key) ? 0 : 1)) return false;
  return [...before].every(([key, value]) => key === promise.key || now.get(key) === value);
}

function literalAt(model: RenderedChartModel, template: string, offset: number): SourceLocation | undefined {
  const piece = templateOrigins(model.render, template, { start: offset, end: offset + 1 })[0];
  return piece?.kind === 'literal' && piece.location && piece.location.span.end - piece.location.span.start === 1 ? piece.location : undefined;
}

function overlap(a: Span, b: Span): boolean {
  return (a.start === b.start && a.end === b.end) || (a.start < b.end && b.start < a.end);
}

function unique(related: readonly RelatedLocation[]): RelatedLocation[] {
  const seen = new Set<string>();
  return related.filter((item) => {
    const key = `${item.file}|${item.span.start}|${item.span.end}|${item.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
