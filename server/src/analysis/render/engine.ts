/**
 * Helm's template engine (`pkg/engine` of Helm 4.1.4) on top of the Go template executor.
 *
 * API
 * ```ts
 * renderTemplates(templates: readonly EngineTemplate[], functions: ReadonlyMap<string, GoFunction>, limits?: RenderLimits): RenderResult
 * ```
 * - `templates`: every template file of a chart and its subcharts (`_*.tpl` included), named as
 *   Helm names them (`mychart/templates/job.yaml`, `mychart/charts/sub/templates/x.yaml`), each
 *   with the context `.` Helm gives it (a GoMap with Values, Release, Chart, Capabilities, Files,
 *   Subcharts); the engine adds `.Template` (`Name`, `BasePath`) as Helm does.
 * - `functions`: Sprig and Helm's data functions (`render/functions`). The engine adds Go's
 *   builtins and its own `include`, `tpl`, `required`, `fail` and `lookup`, which win.
 * - The result has one entry per rendered template (base name not starting with `_`), in Helm's
 *   order: its output with `<no value>` removed, the source map, and the error that stopped it
 *   (Go's message text; `helmMessage` is what `helm template` prints). Parse errors are listed
 *   separately: Helm stops at the first one; here the other files still render.
 * - The source map: `originsAt(rendered.segments, span)` says where each part of an output span
 *   came from: literal text of a file (exact offsets), a value read from a key path under `.`
 *   (`['Values', 'image', 'tag']`) printed by an action, or text an action computed; with the
 *   `include`/`template` call sites that led there. Text an `include` returns keeps its origins
 *   through `nindent`, `indent`, `trim`, `quote`, `toString`, `default` and the like.
 * - `limits` bound call depth, range iterations and output; hitting one stops that template
 *   with a `limit` error and keeps what was rendered.
 *
 * Like Helm, all files are parsed into one template set, deepest paths first and, at equal depth,
 * in reverse name order, so a `define` in a parent chart overrides a subchart's and, within a
 * directory, the file whose name sorts first wins. Never throws.
 */
import type { Span } from '../types';
import { builtins } from './builtins';
import { DEFAULT_LIMITS, ExecFailure, Executor, type Cause, type EngineFunction, type ExecEnv, type RenderLimits, type TemplateSet } from './exec';
import { isEmptyTree, type Tree } from './nodes';
import { Output, removeAll, segmentsOrdered, type CallSite, type Origin, type Segment, type SlotOrigins } from './output';
import { sliceTrace, type Trace } from './trace';
import { parseTemplate, type ParseResult } from './parse';
import { reparsedAfterLiteralEdit } from './reparse';
import { changedTemplates, watchContextWrites } from './rerender';
import { GoError, namedGoType, type GoFunction, type GoMap, type Value } from './value';

export type { RenderLimits } from './exec';
export type { CallSite, Origin, OriginPiece, Segment, Slot, SlotOrigins, ValuePath } from './output';
export { originsAt } from './output';

export interface EngineTemplate {
  /** Helm's name of the file: `<chart path>/templates/<file>`. */
  readonly name: string;
  readonly text: string;
  /** The template's `.` without `Template` (the engine adds it). */
  readonly context: GoMap;
  /** `.Template.BasePath`; by default `<chart path>/templates` taken from the name. */
  readonly basePath?: string;
}

export interface RenderError {
  readonly kind: 'parse' | 'exec' | 'limit' | 'internal';
  /** Go's error text. */
  readonly message: string;
  /** What `helm template` prints after `Error: ` for this error. */
  readonly helmMessage: string;
  /** File of the action that raised it (inside an include, the included file). */
  readonly template: string;
  readonly span: Span;
  /** Include/template call sites from the rendered file to the raising action. */
  readonly via: readonly CallSite[];
}

