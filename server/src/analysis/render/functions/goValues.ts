/**
 * How Go sees a template value, for the function library: `fmt`'s `%v`, Go's type names and
 * kinds, and the `spf13/cast` conversions Sprig uses (`toInt64`, `toFloat64`, `toString`).
 */
import { formatValue as printValue, goTypeName } from '../print';
import { GoError, GoFunction, GoList, GoMap, GoParamType, GoStruct, isGoBytes, isGoList, isGoMap, utf8Decode, Value } from '../value';

export { utf8Decode, utf8Encode } from '../value';

/** A GoFunction from its Go signature. */
export function goFunction(params: readonly GoParamType[], call: (args: Value[]) => Value, options: { variadic?: GoParamType; result?: string } = {}): GoFunction {
  return { params, variadic: options.variadic, result: options.result, call: (args) => call(args) };
}

/** `fmt.Sprintf("%v", v)`, as Go prints a value of an `interface{}`: the evaluator's printer. */
export const formatValue = (value: Value): string => printValue(value);

/** Go's map key order: byte-wise comparison of the UTF-8 keys (equal to code point order). */
export function sortedKeys(map: GoMap): string[] {
  return [...map.keys()].sort(compareGoStrings);
}

export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < ca.length && i < cb.length; i++) {
    const x = ca[i].codePointAt(0)!;
    const y = cb[i].codePointAt(0)!;
    if (x !== y) return x - y;
  }
  return ca.length - cb.length;
}

/**
 * Go's shortest float64 text: `g` is `strconv.FormatFloat(f, 'g', -1, 64)` (what `%v` and
 * go-yaml print: an exponent when it is below -4 or at least 6, `1e+06`); `json` is
 * encoding/json's (plain decimal from 1e-6 up to 1e21, exponent without padding, `1e-7`).
 */
