/**
 * The parser of Go's text/template (`text/template/parse`), rule for rule: one file gives its
 * own tree plus one tree per `define`/`block`; variables must be declared before use; a
 * function name must be known at parse time (`function "x" not defined`); `break`/`continue`
 * only inside `range`; `else if`/`else with` chains. Errors are Go's text:
 * `template: NAME:LINE: message`. Never throws: the result holds either trees or the error.
 */
import { goQuote, isKeyword, lexer, type Item, type ItemType } from './lex';
import { utf8Decode } from './value';
import { isEmptyTree, nodeString, type ActionNode, type CommandNode, type ListNode, type Node, type NumberNode, type Operand, type PipeNode, type Tree, type VariableNode } from './nodes';

export interface ParseError {
  /** Go's message: `template: mychart/templates/x.yaml:3: unexpected {{end}}`. */
  readonly message: string;
  /** The message without the `template: NAME:LINE: ` prefix. */
  readonly detail: string;
  readonly line: number;
  /** Offset of the token where the parser stopped. */
  readonly pos: number;
}

export type ParseResult = { readonly trees: ReadonlyMap<string, Tree>; readonly error?: undefined } | { readonly trees?: undefined; readonly error: ParseError };

class ParseFailure {
  constructor(readonly error: ParseError) {}
}

type EndMarker = { readonly type: 'end'; readonly pos: number; readonly line: number } | { readonly type: 'else'; readonly pos: number; readonly line: number };
type ListItem = Node | EndMarker;

/**
 * Parses `text` (from file `parseName`) as Go's `template.New(name).Parse(text)` does.
 * `hasFunction` says which function names exist (builtins + the function map).
 */
export function parseTemplate(name: string, text: string, hasFunction: (name: string) => boolean, parseName = name): ParseResult {
  const parser = new Parser(text, parseName, hasFunction);
  try {
    return { trees: parser.parseFile(name) };
  } catch (error) {
    if (error instanceof ParseFailure) return { error: error.error };
    throw error;
  }
}

/**
 * How many of the latest items the parser keeps: it backs up over a few at most (a variable and
 * the blank after it, `{{` and a blank before `define`), so every older one can die young.
 */
const KEPT_ITEMS = 64;

class Parser {
  /** The latest items lexed, item `i` at `i % KEPT_ITEMS`. */
  private readonly kept: Item[] = new Array<Item>(KEPT_ITEMS);
  /** How many items have been lexed. */
  private lexed = 0;
  private readonly lex: () => Item | undefined;
  private index = 0;
  /** The furthest token read so far: Go reports its line. */
  private furthest = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;
  private readonly treeSet = new Map<string, Tree>();
  /**
   * Nodes of the lists, commands and pipelines being parsed, `scratch[0..top)`: each call takes its
   * own from where it started (nested ones have given theirs back by then) as an array of exact
   * length. Push-grown arrays copied to their exact length left a 16-element store behind per list.
   */
  private readonly scratch: unknown[] = [];
  private top = 0;

  constructor(
    private readonly text: string,
    private readonly parseName: string,
    private readonly hasFunction: (name: string) => boolean,
  ) {
    this.lex = lexer(text);
  }

  /** Item `at`, lexed when it is first asked for; past the last item (EOF or an error), the last. */
  private item(at: number): Item {
    while (this.lexed <= at) {
      const item = this.lex();
      if (!item) break;
      this.kept[this.lexed++ % KEPT_ITEMS] = item;
    }
    const index = Math.min(at, this.lexed - 1);
    if (index < this.lexed - KEPT_ITEMS) throw new Error(`template parser backed up past its kept items (${index} of ${this.lexed})`);
    return this.kept[index % KEPT_ITEMS];
  }

  private get lastRead(): Item {
    return this.item(this.furthest);
  }