export interface RenderedTemplate {
  readonly name: string;
  /** The output Helm keeps (`<no value>` removed); when `error` is set, what was rendered before it. */
  readonly output: string;
  readonly segments: readonly Segment[];
  /** The segments' starts and ends never decrease (segmentsOrdered), so look-ups may search them. */
  readonly ordered?: boolean;
  readonly error?: RenderError;
}

export interface RenderResult {
  readonly templates: readonly RenderedTemplate[];
  readonly parseErrors: readonly RenderError[];
  /** The error `helm template` would stop with (the first parse error, else the first template error), if any. */
  readonly helmError?: RenderError;
  /** Names of the templates this call executed; with a previous result, the others were kept from it. */
  readonly executed: readonly string[];
  /** What a later call with this result as `previous` reads to keep what an edit does not touch. */
  readonly memo: RenderMemo;
}

/** A render's bookkeeping for the next one (see rerender.ts). */
export interface RenderMemo {
  /** Every file's text and parse. */
  readonly parsed: ReadonlyMap<string, { readonly text: string; readonly result: ParseResult }>;
  /** The template set the files made. */
  readonly trees: ReadonlyMap<string, Tree>;
  /** Per rendered file: the names it looked up and the range iterations it spent. */
  readonly spent: ReadonlyMap<string, { readonly lookedUp: ReadonlySet<string>; readonly rangeIterations: number }>;
  /**
   * Set once a template wrote into a map of the contexts (`set .Values …`): nothing rendered
   * with them may be kept. Shared by every result rendered with the same contexts, since a
   * render that keeps them writes into the maps its previous result was rendered with.
   * `writers`: the templates that wrote (Helm's names, in order).
   */
  readonly contextWrites: { written: boolean; readonly writers: string[] };
  readonly functions: ReadonlyMap<string, GoFunction>;
  readonly limits: Required<RenderLimits>;
}

const NO_VALUE = '<no value>';
const WARN_START = 'HELM_ERR_START';
const WARN_END = 'HELM_ERR_END';
/** Helm's name for its root template; `tpl` text is parsed under it. */
const ROOT_NAME = 'gotpl';

/**
 * Renders every template. With `previous` (the result of rendering the same templates with the
 * same contexts, as the caller vouches, and the same functions and limits), a file's output is
 * kept when neither its text nor any template it looked up changed, and the others are
 * executed again; the result equals a render without `previous` (rerender.ts says why).
 */
/**
 * `only`: the names of the templates to execute (all when absent); the others are parsed (their
 * `define`s are there as in Helm) but execute nothing and have no entry in the result. Exact only
 * when every template that writes into the shared contexts executes (`memo.contextWrites.writers`
 * of a whole render): the others change nothing another template reads.
 * `parses`: files parsed by another render (its `memo.parsed`, with the same functions); a file
 * whose text is the same is not parsed again (a parse depends on the name, text and function names).
 * `untilError`: stop where Helm stops, at a parse error (nothing executes) or at the first template
 * that fails; the error is the same, but the templates after it have no output to keep for the next
 * render (an editor executes them all, so that its next render keeps them).
 */
