/**
 * Turning `yaml` nodes into the model's plain `ValueInfo`, with template awareness:
 * a value that a template action prints into is `templated`, whatever YAML made of the mask.
 */
import * as yaml from 'yaml';
import type { Document, Node } from 'yaml';
import { firstActionEndingAfter, type TemplateAction } from '../template/scanner';
import { goYamlPlainText } from './goYaml';
import { endOfLine } from '../text/lineIndex';
import type { ValueInfo, ValueType, ScalarStyle } from '../model/model';
import type { Span } from '../types';

// Read once: the bundle reaches the exports of `yaml` (a CommonJS package) through one shared getter per use,
// a megamorphic load that was a twentieth of reading the 13,548-hook file (bench/README.md, section 7).
const { isAlias, isCollection, isMap, isScalar, isSeq, Scalar, visit } = yaml;
type Scalar = yaml.Scalar;

/** What a value needs to be read: the original text, the actions, and the offset of the parsed slice. */
export interface SourceContext {
  readonly text: string;
  readonly actions: readonly TemplateAction[];
  readonly offset: number;
  /** The node each alias (`*ev`) of the parsed document names (see `aliasTargets`). */
  readonly aliases?: ReadonlyMap<Node, Node>;
}

/** Builds a ValueInfo for `node`; `colonEnd` is where a missing value would start. */
export function readValue(source: SourceContext, node: Node | null | undefined, colonEnd: number): ValueInfo {
  const { text } = source;
  if (isAlias(node)) return aliasValue(source, node, colonEnd);
  if (!node || !node.range || (isScalar(node) && node.value === null && node.range[0] === node.range[1]) || onlyLineBreaks(source, node)) {
    const lineEnd = endOfLine(text, colonEnd);
    const span = { start: colonEnd, end: colonEnd };
    const printing = actionsIn(source.actions, colonEnd, lineEnd).some(printsText);
    const region = printing ? trimSpan(text, { start: colonEnd, end: lineEnd }) : span;
    return {
      type: printing ? 'templated' : 'null',
      source: text.slice(region.start, region.end),
      span: region,
      contentSpan: region,
      style: 'missing',
      literalMapping: !printing,
    };
  }
  // Block collections and block scalars end after their last line break; the value ends at its last character.
  const span = trimEndSpan(text, { start: node.range[0] + source.offset, end: node.range[1] + source.offset });
  const raw = text.slice(span.start, span.end);
  const style = styleOf(node);
  // An unterminated quoted scalar (half-typed) has no closing quote to leave out.
  const quote = style === 'single' ? "'" : '"';
  const closed = span.end - span.start >= 2 && text[span.end - 1] === quote;
  const contentSpan = style === 'single' || style === 'double' ? { start: span.start + 1, end: Math.max(span.start + 1, closed ? span.end - 1 : span.end) } : span;
  const printing = actionsIn(source.actions, span.start, span.end).some(printsText);
  if (printing) {
    return { type: 'templated', source: raw, span, contentSpan, style, literalMapping: false };
  }
  if (isMap(node)) return { type: 'map', source: raw, span, contentSpan, style, literalMapping: false };
  if (isSeq(node)) return { type: 'seq', source: raw, span, contentSpan, style, literalMapping: false };
  const scalar = node as Scalar;
  const type = scalarType(scalar, raw);
  // A YAML number or bool reaches Helm as text again, as Go formats it (`010` → "8"); `source` keeps the spelling.
  const value = scalar.value === null ? '' : typeof scalar.value === 'string' ? scalar.value : (style === 'plain' ? goYamlPlainText(raw) : undefined) ?? raw;
  return {
    type,
    value,
    source: raw,
    span,
    contentSpan,
    style,
    literalMapping: text.slice(contentSpan.start, contentSpan.end) === value,
  };
}

/**
 * An alias reads as its anchor's value, as it does for Helm (`"helm.sh/hook": *ev` with `&ev post-install`
 * elsewhere is a post-install hook). The span stays on the alias, so findings point at it, and the
 * style `alias` with no literal mapping keeps fixes from editing through it.
 */
