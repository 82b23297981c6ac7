/**
 * The executor of Go's text/template (`text/template/exec.go`), as Helm runs it
 * (`missingkey=zero`): walks a parsed tree with a data value, writes the output with the origin
 * of every piece (see `output.ts`), and stops at the first error with Go's message text
 * (`template: NAME:LINE:COL: executing "NAME" at <NODE>: …`).
 *
 * Values inside the executor are `Value | undefined`: `undefined` is Go's invalid reflect.Value
 * (what a pipeline yields for a nil interface, printed `<no value>`), `null` a nil interface
 * (what a missing map key reads as). Go keeps that difference and so do we: `.a.missing.x`
 * fails with "nil pointer evaluating interface {}.x", `$v.x` with `$v` unset gives no value.
 */
import type { Span } from '../types';
import { builtins, isTrue, type Arg, type BuiltinParam } from './builtins';
import { nodeString, type ActionNode, type BranchNode, type ChainNode, type CommandNode, type FieldNode, type IdentifierNode, type ListNode, type Node, type NumberNode, type Operand, type StringNode, type PipeNode, type TemplateNode, type Tree, type VariableNode } from './nodes';
import { Output, type CallSite, type Origin, type Slot, type SlotOrigins, type ValuePath } from './output';
import { serializedSegments, type ParsedBackMemo } from './serializedTrace';
import type { ValueOrigin } from './context/origins';
import { compareGoStrings, formatValue, goTypeName } from './print';
import { deriveTrace, fillGaps, type Trace } from './trace';
import { GoError, GoStruct, isGoList, isGoMap, mapEntry, type GoFunction, type GoParamType, type Value } from './value';

/** One error of Go's wrap chain: an ExecError of the template package, or a function's own error. */
export interface Cause {
  readonly message: string;
  readonly exec: boolean;
}

/** An error that stops the render: Go's message, where it was raised, and how it got there. */
export class ExecFailure {
  constructor(
    readonly message: string,
    /** File (Go's ParseName) of the action that raised it (the innermost, through includes). */
    readonly template: string,
    readonly span: Span,
    readonly via: readonly CallSite[],
    /** Go's error chain, outermost first (Helm formats its message from it). */
    readonly causes: readonly Cause[],
    /** Set when a render limit, not the template, stopped the render. */
    readonly limit?: string,
  ) {}
}

/** A function the engine implements with access to the executor (`include`, `tpl`). */
export interface EngineFunction {
  readonly params: readonly GoParamType[];
  /**
   * `paths`: the key path each argument was read from, when it was a plain read; `reads`: the
   * slot each was read from and the source map of its text, when known (for the source map).
   */
  call(args: Value[], exec: Executor, site: CallSite, paths: readonly (ValuePath | undefined)[], reads: readonly ArgRead[]): Arg;
}

/** What the source map knows of one evaluated argument. */
export interface ArgRead {
  readonly slot?: Slot;
  readonly trace?: Trace;
}

export interface RenderLimits {
  /** Nested `template`/`include`/`tpl` calls. Default 100. */
  readonly maxCallDepth?: number;
  /** Iterations of all `range` loops of one render. Default 1,000,000. */
  readonly maxRangeIterations?: number;
  /** Output characters of one template, including what includes build. Default 20,000,000. */
  readonly maxOutput?: number;
}

/** A template set as execution reads it: a render's `Map`, or `tpl`'s own definitions over it. */
export interface TemplateSet {
  get(name: string): Tree | undefined;
  has(name: string): boolean;
}

export interface ExecEnv {
  /** The template set; `tpl` layers its text's templates over it (engine.ts `TplTemplates`). */
  readonly trees: TemplateSet;
  readonly functions: ReadonlyMap<string, GoFunction>;
  readonly engineFunctions: ReadonlyMap<string, EngineFunction>;
  readonly limits: Required<RenderLimits>;
  /** Shared by nested executions of one render. */
  readonly budget: { rangeIterations: number; output: number };
  /** Where values came from (values files, flags), for the source map; absent: values are traced by key path only. */
  readonly slotOrigins?: SlotOrigins;
  /** Every template name looked up (`include`, `template`), found or not: what a re-render depends on. */
  readonly lookedUp?: Set<string>;
  /** `toYaml`/`toJson` output parsed back for its source map, per render (serializedTrace.ts). */
  readonly parsedBack?: ParsedBackMemo;
  /** What the source map knows of slots the templates filled (`dict`, `set`, `merge`), per render. */
  readonly slotRecords?: WeakMap<object, Map<string | number, SlotRecord>>;
}

/** The source of a value a template put into a map, and of its key. */
export interface SlotRecord {
  readonly from?: ValueOrigin;
  readonly value?: Trace;
  readonly key?: Trace;
}

