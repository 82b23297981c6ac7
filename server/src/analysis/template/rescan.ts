/**
 * The scan and mask of a file after an edit, taken over from its previous scan when the edit
 * changed only literal text: a keystroke in a weight of an 8 MB template of 13,548 hooks scanned
 * and masked the whole file again, a sixth of the keystroke's work. The result is the one
 * `scanTemplate` and `maskTemplate` give (actions after the edit moved by its length); anything
 * the edit could change otherwise gives undefined, and the caller scans afresh.
 */
import type { Span } from '../types';
import { commonPrefix, commonSuffix } from '../text/commonEnds';
import { firstActionEndingAfter, ScannedToken, type TemplateAction, type TemplateBlock, type TemplateScan } from './scanner';

export interface ScannedText {
  readonly text: string;
  readonly scan: TemplateScan;
  readonly masked: string;
}

/**
 * The scan and mask of `text`, from `previous` (the same file before an edit), when the edit is
 * taken over: the previous scan has no errors (every action and block closed, so nothing was read
 * to the end of the text); the changed part, before and after, holds no brace and has none beside
 * it (no `{{` appears or goes); and no action lies on the lines it touches (an action's mask
 * depends on whether literal text shares its lines).
 */
export function rescanned(previous: ScannedText, text: string): ScannedText | undefined {
  const old = previous.text;
  const { actions, blocks, errors } = previous.scan;
  if (errors.length > 0 || actions.length === 0) return undefined;
  const start = commonPrefix(old, text);
  if (start === old.length && start === text.length) return { text, scan: previous.scan, masked: previous.masked };
  const suffix = commonSuffix(old, text, start);
  const oldEnd = old.length - suffix;
  const newEnd = text.length - suffix;
  if (hasBrace(old, start - 1, oldEnd + 1) || hasBrace(text, start - 1, newEnd + 1)) return undefined;
  const next = firstActionEndingAfter(actions, start);
  const lineStart = old.lastIndexOf('\n', start - 1) + 1;
  if (next > 0 && actions[next - 1].span.end > lineStart) return undefined;
  const delta = newEnd - oldEnd;
  if (next < actions.length && (actions[next].span.start <= lineEndFrom(old, oldEnd) || actions[next].span.start + delta <= lineEndFrom(text, newEnd))) return undefined;
  const moved = delta === 0 ? actions : movedActions(actions, next, delta);
  const at = (offset: number): number => (offset >= oldEnd ? offset + delta : offset);
  const movedBlocks = delta === 0 ? blocks : blocks.map((block): TemplateBlock => (block.span.end < oldEnd ? block : { kind: block.kind, open: block.open, end: block.end, elses: block.elses, name: block.name, span: { start: at(block.span.start), end: at(block.span.end) } }));
  // Outside actions the mask is the text itself.
  const masked = previous.masked.slice(0, start) + text.slice(start, newEnd) + previous.masked.slice(oldEnd);
  return { text, scan: { actions: moved, blocks: movedBlocks, errors: [] }, masked };
}

function hasBrace(text: string, from: number, to: number): boolean {
  for (let index = Math.max(0, from); index < Math.min(text.length, to); index++) {
    const code = text.charCodeAt(index);
    if (code === 0x7b || code === 0x7d) return true;
  }
  return false;
}

/** Where the line holding `offset` ends (its "\n", or the end of the text). */
function lineEndFrom(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

function movedSpan(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}

/**
 * `actions` with those from `next` on `delta` further on, in loops over copies of the arrays (a spread of slices and a `map` with a closure per action copied the 67,740 actions of
 * issue 16's file through V8's generic paths on every keystroke near its top).
 */
function movedActions(actions: readonly TemplateAction[], next: number, delta: number): TemplateAction[] {
  // A copy overwritten (packed, of exactly its length, as the scanner keeps its arrays), not an array grown or made with holes.
  const moved = actions.slice();
  for (let index = next; index < actions.length; index++) moved[index] = movedAction(actions[index], delta);
  return moved;
}

/** The action `delta` further on: the fields of `scanner.ts`'s actions and tokens, in their order. */
function movedAction(action: TemplateAction, delta: number): TemplateAction {
  const tokens = action.tokens;
  const movedTokens = tokens.slice();
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    movedTokens[index] = token instanceof ScannedToken ? token.moved(delta) : { kind: token.kind, span: movedSpan(token.span, delta), text: token.text, value: token.value };
  }
  return {
    span: movedSpan(action.span, delta),
    innerSpan: movedSpan(action.innerSpan, delta),
    trimLeft: action.trimLeft,
    trimRight: action.trimRight,
    closed: action.closed,
    kind: action.kind,
    tokens: movedTokens,
  };
}
