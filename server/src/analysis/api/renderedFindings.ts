/**
 * Findings on rendered documents, taken back to where the author changes them. A rendered
 * finding's span goes through the renderer's source map (`render/documentOrigins.ts`): literal
 * template text is reported where it is written; a value where its values file (or `-f` file)
 * holds it, with the template line that prints it as related information; computed text at the
 * action that printed it; the `include`/`template` calls that led there are related information.
 * A fix is kept only when every byte each edit changes (or the point it inserts at) is literal
 * text of one template file; otherwise it is dropped, as it would edit output, not source.
 */
import type { RenderedChartModel } from '../model/renderedChart';
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