  parseFile(name: string): Map<string, Tree> {
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'EOF') {
      if (this.peek().type === 'leftDelim') {
        const at = this.index;
        this.next();
        if (this.nextNonSpace().type === 'define') {
          this.parseDefinition(this.item(at));
          continue;
        }
        this.index = at;
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${n.type === 'end' ? '{{end}}' : '{{else}}'}`);
      else root.nodes.push(n);
    }
    this.add({ name, parseName: this.parseName, text: this.text, root });
    return this.treeSet;
  }

  // ---- tokens -------------------------------------------------------------------------------

  private next(): Item {
    const item = this.peek();
    this.index++;
    return item;
  }
  private backup(n = 1): void {
    this.index -= n;
  }
  private peek(): Item {
    const item = this.item(this.index);
    const at = Math.min(this.index, this.lexed - 1);
    if (at > this.furthest) this.furthest = at;
    return item;
  }
  private nextNonSpace(): Item {
    let item: Item;
    do item = this.next();
    while (item.type === 'space');
    return item;
  }
  private peekNonSpace(): Item {
    const item = this.nextNonSpace();
    this.backup();
    // The skipped blanks stay consumed, as in Go.
    return item;
  }

  private errorf(detail: string, line = this.lastRead.line, pos = this.lastRead.pos): never {
    throw new ParseFailure({ message: `template: ${this.parseName}:${line}: ${detail}`, detail, line, pos });
  }
  private expect(type: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.type !== type) this.unexpected(token, context);
    return token;
  }
  private unexpected(item: Item, context: string): never {
    if (item.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== item.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (item.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${item.val}${extra}`, item.line, item.pos);
    }
    this.errorf(`unexpected ${itemString(item)} in ${context}`);
  }

  // ---- structure ----------------------------------------------------------------------------

  private add(tree: Tree): void {
    const existing = this.treeSet.get(tree.name);
    if (!existing || isEmptyTree(existing.root)) {
      this.treeSet.set(tree.name, tree);
      return;
    }
    if (!isEmptyTree(tree.root)) this.errorf(`template: multiple definition of template ${goQuote(tree.name)}`);
  }

  /** A nested tree (define/block) parses with its own variables and range depth. */
  private nested<T>(body: () => T): T {
    const saved = { vars: this.vars, rangeDepth: this.rangeDepth };
    this.vars = ['$'];
    this.rangeDepth = 0;
    try {
      return body();
    } finally {
      this.vars = saved.vars;
      this.rangeDepth = saved.rangeDepth;
    }
  }

  private parseDefinition(start: Item): void {
    const context = 'define clause';
    const token = this.nextNonSpace();
    if (token.type !== 'string' && token.type !== 'rawString') this.unexpected(token, context);
    const name = unquote(token.val);
    this.expect('rightDelim', context);
    this.nested(() => {
      const [root, end] = this.itemList();
      if (end.type !== 'end') this.errorf(`unexpected ${markerString(end)} in ${context}`);
      const close = this.item(this.index - 1);
      this.add({ name, parseName: this.parseName, text: this.text, root, definedAt: { start: start.pos, end: close.pos + close.val.length, line: start.line } });
    });
  }

  /** Sets `value` aside in the scratch stack (see `scratch`). */
  private hold(value: unknown): void {
    this.scratch[this.top++] = value;
  }

  /** What was set aside since `base`, as an array of exact length; the stack is back at `base`. */
  private taken<T>(base: number): T[] {
    const values = this.scratch.slice(base, this.top) as T[];
    this.top = base;
    return values;
  }

  private itemList(): [ListNode, ListItem] {
    const pos = this.peekNonSpace().pos;
    // Exact length: most lists (an `if`'s body) hold a few nodes, and a push-grown array keeps room for 16.
    const base = this.top;
    while (this.peekNonSpace().type !== 'EOF') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [{ type: 'list', pos, nodes: this.taken<Node>(base) }, n];
      this.hold(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): ListItem {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'text':
        return { type: 'text', pos: token.pos, text: token.val };
      case 'leftDelim': {
        const saved = this.actionLine;
        this.actionLine = token.line;
        try {
          return this.action(token);
        } finally {
          this.actionLine = saved;
        }
      }
      default:
        this.unexpected(token, 'input');
    }
  }

  /** The span of the current action: from its `{{` to the end of the `}}` just read. */
  private spanFrom(delim: Item): { start: number; end: number } {
    const close = this.lastRead;
    return { start: delim.pos, end: close.type === 'rightDelim' ? close.pos + close.val.length : close.pos };
  }

  private action(delim: Item): ListItem {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'block':
        return this.blockControl(delim);
      case 'break':
      case 'continue':
        return this.loopControl(token, delim);
      case 'else':
        return this.elseControl();
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos, line: token.line };
      case 'if':
      case 'range':
      case 'with':
        return this.control(token.type, delim);
      case 'template':
        return this.templateControl(delim);
    }
    this.backup();
    const first = this.peek();
    const pipe = this.pipeline('command', 'rightDelim');
    const node: ActionNode = { type: 'action', pos: first.pos, span: this.spanFrom(delim), pipe };
    return node;
  }

  private loopControl(token: Item, delim: Item): Node {
    const name = token.type as 'break' | 'continue';
    const close = this.nextNonSpace();
    if (close.type !== 'rightDelim') this.unexpected(close, `{{${name}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${name}}} outside {{range}}`);
    return { type: name, pos: token.pos, span: this.spanFrom(delim) };
  }

  private elseControl(): EndMarker {
    const peek = this.peekNonSpace();
    if (peek.type === 'if' || peek.type === 'with') return { type: 'else', pos: peek.pos, line: peek.line };
    const token = this.expect('rightDelim', 'else');
    return { type: 'else', pos: token.pos, line: token.line };
  }

  private control(context: 'if' | 'range' | 'with', delim: Item): Node {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      const span = this.spanFrom(delim);
      if (context === 'range') this.rangeDepth++;
      let [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next.type === 'else') {
        const chained = this.peek();
        if ((context === 'if' && chained.type === 'if') || (context === 'with' && chained.type === 'with')) {
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.control(context, chained)] };
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end') this.errorf(`expected end; found ${markerString(next)}`);
        }
      }
      return { type: context, pos: pipe.pos, span, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private templateName(token: Item, context: string): string {
    if (token.type !== 'string' && token.type !== 'rawString') this.unexpected(token, context);
    return unquote(token.val);
  }

  private templateControl(delim: Item): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { type: 'template', pos: token.pos, span: this.spanFrom(delim), name, pipe };
  }

  private blockControl(delim: Item): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const span = this.spanFrom(delim);
    this.nested(() => {
      const [root, end] = this.itemList();
      if (end.type !== 'end') this.errorf(`unexpected ${markerString(end)} in ${context}`);
      this.add({ name, parseName: this.parseName, text: this.text, root });
    });
    return { type: 'template', pos: token.pos, span, name, pipe };
  }

  // ---- pipelines ----------------------------------------------------------------------------

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const token = this.peekNonSpace();
    // Its commands go to the scratch stack (`scratch`); the few declarations to `pipe.decl`, copied to their exact length at the end.
    const pipe = { pos: token.pos, isAssign: false, decl: [] as VariableNode[] };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      const at = this.index;
      this.next();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push(variable(v));
        this.vars.push(v.val);
        break;
      }
      if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(variable(v));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const following = this.peekNonSpace().type;
          if (following === 'variable' || following === 'rightDelim' || following === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      // Not a declaration: put the variable (and the blank after it) back.
      this.index = at;
      break;
    }
    const base = this.top;
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        const cmds = this.taken<CommandNode>(base);
        this.checkPipeline(cmds, context);
        return { type: 'pipe', pos: pipe.pos, end: token.pos, isAssign: pipe.isAssign, decl: pipe.decl.length === 0 ? [] : pipe.decl.slice(), cmds };
      }
      switch (token.type) {
        case 'bool': case 'charConstant': case 'complex': case 'dot': case 'field': case 'identifier':
        case 'number': case 'nil': case 'rawString': case 'string': case 'variable': case 'leftParen':
          this.backup();
          this.hold(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(cmds: readonly CommandNode[], context: string): void {
    if (cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < cmds.length; i++) {
      const t = cmds[i].args[0].type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') this.errorf(`non executable command in pipeline stage ${i + 1}`);
    }
  }

  private command(): CommandNode {
    const pos = this.peekNonSpace().pos;
    let end = 0;
    // Its operands go to the scratch stack (`scratch`).
    const base = this.top;
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) {
        this.hold(operand);
        end = operand.type === 'pipe' ? operand.end + 1 : operand.end;
      }
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.backup();
      else if (token.type !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (this.top === base) this.errorf('empty command');
    return { type: 'command', pos, end, args: this.taken<Operand>(base) };
  }

  private operand(): Operand | undefined {
    let node = this.term();
    if (!node) return undefined;
    if (this.peek().type === 'field') {
      const chainPos = this.peek().pos;
      const fields: string[] = [];
      let end = chainPos;
      while (this.peek().type === 'field') {
        const f = this.next();
        fields.push(f.val.slice(1));
        end = f.pos + f.val.length;
      }
      switch (node.type) {
        case 'field':
          node = { type: 'field', pos: chainPos, end, ident: [...node.ident, ...fields] };
          break;
        case 'variable':
          node = { type: 'variable', pos: chainPos, end, ident: [...node.ident, ...fields] };
          break;
        case 'bool': case 'string': case 'number': case 'nil': case 'dot':
          this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
        // falls through: errorf never returns
        default:
          node = { type: 'chain', pos: chainPos, end, node, field: fields };
      }
    }
    return node;
  }

  private term(): Operand | undefined {
    const token = this.nextNonSpace();
    const end = token.pos + token.val.length;
    switch (token.type) {
      case 'identifier':
        if (!this.hasFunction(token.val)) this.errorf(`function ${goQuote(token.val)} not defined`);
        return { type: 'identifier', pos: token.pos, end, ident: token.val };
      case 'dot':
        return { type: 'dot', pos: token.pos, end };
      case 'nil':
        return { type: 'nil', pos: token.pos, end };
      case 'variable':
        if (!this.vars.includes(token.val)) this.errorf(`undefined variable ${goQuote(token.val)}`);
        return variable(token);
      case 'field':
        return { type: 'field', pos: token.pos, end, ident: [token.val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: token.pos, end, value: token.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number': {
        const number = parseNumber(token);
        if (typeof number === 'string') this.errorf(number);
        return number;
      }
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString': {
        const text = unquote(token.val);
        return { type: 'string', pos: token.pos, end, quoted: token.val, text };
      }
    }
    this.backup();
    return undefined;
  }
}

function variable(token: Item): VariableNode {
  return { type: 'variable', pos: token.pos, end: token.pos + token.val.length, ident: [token.val] };
}

function itemString(item: Item): string {
  if (item.type === 'EOF') return 'EOF';
  if (item.type === 'error') return item.val;
  if (isKeyword(item.type)) return `<${item.val}>`;
  const runes = [...item.val];
  if (runes.length > 10) return `${goQuote(runes.slice(0, 10).join(''))}...`;
  return goQuote(item.val);
}

function markerString(item: ListItem): string {
  if (item.type === 'end') return '{{end}}';
  if (item.type === 'else') return '{{else}}';
  return nodeString(item);
}

/** strconv.Unquote for the lexer's string, raw string and char tokens (already well-formed). */
export function unquote(token: string): string {
  if (token[0] === '`') return token.slice(1, -1).replace(/\r/g, '');
  return decodeEscapes(token.slice(1, -1));
}

/**
 * The text of a quoted literal. In a string, `\x` and octal escapes are bytes, and a run of them
 * is UTF-8 (`"\xc3\xa9"` is é; a byte that is not UTF-8 stays a raw byte, as the renderer keeps
 * them). In a character constant (`bytes` false) each one is the code point of that value.
 */
function decodeEscapes(body: string, bytes = true): string {
  // Most strings have no escape: the body as it is (adding character by character built one string per character).
  if (!body.includes('\\')) return body;
  let out = '';
  let pending: number[] = [];
  const byte = (value: number): void => {
    if (bytes) pending.push(value);
    else out += String.fromCharCode(value);
  };
  // Text after a run of byte escapes cannot complete a UTF-8 sequence (it starts with ASCII or a lead byte), so the run decodes alone.
  const flush = (): void => {
    if (pending.length === 0) return;
    out += utf8Decode(pending);
    pending = [];
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      flush();
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === 'x') {
      byte(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    if (e >= '0' && e <= '7') {
      byte(parseInt(body.slice(i, i + 3), 8));
      i += 2;
      continue;
    }
    flush();
    switch (e) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'u': out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16)); i += 4; break;
      case 'U': out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16)); i += 8; break;
      default: out += e; // \\ \" \'
    }
  }
  flush();
  return out;
}