function aliasValue(source: SourceContext, alias: Node, colonEnd: number): ValueInfo {
  const span = { start: alias.range![0] + source.offset, end: alias.range![1] + source.offset };
  const trimmed = trimEndSpan(source.text, span);
  const raw = source.text.slice(trimmed.start, trimmed.end);
  const target = source.aliases?.get(alias);
  // An unknown anchor reads as nothing (and YAML reports it).
  const anchored = target ? readValue(source, target, colonEnd) : undefined;
  return {
    type: anchored?.type ?? 'null',
    value: anchored?.value,
    source: raw,
    span: trimmed,
    contentSpan: trimmed,
    style: 'alias',
    literalMapping: false,
  };
}

/**
 * The node each alias names: the last node before it with that anchor. One walk of the document
 * in text order, so a file of many aliases costs no more than one of few; none for text without an anchor.
 */
export function aliasTargets(document: Document, text: string): ReadonlyMap<Node, Node> | undefined {
  if (!mayHoldAnchor(text)) return undefined;
  const latest = new Map<string, Node>();
  const targets = new Map<Node, Node>();
  visit(document, {
    Node(_, node) {
      if (isAlias(node)) {
        const target = latest.get(node.source);
        if (target) targets.set(node, target);
      } else if ((isScalar(node) || isCollection(node)) && node.anchor) {
        latest.set(node.anchor, node);
      }
    },
  });
  return targets;
}

/**
 * A plain scalar of nothing but carriage returns and blanks: `yaml` reads a lone `\r` as text,
 * where Helm's YAML library reads it as a line break, so such a value is missing (`key:\r #c`).
 */
function onlyLineBreaks(source: SourceContext, node: Node): boolean {
  if (!isScalar(node) || node.type !== 'PLAIN' || !node.range) return false;
  const raw = source.text.slice(node.range[0] + source.offset, node.range[1] + source.offset);
  return raw.includes('\r') && raw.trim() === '';
}

/**
 * Actions that overlap [start, end). `actions` are in text order and never overlap (as the
 * scanner gives them), so a binary search finds the first one: a lookup costs the log of the
 * file's actions plus what it returns, not a walk from the top of the file for every site.
 */
export function actionsIn(actions: readonly TemplateAction[], start: number, end: number): TemplateAction[] {
  const result: TemplateAction[] = [];
  for (let index = firstActionEndingAfter(actions, start); index < actions.length; index++) {
    const action = actions[index];
    if (action.span.start >= end) break;
    result.push(action);
  }
  return result;
}

export function printsText(action: TemplateAction): boolean {
  return action.kind === 'output' || action.kind === 'template' || action.kind === 'block';
}

/** The offset just after the `:` that follows a key ending at `keyEnd` (and one space, if any). */
export function afterColon(text: string, keyEnd: number): number {
  let cursor = keyEnd;
  while (cursor < text.length && text[cursor] !== ':' && text[cursor] !== '\n') cursor++;
  if (text[cursor] === ':') cursor++;
  if (text[cursor] === ' ') cursor++;
  return cursor;
}

function trimEndSpan(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && (text[end - 1] === '\n' || text[end - 1] === '\r' || text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end === span.end ? span : { start: span.start, end };
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

function styleOf(node: Node): ScalarStyle {
  if (!isScalar(node)) return 'collection';
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
      return 'double';
    case Scalar.QUOTE_SINGLE:
      return 'single';
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
      return 'block';
    default:
      return 'plain';
  }
}

function scalarType(scalar: Scalar, raw: string): ValueType {
  const value = scalar.value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') {
    return Number.isInteger(value) && !/[.eE]/.test(raw) || typeof value === 'bigint' ? 'int' : 'float';
  }
  return 'string';
}

/**
 * False only when `text` holds no YAML anchor (`&name`): every `&` is on a line whose first
 * non-blank character is `#`. Such a line is a comment, or text inside a block or quoted scalar,
 * never a node's properties (a `#` after a blank starts a comment wherever a node may start).
 * Large values files mention `&` mostly in commented-out shell commands (`a && b`).
 */
export function mayHoldAnchor(text: string): boolean {
  if (!text.includes('&')) return false;
  let lineStart = true;
  let comment = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // YAML breaks lines at CR as well as LF.
    if (code === 10 || code === 13) {
      lineStart = true;
      comment = false;
    } else if (lineStart && code !== 32 && code !== 9) {
      lineStart = false;
      comment = code === 35; // '#'
    }
    if (code === 38 && !comment) return true; // '&'
  }
  return false;
}
