/**
 * Rendering a whole chart as `helm template` does: the render context of every template
 * (`render/context`: values, subcharts, dependency conditions, library charts, `.Release`,
 * `.Chart`, `.Capabilities`, `.Files`), then every template of the chart and its enabled
 * subcharts in one engine call (so `define`s are shared as in Helm), then Helm's document split,
 * hook separation, kind order and printing (`render/manifests.ts`).
 *
 * How rendered output flows: ChartInput → buildRenderContexts (one `.` per template, named as
 * Helm names it: `<chart>/charts/<sub>/templates/<file>`) → renderTemplates (output and source
 * map per file) → sortManifests (documents, hooks) → printTemplateOutput (the text).
 * The result keeps every step, so callers (the CLI, the next issue's rules) can use the
 * rendered documents and trace them back. Pure and never throws.
 */
import type { ChartInput } from '../types';
import { buildRenderContexts, type RenderContextOptions, type RenderContexts } from './context';
import { renderTemplates, type RenderLimits, type RenderResult } from './engine';
import { functionLibrary } from './functions';
import type { GoList, GoMap } from './value';
import { debugHint, printTemplateOutput, sortManifests, type SortedManifests } from './manifests';

export interface TemplateOptions extends RenderContextOptions {
  /** `--show-only` patterns (Go's filepath.Match against `templates/…` paths). */
  readonly showOnly?: readonly string[];
  readonly limits?: RenderLimits;
}

export interface ChartRender {
  /** What `helm template` prints on stdout (empty when it fails before printing). */
  readonly text: string;
  /** What `helm template` prints after `Error: ` (its exit code is then 1). */
  readonly error?: string;
  /** Lines Helm logs on stderr while coalescing values (warnings), in order. */
  readonly warnings: readonly string[];
  /** The contexts built for the templates; absent when rendering stopped before. */
  readonly contexts?: RenderContexts;
  /** The engine's result per template (output and source map). */
  readonly rendered?: RenderResult;
  /** The rendered documents, hooks apart, in Helm's order. */
  readonly sorted?: SortedManifests;
}

/** Renders `input` with `options` as `helm template release-name CHART …` would. */
export function renderChart(input: ChartInput, options: TemplateOptions = {}): ChartRender {
  try {
    const contexts = buildRenderContexts(input, options);
    const warnings = contexts.problems.filter((problem) => problem.severity === 'warning').map((problem) => problem.message);
    if (contexts.error !== undefined) return { text: '', error: contexts.error, warnings, contexts };
    const rendered = renderTemplates(
      contexts.templates.map((template) => ({ name: template.name, text: template.text, context: template.context, basePath: template.basePath })),
      functionLibrary,
      options.limits,
      (slot) => contexts.origins.of(slot.container as GoMap | GoList, slot.key),
    );
    // Helm has created the release by now, so it adds its hint to a render error.
    if (rendered.helmError) return { text: '', error: `${rendered.helmError.helmMessage}${debugHint}`, warnings, contexts, rendered };
    const sorted = sortManifests(rendered.templates.map((template) => ({ name: template.name, output: template.output })));
    const printed = printTemplateOutput(sorted, options.showOnly);
    return { text: printed.text, ...(printed.error !== undefined ? { error: printed.error } : {}), warnings, contexts, rendered, sorted };
  } catch (error) {
    return { text: '', error: `internal error while rendering: ${error instanceof Error ? error.message : String(error)}`, warnings: [] };
  }
}