interface Variable {
  readonly name: string;
  value: Arg;
  path?: ValuePath;
  slot?: Slot;
  /** Held in an interface{} (a range element): Go names its type `interface {}` in errors. */
  boxed?: boolean;
  trace?: Trace;
}

/** The value of dot with the key path it was read from (for the source map), when known. */
interface Dot {
  readonly value: Arg;
  readonly path?: ValuePath;
  /** The map or list slot dot was read from. */
  readonly slot?: Slot;
  /** Dot is a range element, held in an interface{}. */
  readonly boxed?: boolean;
}

class BreakSignal {}
class ContinueSignal {}

export const DEFAULT_LIMITS: Required<RenderLimits> = { maxCallDepth: 100, maxRangeIterations: 1_000_000, maxOutput: 20_000_000 };

export class Executor {
  private vars: Variable[] = [];
  private node: Node | Operand | CommandNode | undefined;
  /** Path of the value the last evaluated pipeline read, when it was a plain field chain. */
  private lastPath: ValuePath | undefined;
  /** The slot (map and key, list and index) the last evaluated pipeline read its value from, when it was a plain read. */
  private lastSlot: Slot | undefined;
  /** The map slot the last field lookup read. */
  private fieldSlot: Slot | undefined;
  /** Whether the last field read came out of a map (an interface{} value). */
  private lastBoxed = false;
  /** Source map of the string the last command or argument produced, when it has one. */
  private resultTrace: Trace | undefined;
  /** Source map of the value piped into the current command. */
  private pipedTrace: Trace | undefined;
  /** Source map of the last pipeline's result. */
  private pipelineTrace: Trace | undefined;
  /** The slot the last `index` call read its result from. */
  private indexSlot: Slot | undefined;
  /** The action being executed: computed text is attributed to it. */
  private actionSpan: Span = { start: 0, end: 0 };

  constructor(
    readonly env: ExecEnv,
    /** The template being executed (Go's `s.tmpl`): its name appears in errors. */
    private tree: Tree,
    readonly out: Output,
    readonly via: readonly CallSite[] = [],
  ) {}

  /** Executes the tree with `data` as dot and `$`. Throws ExecFailure. */
  run(data: Arg, dataPath?: ValuePath, dataSlot?: Slot): void {
    this.vars = [{ name: '$', value: data, path: dataPath, slot: dataSlot }];
    try {
      this.walk({ value: data, path: dataPath, slot: dataSlot }, this.tree.root);
    } catch (error) {
      if (error instanceof BreakSignal || error instanceof ContinueSignal) return;
      throw error;
    }
  }

  /** Executes a named template of the set into a new output (`include`, `template`). */
  executeTemplate(name: string, data: Arg, site: CallSite, dataPath?: ValuePath, dataSlot?: Slot): Output {
    this.env.lookedUp?.add(name);
    const tree = this.env.trees.get(name);
    if (!tree) this.fail(`no template ${JSON.stringify(name)} associated with template "gotpl"`, true);
    const via = [...this.via, site];
    if (via.length > this.env.limits.maxCallDepth) this.limitFailure(`render stopped: more than ${this.env.limits.maxCallDepth} nested template calls (at ${JSON.stringify(name)})`);
    const out = new Output();
    new Executor(this.env, tree, out, via).run(data, dataPath, dataSlot);
    return out;
  }

  /** The call site of the node being executed. */
  site(name: string): CallSite {
    return { template: this.tree.parseName, span: this.currentSpan(), name };
  }

  // ---- errors -------------------------------------------------------------------------------

  private currentSpan(): Span {
    const n = this.node;
    if (!n) return { start: 0, end: 0 };
    if ('span' in n) return this.spanOf(n.span);
    if ('end' in n) return { start: this.at(n.pos), end: this.at(n.end) };
    return { start: this.at(n.pos), end: this.at(n.pos) };
  }

  /** A node's position in the tree's text (a tree taken over after an edit keeps its nodes' positions, `Tree.moved`). */
  private at(position: number): number {
    return this.tree.moved ? this.tree.moved.at(position) : position;
  }

  private spanOf(span: Span): Span {
    const moved = this.tree.moved;
    return moved ? { start: moved.at(span.start), end: moved.at(span.end) } : span;
  }

