/**
 * The hook documents as written that a render switches off: the chart's hooks that rendered no
 * hook (nor a document Helm drops) with these values, each with the guards around its
 * `helm.sh/hook` key as written — the `if` conditions (an `else` branch as `if not …`) and the
 * `range`/`with` it is in. Only a hook that a guard can explain is listed: one in a template Helm
 * did not render at all (a disabled subchart), in a `define` body, with no guard, or whose
 * `helm.sh/hook` key was copied to the output (then it should have been placed) is not.
 */
import type { ChartModel, Resource } from '../model/chart';
import type { ChartRender } from '../render/chart';
import { templateOrigins } from '../render/documentOrigins';
import { createLineIndex } from '../text/lineIndex';
import type { Span } from '../types';
import { conditionsAt } from './conditions';
import type { OffHook } from './plan';

/** Where a rendered plan put a rendered hook or dropped document: its template and the span there (plannedHook's `file` and `span`). */
export interface PlacedDocument {
  readonly file: string;
  readonly span: Span;
}

/** The hooks of `source` (the chart as written) that `render` switched off; `placed` are the rendered plan's hooks and dropped documents. */
export function offHooks(source: ChartModel, render: ChartRender, placed: readonly PlacedDocument[]): OffHook[] {
  if (!render.contexts || !render.rendered) return [];
  const renderedPaths = new Set(render.contexts.templates.map((template) => template.path));
  const copied = copiedText(render);
  const covers = (file: string, offset: number): boolean => copied.get(file)?.some((span) => span.start <= offset && offset < span.end) ?? false;
  const result: OffHook[] = [];
  for (const resource of source.hooks) {
    const key = resource.hook!.entry.keySpan.start;
    const file = resource.file.path;
    if (!renderedPaths.has(file) || inDefine(resource, key)) continue;
    const { start, end } = resource.doc.span;
    if (placed.some((item) => item.file === file && item.span.start >= start && item.span.start <= end)) continue;
    const conditions = guardsAt(resource, key);
    // No guard to name, or the hook key was printed but not placed: say nothing rather than guess.
    if (conditions.length === 0 || covers(file, key)) continue;
    const kind = resource.doc.kind;
    result.push({
      kind: resource.kind ?? '',
      name: resource.name ?? '',
      file,
      line: createLineIndex(resource.file.text).positionAt(key).line + 1,
      conditions,
      rendersAsResource: kind !== undefined && covers(file, kind.span.start),
    });
  }
  return result;
}

/** The template text each rendered file copied as it is, by chart-relative path: what of the templates as written rendered. */
function copiedText(render: ChartRender): Map<string, Span[]> {
  const copied = new Map<string, Span[]>();
  for (const template of render.rendered!.templates) {
    for (const piece of templateOrigins(render, template.name, { start: 0, end: template.output.length })) {
      if (piece.kind !== 'literal' || !piece.location) continue;
      const spans = copied.get(piece.location.file) ?? [];
      spans.push(piece.location.span);
      copied.set(piece.location.file, spans);
    }
  }
  return copied;
}

/** The guards around `offset` of the resource's file: its `if` conditions, then the `range`/`with` blocks it is in. */
function guardsAt(resource: Resource, offset: number): string[] {
  const file = resource.file;
  const ifs = conditionsAt(file, offset).map((condition) => `if ${condition.negated ? `not ${condition.text.includes(' ') ? `(${condition.text})` : condition.text}` : condition.text}`);
  const { actions, blocks } = file.scan;
  const loops: string[] = [];
  for (const block of blocks) {
    if ((block.kind !== 'range' && block.kind !== 'with') || block.end < 0) continue;
    if (offset < actions[block.open].span.end || offset > actions[block.end].span.start) continue;
    const open = actions[block.open];
    loops.push(file.text.slice(open.innerSpan.start, open.innerSpan.end).trim().replace(/\s+/g, ' '));
  }
  return [...ifs, ...loops];
}

function inDefine(resource: Resource, offset: number): boolean {
  const { actions, blocks } = resource.file.scan;
  return blocks.some((block) => (block.kind === 'define' || block.kind === 'block') && offset >= actions[block.open].span.end && (block.end < 0 || offset <= actions[block.end].span.start));
}