export function formatFloat64(value: number, mode: 'g' | 'json'): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const sign = value < 0 ? '-' : '';
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const exponential = () => {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const shown = mode === 'json' ? `${Math.abs(exponent)}` : Math.abs(exponent) < 10 ? `0${Math.abs(exponent)}` : `${Math.abs(exponent)}`;
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${shown}`;
  };
  const useExponent = mode === 'json' ? Math.abs(value) < 1e-6 || Math.abs(value) >= 1e21 : exponent < -4 || exponent >= 6;
  if (useExponent) return exponential();
  const point = exponent + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The Go type `printf "%T"` shows (a named map or slice by its own name): the evaluator's. */
export const typeName = (value: Value): string => goTypeName(value);

/** `reflect.Value.Kind().String()`; `invalid` for nil. */
export function kindName(value: Value): string {
  if (value === null) return 'invalid';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
  }
  if (isGoList(value)) return 'slice';
  if (isGoMap(value)) return 'map';
  return value.typeName.startsWith('*') ? 'ptr' : value.typeName.startsWith('map[') ? 'map' : 'struct';
}

/** Sprig's `strval`: strings as they are, everything else through `%v`. */
export function strval(value: Value): string {
  if (typeof value === 'string') return value;
  // Sprig's strval: a []byte is `string(v)`, its bytes as they are; anything else `%v`.
  return isGoBytes(value) ? utf8Decode(value.map(Number)) : formatValue(value);
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** Wraps to int64 as Go's arithmetic does. */
export function wrapInt64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

/** `cast.ToInt64`: numbers truncated, strings parsed (base prefixes, "1.0" → 1), bools 1/0, anything else 0. */
export function toInt64(value: Value): bigint {
  if (typeof value === 'bigint') return wrapInt64(value);
  if (typeof value === 'number') return floatToInt64(value);
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'string') return parseGoInt(trimZeroDecimal(value)) ?? 0n;
  return 0n;
}

/** Go's float64 → int64 conversion for in-range values; out of range is platform-defined (amd64 gives MinInt64). */
function floatToInt64(value: number): bigint {
  if (!Number.isFinite(value) || value >= 9223372036854775808 || value < -9223372036854775808) return int64Min;
  return BigInt(Math.trunc(value));
}

/** cast's trimZeroDecimal: "1.000" → "1"; other texts unchanged. */
function trimZeroDecimal(text: string): string {
  const match = /^([^.]*)\.0*$/.exec(text);
  return match && match[1] !== '' ? match[1] : text;
}

/** `strconv.ParseInt(s, 0, 64)`: base prefixes 0x, 0o, 0b, leading 0 for octal, underscores only with a prefix. */
export function parseGoInt(text: string): bigint | undefined {
  const match = /^([-+]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  let digits = match[2];
  if (digits.includes('_')) {
    if (!/^0[xXoObB_]?/.test(digits) || /__|_$|^0[xXoObB]?_?$/.test(digits) && digits !== '0') return undefined;
    digits = digits.replace(/_/g, '');
  }
  const magnitude = /^0[oO]/.test(digits) ? BigInt(`0o${digits.slice(2)}`) : /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  const signed = match[1] === '-' ? -magnitude : magnitude;
  return signed < int64Min || signed > int64Max ? undefined : signed;
}

/** `cast.ToFloat64`: numbers as they are, strings parsed, bools 1/0, anything else 0. */
export function toFloat64(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return parseGoFloat(value) ?? 0;
  return 0;
}

/** `strconv.ParseFloat(s, 64)` for decimal texts; undefined where Go returns an error. */
export function parseGoFloat(text: string): number | undefined {
  const plain = text.replace(/(?<=[0-9])_(?=[0-9])/g, '');
  if (/^[-+]?(inf|infinity)$/i.test(plain)) return plain.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(plain)) return NaN;
  if (/^[-+]?0[xX]/.test(plain)) return undefined;
  if (!/^[-+]?([0-9]+(?:\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(plain)) return undefined;
  const parsed = Number(plain);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Sprig's `empty`: nil, false, 0, "" and empty collections; structs never. */
export function isEmpty(value: Value): boolean {
  if (value === null) return true;
  if (typeof value === 'string') return value.length === 0;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'bigint') return value === 0n;
  if (typeof value === 'number') return value === 0;
  if (isGoList(value)) return value.length === 0;
  if (isGoMap(value)) return value.size === 0;
  return false;
}

/**
 * A copy of lists and maps, all the way down (structs are shared, as Go copies only what it walks).
 * A copy keeps its Go type (copystructure makes the same type): a copy of `.Files` is an
 * engine.files of []byte, of `.Values` a common.Values.
 */
export function deepCopyValue(value: Value): Value {
  if (isGoList(value)) {
    const copy: GoList = value.map(deepCopyValue);
    if (value.elem) copy.elem = value.elem;
    if (value.goNil) copy.goNil = true;
    return sameGoType(copy, value);
  }
  if (isGoMap(value)) return sameGoType(value.goNil ? nilMap() : new Map([...value].map(([key, item]) => [key, deepCopyValue(item)])), value);
  return value;
}

function sameGoType<T extends GoMap | GoList>(copy: T, of: GoMap | GoList): T {
  if (of.goType) copy.goType = of.goType;
  if (of.goMethods) copy.goMethods = of.goMethods;
  if (of.goElemZero) copy.goElemZero = of.goElemZero;
  return copy;
}

/** A nil `map[string]interface{}` (see `GoNamedType.goNil`). */
export function nilMap(): GoMap {
  const map: GoMap = new Map();
  map.goNil = true;
  return map;
}

/** A nil slice, `[]interface{}` unless `elem` says otherwise (see `GoNamedType.goNil`). */
export function nilList(elem?: GoList['elem']): GoList {
  const list = goList([], elem);
  list.goNil = true;
  return list;
}

/** A `[]interface{}` of the given items. */
export function goList(items: Value[], elem?: GoList['elem']): GoList {
  const list: GoList = items;
  if (elem && elem !== 'interface {}') list.elem = elem;
  return list;
}

/** A `[]string`. */
export function stringList(items: string[]): GoList {
  return goList(items, 'string');
}

/** The error Go's text/template reports when a function panics, as Helm shows it. */
export function goPanic(message: string): GoError {
  return new GoError(message);
}

export function isStruct(value: Value): value is GoStruct {
  return value instanceof GoStruct;
}
