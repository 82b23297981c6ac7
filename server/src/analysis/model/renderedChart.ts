/**
 * The chart model of a rendered chart: every template output Helm keeps documents of
 * (`sorted.manifests`, `sorted.hooks`, `sorted.unknownHooks` of a `ChartRender`) read with the
 * same YAML reader as a file as written (rendered text has no actions, so it reads literally),
 * its resources named by the template's path in the chart input, their spans offsets in that
 * template's rendered output. `templateNames` and `render` lead back to the source map
 * (`render/documentOrigins.ts`); `renderedSources` says which documents as written rendered.
 */
import type { ChartRender } from '../render/chart';
import { templateOrigins } from '../render/documentOrigins';
import { resourcesOf, type ChartModel, type ParseCache, type Resource } from './chart';
import type { TemplateFile } from './model';
import { renderedFileView } from './renderedView';
import { parseTemplateFile } from '../yaml/documents';
import { templateWithGoLineBreaks } from '../yaml/goLineBreaks';

export interface RenderedChartModel extends ChartModel {
  readonly render: ChartRender;
  /** Helm's template name (`app/templates/job.yaml`) of each rendered file, by its path in the chart input. */
  readonly templateNames: ReadonlyMap<string, string>;
}

/** The model of what `render` rendered; undefined when it did not render (Helm's error). `source` is the chart as written; `cache` keeps the outputs read. Never throws. */
export function buildRenderedChartModel(render: ChartRender, source: ChartModel, cache?: ParseCache): RenderedChartModel | undefined {
  const { sorted, rendered, contexts } = render;
  if (render.error !== undefined || !sorted || !rendered || !contexts) return undefined;
  const kept = new Set([...sorted.manifests, ...sorted.hooks, ...sorted.unknownHooks].map((document) => document.source));
  const templateNames = new Map<string, string>();
  const files: TemplateFile[] = [];
  const resources: Resource[] = [];
  const internalErrors: string[] = [];
  for (const template of contexts.templates) {
    const output = rendered.templates.find((candidate) => candidate.name === template.name)?.output;
    if (output === undefined || !kept.has(template.name)) continue;
    try {
      const cached = cache?.rendered?.get(template.path);
      // Read with go-yaml's line breaks, as Helm reads the rendered documents (yaml/goLineBreaks.ts; the same length, so the source map holds).
      const text = templateWithGoLineBreaks(output);
      const file = cached && cached.text === text ? cached : parseTemplateFile({ path: template.path, text });
      cache?.rendered?.set(template.path, file);
      const chart = contexts.charts[template.chart];
      const chartValues = source.valuesFiles.find((values) => values.path === `${chart?.prefix ?? ''}values.yaml`);
      templateNames.set(template.path, template.name);
      files.push(file);
      const written = source.files.find((candidate) => candidate.path === template.path);
      const made = resourcesOf(file, renderedFileView(render, template.name, template.path, text), chart?.name ?? source.name, chartValues, written);
      resources.push(...made.map((resource) => withWritten(resource, source)));
    } catch (error) {
      internalErrors.push(`model: rendered ${template.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // Values files are read into the rendered documents that print them; as data they belong to the source.
  return { name: source.name, files, valuesFiles: [], resources, hooks: resources.filter((resource) => resource.hook), internalErrors, render, templateNames };
}

/**
 * `resource` (rendered) with the document as written it came from: the one its `kind` value was
 * copied from, else (a kind printed by an action) the only hook document of that kind in its file.
 */
function withWritten(resource: Resource, source: ChartModel): Resource {
  if (resource.kind === undefined) return resource;
  const inFile = source.resources.filter((written) => written.file.path === resource.file.path);
  const kindAt = resource.doc.kind?.span.start;
  const origin = kindAt === undefined ? undefined : resource.view.originOf(kindAt);
  if (origin?.kind === 'written' && origin.file === resource.file.path) {
    const found = inFile.find((written) => origin.offset >= written.doc.span.start && origin.offset < written.doc.span.end);
    return found && found.kind === resource.kind ? { ...resource, written: found } : resource;
  }
  if (!resource.hook) return resource;
  const candidates = inFile.filter((written) => written.hook && written.kind === resource.kind);
  return candidates.length === 1 ? { ...resource, written: candidates[0] } : resource;
}

/**
 * The resources of `source` (the chart as written) that some rendered document was made of:
 * a document renders when a visible byte of the output was copied from it, printed by one of
 * its actions or reached through one of its `include` calls. The others render nothing here.
 */
export function renderedSources(model: RenderedChartModel, source: ChartModel): Set<Resource> {
  const touched = new Map<string, number[]>();
  const touch = (file: string, offset: number): void => {
    let offsets = touched.get(file);
    if (!offsets) touched.set(file, (offsets = []));
    offsets.push(offset);
  };
  for (const file of model.files) {
    const name = model.templateNames.get(file.path);
    if (name === undefined) continue;
    for (const piece of templateOrigins(model.render, name, { start: 0, end: file.text.length })) {
      const printed = file.text.slice(piece.output.start, piece.output.end).trim();
      // Newlines and document separators between documents say nothing about which one rendered.
      if (printed === '' || printed === '---') continue;
      if (piece.location) touch(piece.location.file, piece.location.span.start);
      if (piece.action) touch(piece.action.file, piece.action.span.start);
      for (const call of piece.via) touch(call.file, call.span.start);
    }
  }
  const result = new Set<Resource>();
  for (const resource of source.resources) {
    const offsets = touched.get(resource.file.path);
    const { start, end } = resource.doc.span;
    if (offsets?.some((offset) => offset >= start && offset < end)) result.add(resource);
  }
  return result;
}

/**
 * The chart as written, with only its hook documents that render nothing (`rendered` holds the
 * others): what rules that judge one document by what it shows still check when the chart is
 * rendered. Values files and helpers stay, as written.
 */
export function unrenderedHooksModel(source: ChartModel, rendered: ReadonlySet<Resource>): ChartModel {
  const hooks = source.hooks.filter((resource) => !rendered.has(resource));
  return { ...source, resources: hooks, hooks, internalErrors: [] };
}
