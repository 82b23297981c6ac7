/**
 * Random Go templates and values for the renderer's differential property test
 * (test/unit/renderGenerated.test.ts): a seeded generator that builds a case file in the format
 * of test/fixtures/render/cases/*.yaml (values, then one template per case), which
 * scripts/render-cases.mjs renders with real Helm.
 *
 * The grammar: text, output actions with trim markers, comments, variables (`:=`, `=`),
 * if/else if/else, with/else with/else, range over lists, maps and integers (one or two
 * variables, else, break and continue), define + include/template, tpl, and pipelines of the
 * common Sprig and Helm functions and Go's builtins and comparisons. Expressions are typed
 * (string, int, float, bool, list, map, any) so that most templates render; a few are meant
 * to fail (index out of range, required, fail, a field of a string) and compare Helm's message.
 * Only `.Values` and values made in the template are read: the case harness gives no
 * `.Release` or `.Chart`. Functions whose output changes per render are never generated.
 * Known gap kept out of the grammar: Sprig's arithmetic returns Go int64 and the renderer has one
 * integer type, so Go's refusal of an int64 where a function takes `int` (`until (add 1 2)`) and
 * `typeOf`/`kindOf` of such a result ("int64") are not reproduced; int parameters get literals.
 * `fromYaml` of text that is not YAML is unsupported (the renderer says so), so it reads YAML or JSON it made.
 *
 * Same seed, same file: the checked-in generated cases can be written again from their seed.
 */
import { randomSource } from './random';

type Kind = 'str' | 'int' | 'num' | 'bool' | 'list' | 'map' | 'any';

/** Values as the generator knows them: the key path and the kind there. */
interface Path {
  readonly path: string;
  readonly kind: Kind;
}

interface Scope {
  /** Variables visible here with their kinds (`$` is not listed: it is the root). */
  readonly vars: ReadonlyMap<string, Kind>;
  /** The kind of `.`; `root` when it is the template's root (printing it would show Helm's whole context). */
  readonly dot: Kind | 'root';
  readonly inRange: boolean;
  readonly depth: number;
  /** Whether `$` is the template's root, so `$.Values…` reads values (not in a define's body, where `$` is its argument). */
  readonly dollarIsRoot: boolean;
}


const stringPool = ['', 'a', 'abc', 'Hello World', 'x-y_z', '  pad  ', 'A,B,c', 'line1\nline2', 'ünï', '50%', 'true', '1.5', 'a.b.c', 'key: value', '- item', 'CamelCase', '0'];
const textPool = ['a', ' ', '\n', 'key: ', '- item\n', '  ', ',', 'x\n  y', '\n\n', 'name: v', '#', '"q"'];
const keyNames = ['a', 'b', 'c', 'name', 'list', 'map', 'n', 'f', 's', 'on', 'z', 'Key', 'x1', 'x10', 'x2'];

export interface GeneratedCases {
  /** The values (a JSON object, written into the case file as YAML flow). */
  readonly values: Record<string, unknown>;
  readonly cases: readonly { readonly name: string; readonly template: string }[];
}

export class TemplateGenerator {
  private readonly random: () => number;
  private readonly paths: Path[] = [];
  private varCount = 0;
  private defineCount = 0;
  private defines: string[] = [];
  private caseName = '';

  constructor(readonly seed: number) {
    this.random = randomSource(seed);
  }

  /** Values and `count` templates, all from the seed. */
  generate(count: number): GeneratedCases {
    const values = this.values();
    const cases = [];
    for (let index = 0; index < count; index++) {
      this.caseName = `g${this.seed.toString(36)}-${index}`;
      this.varCount = 0;
      this.defineCount = 0;
      this.defines = [];
      const body = this.block({ vars: new Map(), dot: 'root', inRange: false, depth: 0, dollarIsRoot: true }, 1 + this.int(4));
      cases.push({ name: this.caseName, template: this.defines.join('') + body });
    }
    return { values, cases };
  }

  // ---- randomness ------------------------------------------------------------------------------

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  // ---- values ----------------------------------------------------------------------------------

