/**
 * The builtin functions of Go's text/template (`and`, `or`, `not`, `len`, `index`, `slice`,
 * comparisons, `print*`, `html`, `js`, `urlquery`, `call`), with Go's rules and error texts.
 * They take their arguments as Go's `reflect.Value`s do: `undefined` is the invalid value
 * (Go's "no value"), `null` a nil interface. `and`/`or` short-circuit inside the executor.
 */
import { GoError, GoStruct, isGoList, isGoMap, isTypedNil, mapEntry, utf8Bytes, utf8Decode, type GoParamType, type Value } from './value';
import { formatValue, goTypeName, sprint, sprintf, sprintln } from './print';
import { isGoTime } from './functions/goTime';

export type Arg = Value | undefined;

/** `reflect` parameters take any value as is (Go's reflect.Value); others convert as for any function. */
export type BuiltinParam = 'reflect' | GoParamType;

export interface Builtin {
  readonly params: readonly BuiltinParam[];
  readonly variadic?: BuiltinParam;
  call(args: Arg[]): Arg;
}

const R = 'reflect' as const;
const ANY = 'interface {}' as const;

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other';

function basicKind(v: Arg): Kind {
  if (v === undefined || v === null) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  return 'other';
}

/** Go's truth of a value (`if`, `and`, `or`, `not`). */
export function isTrue(v: Arg): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
  }
  if (isGoList(v)) return v.length > 0;
  if (isGoMap(v)) return v.size > 0;
  return true; // structs (and pointers to them) are true
}

const typeOf = (v: Arg): string => (v === undefined ? 'invalid' : v === null ? 'interface {}' : goTypeName(v));

function equal(a: Arg, b: Arg): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if ((ka === 'other' || ka === 'invalid') && (kb === 'other' || kb === 'invalid')) return equalNillable(a, b);
  if (ka !== kb) {
    if (ka !== 'invalid' && kb !== 'invalid') throw new GoError(`incompatible types for comparison: ${typeOf(a)} and ${typeOf(b)}`);
    return false;
  }
  return a === b;
}

/**
 * Go's eq of two values without a basic kind (nil, maps, slices, structs): values of other
 * reflect kinds do not compare unless one is nil; when either is nil (a nil interface, or a
 * typed nil map or slice such as Chart.yaml's missing annotations) they are equal when both
 * are; pointers are equal when they are the same object; otherwise maps, slices and (here)
 * structs are not comparable. Go names both values when their kinds differ, else only the second.
 */
function equalNillable(a: Arg, b: Arg): boolean {
  const ra = reflectKind(a);
  const rb = reflectKind(b);
  if (ra !== rb && ra !== 'invalid' && rb !== 'invalid') throw new GoError(`non-comparable types ${sprintf('%s', [a as Value])}: ${typeOf(a)}, ${typeOf(b)}: ${sprintf('%v', [b as Value])}`);
  const nilA = a === undefined || a === null || isTypedNil(a);
  const nilB = b === undefined || b === null || isTypedNil(b);
  if (nilA || nilB) return nilA === nilB;
  if (ra === 'ptr') return a === b; // pointers compare by address: the same object
  if (ra === 'struct') return equalStructs(a as GoStruct, b as GoStruct, b);
  throw nonComparable(b);
}

/** Go's error for a type == cannot compare, naming the second value. */
const nonComparable = (b: Arg): GoError => new GoError(`non-comparable type ${sprintf('%s', [b as Value])}: ${typeOf(b)}`);

/** Go's == of two struct values: equal type and equal fields (a time.Time: its instant and zone); a map or slice field makes the type not comparable. */
function equalStructs(a: GoStruct, b: GoStruct, shown: Arg): boolean {
  if (isGoTime(a) || isGoTime(b)) return isGoTime(a) && isGoTime(b) && a.seconds === b.seconds && a.nanos === b.nanos && a.offset === b.offset && a.zone === b.zone;
  for (const field of b.fields.values()) if (isGoList(field) || isGoMap(field)) throw nonComparable(shown);
  if (a.typeName !== b.typeName) return false;
  for (const [name, field] of a.fields) {
    const other = b.fields.get(name) ?? null;
    if (field instanceof GoStruct && other instanceof GoStruct ? !equalStructs(field, other, shown) : field !== other) return false;
  }
  return true;
}