export function renderTemplates(templates: readonly EngineTemplate[], functions: ReadonlyMap<string, GoFunction>, limits: RenderLimits = {}, slotOrigins?: SlotOrigins, previous?: RenderResult, only?: ReadonlySet<string>, parses?: RenderMemo['parsed'], untilError = false): RenderResult {
  const engineFunctions = helmEngineFunctions();
  const hasFunction = (name: string): boolean => engineFunctions.has(name) || functions.has(name) || builtins.has(name);
  const byName = new Map(templates.map((t) => [t.name, t]));
  const order = [...byName.keys()].sort(helmParseOrder);
  const allLimits = { ...DEFAULT_LIMITS, ...limits };

  const trees = new Map<string, Tree>();
  const parseErrors: RenderError[] = [];
  const parsed = new Map<string, { text: string; result: ParseResult }>();
  // Which function names exist decides how a file parses: a parse is taken over only under the same functions.
  const sameFunctions = previous?.memo.functions === functions;
  for (const name of order) {
    const text = byName.get(name)!.text;
    const before = previous?.memo.parsed.get(name);
    const other = parses?.get(name);
    // After an edit of literal text only, the previous parse is taken over (moved) when that is exact (reparse.ts).
    const result =
      before && before.text === text
        ? before.result
        : other && other.text === text
          ? other.result
          : (before && sameFunctions && reparsedAfterLiteralEdit(before.text, before.result, text)) || (other && other !== before && reparsedAfterLiteralEdit(other.text, other.result, text)) || parseTemplate(name, text, hasFunction);
    parsed.set(name, { text, result });
    if (result.error) {
      const e = result.error;
      parseErrors.push({ kind: 'parse', message: e.message, helmMessage: helmParseMessage(name, e.message), template: name, span: { start: e.pos, end: e.pos }, via: [] });
      continue;
    }
    for (const [treeName, tree] of result.trees) associate(trees, treeName, tree);
  }

  const reusable = previous !== undefined && canKeep(previous, order, functions, allLimits);
  const changed = reusable ? changedTemplates(previous.memo.trees, trees) : undefined;
  const contextWrites = reusable ? previous.memo.contextWrites : { written: false, writers: [] };
  let current = '';
  const env: ExecEnv = {
    trees,
    functions: watchContextWrites(functions, () => templates.map((t) => t.context), () => {
      contextWrites.written = true;
      if (!contextWrites.writers.includes(current)) contextWrites.writers.push(current);
    }),
    engineFunctions,
    limits: allLimits,
    budget: { rangeIterations: 0, output: 0 },
    ...(slotOrigins ? { slotOrigins } : {}),
    slotRecords: new WeakMap(),
    parsedBack: new Map(),
  };
  const rendered: RenderedTemplate[] = [];
  const executed: string[] = [];
  const spent = new Map<string, { lookedUp: ReadonlySet<string>; rangeIterations: number }>();
  for (const name of order) {
    if (untilError && (parseErrors.length > 0 || rendered[rendered.length - 1]?.error)) break;
    if (baseName(name).startsWith('_') || (only && !only.has(name))) continue;
    const tree = trees.get(name);
    if (!tree) continue; // failed to parse
    const kept = changed && keptOutput(previous!, name, changed);
    if (kept) {
      rendered.push(kept.rendered);
      spent.set(name, kept.spent);
      env.budget.rangeIterations += kept.spent.rangeIterations;
      // Kept files spent the same, but later in the budget now: past the limit, render all again.
      if (env.budget.rangeIterations > allLimits.maxRangeIterations) return renderTemplates(templates, functions, limits, undefined, undefined, only, parsed, untilError);
      continue;
    }
    const template = byName.get(name)!;
    const context: GoMap = new Map(template.context);
    // Helm makes .Template a common.Values (typeOf, %#v show it).
    context.set('Template', namedGoType(new Map<string, Value>([['Name', name], ['BasePath', template.basePath ?? defaultBasePath(name)]]), 'common.Values'));
    env.budget.output = 0;
    current = name;
    const lookedUp = new Set<string>();
    const iterationsBefore = env.budget.rangeIterations;
    rendered.push(execute({ ...env, lookedUp }, tree, context));
    executed.push(name);
    spent.set(name, { lookedUp, rangeIterations: env.budget.rangeIterations - iterationsBefore });
  }
  const helmError = parseErrors[0] ?? rendered.find((t) => t.error)?.error;
  return { templates: rendered, parseErrors, helmError, executed, memo: { parsed, trees, spent, contextWrites, functions, limits: allLimits } };
}

