/**
 * The source map of what `toYaml` and `toJson` print for a map or list of the values: every
 * printed key and scalar is traced to the slot it was read from (the key's name to the key, a
 * scalar, or a block of text, to the value), so a hook annotation a chart prints with
 * `toYaml .Values.x.annotations` points at its own line of values.yaml, not at the whole map.
 * The printed text is parsed back (it is YAML, or JSON, which YAML reads too) and walked
 * beside the value; punctuation, indentation and anything not found are left to the caller
 * (computed by the action). Maps are matched by identity, so a map passed through `dict` or a
 * variable still finds its origins.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { readBlockDocument } from '../yaml/blockReader';
import { parseDocumentSafely } from '../yaml/parseGuard';
import type { CallSite, Origin, Segment, Slot } from './output';
import type { SlotRecord } from './exec';
import type { Trace } from './trace';
import type { Span } from '../types';
import { isGoList, isGoMap, type Value } from './value';

/** Longer output is left computed: parsing it back would cost more than the trace is worth. */
const maxTracedLength = 256 * 1024;

/**
 * The walk reads nodes' kinds, ranges and keys' source text, which are the same under every
 * schema; the block reader builds them for plain block YAML (most `toYaml` output) with YAML 1.1
 * options, and `yaml` with the failsafe schema reads the rest (JSON, escapes, folded scalars).
 */
const blockOptions = { version: '1.1', uniqueKeys: false } as const;

/** The output parsed back: the block reader's nodes, else `yaml`'s failsafe ones; undefined when it cannot be read. */
export function parsedBack(text: string): Node | null | undefined {
  const fast = readBlockDocument(text, blockOptions);
  if (fast) return fast.contents as Node | null;
  const doc = parseDocumentSafely(text, { schema: 'failsafe', uniqueKeys: false });
  return !doc || doc.errors.length > 0 ? undefined : (doc.contents as Node | null);
}

/** Texts parsed back, by text: a render prints the same `toYaml` text again and again (airflow: 54 prints, 13 texts). */
export type ParsedBackMemo = Map<string, Node | null | undefined>;

/**
 * Segments (offsets into `text`) for the keys and scalars of `value` that have an origin; may be empty.
 * `memo`: the texts this render parsed back (the nodes are only read).
 */
export function serializedSegments(text: string, value: Value, slotInfo: (slot: Slot) => SlotRecord, template: string, span: Span, via: readonly CallSite[], memo?: ParsedBackMemo): Segment[] {
  if (text.length > maxTracedLength || !(isGoMap(value) || isGoList(value))) return [];
  // An empty map or list has no key or item to trace (its `{}` or `[]`, which `yaml` would parse, is the caller's).
  if ((isGoMap(value) ? value.size : value.length) === 0) return [];
  let contents = memo?.get(text);
  if (contents === undefined && !memo?.has(text)) {
    contents = parsedBack(text);
    memo?.set(text, contents);
  }
  if (contents === undefined) return [];
  const segments: Segment[] = [];
  const mark = (node: unknown, origin: Origin): void => {
    const range = (node as Node | null)?.range;
    if (range && range[1] > range[0]) segments.push({ start: range[0], end: range[1], origin, via });
  };
  /** A scalar printed from a string whose trace is known: its characters (inside quotes, if printed quoted) take the trace's segments. */
  const markTraced = (node: unknown, trace: Trace | undefined): boolean => {
    const range = (node as Node | null)?.range;
    if (!trace || !range) return false;
    const printed = text.slice(range[0], range[1]);
    const at = printed === trace.text ? range[0] : printed.slice(1, -1) === trace.text && /^["']/.test(printed) ? range[0] + 1 : -1;
    if (at < 0) return false;
    for (const s of trace.segments) segments.push({ ...s, start: s.start + at, end: s.end + at });
    return true;
  };
  const walk = (node: unknown, held: Value, depth: number): void => {
    if (depth > 200) return;
    if (isGoMap(held) && isMap(node)) {
      for (const pair of node.items) {
        const keyNode = pair.key;
        if (!isScalar(keyNode)) continue;
        // The key as written (what the failsafe schema makes its value).
        const key = String(keyNode.source);
        if (!held.has(key)) continue;
        const child = held.get(key) as Value;
        const info = slotInfo({ container: held, key });
        if (info.from) mark(keyNode, { kind: 'value', template, span, from: info.from, key: true });
        else markTraced(keyNode, info.key);
        visit(pair.value, child, info, depth);
      }
    } else if (isGoList(held) && isSeq(node)) {
      node.items.forEach((item, index) => {
        if (index < held.length) visit(item, held[index], slotInfo({ container: held, key: index }), depth);
      });
    }
  };
  const visit = (node: unknown, child: Value, info: SlotRecord, depth: number): void => {
    const from = info.from;
    if (isGoMap(child) || isGoList(child)) {
      const empty = isGoMap(child) ? child.size === 0 : child.length === 0;
      if (empty && from) mark(node, { kind: 'value', template, span, from });
      else walk(node, child, depth + 1);
    } else if (typeof child === 'string' && markTraced(node, info.value)) {
      // The string's own trace (a value's characters, a literal of the template) is the finer answer.
    } else if (from) mark(node, { kind: 'value', template, span, from });
  };
  walk(contents, value, 0);
  return segments.sort((a, b) => a.start - b.start);
}