const reflectKind = (v: Arg): string => (v === undefined || v === null ? 'invalid' : isGoList(v) ? 'slice' : isGoMap(v) ? 'map' : (v as { typeName: string }).typeName.startsWith('*') ? 'ptr' : 'struct');

function less(a: Arg, b: Arg): boolean {
  const ka = basicKind(a);
  if (ka === 'invalid' || ka === 'other') throw new GoError('invalid type for comparison');
  const kb = basicKind(b);
  if (kb === 'invalid' || kb === 'other') throw new GoError('invalid type for comparison');
  if (ka !== kb) throw new GoError(`incompatible types for comparison: ${typeOf(a)} and ${typeOf(b)}`);
  if (ka === 'bool') throw new GoError('invalid type for comparison');
  if (ka === 'string') return compareBytes(a as string, b as string) < 0;
  return (a as number | bigint) < (b as number | bigint);
}

function compareBytes(a: string, b: string): number {
  const ea = utf8(a);
  const eb = utf8(b);
  for (let i = 0; i < Math.min(ea.length, eb.length); i++) if (ea[i] !== eb[i]) return ea[i] - eb[i];
  return ea.length - eb.length;
}

const utf8 = utf8Bytes;

function eq(args: Arg[]): boolean {
  const [first, ...rest] = args;
  if (rest.length === 0) throw new GoError('missing argument for comparison');
  return rest.some((other) => equal(first, other));
}

function indexArg(index: Arg, cap: number): number {
  if (index === undefined || index === null) throw new GoError('cannot index slice/array with nil');
  if (typeof index !== 'bigint') throw new GoError(`cannot index slice/array with type ${typeOf(index)}`);
  if (index < 0n || index > BigInt(cap)) throw new GoError(`index out of range: ${index}`);
  return Number(index);
}

function index(args: Arg[]): Arg {
  let [item] = args;
  if (item === undefined || item === null) throw new GoError('index of untyped nil');
  for (const key of args.slice(1)) {
    if (item === undefined || item === null) throw new GoError('index of nil pointer');
    if (typeof item === 'string') {
      const bytes = utf8(item);
      const x = indexArg(key, bytes.length);
      if (x >= bytes.length) throw new GoError('reflect: string index out of range');
      item = BigInt(bytes[x]);
    } else if (isGoList(item)) {
      const x = indexArg(key, item.length);
      if (x >= item.length) throw new GoError('reflect: slice index out of range');
      item = item[x];
    } else if (isGoMap(item)) {
      // Go's prepareArg: a nil key cannot become a string key (`index .Values .Values.missing` fails the render).
      if (key === undefined || key === null) throw new GoError('value is nil; should be of type string');
      else if (typeof key !== 'string') throw new GoError(`value has type ${typeOf(key)}; should be string`);
      else item = mapEntry(item, key);
    } else throw new GoError(`can't index item of type ${typeOf(item)}`);
  }
  return item;
}

function slice(args: Arg[]): Arg {
  const [item, ...indexes] = args;
  if (item === undefined || item === null) throw new GoError('slice of untyped nil');
  if (indexes.length > 3) throw new GoError(`too many slice indexes: ${indexes.length}`);
  let length: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new GoError('cannot 3-index slice a string');
    length = utf8(item).length;
  } else if (isGoList(item)) length = item.length;
  else throw new GoError(`can't slice item of type ${typeOf(item)}`);
  const idx = [0, length, length];
  indexes.forEach((x, i) => (idx[i] = indexArg(x, length)));
  if (idx[0] > idx[1]) throw new GoError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new GoError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === 'string') return utf8Decode(utf8(item).subarray(idx[0], idx[1]));
  const out: Value[] & { elem?: typeof item.elem } = item.slice(idx[0], idx[1]);
  if (item.elem) out.elem = item.elem;
  return out;
}