  private values(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    // Every kind is there at least once, at a known path.
    root.s = this.pick(stringPool.filter((s) => s !== ''));
    root.n = this.pick([0, 1, 3, 42, -7, 1000000, 65536]);
    root.f = this.pick([0.5, 1.25, -2.5, 3.0e-3]);
    root.on = this.chance(0.5);
    root.list = this.valueList(1);
    root.map = this.valueMap(1);
    root.empty = this.pick([[], {}, '', 0, null]);
    for (let index = 0; index < 3; index++) {
      const key = this.pick(keyNames);
      if (!(key in root)) root[key] = this.value(1);
    }
    this.collect(root, '.Values');
    return root;
  }

  private value(depth: number): unknown {
    const roll = this.int(depth >= 3 ? 5 : 7);
    switch (roll) {
      case 0: return this.pick(stringPool);
      case 1: return this.pick([0, 1, 2, 5, -1, 10, 99, 1000000]);
      case 2: return this.pick([0.5, 2.5, -1.75, 100.125]);
      case 3: return this.chance(0.5);
      case 4: return this.chance(0.3) ? null : this.pick(stringPool);
      case 5: return this.valueList(depth + 1);
      default: return this.valueMap(depth + 1);
    }
  }

  private valueList(depth: number): unknown[] {
    const length = this.int(5);
    const list: unknown[] = [];
    const scalar = this.chance(0.6);
    for (let index = 0; index < length; index++) list.push(scalar ? this.pick(['a', 'b', 'c', 'x y', '']) : this.value(depth));
    return list;
  }

  private valueMap(depth: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const size = this.int(4);
    for (let index = 0; index < size; index++) map[this.pick(keyNames)] = this.value(depth);
    return map;
  }

