/**
 * The scan and mask of a file after an edit, taken over from its previous scan when the edit
 * changed only literal text: a keystroke in a weight of an 8 MB template of 13,548 hooks scanned
 * and masked the whole file again, a sixth of the keystroke's work. The result is the one
 * `scanTemplate` and `maskTemplate` give (actions after the edit moved by its length); anything
 * the edit could change otherwise gives undefined, and the caller scans afresh.
 */
import type { Span } from '../types';
import { commonPrefix, commonSuffix } from '../text/commonEnds';
import { firstActionEndingAfter, ScannedToken, type TemplateAction, type TemplateBlock, type TemplateScan, type TemplateToken } from './scanner';

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
 * `actions` with those from `next` on `delta` further on, in a loop over a copy of the array (a spread of slices and a `map` with a closure per action copied the 67,740 actions of
 * issue 16's file through V8's generic paths on every keystroke near its top).
 */
function movedActions(actions: readonly TemplateAction[], next: number, delta: number): TemplateAction[] {
  // A copy overwritten (packed, of exactly its length, as the scanner keeps its arrays), not an array grown or made with holes.
  const moved = actions.slice();
  for (let index = next; index < actions.length; index++) {
    const action = actions[index];
    moved[index] = action instanceof MovedAction ? action.moved(delta) : new MovedAction(action, delta);
  }
  return moved;
}

/**
 * An action `delta` further on than `from` (an action as scanned): its spans are moved at once, its
 * tokens only when read. Moved tokens (an object and a span per token, some 230,000 in issue 16's
 * file) were a third of what a keystroke near its top kept alive, copied by every young-generation
 * collection, while after a keystroke the tokens of most moved actions are never read. What reads
 * only the tokens' kinds and texts, which a move leaves alone, reads the original's (`tokenWords`).
 * A move of a moved action is one move of the original: no chain of earlier states is kept.
 */
class MovedAction implements TemplateAction {
  readonly span: Span;
  readonly innerSpan: Span;
  readonly trimLeft: boolean;
  readonly trimRight: boolean;
  readonly closed: boolean;
  readonly kind: TemplateAction['kind'];
  readonly #from: TemplateAction;
  readonly #delta: number;
  /** Made on the first read and kept, so every read of this action gives the same token objects. */
  #tokens: readonly TemplateToken[] | undefined;

  constructor(from: TemplateAction, delta: number) {
    this.span = movedSpan(from.span, delta);
    this.innerSpan = movedSpan(from.innerSpan, delta);
    this.trimLeft = from.trimLeft;
    this.trimRight = from.trimRight;
    this.closed = from.closed;
    this.kind = from.kind;
    this.#from = from;
    this.#delta = delta;
  }

  get tokens(): readonly TemplateToken[] {
    return (this.#tokens ??= movedTokens(this.#from.tokens, this.#delta));
  }

  /** The tokens as first scanned: their kinds and texts are this action's, their spans an earlier state's. */
  get words(): readonly TemplateToken[] {
    return this.#from.tokens;
  }

  moved(delta: number): MovedAction {
    return new MovedAction(this.#from, this.#delta + delta);
  }
}

/** The tokens `delta` further on: the fields of `scanner.ts`'s tokens, in their order. */
function movedTokens(tokens: readonly TemplateToken[], delta: number): TemplateToken[] {
  const moved = tokens.slice();
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    moved[index] = token instanceof ScannedToken ? token.moved(delta) : { kind: token.kind, span: movedSpan(token.span, delta), text: token.text, value: token.value };
  }
  return moved;
}

/**
 * The tokens of `action` for what reads only their kinds and texts (not their spans): a moved
 * action's are its original's, so reading them over a whole file does not move every token.
 */
export function tokenWords(action: TemplateAction): readonly Pick<TemplateToken, 'kind' | 'text'>[] {
  return action instanceof MovedAction ? action.words : action.tokens;
}
