/**
 * Where each part of a rendered document came from, as places an editor can open: the renderer's
 * source map (`output.ts`) joined with the values' origins (`context/origins.ts`).
 *
 * API
 * ```ts
 * documentOrigins(render: ChartRender, document: SortedDocument, span: Span): DocumentOrigin[]
 * templateOrigins(render: ChartRender, template: string, span: Span): DocumentOrigin[]
 * ```
 * - `render` is `renderChart`'s result (`render/chart.ts`); `document` one of its
 *   `sorted.manifests`, `sorted.hooks` or `sorted.unknownHooks`; `span` offsets in
 *   `document.content` (an empty span asks about the character at its start).
 *   `templateOrigins` asks the same of a whole rendered file (Helm's template name, offsets in
 *   its output).
 * - The answer covers the span in output order, one `DocumentOrigin` per piece with one origin:
 *   - `literal`: template text copied as is; `location` is that text in the template file.
 *   - `value`: a value of `.Values` printed as it is (or a part of it, or a key of a map printed
 *     by `toYaml`/`toJson`: `value.key`); `location` is the value (or key) in its values file
 *     — the chart's `values.yaml`, a subchart's, a parent's override, an `-f` file — exactly the
 *     characters printed when the file holds them as they are, else the whole value; no
 *     `location` when it came from the command line (`value.from` is `flag`, `value.argument`
 *     the flag's argument). `action` is the template action that printed it.
 *   - `computed`: text an action made (function results, indentation, quotes, punctuation of
 *     `toYaml`, `.Release`/`.Chart` fields); `location` and `action` are that action.
 *   - `via`: the `include`/`template`/`tpl` call sites from the rendered file down to the one
 *     holding the origin, outermost first.
 * - Files are named by their path in the `ChartInput` (`templates/job.yaml`,
 *   `charts/db/values.yaml`; inside a packaged subchart `charts/db-1.0.0.tgz/…`, which no editor
 *   can change), `-f` files by the name the caller gave.
 * - Coalesced values: the origin is the one whose bytes Helm used — a parent's override or an
 *   `-f`/`--set` value over the chart's default, a parent's `global` over the subchart's; for a
 *   map, each key has its own origin (the map merges several files).
 * Pure, never throws: anything it cannot place is `computed` at the nearest known action, or left
 * out when even that is unknown.
 */
import type { Span } from '../types';
import type { ChartRender } from './chart';
import type { ValueOrigin } from './context/origins';
import type { SortedDocument } from './manifests';
import { originsAt, type CallSite, type Origin } from './output';

/** A range of a chart file. */
export interface SourceLocation {
  /** Path in the chart input (`templates/job.yaml`, `charts/db/values.yaml`), or an `-f` file's name as given. */
  readonly file: string;
  readonly span: Span;
}

/** An `include`/`template`/`tpl` call: the call's text (the `include "x" .` command, the whole `{{ template }}` action). */
export interface CallLocation extends SourceLocation {
  /** The template (or function) called. */
  readonly name: string;
}

export interface ValueSource {
  /** `chart`: a values.yaml of the chart or a subchart; `file`: an `-f` file; `flag`: `--set` and its kin. */
  readonly from: 'chart' | 'file' | 'flag';
  /** The values file's path, the `-f` name, or the flag (`--set`, `--set-string`, `--set-json`, `--set-literal`). */
  readonly source: string;
  /** Key path inside that file or flag (`['startupapicheck', 'jobAnnotations', 'helm.sh/hook']`). */
  readonly path: readonly (string | number)[];
  /** The flag's whole argument (`image.tag=1.2,replicas=2`). */
  readonly argument?: string;
  /** The printed text is the key's name, not its value. */
  readonly key?: true;
}

export interface DocumentOrigin {
  readonly kind: 'literal' | 'value' | 'computed';
  /** The part of the queried span this piece covers (offsets of the document or file asked about). */
  readonly output: Span;
  /** Where the author changes it; absent for a value set on the command line, or text with no file. */
  readonly location?: SourceLocation;
  /** The action that printed a value or computed text. */
  readonly action?: SourceLocation;
  readonly value?: ValueSource;
  readonly via: readonly CallLocation[];
}