/** Whether anything of `previous` may be kept: same files, functions and limits, no shared context written, no limit hit. */
function canKeep(previous: RenderResult, order: readonly string[], functions: ReadonlyMap<string, GoFunction>, limits: Required<RenderLimits>): boolean {
  const memo = previous.memo;
  if (memo.contextWrites.written || memo.functions !== functions) return false;
  if (memo.limits.maxCallDepth !== limits.maxCallDepth || memo.limits.maxRangeIterations !== limits.maxRangeIterations || memo.limits.maxOutput !== limits.maxOutput) return false;
  if (memo.parsed.size !== order.length || order.some((name) => !memo.parsed.has(name))) return false;
  return previous.templates.every((template) => template.error?.kind !== 'limit' && template.error?.kind !== 'internal');
}

/** The previous output of `name` when neither its file nor any template it looked up changed. */
function keptOutput(previous: RenderResult, name: string, changed: ReadonlySet<string>): { rendered: RenderedTemplate; spent: { lookedUp: ReadonlySet<string>; rangeIterations: number } } | undefined {
  const spent = previous.memo.spent.get(name);
  if (!spent || changed.has(name)) return undefined;
  for (const used of spent.lookedUp) if (changed.has(used)) return undefined;
  const rendered = previous.templates.find((template) => template.name === name);
  return rendered && { rendered, spent };
}

function execute(env: ExecEnv, tree: Tree, context: GoMap): RenderedTemplate {
  const out = new Output();
  let error: RenderError | undefined;
  try {
    new Executor(env, tree, out).run(context, []);
  } catch (thrown) {
    error = toRenderError(tree.name, thrown);
  }
  const stripped = removeAll(out.text(), out.segments, NO_VALUE);
  return { name: tree.name, output: stripped.text, segments: stripped.segments, ordered: segmentsOrdered(stripped.segments), ...(error ? { error } : {}) };
}