  /**
   * Go's state.errorf. `bare` is for errors Go returns without a location (ExecuteTemplate's
   * "no template"); `inner` is the error a function returned, kept as the cause.
   */
  fail(detail: string, bare = false, inner?: ExecFailure | GoError): never {
    const name = this.tree.name;
    let message: string;
    if (bare) message = `template: ${detail}`;
    else if (!this.node) message = `template: ${name}: ${detail}`;
    else message = `template: ${this.location(this.at(this.node.pos))}: executing ${JSON.stringify(name)} at <${nodeString(this.node)}>: ${detail}`;
    const causes: Cause[] = [{ message, exec: !bare }];
    if (inner instanceof ExecFailure) {
      causes.push(...inner.causes);
      throw new ExecFailure(message, inner.template, inner.span, inner.via, causes);
    }
    if (inner) causes.push({ message: inner.message, exec: false });
    throw new ExecFailure(message, this.tree.parseName, this.currentSpan(), this.via, causes);
  }

  limitFailure(message: string): never {
    throw new ExecFailure(message, this.tree.parseName, this.currentSpan(), this.via, [{ message, exec: false }], message);
  }

  /** Writes to the output within the output limit. */
  private emit(text: string, origin: Origin): void {
    this.charge(text.length);
    this.out.write(text, origin, this.via);
  }

  private charge(size: number): void {
    this.env.budget.output += size;
    if (this.env.budget.output > this.env.limits.maxOutput) this.limitFailure(`render stopped: output larger than ${this.env.limits.maxOutput} characters`);
  }

  /** `NAME:LINE:COL` with Go's byte column. */
  private location(pos: number): string {
    const text = this.tree.text;
    const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (text.charCodeAt(i) === 10) line++;
    const col = new TextEncoder().encode(text.slice(lineStart, pos)).length;
    return `${this.tree.parseName}:${line}:${col}`;
  }

  // ---- walking ------------------------------------------------------------------------------