function length(v: Arg): bigint {
  if (v === undefined || v === null) throw new GoError('len of nil pointer');
  if (typeof v === 'string') return BigInt(utf8(v).length);
  if (isGoList(v)) return BigInt(v.length);
  if (isGoMap(v)) return BigInt(v.size);
  throw new GoError(`len of type ${typeOf(v)}`);
}

/** The text html/js/urlquery escape: one string as is, anything else as fmt.Sprint prints it. */
function evalArgs(args: Arg[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  // Go's printableValue turns a nil interface argument into "<no value>".
  return sprint(args.map((a) => (a === undefined || a === null ? '<no value>' : a)));
}

export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\ufffd', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** unicode.IsGraphic (kept in a constant: a regex literal in a function is built again on every call). */
const GRAPHIC = /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]$/u;

export function jsEscape(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    switch (c) {
      case '\\': out += '\\\\'; continue;
      case "'": out += "\\'"; continue;
      case '"': out += '\\"'; continue;
      case '<': out += '\\u003C'; continue;
      case '>': out += '\\u003E'; continue;
      case '&': out += '\\u0026'; continue;
      case '=': out += '\\u003D'; continue;
    }
    if (code < 0x20 || (code >= 0x80 && !GRAPHIC.test(c))) {
      out += code < 0x10000 ? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}` : c;
    } else out += c;
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const byte of utf8(s)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const printable = (args: Arg[]): Value[] => args.map((a) => (a === undefined ? null : a));

export const builtins: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  // and/or are evaluated lazily by the executor; these bodies serve arity checks only.
  ['and', { params: [R], variadic: R, call: (args) => args.find((a) => !isTrue(a)) ?? args[args.length - 1] }],
  ['or', { params: [R], variadic: R, call: (args) => args.find((a) => isTrue(a)) ?? args[args.length - 1] }],
  ['not', { params: [R], call: ([a]) => !isTrue(a) }],
  ['len', { params: [R], call: ([a]) => length(a) }],
  ['index', { params: [R], variadic: R, call: index }],
  ['slice', { params: [R], variadic: R, call: slice }],
  ['eq', { params: [R], variadic: R, call: eq }],
  ['ne', { params: [R, R], call: ([a, b]) => !equal(a, b) }],
  ['lt', { params: [R, R], call: ([a, b]) => less(a, b) }],
  ['le', { params: [R, R], call: ([a, b]) => less(a, b) || equal(a, b) }],
  ['gt', { params: [R, R], call: ([a, b]) => !(less(a, b) || equal(a, b)) }],
  ['ge', { params: [R, R], call: ([a, b]) => !less(a, b) }],
  ['print', { params: [], variadic: ANY, call: (args) => sprint(printable(args)) }],
  ['println', { params: [], variadic: ANY, call: (args) => sprintln(printable(args)) }],
  [
    'printf',
    {
      params: ['string'],
      variadic: ANY,
      call: ([format, ...args]) => {
        return sprintf(format as string, printable(args));
      },
    },
  ],
  ['html', { params: [], variadic: ANY, call: (args) => htmlEscape(evalArgs(args)) }],
  ['js', { params: [], variadic: ANY, call: (args) => jsEscape(evalArgs(args)) }],
  ['urlquery', { params: [], variadic: ANY, call: (args) => queryEscape(evalArgs(args)) }],
  [
    'call',
    {
      params: [R],
      variadic: R,
      call: ([fn]) => {
        if (fn === undefined || fn === null) throw new GoError('call of nil');
        throw new GoError(`non-function ${formatValue(fn)} of type ${typeOf(fn)}`);
      },
    },
  ],
]);