/** Go's parse.newNumber: which of int/uint/float a literal is, or the error text. */
export function parseNumber(token: Item): NumberNode | string {
  const text = token.val;
  const pos = token.pos;
  // Each node is built in one literal (same fields, same order): spreading a shared base into every
  // number made V8 copy it through its slow path, a tenth of parsing a template of many numbers.
  const node = (isInt: boolean, isUint: boolean, isFloat: boolean, isComplex: boolean, int: bigint, uint: bigint, float: number): NumberNode => ({ type: 'number', pos, end: pos + text.length, text, isComplex, isInt, isUint, isFloat, int, uint, float });
  if (token.type === 'charConstant') {
    const body = text.slice(1, -1);
    const decoded = body[0] === '\\' ? decodeEscapes(body, false) : body;
    const runes = [...decoded];
    if (runes.length !== 1) return `malformed character constant: ${text}`;
    const code = runes[0].codePointAt(0)!;
    return node(true, true, true, false, BigInt(code), BigInt(code), code);
  }
  if (token.type === 'complex' || text.endsWith('i')) {
    return node(false, false, false, true, 0n, 0n, 0);
  }
  const asInt = parseGoInt(text);
  let isInt = false;
  let isUint = false;
  let int = 0n;
  let uint = 0n;
  if (asInt !== undefined) {
    if (asInt >= 0n && asInt <= maxUint64 && !text.startsWith('-')) {
      isUint = true;
      uint = asInt;
    }
    if (asInt >= minInt64 && asInt <= maxInt64) {
      isInt = true;
      int = asInt;
      if (asInt === 0n) {
        isUint = true;
        uint = 0n;
      }
    }
  }
  if (isInt) return node(isInt, isUint, true, false, int, uint, Number(int));
  if (isUint) return node(isInt, isUint, true, false, int, uint, Number(uint));
  const f = parseGoFloat(text);
  if (f !== undefined) {
    if (!/[.eEpP]/.test(text)) return `integer overflow: ${goQuote(text)}`;
    const whole = Number.isInteger(f) && Math.abs(f) < 2 ** 63;
    return node(whole, whole && f >= 0 && f < 2 ** 64, true, false, whole ? BigInt(f) : 0n, whole && f >= 0 ? BigInt(f) : 0n, f);
  }
  return `illegal number syntax: ${goQuote(text)}`;
}