  private walk(dot: Dot, node: Node): void {
    this.node = node;
    if ('span' in node) this.actionSpan = this.spanOf(node.span);
    switch (node.type) {
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, value);
        return;
      }
      case 'if':
      case 'with':
        return this.walkIfOrWith(node.type, dot, node);
      case 'list':
        for (const child of node.nodes) this.walk(dot, child);
        return;
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'text':
        this.emit(node.text, { kind: 'text', template: this.tree.parseName, offset: this.at(node.pos) });
        return;
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
    }
  }

  private printValue(node: ActionNode, value: Arg): void {
    this.node = node;
    const text = value === undefined ? '<no value>' : formatValue(value);
    const span = this.spanOf(node.span);
    const direct = this.valueOrigin(value, span);
    const origin: Origin = direct ?? { kind: 'computed', template: this.tree.parseName, span };
    const trace = this.pipelineTrace;
    // A plain read's own trace names the action that read it; printed directly, it is this action's.
    if (trace && trace.text === text && !(trace.read && direct)) {
      this.charge(text.length);
      this.out.writeTraced(text, fillGaps(trace.segments, text.length, origin, this.via));
      return;
    }
    this.emit(text, origin);
  }

  /** The origin of a value printed as is by the action at `span`, when it was read from a key path or a slot with an origin. */
  private valueOrigin(value: Arg, span: Span): Extract<Origin, { kind: 'value' }> | undefined {
    if (!isPrintedAsIs(value)) return undefined;
    const path = this.lastPath;
    const from = this.lastSlot && this.slotInfo(this.lastSlot).from;
    if (!path && !from) return undefined;
    return { kind: 'value', template: this.tree.parseName, span, ...(path ? { path } : {}), ...(from ? { from } : {}) };
  }

  /** What is known of where the value in a slot came from: the values' origins, or what a template put there. */
  slotInfo(slot: Slot): SlotRecord {
    const record = this.env.slotRecords?.get(slot.container)?.get(slot.key);
    const from = this.env.slotOrigins?.(slot) ?? record?.from;
    return from && record?.from !== from ? { ...record, from } : (record ?? {});
  }

  private record(container: Arg, key: string | number, record: SlotRecord): void {
    const records = this.env.slotRecords;
    if (!records || !(isGoMap(container) || isGoList(container)) || (!record.from && !record.value && !record.key)) return;
    let slots = records.get(container);
    if (!slots) records.set(container, (slots = new Map()));
    slots.set(key, record);
  }

  /** Remembers where the values `dict`, `set` and `merge` put into maps came from. */
  private recordSlots(name: string, values: readonly Arg[], result: Arg, reads: readonly ArgRead[]): void {
    const of = (i: number): SlotRecord => {
      const read = reads[i];
      const from = read?.slot && this.slotInfo(read.slot).from;
      return { ...(from ? { from } : {}), ...(read?.trace ? { value: read.trace } : {}) };
    };
    if (name === 'dict' && isGoMap(result)) {
      for (let i = 0; i + 1 < values.length; i += 2) {
        if (typeof values[i] === 'string') this.record(result, values[i] as string, { ...of(i + 1), ...(reads[i]?.trace ? { key: reads[i].trace } : {}) });
      }
    } else if (name === 'set' && typeof values[1] === 'string') {
      this.record(values[0], values[1], { ...of(2), ...(reads[1]?.trace ? { key: reads[1].trace } : {}) });
    } else if (mergers.has(name) && isGoMap(result)) {
      // A key merge copied from a source map keeps that map's record (top level only).
      for (const src of values.slice(1)) {
        if (!isGoMap(src)) continue;
        for (const [key, value] of src) {
          if (result.get(key) !== value || (this.env.slotRecords?.get(result)?.has(key) ?? false)) continue;
          const info = this.slotInfo({ container: src, key });
          this.record(result, key, info);
        }
      }
    }
  }

  /** The trace of a string just read with a plain read (so `quote`, `default`, `trunc` … keep its origin), when it has an origin. */
  private readTrace(value: Arg): Trace | undefined {
    if (typeof value !== 'string' || value === '') return undefined;
    const recorded = this.lastSlot && this.slotInfo(this.lastSlot).value;
    if (recorded && recorded.text === value) return recorded;
    const origin = this.valueOrigin(value, this.actionSpan);
    // Offset 0: the segment is the value's own characters, so a part of it (trunc, tpl) knows which.
    return origin && { text: value, segments: [{ start: 0, end: value.length, origin: { ...origin, offset: 0 }, via: this.via }], read: true };
  }

  private walkIfOrWith(type: 'if' | 'with', dot: Dot, node: BranchNode): void {
    const mark = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      const path = this.lastPath;
      const slot = this.lastSlot;
      if (isTrue(value)) this.walk(type === 'with' ? { value, path, slot } : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: Dot, node: BranchNode): void {
    this.node = node as Node;
    const outer = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      const base = this.lastPath;
      const mark = this.vars.length;
      const decl = node.pipe.decl.length;
      const one = (key: Arg, elem: Arg, keyPart: string | number | undefined): boolean => {
        if (++this.env.budget.rangeIterations > this.env.limits.maxRangeIterations) this.limitFailure(`render stopped: more than ${this.env.limits.maxRangeIterations} range iterations`);
        const path = base && keyPart !== undefined ? [...base, keyPart] : undefined;
        const slot: Slot | undefined = keyPart !== undefined && (isGoList(value) || isGoMap(value)) ? { container: value, key: keyPart } : undefined;
        const boxed = keyPart !== undefined;
        if (decl > 0) Object.assign(this.vars[this.vars.length - 1], { value: elem, path, slot, boxed, trace: undefined });
        if (decl > 1) Object.assign(this.vars[this.vars.length - 2], { value: key, path: undefined, slot: undefined, boxed: false, trace: undefined });
        try {
          this.walk({ value: elem, path, slot, boxed }, node.list);
        } catch (signal) {
          if (signal instanceof BreakSignal) return false;
          if (!(signal instanceof ContinueSignal)) throw signal;
        } finally {
          this.vars.length = mark;
        }
        return true;
      };
      let iterated = false;
      if (isGoList(value)) {
        iterated = value.length > 0;
        for (let i = 0; i < value.length; i++) if (!one(BigInt(i), value[i], i)) break;
      } else if (isGoMap(value)) {
        iterated = value.size > 0;
        for (const key of [...value.keys()].sort(compareGoStrings)) if (!one(key, value.get(key)!, key)) break;
      } else if (typeof value === 'bigint') {
        if (decl > 1) this.fail(`can't use ${value} to iterate over more than one variable`);
        iterated = value > 0n;
        for (let i = 0n; i < value; i++) if (!one(i, i, undefined)) break;
      } else if (value !== undefined && value !== null) {
        this.node = node as Node;
        this.fail(`range can't iterate over ${formatValue(value)}`);
      }
      if (!iterated && node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.vars.length = outer;
    }
  }

  private walkTemplate(dot: Dot, node: TemplateNode): void {
    this.node = node;
    this.env.lookedUp?.add(node.name);
    if (!this.env.trees.has(node.name)) this.fail(`template ${JSON.stringify(node.name)} not defined`);
    // Without a pipeline the called template gets no data (Go evaluates a nil pipeline to nothing).
    const value = node.pipe ? this.evalPipeline(dot, node.pipe) : undefined;
    const path = node.pipe ? this.lastPath : undefined;
    const slot = node.pipe ? this.lastSlot : undefined;
    this.node = node;
    const sub = this.executeTemplate(node.name, value, this.site(node.name), path, slot);
    this.charge(sub.size);
    this.out.append(sub);
  }

  // ---- evaluation ---------------------------------------------------------------------------

  evalPipeline(dot: Dot, pipe: PipeNode): Arg {
    this.node = pipe;
    let value: Arg | Missing = MISSING;
    let path: ValuePath | undefined;
    let slot: Slot | undefined;
    let trace: Trace | undefined;
    for (const cmd of pipe.cmds) {
      this.lastPath = path; // the piped value's path, for a function that keeps it
      this.lastSlot = slot;
      this.pipedTrace = trace;
      this.resultTrace = undefined;
      this.indexSlot = undefined;
      value = this.evalCommand(dot, cmd, value);
      const plain = cmd.args.length === 1 && isPlainRead(cmd.args[0]);
      path = plain ? this.lastPath : undefined;
      slot = plain ? this.lastSlot : isIndexCall(cmd) ? this.indexSlot : undefined;
      let produced = this.resultTrace as Trace | undefined; // set by evalCommand
      if (!produced && slot) {
        this.lastPath = path;
        this.lastSlot = slot;
        produced = this.readTrace(value as Arg);
      }
      trace = produced && produced.text === value ? produced : undefined;
      // A nil interface{} result becomes Go's invalid value ("lovely!" in exec.go).
      if (value === null) value = undefined;
    }
    const result = value === MISSING ? undefined : value;
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0], result, path, slot, trace);
      else this.vars.push({ name: variable.ident[0], value: result, path, slot, trace });
    }
    this.lastPath = path;
    this.lastSlot = slot;
    this.resultTrace = this.pipelineTrace = trace;
    return result;
  }

  private setVar(name: string, value: Arg, path: ValuePath | undefined, slot: Slot | undefined, trace: Trace | undefined): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        Object.assign(this.vars[i], { value, path, slot, trace, boxed: false });
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  private varValue(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i];
    this.fail(`undefined variable: ${name}`);
  }

  private notAFunction(args: Operand[], final: Arg | Missing): void {
    if (args.length > 1 || final !== MISSING) this.fail(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalCommand(dot: Dot, cmd: CommandNode, final: Arg | Missing): Arg {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        this.lastPath = dot.path;
        this.lastSlot = dot.slot;
        return dot.value;
      case 'nil':
        this.fail('nil is not a command');
      // falls through: fail never returns
      case 'number':
        return this.idealConstant(first);
      case 'string':
        this.resultTrace = this.literalTrace(first);
        return first.text;
    }
  }

  /** A string literal whose characters stand in the template as they are (no escapes) traces to them. */
  private literalTrace(n: StringNode): Trace | undefined {
    if (n.text === '' || n.quoted.length !== n.text.length + 2 || n.quoted.slice(1, -1) !== n.text) return undefined;
    return { text: n.text, segments: [{ start: 0, end: n.text.length, origin: { kind: 'text', template: this.tree.parseName, offset: this.at(n.pos) + 1 }, via: this.via }] };
  }

  private idealConstant(n: NumberNode): Arg {
    this.node = n;
    if (n.isComplex) this.fail(`complex numbers are not supported: ${n.text}`);
    const hexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    if (n.isFloat && !hexInt && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) return n.float;
    if (n.isInt) return n.int;
    this.fail(`${n.text} overflows int`);
  }

  private evalFieldNode(dot: Dot, field: FieldNode, args: Operand[], final: Arg | Missing): Arg {
    this.node = field;
    return this.evalFieldChain(dot, dot.value, dot.path, dot.boxed ?? false, field, field.ident, args, final);
  }

  private evalChainNode(dot: Dot, chain: ChainNode, args: Operand[], final: Arg | Missing): Arg {
    this.node = chain;
    if (chain.node.type === 'nil') this.fail(`indirection through explicit nil in ${nodeString(chain)}`);
    const receiver = this.evalArg(dot, undefined, chain.node);
    const path = this.lastPath;
    return this.evalFieldChain(dot, receiver, path, false, chain, chain.field, args, final);
  }

  private evalVariableNode(dot: Dot, variable: VariableNode, args: Operand[], final: Arg | Missing): Arg {
    this.node = variable;
    const v = this.varValue(variable.ident[0]);
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      this.lastPath = v.path;
      this.lastSlot = v.slot;
      this.resultTrace = v.trace;
      return v.value;
    }
    return this.evalFieldChain(dot, v.value, v.path, v.boxed ?? false, variable, variable.ident.slice(1), args, final);
  }

  private evalFieldChain(dot: Dot, receiver: Arg, path: ValuePath | undefined, boxed: boolean, node: Operand, ident: string[], args: Operand[], final: Arg | Missing): Arg {
    const n = ident.length;
    let current = receiver;
    let currentBoxed = boxed;
    for (let i = 0; i < n - 1; i++) {
      current = this.evalField(dot, ident[i], node, [], MISSING, current, currentBoxed);
      currentBoxed = this.lastBoxed;
    }
    const result = this.evalField(dot, ident[n - 1], node, args, final, current, currentBoxed);
    const called = args.length > 1 || final !== MISSING;
    // The path through every field, made once (a copy per field before).
    this.lastPath = path && (called ? undefined : [...path, ...ident]);
    this.lastSlot = called ? undefined : this.fieldSlot;
    return result;
  }

  private evalField(dot: Dot, name: string, node: Operand, args: Operand[], final: Arg | Missing, receiver: Arg, boxed: boolean): Arg {
    this.lastBoxed = false;
    this.fieldSlot = undefined;
    if (receiver === undefined) return undefined; // invalid receiver: missingkey=zero gives no value
    if (receiver === null) this.fail(`nil pointer evaluating interface {}.${name}`);
    // A named map or slice type (.Files, .Capabilities.APIVersions): Go finds a method before a key.
    const namedMethod = isGoMap(receiver) || isGoList(receiver) ? receiver.goMethods?.get(name) : undefined;
    if (namedMethod) return this.methodResult(this.evalCall(dot, namedMethod, node, name, args, final));
    if (receiver instanceof GoStruct) {
      const method = receiver.methods.get(name);
      if (method) return this.methodResult(this.evalCall(dot, method, node, name, args, final));
      if (receiver.fields.has(name)) {
        if (args.length > 1 || final !== MISSING) this.fail(`${name} has arguments but cannot be invoked as function`);
        return receiver.fields.get(name)!;
      }
      this.fail(`can't evaluate field ${name} in type ${boxed ? 'interface {}' : receiver.typeName}`);
    }
    if (isGoMap(receiver)) {
      if (args.length > 1 || final !== MISSING) this.fail(`${name} is not a method but has arguments`);
      this.lastBoxed = true;
      this.fieldSlot = { container: receiver, key: name };
      return mapEntry(receiver, name);
    }
    this.fail(`can't evaluate field ${name} in type ${boxed ? 'interface {}' : goTypeName(receiver)}`);
  }

  /** A method's result is held in no slot (its arguments' reads must not leave theirs). */
  private methodResult(result: Arg): Arg {
    this.fieldSlot = undefined;
    return result;
  }

  private evalFunction(dot: Dot, node: IdentifierNode, cmd: Operand | CommandNode, args: Operand[], final: Arg | Missing): Arg {
    this.node = node;
    const name = node.ident;
    const engine = this.env.engineFunctions.get(name);
    if (engine) {
      const paths: (ValuePath | undefined)[] = [];
      const reads: ArgRead[] = [];
      const values = this.evalArgs(dot, engine.params, undefined, name, args, final, undefined, paths, undefined, reads);
      const lastEvaluated = this.node;
      this.node = cmd;
      const site = this.site(name);
      this.resultTrace = undefined;
      const result = this.guard(name, () => engine.call(values.map(toValue), this, site, paths, reads));
      this.node = lastEvaluated;
      return result;
    }
    const fn = this.env.functions.get(name) ?? builtins.get(name);
    if (!fn) this.fail(`${JSON.stringify(name)} is not a defined function`);
    if (name === 'and' || name === 'or') {
      if (!this.env.functions.has(name)) return this.evalAndOr(dot, name, cmd, args, final);
    }
    return this.evalCall(dot, fn, cmd, name, args, final);
  }

  /** Go 1.18+: `and`/`or` stop at the first argument that decides the result. */
  private evalAndOr(dot: Dot, name: 'and' | 'or', cmd: Operand | CommandNode, args: Operand[], final: Arg | Missing): Arg {
    const rest = args.slice(1);
    const count = rest.length + (final === MISSING ? 0 : 1);
    if (count < 1) {
      this.node = cmd;
      this.fail(`wrong number of args for ${name}: want at least 1 got ${rest.length}`);
    }
    let value: Arg;
    for (const arg of rest) {
      value = this.evalArg(dot, 'reflect', arg);
      if (isTrue(value) === (name === 'or')) return value;
    }
    if (final !== MISSING) value = final;
    return value;
  }

  private evalCall(dot: Dot, fn: GoFunction | { params: readonly BuiltinParam[]; variadic?: BuiltinParam; call(args: Arg[]): Arg }, node: Operand | CommandNode, name: string, args: Operand[], final: Arg | Missing): Arg {
    const traces: (Trace | undefined)[] = [];
    const reads: ArgRead[] = [];
    const values = this.evalArgs(dot, fn.params, fn.variadic, name, args, final, node, undefined, traces, reads);
    // Go's state moves to the call only when the call fails; after a successful one it stays at the last argument
    // evaluated, so a later error (a field read on the result, `(lookup ...).data.pw`) is reported there, as Helm does.
    const lastEvaluated = this.node;
    this.node = node;
    const call = fn as { call(args: Arg[], context: { name: string }): Arg };
    const result = this.guard(name, () => call.call(values, { name }));
    this.node = lastEvaluated;
    this.recordSlots(name, values, result, reads);
    this.resultTrace = serializers.has(name) ? this.serializedTrace(values[0], result) : undefined;
    if (!this.resultTrace && traces.some((t) => t)) this.resultTrace = deriveTrace(name, values, traces, result, this.tree.parseName, this.actionSpan, this.via);
    if (name === 'index' && !this.env.functions.has(name)) this.indexSlot = indexSlot(values, reads[0]?.slot);
    return result;
  }

  /** The trace of `toYaml`/`toJson` output of a map or list whose keys have origins (see serializedTrace.ts). */
  private serializedTrace(value: Arg, result: Arg): Trace | undefined {
    if (!(this.env.slotOrigins || this.env.slotRecords) || typeof result !== 'string' || value === undefined) return undefined;
    const segments = serializedSegments(result, value, (slot) => this.slotInfo(slot), this.tree.parseName, this.actionSpan, this.via, this.env.parsedBack);
    if (segments.length === 0) return undefined;
    return { text: result, segments: fillGaps(segments, result.length, { kind: 'computed', template: this.tree.parseName, span: this.actionSpan }, this.via) };
  }

  /** Gives the result of the engine function being called (include) its source map. */
  setResultTrace(trace: Trace): void {
    this.resultTrace = trace;
  }

  /** Runs a function; its GoError becomes Go's `error calling NAME: …` at the current node. */
  private guard(name: string, body: () => Arg): Arg {
    try {
      const result = body();
      return result === undefined ? null : result;
    } catch (error) {
      if (error instanceof ExecFailure) {
        if (error.limit) throw error;
        this.fail(`error calling ${name}: ${error.message}`, false, error);
      }
      if (error instanceof GoError) this.fail(`error calling ${name}: ${error.message}`, false, error);
      if (error instanceof RangeError) this.limitFailure(`render stopped: ${name} ran out of stack`);
      throw error;
    }
  }

  private evalArgs(dot: Dot, params: readonly (BuiltinParam | GoParamType)[], variadic: BuiltinParam | undefined, name: string, args: Operand[], final: Arg | Missing, node?: Operand | CommandNode, paths?: (ValuePath | undefined)[], traces?: (Trace | undefined)[], reads?: ArgRead[]): Arg[] {
    const finalPath = this.lastPath;
    const finalSlot = this.lastSlot;
    const finalTrace = this.pipedTrace;
    // The arguments are args[1..]: args[0] names the function (none at all for a field read on the way, as Go's nil args).
    const given = Math.max(0, args.length - 1);
    const numIn = given + (final === MISSING ? 0 : 1);
    if (variadic) {
      if (numIn < params.length) {
        if (node) this.node = node;
        this.fail(`wrong number of args for ${name}: want at least ${params.length} got ${given}`);
      }
    } else if (numIn !== params.length) {
      if (node) this.node = node;
      this.fail(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }
    const values: Arg[] = [];
    for (let i = 0; i < given; i++) {
      // Only a variadic function gets more arguments than parameters (checked above).
      const type = i < params.length ? params[i] : variadic!;
      const arg = args[i + 1];
      this.lastPath = undefined;
      this.lastSlot = undefined;
      this.resultTrace = undefined;
      const value = this.evalArg(dot, type, arg);
      values.push(value);
      paths?.push(this.lastPath);
      const slot = isPlainRead(arg) || arg.type === 'pipe' ? this.lastSlot : undefined;
      const trace = this.resultTrace ?? (slot ? this.readTrace(value) : undefined);
      traces?.push(trace);
      reads?.push(argRead(slot, trace));
    }
    if (final !== MISSING) {
      const type = variadic && numIn - 1 >= params.length ? variadic : params[numIn - 1];
      values.push(this.validateType(final, type));
      paths?.push(finalPath);
      traces?.push(finalTrace);
      reads?.push(argRead(finalSlot, finalTrace));
    }
    return values;
  }

  /** Go's validateType: is the value assignable to the parameter type? */
  private validateType(value: Arg, type: BuiltinParam | undefined): Arg {
    if (type === undefined || type === 'reflect') return value;
    if (value === undefined) {
      if (canBeNil(type)) return null;
      this.fail(`invalid value; expected ${type}`);
    }
    if (type === 'interface {}') return value;
    if (value === null) {
      this.fail(`wrong type for value; expected ${type}; got interface {}`);
    }
    if (!assignable(value, type)) this.fail(`wrong type for value; expected ${type}; got ${goTypeName(value)}`);
    return value;
  }

  /** Go's evalArg: literals convert to the parameter type, other operands are checked. */
  private evalArg(dot: Dot, type: BuiltinParam | undefined, n: Operand): Arg {
    this.node = n;
    switch (n.type) {
      case 'dot':
        this.lastPath = dot.path;
        this.lastSlot = dot.slot;
        return this.validateType(dot.value, type);
      case 'nil':
        if (type === undefined || type === 'reflect' || canBeNil(type)) return type === 'reflect' ? undefined : null;
        this.fail(`cannot assign nil to ${type}`);
      // falls through: fail never returns
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), type);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, [], MISSING), type);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), type);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, [n], MISSING), type);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, [], MISSING), type);
    }
    this.lastPath = undefined;
    if (n.type === 'string') this.resultTrace = this.literalTrace(n);
    switch (type) {
      case undefined:
      case 'reflect':
      case 'interface {}':
        if (n.type === 'bool') return n.value;
        if (n.type === 'string') return n.text;
        return this.idealConstant(n);
      case 'bool':
        if (n.type === 'bool') return n.value;
        this.fail(`expected bool; found ${nodeString(n)}`);
      // falls through: fail never returns
      case 'string':
        if (n.type === 'string') return n.text;
        this.fail(`expected string; found ${nodeString(n)}`);
      // falls through: fail never returns
      case 'int':
      case 'int64':
        if (n.type === 'number' && n.isInt) return n.int;
        this.fail(`expected integer; found ${nodeString(n)}`);
      // falls through: fail never returns
      case 'float64':
        if (n.type === 'number' && n.isFloat) return n.float;
        this.fail(`expected float; found ${nodeString(n)}`);
    }
    this.fail(`can't handle ${nodeString(n)} for arg of type ${type}`);
  }
}