function toRenderError(name: string, thrown: unknown): RenderError {
  if (thrown instanceof ExecFailure) {
    return {
      kind: thrown.limit ? 'limit' : 'exec',
      message: thrown.message,
      helmMessage: thrown.limit ? thrown.message : helmExecMessage(name, thrown.causes),
      template: thrown.template,
      span: thrown.span,
      via: thrown.via,
    };
  }
  const message = thrown instanceof RangeError ? 'render stopped: templates nested too deeply' : `internal error: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
  return { kind: thrown instanceof RangeError ? 'limit' : 'internal', message, helmMessage: message, template: name, span: { start: 0, end: 0 }, via: [] };
}

/**
 * The template set a `tpl` text executes in: the text's templates associated (as Go's Clone and
 * Parse do) over the caller's set, which stays as it was. A layer instead of a copy of the whole
 * set per call (airflow: 206 calls over 142 templates).
 */
class TplTemplates implements TemplateSet {
  private readonly own = new Map<string, Tree>();
  constructor(
    private readonly base: TemplateSet,
    parsed: ReadonlyMap<string, Tree>,
  ) {
    for (const [name, tree] of parsed) {
      const old = this.own.get(name) ?? base.get(name);
      if (old && isEmptyTree(tree.root)) continue; // associate's rule
      this.own.set(name, tree);
    }
  }
  get(name: string): Tree | undefined {
    return this.own.get(name) ?? this.base.get(name);
  }
  has(name: string): boolean {
    return this.own.has(name) || this.base.has(name);
  }
}

/** Go's template.associate: a later definition replaces an earlier one unless it is empty. */
function associate(trees: Map<string, Tree>, name: string, tree: Tree): void {
  const old = trees.get(name);
  if (old && isEmptyTree(tree.root)) return;
  trees.set(name, tree);
}

/** Helm's sortTemplates: more path segments first; at equal depth, reverse byte order. */
export function helmParseOrder(a: string, b: string): number {
  const ca = a.split('/').length;
  const cb = b.split('/').length;
  if (ca !== cb) return cb - ca;
  return a < b ? 1 : a > b ? -1 : 0;
}

const baseName = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/** `<chart path>/templates`: the chart path ends before the first `templates/` after the last `charts/<name>/`. */
function defaultBasePath(name: string): string {
  const parts = name.split('/');
  let root = 1;
  for (let i = 0; i + 1 < parts.length; i++) if (parts[i] === 'charts' && i > 0) root = i + 2;
  return [...parts.slice(0, root), 'templates'].join('/');
}

// ---- Helm's functions that need the engine -----------------------------------------------------

function helmEngineFunctions(): Map<string, EngineFunction> {
  const fns = new Map<string, EngineFunction>();
  fns.set('include', {
    params: ['string', 'interface {}'],
    call: ([name, data], exec, site, paths, reads) => {
      // The call site names the template it includes (the function's name says nothing).
      const out = exec.executeTemplate(name as string, data, { ...site, name: name as string }, paths[1], reads[1]?.slot);
      const text = out.text();
      exec.setResultTrace({ text, segments: out.segments });
      return text;
    },
  });
  // A chart's `tpl` calls repeat a few texts (airflow: 206 calls, 38 texts); a parse depends only
  // on the text and the function names, which are fixed for one render (these functions' lifetime).
  const tplParses = new Map<string, ParseResult>();
  fns.set('tpl', {
    params: ['string', 'interface {}'],
    call: ([text, data], exec, site, _paths, reads) => {
      const source = text as string;
      const env = exec.env;
      let parsed = tplParses.get(source);
      if (!parsed) {
        const hasFunction = (n: string): boolean => env.engineFunctions.has(n) || env.functions.has(n) || builtins.has(n);
        parsed = parseTemplate(ROOT_NAME, source, hasFunction);
        tplParses.set(source, parsed);
      }
      if (parsed.error) throw new GoError(`cannot parse template ${goQuoteJs(source)}: ${parsed.error.message}`);
      const trees = new TplTemplates(env.trees, parsed.trees);
      const child: ExecEnv = { ...env, trees };
      const out = new Output();
      if (exec.via.length + 1 > env.limits.maxCallDepth) exec.limitFailure(`render stopped: more than ${env.limits.maxCallDepth} nested template calls (at tpl)`);
      try {
        new Executor(child, trees.get(ROOT_NAME)!, out, [...exec.via, site]).run(data);
      } catch (error) {
        // Go wraps the inner error with %w; Helm's message formatting cannot parse that chain.
        if (error instanceof ExecFailure && !error.limit) throw new GoError(`error during tpl function execution for ${goQuoteJs(source)}: ${error.message}`);
        throw error;
      }
      const kept = removeAll(out.text(), out.segments, NO_VALUE);
      exec.setResultTrace({ text: kept.text, segments: tplSegments(kept.segments, reads[0]?.trace, site) });
      return kept.text;
    },
  });
  fns.set('required', {
    params: ['string', 'interface {}'],
    call: ([warn, value]) => {
      if (value === null || value === '') throw new GoError(WARN_START + (warn as string) + WARN_END);
      return value;
    },
  });
  fns.set('fail', {
    params: ['string'],
    call: ([message]) => {
      throw new GoError(WARN_START + (message as string) + WARN_END);
    },
  });
  fns.set('lookup', {
    // `helm template` has no cluster: lookup gives an empty map.
    params: ['string', 'string', 'string', 'string'],
    call: () => new Map<string, Value>(),
  });
  return fns;
}

/**
 * The source map of `tpl` output in the calling file: text copied from the template string goes
 * back to where that string came from (a value's text, a define's text) when its trace knows;
 * everything else the string's own actions printed (it has no file) counts as computed by the
 * `tpl` call, except values, which keep their values-file origin.
 */
function tplSegments(segments: readonly Segment[], source: Trace | undefined, site: CallSite): Segment[] {
  const computed: Origin = { kind: 'computed', template: site.template, span: site.span };
  const out: Segment[] = [];
  for (const s of segments) {
    const o = s.origin;
    if (o.template !== ROOT_NAME) {
      out.push(s);
      continue;
    }
    if (o.kind === 'text' && source) {
      const mapped = sliceTrace(source, o.offset, o.offset + (s.end - s.start));
      let at = s.start;
      for (const m of mapped) {
        if (s.start + m.start > at) out.push({ start: at, end: s.start + m.start, origin: computed, via: s.via });
        out.push({ ...m, start: s.start + m.start, end: s.start + m.end });
        at = s.start + m.end;
      }
      if (at < s.end) out.push({ start: at, end: s.end, origin: computed, via: s.via });
      continue;
    }
    const origin: Origin = o.kind === 'value' && o.from ? { kind: 'value', template: site.template, span: site.span, from: o.from } : computed;
    out.push({ ...s, origin });
  }
  return out;
}

function goQuoteJs(s: string): string {
  return JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (m, hex: string) => (parseInt(hex, 16) < 0x20 ? `\\x${hex.slice(2)}` : m));
}

// ---- Helm's error messages -------------------------------------------------------------------

/** cleanupParseError: `parse error at (FILE:LINE): LAST PART`. */
function helmParseMessage(name: string, message: string): string {
  const tokens = message.split(': ');
  if (tokens.length === 1) return `parse error in (${name}): ${message}`;
  return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
}

interface Traceable {
  readonly location: string;
  readonly message: string;
  readonly executed: string;
}

/** reformatExecErrorMsg of Helm 4.1.4. */
function helmExecMessage(name: string, causes: readonly Cause[]): string {
  const top = causes[0].message;
  const tokens = splitN(top, ': ', 3);
  if (tokens.length !== 3) return `execution error in (${name}): ${top}`;
  const warn = new RegExp(`${WARN_START}([\\s\\S]*)${WARN_END}`).exec(tokens[2]);
  if (warn) return `execution error at (${tokens[1]}): ${warn[1]}`;
  const chain: Traceable[] = [];
  for (const cause of causes) {
    const parsed = parseTraceable(cause.message);
    if (!parsed) return top;
    const last = chain[chain.length - 1];
    if (!last || last.location !== parsed.location || last.message !== parsed.message || last.executed !== parsed.executed) chain.push(parsed);
  }
  return chain
    .map((t) => (t.location ? `${t.location}\n  ` : '') + (t.executed ? `${t.executed}\n    ` : '') + (t.message ? `${t.message}\n` : ''))
    .join('')
    .trim();
}

function parseTraceable(s: string): Traceable | undefined {
  const prefix = 'template: ';
  if (!s.startsWith(prefix)) return undefined;
  const rest = s.slice(prefix.length);
  if (rest.startsWith('no template ')) return { location: '', message: s, executed: '' };
  const at = rest.indexOf(': executing ');
  if (at >= 0) {
    const after = rest.slice(at + ': executing '.length);
    if (after[0] !== '"') return undefined;
    const endQuote = after.indexOf('"', 1);
    if (endQuote < 0) return undefined;
    const fn = after.slice(1, endQuote);
    const afterFn = after.slice(endQuote + 1);
    if (!afterFn.startsWith(' at <')) return undefined;
    const afterAt = afterFn.slice(' at <'.length);
    const endLoc = afterAt.indexOf('>: ');
    if (endLoc < 0) return undefined;
    let message = afterAt.slice(endLoc + 3);
    const cut = message.indexOf(' template:');
    if (cut >= 0) message = message.slice(0, cut);
    return { location: rest.slice(0, at), message, executed: `executing "${fn}" at <${afterAt.slice(0, endLoc)}>:` };
  }
  const sep = rest.lastIndexOf(': ');
  if (sep < 0) return undefined;
  let message = rest.slice(sep + 2);
  const cut = message.indexOf(' template:');
  if (cut >= 0) message = message.slice(0, cut);
  return { location: rest.slice(0, sep), message, executed: '' };
}

function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const at = rest.indexOf(sep);
    if (at < 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  out.push(rest);
  return out;
}