/** Origins of `span` of `document.content`. */
export function documentOrigins(render: ChartRender, document: SortedDocument, span: Span): DocumentOrigin[] {
  try {
    let start = clamp(span.start, document);
    let end = clamp(span.end, document);
    if (end <= start) {
      // An empty span asks about one character: the one at its start, or the last one.
      start = Math.min(start, document.content.length - 1);
      end = start + 1;
    }
    const inFile = { start: start + document.offset, end: end + document.offset };
    return templateOrigins(render, document.source, inFile).map((piece) => ({ ...piece, output: { start: piece.output.start - document.offset, end: piece.output.end - document.offset } }));
  } catch {
    return [];
  }
}

/** Origins of `span` of the rendered output of `template` (Helm's name: `<chart>/templates/x.yaml`). */
export function templateOrigins(render: ChartRender, template: string, span: Span): DocumentOrigin[] {
  try {
    const rendered = render.rendered?.templates.find((t) => t.name === template);
    if (!rendered) return [];
    const files = new Map((render.contexts?.templates ?? []).map((t) => [t.name, t.path]));
    const chartValues = new Set((render.contexts?.charts ?? []).map((chart) => `${chart.prefix}values.yaml`));
    const at = (name: string, where: Span): SourceLocation | undefined => {
      const file = files.get(name);
      return file === undefined ? undefined : { file, span: where };
    };
    const out: DocumentOrigin[] = [];
    for (const piece of originsAt(rendered.segments, span, rendered.ordered)) {
      const via = callLocations(piece.via, files);
      const o = piece.origin;
      const action = o.kind === 'text' ? undefined : at(o.template, o.span);
      if (o.kind === 'text') {
        const location = at(o.template, piece.source.span);
        if (location) out.push({ kind: 'literal', output: piece.output, location, via });
        else pushComputed(out, piece.output, via);
      } else if (o.kind === 'value' && o.from) {
        const value = valueSource(o.from, chartValues, o.key);
        const location = valueLocation(o, piece.output.end - piece.output.start);
        out.push({ kind: 'value', output: piece.output, ...(location ? { location } : {}), ...(action ? { action } : {}), value, via });
      } else if (action) {
        out.push({ kind: 'computed', output: piece.output, location: action, action, via });
      } else pushComputed(out, piece.output, via);
    }
    return out;
  } catch {
    return [];
  }
}

/** Text with no file of its own (what a `tpl` string printed): computed by the innermost call with a file. */
function pushComputed(out: DocumentOrigin[], output: Span, via: readonly CallLocation[]): void {
  const site = via[via.length - 1];
  if (site) out.push({ kind: 'computed', output, location: { file: site.file, span: site.span }, action: { file: site.file, span: site.span }, via });
}

function callLocations(via: readonly CallSite[], files: ReadonlyMap<string, string>): CallLocation[] {
  const out: CallLocation[] = [];
  for (const site of via) {
    const file = files.get(site.template);
    if (file !== undefined) out.push({ file, span: site.span, name: site.name });
  }
  return out;
}

function valueSource(from: ValueOrigin, chartValues: ReadonlySet<string>, key: true | undefined): ValueSource {
  const kind = from.source.startsWith('--') ? 'flag' : chartValues.has(from.source) ? 'chart' : 'file';
  return { from: kind, source: from.source, path: from.path, ...(from.argument !== undefined ? { argument: from.argument } : {}), ...(key ? { key } : {}) };
}

/** The value's (or key's) range in its file; the exact characters when the text is part of a string the file holds as is. */
function valueLocation(origin: Extract<Origin, { kind: 'value' }>, length: number): SourceLocation | undefined {
  const from = origin.from;
  if (!from?.span || from.source.startsWith('--')) return undefined;
  if (origin.key) return { file: from.source, span: from.keySpan ?? from.span };
  if (origin.offset !== undefined && from.textStart !== undefined) {
    const start = from.textStart + origin.offset;
    if (start + length <= from.span.end) return { file: from.source, span: { start, end: start + length } };
  }
  return { file: from.source, span: from.span };
}

function clamp(offset: number, document: SortedDocument): number {
  return Math.max(0, Math.min(offset, document.content.length));
}