/** An argument's read: the slot it was read from and its trace, each when known (never changed by readers). */
function argRead(slot: Slot | undefined, trace: Trace | undefined): ArgRead {
  if (slot) return trace ? { slot, trace } : { slot };
  return trace ? { trace } : noRead;
}
const noRead: ArgRead = Object.freeze({});

/** Sprig's functions that merge maps into their first argument. */
const mergers = new Set(['merge', 'mustMerge', 'mergeOverwrite', 'mustMergeOverwrite']);

/** Functions whose output `serializedTrace` can trace key by key. */
const serializers = new Set(['toYaml', 'mustToYaml', 'toJson', 'mustToJson', 'toRawJson', 'mustToRawJson', 'toPrettyJson', 'mustToPrettyJson']);

function isIndexCall(cmd: CommandNode): boolean {
  const first = cmd.args[0];
  return first.type === 'identifier' && first.ident === 'index';
}

/** The slot `index COLLECTION KEY…` read its result from, when every step is a map key or list index. */
function indexSlot(values: readonly Arg[], first: Slot | undefined): Slot | undefined {
  if (values.length === 1) return first;
  let container: Arg = values[0];
  let slot: Slot | undefined;
  for (const key of values.slice(1)) {
    if (isGoMap(container) && typeof key === 'string') slot = { container, key };
    else if (isGoList(container) && typeof key === 'bigint') slot = { container, key: Number(key) };
    else return undefined;
    container = (isGoMap(container) ? container.get(key as string) : container[Number(key)]) ?? null;
  }
  return slot;
}

