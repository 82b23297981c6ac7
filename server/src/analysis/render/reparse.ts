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
 */
import type { BranchNode, ListNode, Node, TextNode, Tree } from './nodes';
import type { ParseResult } from './parse';
import { commonPrefix, commonSuffix } from '../text/commonEnds';

/** The parse of `text`, taken over from `previous` (the parse of `before`, the same file before an edit), when that is exact. */
export function reparsedAfterLiteralEdit(before: string, previous: ParseResult, text: string): ParseResult | undefined {
  if (previous.error || before === text) return undefined;
  const edit = editBetween(before, text);
  const shift = new Shift(edit.end, text.length - before.length);
  const state = { found: false, failed: false };
  const replace = (node: TextNode): TextNode | undefined => {
    const nodeEnd = node.pos + node.text.length;
    if (edit.start >= nodeEnd) return undefined;
    // The edit begins in this node: it must end inside it too, with a character of the node on each side.
    if (edit.start <= node.pos || edit.end >= nodeEnd) {
      state.failed = true;
      return undefined;
    }
    const newText = node.text.slice(0, edit.start - node.pos) + edit.inserted + node.text.slice(edit.end - node.pos);
    // A new `{{` starts an action; a node turning blank (or no longer blank) may change which `define` wins.
    if (newText.includes('{{') || (newText.trim() === '') !== (node.text.trim() === '')) state.failed = true;
    state.found = true;
    return { type: 'text', pos: node.pos, text: newText };
  };
  const lines = countLines(text, edit.start, edit.start + edit.inserted.length) - countLines(before, edit.start, edit.end);
  const trees = new Map<string, Tree>();
  for (const [name, tree] of previous.trees) {
    const root = rewriteList(tree.root, edit.start, shift, replace, state);
    if (state.failed) return undefined;
    const at = tree.definedAt;
    const definedAt = at && (at.start >= edit.end ? { start: at.start + shift.delta, end: at.end + shift.delta, line: at.line + lines } : at.end >= edit.end ? { ...at, end: at.end + shift.delta } : at);
    trees.set(name, { ...tree, text, root, ...(definedAt ? { definedAt } : {}) });
  }
  return state.found ? { trees } : undefined;
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
 * A list with the edited text node replaced: the nodes before the one the edit starts in are
 * kept as they are, the nodes after it copied with their positions moved.
 */
function rewriteList(list: ListNode, at: number, shift: Shift, replace: (node: TextNode) => TextNode | undefined, state: { failed: boolean }): ListNode {
  const nodes = list.nodes;
  let last = -1;
  for (let index = 0; index < nodes.length && nodes[index].pos <= at; index++) last = index;
  if (last < 0) return shift.list(list);
  const changed = rewriteNode(nodes[last], at, shift, replace, state);
  if (changed === nodes[last] && last === nodes.length - 1) return list;
  const copied: Node[] = nodes.slice(0, last);
  copied.push(changed);
  for (let index = last + 1; index < nodes.length; index++) copied.push(shift.node(nodes[index]));
  return { type: 'list', pos: shift.at(list.pos), nodes: copied };
}

function rewriteNode(node: Node, at: number, shift: Shift, replace: (node: TextNode) => TextNode | undefined, state: { failed: boolean }): Node {
  switch (node.type) {
    case 'text':
      return replace(node) ?? node;
    case 'if':
    case 'with':
    case 'range':
      return rewriteBranch(node, at, shift, replace, state);
    case 'list':
      return rewriteList(node, at, shift, replace, state);
    default:
      // An action holds no text; it ends before the edit, which starts at or after it.
      return node;
  }
}

function rewriteBranch<T extends BranchNode & Node>(node: T, at: number, shift: Shift, replace: (node: TextNode) => TextNode | undefined, state: { failed: boolean }): T {
  if (node.elseList && node.elseList.pos <= at) {
    const elseList = rewriteList(node.elseList, at, shift, replace, state);
    return elseList === node.elseList ? node : { ...node, elseList };
  }
  const list = rewriteList(node.list, at, shift, replace, state);
  const elseList = node.elseList && shift.list(node.elseList);
  return list === node.list && elseList === node.elseList ? node : { ...node, list, ...(elseList ? { elseList } : {}) };
}

/** Copies of parse nodes with every position at or after `from` moved by `delta`. */
class Shift {
  constructor(
    readonly from: number,
    readonly delta: number,
  ) {}

  at(position: number): number {
    return position >= this.from ? position + this.delta : position;
  }

  list(list: ListNode): ListNode {
    return { type: 'list', pos: this.at(list.pos), nodes: list.nodes.map((node) => this.node(node)) };
  }

  node(node: Node): Node {
    if (this.delta === 0) return node;
    return this.deep(node) as Node;
  }

  /** Any part of a parse node: `pos`, `end` and spans are offsets; every other field is kept. */
  private deep(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.deep(item));
    if (value === null || typeof value !== 'object') return value;
    const fields = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const key in fields) {
      const field = fields[key];
      copy[key] = (key === 'pos' || key === 'end' || key === 'start') && typeof field === 'number' ? this.at(field) : typeof field === 'object' ? this.deep(field) : field;
    }
    return copy;
  }
}