  private collect(value: unknown, path: string): void {
    this.paths.push({ path, kind: kindOf(value) });
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) this.collect(child, `${path}.${key}`);
    }
  }

  private valuePath(kind: Kind): string | undefined {
    const matching = this.paths.filter((path) => path.path !== '.Values' && (kind === 'any' || path.kind === kind));
    return matching.length === 0 ? undefined : this.pick(matching).path;
  }

  // ---- statements ------------------------------------------------------------------------------

  private block(scope: Scope, statements: number): string {
    const vars = new Map(scope.vars);
    let out = '';
    for (let index = 0; index < statements; index++) out += this.statement({ ...scope, vars });
    return out;
  }

  private statement(scope: Scope & { vars: Map<string, Kind> }): string {
    const nested = scope.depth < 3;
    const roll = this.int(nested ? 16 : 8);
    const open = (): string => (this.chance(0.3) ? '{{- ' : '{{ ');
    const close = (): string => (this.chance(0.3) ? ' -}}' : ' }}');
    switch (roll) {
      case 0:
      case 1:
        return this.pick(textPool);
      case 2:
      case 3:
      case 4:
        return `${open()}${this.expr('any', scope, 0)}${close()}`;
      case 5: {
        const kind = this.pick<Kind>(['str', 'int', 'list', 'map', 'any', 'bool']);
        const name = `$v${this.varCount++}`;
        const text = `${open()}${name} := ${this.expr(kind, scope, 0)}${close()}`;
        scope.vars.set(name, kind);
        return text;
      }
      case 6: {
        const names = [...scope.vars.keys()];
        if (names.length === 0) return this.chance(0.5) ? `{{/* ${this.pick(['c', 'note', ''])} */}}` : '{{- /* trimmed */ -}}';
        const name = this.pick(names);
        const kind = scope.vars.get(name)!;
        return `${open()}${name} = ${this.expr(kind, scope, 0)}${close()}`;
      }
      case 7:
        return this.chance(0.5) && scope.inRange ? `{{ if ${this.expr('bool', scope, 1)} }}{{ ${this.pick(['break', 'continue'])} }}{{ end }}` : this.pick(textPool);
      case 8:
      case 9: {
        const inner = { ...scope, depth: scope.depth + 1 };
        let out = `${open()}if ${this.expr(this.pick<Kind>(['bool', 'any']), scope, 1)}${close()}${this.block(inner, 1 + this.int(2))}`;
        if (this.chance(0.3)) out += `${open()}else if ${this.expr('any', scope, 1)}${close()}${this.block(inner, 1)}`;
        if (this.chance(0.5)) out += `${open()}else${close()}${this.block(inner, 1 + this.int(2))}`;
        return `${out}${open()}end${close()}`;
      }
      case 10: {
        const kind = this.pick<Kind>(['any', 'map', 'str', 'list']);
        const inner = { ...scope, depth: scope.depth + 1, dot: kind };
        let out = `${open()}with ${this.expr(kind, scope, 1)}${close()}${this.block(inner, 1 + this.int(2))}`;
        if (this.chance(0.2)) {
          const other = this.pick<Kind>(['any', 'str']);
          out += `${open()}else with ${this.expr(other, scope, 1)}${close()}${this.block({ ...inner, dot: other }, 1)}`;
        }
        if (this.chance(0.4)) out += `${open()}else${close()}${this.block({ ...scope, depth: scope.depth + 1 }, 1)}`;
        return `${out}${open()}end${close()}`;
      }
      case 11:
      case 12:
        return this.range(scope, open, close);
      case 13:
        return this.includeCall(scope);
      case 14:
        return scope.dollarIsRoot ? `{{ tpl ${this.tplText()} $ }}` : this.pick(textPool);
      default:
        return this.chance(0.15) ? this.failing(scope) : `${open()}${this.expr(this.pick<Kind>(['str', 'int', 'num']), scope, 0)}${close()}`;
    }
  }

  private range(scope: Scope, open: () => string, close: () => string): string {
    const over = this.pick<Kind>(['list', 'list', 'map', 'int']);
    const source = over === 'int' ? String(this.int(4)) : this.expr(over, scope, 1);
    const vars = new Map(scope.vars);
    let head = '';
    const elementKind: Kind = 'any';
    const form = this.int(3);
    if (form === 1 || (form === 2 && over === 'int')) {
      const v = `$e${this.varCount++}`;
      vars.set(v, over === 'int' ? 'int' : elementKind);
      head = `${v} := `;
    } else if (form === 2) {
      const k = `$k${this.varCount++}`;
      const v = `$e${this.varCount++}`;
      vars.set(k, over === 'map' ? 'str' : 'int');
      vars.set(v, elementKind);
      head = `${k}, ${v} := `;
    }
    const inner: Scope = { ...scope, vars, dot: over === 'int' ? 'int' : elementKind, inRange: true, depth: scope.depth + 1 };
    let out = `${open()}range ${head}${source}${close()}${this.block(inner, 1 + this.int(3))}`;
    if (this.chance(0.3)) out += `${open()}else${close()}${this.block({ ...scope, depth: scope.depth + 1 }, 1)}`;
    return `${out}${open()}end${close()}`;
  }

  /** A define (written before the case's body) and its include or template call. */
  private includeCall(scope: Scope): string {
    const name = `${this.caseName}.d${this.defineCount++}`;
    const argKind = this.pick<Kind>(['any', 'map', 'str', 'list']);
    const body = this.block({ vars: new Map(), dot: argKind, inRange: false, depth: scope.depth + 1, dollarIsRoot: false }, 1 + this.int(3));
    this.defines.push(`{{- define "${name}" }}${body}{{ end }}`);
    const arg = this.argument(argKind, scope, 1);
    if (this.chance(0.3)) return `{{ template "${name}" ${arg} }}`;
    const pipe = this.pick(['', ' | trim', ' | nindent 2', ' | indent 4', ' | upper', ' | quote', ' | trimSuffix "\\n"']);
    return `${this.chance(0.5) ? '{{- ' : '{{ '}include "${name}" ${arg}${pipe} }}`;
  }

  /** The text of a `tpl` call: a small template over `.Values`, as a raw string. */
  private tplText(): string {
    const path = this.valuePath(this.pick<Kind>(['str', 'int', 'any']));
    const parts = [`{{ ${path ?? '.Values.s'} }}`, '-', `{{ upper ${JSON.stringify(this.pick(stringPool.filter((s) => !s.includes('\n'))))} }}`, `{{ if .Values.on }}on{{ else }}off{{ end }}`];
    return `\`${parts.slice(0, 1 + this.int(parts.length)).join('')}\``;
  }

  /** A statement Helm stops at, for its message. */
  private failing(scope: Scope): string {
    switch (this.int(6)) {
      case 0: return `{{ index ${this.argument('list', scope, 1)} 99 }}`;
      case 1: return `{{ required "value needed" ${scope.dollarIsRoot ? '$.Values.missing' : '.missing'} }}`;
      case 2: return `{{ fail ${JSON.stringify(this.pick(['stop', 'no: way', '']))} }}`;
      case 3: return `{{ ${this.argument('str', scope, 1)}.field }}`;
      case 4: return `{{ ${this.pick(['upper', 'trim', 'b64enc'])} ${this.argument('num', scope, 1)} }}`;
      default: return `{{ eq ${this.argument('str', scope, 1)} ${this.argument('int', scope, 1)} }}`;
    }
  }

  // ---- expressions -----------------------------------------------------------------------------

  /** An expression of `kind`; `depth` bounds nesting. The text is a pipeline, parenthesised when it is an argument. */
  private expr(kind: Kind, scope: Scope, depth: number): string {
    if (depth >= 3 || this.chance(0.25)) return this.operand(kind, scope);
    const form = this.pick(markedForms[kind]);
    return form.replace(/@(str|int|num|bool|list|map|any|small)/g, (_, k: string) => (k === 'small' ? String(this.int(6)) : this.argument(k as Kind, scope, depth + 1)));
  }

  /** An argument: an operand, or a parenthesised expression. */
  private argument(kind: Kind, scope: Scope, depth: number): string {
    if (depth >= 3 || this.chance(0.5)) return this.operand(kind, scope);
    return `(${this.expr(kind, scope, depth)})`;
  }

  private operand(kind: Kind, scope: Scope): string {
    const vars = [...scope.vars].filter(([, k]) => k === kind || kind === 'any').map(([name]) => name);
    if (vars.length > 0 && this.chance(0.3)) return this.pick(vars);
    if (scope.dot !== 'root' && (scope.dot === kind || kind === 'any') && this.chance(0.3)) return '.';
    const path = scope.dollarIsRoot ? this.valuePath(kind) : undefined;
    if (path !== undefined && this.chance(0.6)) return scope.dot === 'root' && this.chance(0.8) ? path : `$${path}`;
    switch (kind) {
      case 'str': return this.chance(0.85) ? JSON.stringify(this.pick(stringPool)) : `\`${this.pick(['raw', 'a\\nb', ''])}\``;
      case 'int': return String(this.pick([0, 1, 2, 3, 7, -1, 10, 255]));
      case 'num': return this.pick(['1.5', '0.25', '-2.0', '1e3']);
      case 'bool': return this.pick(['true', 'false']);
      case 'list': return `(list ${this.operand('any', scope)} ${this.operand('str', scope)})`;
      case 'map': return `(dict "k" ${this.operand('any', scope)})`;
      default: return this.chance(0.2) && scope.dollarIsRoot ? this.pick(['$.Values.missing', '$.Values.map.nope']) : this.operand(this.pick<Kind>(['str', 'int', 'num', 'bool']), scope);
    }
  }
}

