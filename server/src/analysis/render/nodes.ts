/**
 * The parse tree of a Go template, node for node as `text/template/parse` builds it, with the
 * same `String()` forms (Go prints them in error messages: `executing "x" at <.Values.a>`).
 * `pos` is Go's node position (the offset Go reports a line:column for); `span` is the whole
 * `{{ … }}` of an action, for the source map and for findings.
 */
import type { Span } from '../types';

export interface Tree {
  /** Template name (a file name, or the name of a `define`/`block`). */
  readonly name: string;
  /** File the text was parsed from (Go's ParseName): positions are offsets into `text`. */
  readonly parseName: string;
  readonly text: string;
  readonly root: ListNode;
  /**
   * Where a `define` stands in `text`, from its `{{` to the `}}` of its `{{end}}` (`line` is
   * the line of that `{{`); absent for a file's own tree and for a `block`.
   */
  readonly definedAt?: { readonly start: number; readonly end: number; readonly line: number };
  /**
   * Set when the tree was taken over after edits that moved text (reparse.ts): the nodes keep
   * the positions they were parsed at, and `moved.at` gives a node's position in `text`
   * (copying every node after a keystroke to move it cost about 90 MB in an 8 MB file).
   * `definedAt` is always in `text`'s positions.
   */
  readonly moved?: PositionMap;
}

/** Positions as a tree's nodes hold them → positions in the tree's `text`. */
export interface PositionMap {
  at(position: number): number;
}

export type Node = ListNode | TextNode | ActionNode | IfNode | WithNode | RangeNode | TemplateNode | BreakNode | ContinueNode;
export type Operand = FieldNode | ChainNode | IdentifierNode | PipeNode | VariableNode | BoolNode | DotNode | NilNode | NumberNode | StringNode;

export interface ListNode { readonly type: 'list'; readonly pos: number; readonly nodes: Node[] }
export interface TextNode { readonly type: 'text'; readonly pos: number; readonly text: string }
export interface ActionNode { readonly type: 'action'; readonly pos: number; readonly span: Span; readonly pipe: PipeNode }
export interface BranchNode {
  readonly pos: number;
  readonly span: Span;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList?: ListNode;
}
export interface IfNode extends BranchNode { readonly type: 'if' }
export interface WithNode extends BranchNode { readonly type: 'with' }
export interface RangeNode extends BranchNode { readonly type: 'range' }
export interface TemplateNode { readonly type: 'template'; readonly pos: number; readonly span: Span; readonly name: string; readonly pipe?: PipeNode }
export interface BreakNode { readonly type: 'break'; readonly pos: number; readonly span: Span }
export interface ContinueNode { readonly type: 'continue'; readonly pos: number; readonly span: Span }

export interface PipeNode {
  readonly type: 'pipe';
  readonly pos: number;
  /** End offset of the pipeline's last token (for spans of parenthesised pipelines). */
  end: number;
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}
export interface CommandNode { readonly type: 'command'; readonly pos: number; end: number; readonly args: Operand[] }
export interface FieldNode { readonly type: 'field'; readonly pos: number; readonly end: number; readonly ident: string[] }
export interface ChainNode { readonly type: 'chain'; readonly pos: number; readonly end: number; readonly node: Operand; readonly field: string[] }
export interface IdentifierNode { readonly type: 'identifier'; readonly pos: number; readonly end: number; readonly ident: string }
export interface VariableNode { readonly type: 'variable'; readonly pos: number; readonly end: number; readonly ident: string[] }
export interface BoolNode { readonly type: 'bool'; readonly pos: number; readonly end: number; readonly value: boolean }
export interface DotNode { readonly type: 'dot'; readonly pos: number; readonly end: number }
export interface NilNode { readonly type: 'nil'; readonly pos: number; readonly end: number }
export interface StringNode { readonly type: 'string'; readonly pos: number; readonly end: number; readonly quoted: string; readonly text: string }
export interface NumberNode {
  readonly type: 'number';
  readonly pos: number;
  readonly end: number;
  readonly text: string;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly isComplex: boolean;
  readonly int: bigint;
  readonly uint: bigint;
  readonly float: number;
}

/** Go's `Node.String()`. */
export function nodeString(node: Node | Operand | CommandNode): string {
  switch (node.type) {
    case 'list':
      return node.nodes.map(nodeString).join('');
    case 'text':
      return node.text;
    case 'action':
      return `{{${nodeString(node.pipe)}}}`;
    case 'if':
    case 'with':
    case 'range':
      return `{{${node.type} ${nodeString(node.pipe)}}}${nodeString(node.list)}${node.elseList ? `{{else}}${nodeString(node.elseList)}` : ''}{{end}}`;
    case 'template':
      return node.pipe ? `{{template ${JSON.stringify(node.name)} ${nodeString(node.pipe)}}}` : `{{template ${JSON.stringify(node.name)}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'pipe': {
      let s = '';
      if (node.decl.length > 0) s = `${node.decl.map(nodeString).join(', ')} ${node.isAssign ? '=' : ':='} `;
      return s + node.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return node.args.map((arg) => (arg.type === 'pipe' ? `(${nodeString(arg)})` : nodeString(arg))).join(' ');
    case 'field':
      return node.ident.map((id) => '.' + id).join('');
    case 'chain':
      return (node.node.type === 'pipe' ? `(${nodeString(node.node)})` : nodeString(node.node)) + node.field.map((f) => '.' + f).join('');
    case 'identifier':
      return node.ident;
    case 'variable':
      return node.ident.join('.');
    case 'bool':
      return node.value ? 'true' : 'false';
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'string':
      return node.quoted;
    case 'number':
      return node.text;
  }
}

/** A tree with nothing but blank text is "empty": Go keeps an earlier definition over it. */
export function isEmptyTree(node: Node): boolean {
  switch (node.type) {
    case 'list':
      return node.nodes.every(isEmptyTree);
    case 'text':
      return node.text.trim() === '';
    default:
      return false;
  }
}