const MISSING = Symbol('missing');
type Missing = typeof MISSING;

function canBeNil(type: BuiltinParam): boolean {
  return type === 'reflect' || type === 'interface {}' || type.startsWith('[]') || type.startsWith('map[');
}

function assignable(value: Value, type: GoParamType): boolean {
  switch (type) {
    case 'interface {}':
      return true;
    case 'string':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'int':
    case 'int64':
      return typeof value === 'bigint';
    case 'float64':
      return typeof value === 'number';
    case '[]interface {}':
      return isGoList(value) && (value.elem === undefined || value.elem === 'interface {}');
    case '[]string':
      return isGoList(value) && value.elem === 'string';
    case 'map[string]interface {}':
      // Go assigns only a map[string]interface{}, or the same map by another name (common.Values):
      // not `.Files` (engine.files, a map[string][]byte) nor `.Chart.Annotations` (map[string]string).
      return isGoMap(value) && (value.goType === undefined || value.goType === 'common.Values');
    case 'time.Time':
      return value instanceof GoStruct && value.typeName === 'time.Time';
  }
}

const toValue = (v: Arg): Value => (v === undefined ? null : v);

/** A command that only reads a value (no call): its result keeps the path it was read from. */
function isPlainRead(arg: Operand): boolean {
  return arg.type === 'field' || arg.type === 'variable' || arg.type === 'dot' || arg.type === 'chain';
}

/** Scalars print as their own text; maps and lists print in Go syntax, which is computed text. */
function isPrintedAsIs(value: Arg): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean';
}

export type { Dot, ListNode };
