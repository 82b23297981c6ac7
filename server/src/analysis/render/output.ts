/**
 * Rendered text with its source map: every piece of output is a segment that says where it came
 * from — literal template text (file and offset), a value read from a key path (the span of the
 * action that printed it), or text an action computed — and through which `include`/`template`
 * call sites the render got there.
 */
import type { Span } from '../types';
import type { ValueOrigin } from './context/origins';

/** Keys from the template's root data: `['Values', 'image', 'tag']`, `['Values', 'ports', 0]`. */
export type ValuePath = readonly (string | number)[];

export type Origin =
  /** Literal template text; `offset` is where this segment's first character is in the file. */
  | { readonly kind: 'text'; readonly template: string; readonly offset: number }
  /**
   * A value printed as is by the action at `span`: read from `path` under the template's `.` when
   * the read was a plain field chain, and from the values file or flag `from` when the engine was
   * given the values' origins (`renderTemplates`). `key`: the text is the name of the key `from`
   * holds (a map printed by `toYaml`/`toJson`), not its value. `offset`: the text is part of the
   * value's string, starting at that character (text a `tpl` copied from a value).
   */
  | { readonly kind: 'value'; readonly template: string; readonly span: Span; readonly path?: ValuePath; readonly from?: ValueOrigin; readonly key?: true; readonly offset?: number }
  /** Text the action at `span` computed. */
  | { readonly kind: 'computed'; readonly template: string; readonly span: Span };

export interface CallSite {
  /** File of the call and its span: the `include "x" .` command, or the whole `{{ template "x" . }}` action. */
  readonly template: string;
  readonly span: Span;
  /** The template (or function) called. */
  readonly name: string;
}

export interface Segment {
  /** Offsets in the rendered text. */
  readonly start: number;
  readonly end: number;
  readonly origin: Origin;
  /** Call sites from the rendered template down to the one holding the origin. */
  readonly via: readonly CallSite[];
}

/** The origin of the text `delta` characters further into a segment (text and value offsets move along). */
export function advance(origin: Origin, delta: number): Origin {
  if (delta === 0) return origin;
  if (origin.kind === 'text') return { ...origin, offset: origin.offset + delta };
  if (origin.kind === 'value' && origin.offset !== undefined) return { ...origin, offset: origin.offset + delta };
  return origin;
}

export class Output {
  private parts: string[] = [];
  private length = 0;
  readonly segments: Segment[] = [];

  get size(): number {
    return this.length;
  }

  write(text: string, origin: Origin, via: readonly CallSite[]): void {
    if (text === '') return;
    this.segments.push({ start: this.length, end: this.length + text.length, origin, via });
    this.parts.push(text);
    this.length += text.length;
  }

  /** Writes text whose segments (offsets into `text`) are already known. */
  writeTraced(text: string, segments: readonly Segment[]): void {
    for (const s of segments) this.segments.push({ ...s, start: s.start + this.length, end: s.end + this.length });
    this.parts.push(text);
    this.length += text.length;
  }

  /** Appends another output (a called template's) with its segments. */
  append(other: Output): void {
    for (const s of other.segments) this.segments.push({ ...s, start: s.start + this.length, end: s.end + this.length });
    this.parts.push(other.text());
    this.length += other.size;
  }

  text(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }
}

/** Removes every occurrence of `needle` (Helm's `<no value>`), keeping the segments in step. */
export function removeAll(text: string, segments: readonly Segment[], needle: string): { text: string; segments: Segment[] } {
  if (!text.includes(needle)) return { text, segments: [...segments] };
  const cuts: Span[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) cuts.push({ start: at, end: at + needle.length });
  /** New offset of an old offset. */
  const shift = (offset: number): number => {
    let removed = 0;
    for (const cut of cuts) {
      if (cut.start >= offset) break;
      removed += Math.min(cut.end, offset) - cut.start;
    }
    return offset - removed;
  };
  const out: Segment[] = [];
  for (const s of segments) {
    const start = shift(s.start);
    const end = shift(s.end);
    if (end <= start) continue;
    const origin = advance(s.origin, start === shift(s.start) ? firstKept(s.start, cuts) - s.start : 0);
    out.push({ ...s, start, end, origin });
  }
  let result = '';
  let from = 0;
  for (const cut of cuts) {
    result += text.slice(from, cut.start);
    from = cut.end;
  }
  return { text: result + text.slice(from), segments: out };
}

/** The first offset at or after `offset` that no cut removes. */
function firstKept(offset: number, cuts: readonly Span[]): number {
  let at = offset;
  for (const cut of cuts) if (cut.start <= at && at < cut.end) at = cut.end;
  return at;
}

/** Where one piece of a queried output span came from. */
export interface OriginPiece {
  /** The part of the queried span this piece covers (offsets in the rendered text). */
  readonly output: Span;
  readonly origin: Origin;
  /** The source text that produced it: for literal text exactly these characters, else the action. */
  readonly source: { readonly template: string; readonly span: Span };
  readonly via: readonly CallSite[];
}

/**
 * The origins of `span` of a rendered text, in output order. An empty span asks about the
 * character at its start (or the last one, at the very end).
 */
export function originsAt(segments: readonly Segment[], span: Span, ordered = false): OriginPiece[] {
  let { start, end } = span;
  if (end <= start) {
    const last = segments[segments.length - 1];
    if (last && start >= last.end) start = last.end - 1;
    end = start + 1;
  }
  const pieces: OriginPiece[] = [];
  // Ordered segments (what a render writes; `ordered` when segmentsOrdered said so) are searched, not
  // walked from the start: each span of a rendered document was looked up across the whole output.
  for (let index = ordered ? firstEndingAfter(segments, start) : 0; index < segments.length; index++) {
    const s = segments[index];
    if (ordered && s.start >= end) break;
    const a = Math.max(s.start, start);
    const b = Math.min(s.end, end);
    if (a >= b) continue;
    const o = s.origin;
    const source = o.kind === 'text' ? { template: o.template, span: { start: o.offset + (a - s.start), end: o.offset + (b - s.start) } } : { template: o.template, span: o.span };
    pieces.push({ output: { start: a, end: b }, origin: advance(o, a - s.start), source, via: s.via });
  }
  return pieces;
}

/** Whether segments' starts and ends never decrease, so originsAt may search them. */
export function segmentsOrdered(segments: readonly Segment[]): boolean {
  for (let index = 1; index < segments.length; index++) {
    if (segments[index].start < segments[index - 1].start || segments[index].end < segments[index - 1].end) return false;
  }
  return true;
}

/** The first of ordered segments that ends after `offset` (the list's length when none does). */
function firstEndingAfter(segments: readonly Segment[], offset: number): number {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (segments[middle].end > offset) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** A map or list of the values and one of its keys or indexes: where a value is held. */
export interface Slot {
  readonly container: ReadonlyMap<string, unknown> | readonly unknown[];
  readonly key: string | number;
}

/** Where the value held in a slot came from (a values file or flag), when the caller knows. */
export type SlotOrigins = (slot: Slot) => ValueOrigin | undefined;
