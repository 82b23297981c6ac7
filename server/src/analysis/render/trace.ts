/**
 * Traced strings: a string value together with the source map of its text, so that text an
 * `include` returns keeps pointing at the `define` it came from while it is piped through the
 * functions charts wrap it in (`nindent`, `indent`, `trim`, `quote`, `toString`, `default`, …).
 * Where a function's result cannot be related to its traced argument simply, the trace is
 * dropped and the text counts as computed by the action that printed it.
 */
import type { Span } from '../types';
import { advance, type CallSite, type Origin, type Segment } from './output';

export interface Trace {
  readonly text: string;
  /** Segments with offsets into `text`. */
  readonly segments: readonly Segment[];
  /** The text of a plain read of a value (its segment names the action that read it). */
  readonly read?: true;
}

/** The part of a trace between two offsets of its text, re-based to 0. */
export function sliceTrace(trace: Trace, start: number, end: number): Segment[] {
  const out: Segment[] = [];
  for (const s of trace.segments) {
    const a = Math.max(s.start, start);
    const b = Math.min(s.end, end);
    if (a >= b) continue;
    const origin = advance(s.origin, a - s.start);
    out.push({ start: a - start, end: b - start, origin, via: s.via });
  }
  return out;
}

/** Segments shifted by `delta`. */
export function shift(segments: readonly Segment[], delta: number): Segment[] {
  return segments.map((s) => ({ ...s, start: s.start + delta, end: s.end + delta }));
}

/**
 * The trace of a function's result from the traces of its arguments, when simple: the result is
 * a traced argument (toString, default, …), contains it once (quote, squote, printf "%s"), is
 * part of it (trim, trimSuffix, substr), or indents it (indent, nindent). Gaps are computed by
 * the action at `span`.
 */
export function deriveTrace(name: string, args: readonly unknown[], traces: readonly (Trace | undefined)[], result: unknown, template: string, span: Span, via: readonly CallSite[]): Trace | undefined {
  if (typeof result !== 'string') return undefined;
  // Called for every function call with a traced argument: one array, and the rest only when a trace is derived.
  const traced: Trace[] = [];
  for (let i = 0; i < traces.length; i++) {
    const t = traces[i];
    if (t && args[i] === t.text && t.text !== '') traced.push(t);
  }
  if (traced.length === 0) return undefined;
  for (const t of traced) if (t.text === result) return t;
  const fill = (segments: Segment[]): Trace => ({ text: result, segments: fillGaps(segments, result.length, { kind: 'computed', template, span }, via) });
  if ((name === 'indent' || name === 'nindent') && traced.length === 1) {
    const t = traced[0];
    const width = indentWidth(t.text, result, name === 'nindent');
    if (width !== undefined) return fill(indentSegments(t, width, name === 'nindent'));
  }
  for (const t of traced) {
    const at = result.indexOf(t.text);
    if (at >= 0 && result.indexOf(t.text, at + 1) < 0) return fill(shift(t.segments, at));
  }
  for (const t of traced) {
    const at = t.text.indexOf(result);
    if (result !== '' && at >= 0 && t.text.indexOf(result, at + 1) < 0) return { text: result, segments: sliceTrace(t, at, at + result.length) };
  }
  return undefined;
}

/** The pad width when `result` is `text` indented (Sprig: pad + text with every newline followed by pad). */
function indentWidth(text: string, result: string, leadingNewline: boolean): number | undefined {
  const body = leadingNewline ? (result.startsWith('\n') ? result.slice(1) : undefined) : result;
  if (body === undefined) return undefined;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  const width = (body.length - text.length) / lines;
  if (!Number.isInteger(width) || width < 0) return undefined;
  // Whether body is the pad, then text with the pad after every newline (compared in place: building it copied every included text).
  let at = 0;
  const padAt = (): boolean => {
    for (let k = 0; k < width; k++) if (body.charCodeAt(at++) !== 32) return false;
    return true;
  };
  if (!padAt()) return undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (body.charCodeAt(at++) !== code) return undefined;
    if (code === 10 && !padAt()) return undefined;
  }
  return at === body.length ? width : undefined;
}

function indentSegments(t: Trace, width: number, leadingNewline: boolean): Segment[] {
  const out: Segment[] = [];
  const lineStarts = [0];
  for (let i = t.text.indexOf('\n'); i >= 0; i = t.text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const base = leadingNewline ? 1 : 0;
  /** Output offset of an input offset. */
  const map = (offset: number): number => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    return base + offset + width * (line + 1);
  };
  for (const s of t.segments) {
    // Split each segment at line starts so the inserted pads fall between pieces.
    let from = s.start;
    for (const ls of lineStarts) {
      if (ls <= from || ls >= s.end) continue;
      out.push(piece(s, from, ls, map));
      from = ls;
    }
    out.push(piece(s, from, s.end, map));
  }
  return out;
}

function piece(s: Segment, from: number, to: number, map: (offset: number) => number): Segment {
  const origin = advance(s.origin, from - s.start);
  const start = map(from);
  return { start, end: start + (to - from), origin, via: s.via };
}

/** Segments sorted, with every uncovered stretch of [0, length) given to `origin`. */
export function fillGaps(segments: readonly Segment[], length: number, origin: Origin, via: readonly CallSite[]): Segment[] {
  // Mostly in order already: sorted (stably) only when not.
  const sorted = inOrder(segments) ? segments : [...segments].sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const s of sorted) {
    if (s.start > at) out.push({ start: at, end: s.start, origin, via });
    out.push(s);
    at = Math.max(at, s.end);
  }
  if (at < length) out.push({ start: at, end: length, origin, via });
  return out;
}

/** Whether the segments' starts never decrease. */
function inOrder(segments: readonly Segment[]): boolean {
  for (let i = 1; i < segments.length; i++) if (segments[i].start < segments[i - 1].start) return false;
  return true;
}
