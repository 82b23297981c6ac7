/**
 * The view of a rendered file: the output of one template as the renderer printed it. Nothing
 * in it is templated any more (no pieces, no conditions), and each byte's origin comes from the
 * renderer's source map: the template text it was copied from, or the action that printed it
 * (a value keeps its place in its values file). Only `model/` turns render output into a view.
 */
import type { ChartRender } from '../render/chart';
import { templateOrigins } from '../render/documentOrigins';
import { plainFileView } from './sourceView';
import type { ByteOrigin, DocumentView } from './view';

/** The view of `template`'s rendered output `text` (Helm's template name; `path` its file in the chart input). */
export function renderedFileView(render: ChartRender, template: string, path: string, text: string): DocumentView {
  // Nothing is templated any more: a plain file's view, with each byte's origin from the source map.
  return { ...plainFileView(path, text), originOf: (offset) => renderedOrigin(render, template, path, offset) };
}

function renderedOrigin(render: ChartRender, template: string, path: string, offset: number): ByteOrigin {
  const piece = templateOrigins(render, template, { start: offset, end: offset + 1 })[0];
  if (!piece) return { file: path, offset, kind: 'printed' };
  const into = Math.max(0, offset - piece.output.start);
  if (piece.kind === 'literal' && piece.location) return { file: piece.location.file, offset: piece.location.span.start + into, kind: 'written' };
  const location = piece.location;
  // A value: the byte itself when its file holds it as printed, else the value's start in its file.
  if (piece.kind === 'value' && location) {
    const exact = location.span.end - location.span.start === piece.output.end - piece.output.start;
    return { file: location.file, offset: location.span.start + (exact ? into : 0), kind: 'written' };
  }
  const action = piece.action ?? location;
  return action ? { file: action.file, offset: action.span.start, kind: 'printed' } : { file: path, offset, kind: 'printed' };
}
