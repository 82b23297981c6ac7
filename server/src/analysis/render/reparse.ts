/**
 * The parse of a template after an edit of its literal text, taken over from the parse before
 * the edit instead of lexing and parsing the whole file again: a keystroke in an 8 MB template
 * of 13,548 hook documents spent most of its render parsing text that had not changed.
 *
 * Exact, or nothing: the edit is taken over only when it lies strictly inside one text node
 * (its first and last character untouched, so the trim markers around it cut the same
 * whitespace) and the node's new text holds no `{{`. Go's lexer then gives the same items but
 * for that text, so the parser makes the same trees: the node's text replaced, every position
 * after the edit moved by the edit's length, a `define` after it moved by its lines. Anything
 * else (a parse error before, an edit touching an action or the blanks a trim marker removes)
 * returns undefined and the caller parses the file again.
 *
 * The nodes after the edit are not copied to move them: they keep the positions they were
 * parsed at, and the tree's `moved` map (`Tree.moved`, one per file) gives their positions in
 * the new text. Copying them cost close to 90 MB per keystroke in the 8 MB file, all of it kept
 * alive. `settled` makes the trees a fresh parse would make, for tests.
 */
import type { BranchNode, ListNode, Node, PositionMap, TextNode, Tree } from './nodes';
import type { ParseResult } from './parse';
import { commonPrefix, commonSuffix } from '../text/commonEnds';

/** The parse of `text`, taken over from `previous` (the parse of `before`, the same file before an edit), when that is exact. */
export function reparsedAfterLiteralEdit(before: string, previous: ParseResult, text: string): ParseResult | undefined {
  if (previous.error || before === text) return undefined;
  const edit = editBetween(before, text);
  const delta = text.length - before.length;
  const state = { found: false, failed: false };
  const replace = (node: TextNode, pos: number): TextNode | undefined => {
    const nodeEnd = pos + node.text.length;
    if (edit.start >= nodeEnd) return undefined;
    // The edit begins in this node: it must end inside it too, with a character of the node on each side.
    if (edit.start <= pos || edit.end >= nodeEnd) {
      state.failed = true;
      return undefined;
    }
    const newText = node.text.slice(0, edit.start - pos) + edit.inserted + node.text.slice(edit.end - pos);
    // A new `{{` starts an action; a node turning blank (or no longer blank) may change which `define` wins.
    if (newText.includes('{{') || (newText.trim() === '') !== (node.text.trim() === '')) state.failed = true;
    state.found = true;
    // The node keeps its own position: the edit is after its first character, so it does not move.
    return { type: 'text', pos: node.pos, text: newText };
  };
  const lines = countLines(text, edit.start, edit.start + edit.inserted.length) - countLines(before, edit.start, edit.end);
  // The trees of one file share their map; each becomes the map followed by this edit's move.
  const maps = new Map<Moves | undefined, Moves | undefined>();
  const trees = new Map<string, Tree>();
  for (const [name, tree] of previous.trees) {
    const was = tree.moved instanceof Moves ? tree.moved : tree.moved ? undefined : IDENTITY;
    if (!was) return undefined;
    const root = rewriteList(tree.root, edit.start, was, replace, state);
    if (state.failed) return undefined;
    if (!maps.has(was)) maps.set(was, delta === 0 ? was : was.then(edit.start, edit.end, delta));
    const moved = maps.get(was);
    if (!moved) return undefined;
    const at = tree.definedAt;
    const definedAt = at && (at.start >= edit.end ? { start: at.start + delta, end: at.end + delta, line: at.line + lines } : at.end >= edit.end ? { ...at, end: at.end + delta } : at);
    const { moved: _old, definedAt: _at, ...rest } = tree;
    trees.set(name, { ...rest, text, root, ...(definedAt ? { definedAt } : {}), ...(moved !== IDENTITY ? { moved } : {}) });
  }
  return state.found ? { trees } : undefined;
}

/** The trees a fresh parse of the same text makes: every node at its position in the text, no `moved` map (for tests). */
export function settled(result: ParseResult): ParseResult {
  if (result.error) return result;
  const trees = new Map<string, Tree>();
  for (const [name, tree] of result.trees) {
    const { moved, ...rest } = tree;
    trees.set(name, moved ? { ...rest, root: deepMoved(tree.root, moved) as ListNode } : tree);
  }
  return { trees };
}

/** Any part of a parse node with its `pos`, `end` and spans' `start` mapped; every other field kept. */
function deepMoved(value: unknown, moved: PositionMap): unknown {
  if (Array.isArray(value)) return value.map((item) => deepMoved(item, moved));
  if (value === null || typeof value !== 'object') return value;
  const fields = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key in fields) {
    const field = fields[key];
    copy[key] = (key === 'pos' || key === 'end' || key === 'start') && typeof field === 'number' ? moved.at(field) : typeof field === 'object' ? deepMoved(field, moved) : field;
  }
  return copy;
}

/** The one changed stretch between two texts: `before.slice(start, end)` became `inserted`. */
function editBetween(before: string, after: string): { start: number; end: number; inserted: string } {
  const start = commonPrefix(before, after);
  const suffix = commonSuffix(before, after, start);
  return { start, end: before.length - suffix, inserted: after.slice(start, after.length - suffix) };
}