/** Expression forms by result kind; each kind word is replaced by an argument of that kind. */
const forms: Readonly<Record<Kind, readonly string[]>> = {
  str: [
    'printf "%v-%v" any any', 'printf "%s" str', 'printf "%d" int', 'printf "%q" str', 'printf "%05.1f" num', 'print any any', 'toString any', 'quote any', 'squote any',
    'upper str', 'lower str', 'title str', 'trim str', 'trimSuffix "c" str', 'trimPrefix "a" str', 'replace "a" "_" str', 'trunc @small str', 'repeat 2 str', 'substr 0 3 str',
    'nospace str', 'indent 2 str', 'nindent 2 str', 'default str str', 'str | upper', 'any | toString | trim', 'str | quote', 'join "," list', 'toYaml any', 'toJson any',
    'b64enc str', 'sha256sum str | trunc 8', 'ternary str str bool', 'kindOf list', 'typeOf str', 'typeOf num', 'kindOf map', 'cat any any', 'list | toYaml', 'map | toYaml | nindent 2', 'seq @small', 'seq 1 @small',
    'regexReplaceAll "[aeiou]" str "#"', 'trimAll "-" str', 'html str', 'js str', 'urlquery str', 'squote list', 'coalesce str str', 'toString num', 'int num | toString',
  ],
  int: ['len list', 'len str', 'len map', 'add int int', 'sub int int', 'mul int int', 'div int 3', 'mod int 4', 'max int int', 'min int int', 'int any', 'int64 int', 'add1 int', 'atoi str', 'int num', 'len (until @small)'],
  num: ['float64 int', 'num', 'float64 num'],
  bool: [
    'eq str str', 'eq int int', 'ne str str', 'lt int int', 'le str str', 'gt int int', 'ge num num', 'not any', 'and any any', 'or any any', 'empty any', 'hasKey map str',
    'has any list', 'contains str str', 'hasPrefix str str', 'hasSuffix str str', 'kindIs "string" any', 'kindIs "map" any', 'regexMatch "^[a-z]+$" str', 'eq any any', 'typeIs "float64" any',
  ],
  list: [
    'list any any', 'until @small', 'splitList "," str', 'append list any', 'concat list list', 'rest list', 'initial list', 'uniq list', 'without list any', 'compact list',
    'keys map | sortAlpha', 'reverse list', 'list str str | sortAlpha', 'prepend list any', 'pluck "a" map map', 'slice list 0', 'splitList " " str | compact',
  ],
  map: ['dict "a" any "b" any', 'dict str any', 'merge (dict "x" any) map', 'pick map "a" "name"', 'omit map "a"', 'deepCopy map', 'set (dict) "k" any', 'fromYaml (toYaml any)', 'fromYaml "a: [1, b]"', 'mergeOverwrite (dict "a" any) map', 'unset (deepCopy map) "a"'],
  any: [
    'index list 0', 'index map "a"', 'first list', 'last list', 'get map "a"', 'dig "a" "b" "none" map', 'coalesce any any', 'default any any', 'ternary any any bool', 'index map str',
    'str', 'int', 'list', 'map', 'bool', 'num', 'pluck "name" map | first', 'fromYaml (toJson any) | toYaml',
  ],
};