const maxUint64 = 0xffffffffffffffffn;
const minInt64 = -(2n ** 63n);
const maxInt64 = 2n ** 63n - 1n;

/** strconv.ParseInt(text, 0, …) without the range check: prefixes 0x 0o 0b and legacy 0 octal, underscores. */
function parseGoInt(text: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text);
  if (!m) return undefined;
  let digits = m[2];
  if (digits.includes('_') && !validUnderscores(digits)) return undefined;
  digits = digits.replace(/_/g, '');
  let value: bigint;
  if (/^0[oO]/.test(digits)) value = BigInt('0o' + digits.slice(2));
  else if (/^0[0-7]+$/.test(digits)) value = BigInt('0o' + digits.slice(1));
  else value = BigInt(digits);
  return m[1] === '-' ? -value : value;
}

/** Go allows `_` only between digits, or right after a base prefix. */
function validUnderscores(digits: string): boolean {
  const body = /^0[xXoObB]/.test(digits) ? digits.slice(2) : digits.startsWith('0') ? digits.slice(1) : digits;
  if (digits.length > 1 && digits.startsWith('0') && !/^0[xXoObB]/.test(digits) && body.startsWith('_')) return !/__|_$/.test(body);
  return !/__|_$/.test(body) && !(body.startsWith('_') && !/^0[xXoObB]/.test(digits));
}

/** strconv.ParseFloat for Go float literals, decimal and hexadecimal. */
function parseGoFloat(text: string): number | undefined {
  const clean = text.replace(/_/g, '');
  if (/^[+-]?(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(clean)) return Number(clean);
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(clean);
  const fraction = hex?.[3] ?? '';
  if (hex && (hex[2] || fraction)) {
    const mantissa = parseInt((hex[2] || '0') + fraction, 16) / 16 ** fraction.length;
    const value = mantissa * 2 ** Number(hex[4]);
    return hex[1] === '-' ? -value : value;
  }
  return undefined;
}