function countLines(text: string, start: number, end: number): number {
  let count = 0;
  for (let index = text.indexOf('\n', start); index >= 0 && index < end; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

/**
 * A list with the edited text node replaced: the nodes before and after the one the edit starts
 * in are kept as they are (`moved` gives their positions in the text before this edit).
 */
function rewriteList(list: ListNode, at: number, moved: Moves, replace: (node: TextNode, pos: number) => TextNode | undefined, state: { failed: boolean }): ListNode {
  const nodes = list.nodes;
  let last = -1;
  for (let index = 0; index < nodes.length && moved.at(nodes[index].pos) <= at; index++) last = index;
  if (last < 0) return list;
  const changed = rewriteNode(nodes[last], at, moved, replace, state);
  if (changed === nodes[last]) return list;
  const copied: Node[] = nodes.slice();
  copied[last] = changed;
  return { type: 'list', pos: list.pos, nodes: copied };
}

function rewriteNode(node: Node, at: number, moved: Moves, replace: (node: TextNode, pos: number) => TextNode | undefined, state: { failed: boolean }): Node {
  switch (node.type) {
    case 'text':
      return replace(node, moved.at(node.pos)) ?? node;
    case 'if':
    case 'with':
    case 'range':
      return rewriteBranch(node, at, moved, replace, state);
    case 'list':
      return rewriteList(node, at, moved, replace, state);
    default:
      // An action holds no text; it ends before the edit, which starts at or after it.
      return node;
  }
}

function rewriteBranch<T extends BranchNode & Node>(node: T, at: number, moved: Moves, replace: (node: TextNode, pos: number) => TextNode | undefined, state: { failed: boolean }): T {
  if (node.elseList && moved.at(node.elseList.pos) <= at) {
    const elseList = rewriteList(node.elseList, at, moved, replace, state);
    return elseList === node.elseList ? node : { ...node, elseList };
  }
  const list = rewriteList(node.list, at, moved, replace, state);
  return list === node.list ? node : { ...node, list };
}

/** Past this many moves a file is parsed again (a look-up stays a short binary search). */
const MAX_MOVES = 256;

/**
 * The positions of a file's parse after edits that moved text: a node parsed at `p` stands in
 * the current text at `fixed[i]` when that is set (not -1), else at `p + total[i]`, `i` the last
 * piece with `from[i] <= p` (at `p` itself before `from[0]`). An edit strictly inside a text node
 * leaves no node inside the text it replaces; the parse positions that stood there are dead, and
 * the map sends them all to the edit's start. So the map never decreases, which the search for
 * where the next edit begins depends on: left where they stood, dead positions lay over the live
 * ones that moved back after a deletion, and the next edit there moved the wrong nodes.
 */
class Moves implements PositionMap {
  constructor(
    private readonly from: readonly number[],
    private readonly total: readonly number[],
    private readonly fixed: readonly number[],
  ) {}

  at(position: number): number {
    const index = this.pieceOf(position);
    if (index < 0) return position;
    const fixed = this.fixed[index];
    return fixed >= 0 ? fixed : position + this.total[index];
  }

  /**
   * This map followed by an edit that replaced the current text [start, end) with text of
   * `end - start + delta` characters: every position at or after `end` moves by `delta`, the dead
   * ones in [start, end) go to `start`; undefined past MAX_MOVES.
   */
  then(start: number, end: number, delta: number): Moves | undefined {
    if (this.from.length >= MAX_MOVES) return undefined;
    const from = this.from.slice();
    const total = this.total.slice();
    const fixed = this.fixed.slice();
    const cut = (position: number): void => {
      if (!Number.isFinite(position)) return;
      const index = this.pieceOf(position);
      if (index >= 0 && from[index] === position) return;
      from.splice(index + 1, 0, position);
      total.splice(index + 1, 0, index < 0 ? 0 : total[index]);
      fixed.splice(index + 1, 0, index < 0 ? -1 : fixed[index]);
    };
    const deadFrom = this.firstAtOrAfter(start);
    const liveFrom = this.firstAtOrAfter(end);
    // Cut at the later position first: `cut` looks pieces up in this map, not in the copies.
    cut(liveFrom);
    if (deadFrom < liveFrom) cut(deadFrom);
    const nextFrom: number[] = [];
    const nextTotal: number[] = [];
    const nextFixed: number[] = [];
    for (let index = 0; index < from.length; index++) {
      if (from[index] >= liveFrom) {
        nextFrom.push(from[index]);
        nextTotal.push(total[index] + delta);
        nextFixed.push(fixed[index] >= 0 ? fixed[index] + delta : -1);
      } else if (from[index] >= deadFrom) {
        // One piece for the whole dead stretch.
        if (from[index] !== deadFrom) continue;
        nextFrom.push(deadFrom);
        nextTotal.push(0);
        nextFixed.push(start);
      } else {
        nextFrom.push(from[index]);
        nextTotal.push(total[index]);
        nextFixed.push(fixed[index]);
      }
    }
    return new Moves(nextFrom, nextTotal, nextFixed);
  }

  /** The last piece with `from <= position`, or -1 before the first. */
  private pieceOf(position: number): number {
    const from = this.from;
    if (from.length === 0 || position < from[0]) return -1;
    let low = 0;
    let high = from.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (from[middle] <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The first parse position the map sends to `target` or later (the map never decreases). */
  private firstAtOrAfter(target: number): number {
    const from = this.from;
    for (let index = -1; index < from.length; index++) {
      const low = index < 0 ? -Infinity : from[index];
      const high = index + 1 < from.length ? from[index + 1] : Infinity;
      const fixed = index < 0 ? -1 : this.fixed[index];
      if (fixed >= 0) {
        if (fixed >= target) return low;
        continue;
      }
      const shift = index < 0 ? 0 : this.total[index];
      if (target - shift < high) return Math.max(low, target - shift);
    }
    return Infinity;
  }
}

const IDENTITY = new Moves([], [], []);