const kindWord = /^(str|int|num|bool|list|map|any)(\)?)$/;

/**
 * The forms with their arguments marked `@kind`: in each command of a pipeline, every word after
 * the function name that names a kind; a first command of one word is itself an argument.
 */
const markedForms: Readonly<Record<Kind, readonly string[]>> = Object.fromEntries(
  Object.entries(forms).map(([kind, list]) => [
    kind,
    list.map((form) =>
      form
        .split(' | ')
        .map((command, index) => {
          const words = command.split(' ');
          if (index === 0 && words.length === 1) return words[0].replace(kindWord, '@$1$2');
          return [words[0], ...words.slice(1).map((word) => word.replace(kindWord, '@$1$2'))].join(' ');
        })
        .join(' | '),
    ),
  ]),
) as unknown as Record<Kind, readonly string[]>;

function kindOf(value: unknown): Kind {
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return 'num';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  if (value !== null && typeof value === 'object') return 'map';
  return 'any';
}

/** The case file text: a header, the values as one YAML flow line, and the cases (expect/error left to render-cases.mjs). */
export function caseFileText(seed: number, generated: GeneratedCases): string {
  const lines = [
    `# Generated by test/support/templateGrammar.ts from seed ${seed} (${generated.cases.length} cases); expect/error written by`,
    '# scripts/render-cases.mjs from Helm 4.1.4. Regenerate the templates with: node out/test/support/writeGeneratedCases.js SEED COUNT',
    `values: ${JSON.stringify(generated.values)}`,
    'cases:',
  ];
  for (const c of generated.cases) lines.push(`  - name: ${c.name}`, `    template: ${JSON.stringify(c.template)}`);
  return `${lines.join('\n')}\n`;
}
