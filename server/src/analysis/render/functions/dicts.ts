/** Sprig's dict functions (maps are `map[string]interface{}`; Sprig changes them in place as Go does). */
import { GoError, GoFunction, GoMap, Value, isGoMap, isTypedNil } from '../value';
import { goTypeName } from '../print';
import { deepCopyValue, goFunction, goList, isEmpty, stringList, strval } from './goValues';

/**
 * A map argument for reading. A nil one (a variable or parenthesised pipeline that gave nil,
 * which Go hands a `map[string]interface{}` parameter as a nil map) reads as empty.
 */
const map = (v: Value): GoMap => (v === null ? new Map() : (v as GoMap));

/** A map argument to change in place: writing to a nil map panics in Go. */
function writable(v: Value): GoMap {
  if (v === null || isTypedNil(v)) throw new GoError('assignment to entry in nil map');
  return v as GoMap;
}

/**
 * Sprig's merge family: mergo.Merge(&dst, src) for each src in turn. A nil dst stays nil while
 * every src is nil; the first non-nil src gives it a fresh map (mergo makes one), which is returned.
 */
function mergeAll(dst: Value, srcs: Value[], overwrite: boolean): Value {
  let out = dst;
  for (const src of srcs) {
    if (src === null) continue;
    if (out === null || isTypedNil(out)) out = new Map();
    mergeInto(out as GoMap, src as GoMap, overwrite);
  }
  return out;
}

function dict(args: Value[]): GoMap {
  const out: GoMap = new Map();
  for (let i = 0; i < args.length; i += 2) out.set(strval(args[i]), i + 1 < args.length ? args[i + 1] : '');
  return out;
}

/**
 * mergo.Merge into dst (changed in place, as Sprig does): where both hold maps they merge key by
 * key; otherwise with overwrite src's value always wins (nil and empty ones too), and without it
 * src fills a key dst lacks or holds an empty value in, a nil src value never.
 */
function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const [key, srcValue] of src) {
    let dstValue = dst.get(key);
    // A nil map in dst gets a fresh map to merge into, as mergo makes one.
    if (isGoMap(srcValue) && isGoMap(dstValue) && isTypedNil(dstValue)) dst.set(key, (dstValue = new Map()));
    if (isGoMap(srcValue) && dstValue !== undefined && isGoMap(dstValue)) mergeInto(dstValue, srcValue, overwrite);
    else if (overwrite) dst.set(key, srcValue);
    else if (srcValue !== null && (dstValue === undefined || isEmpty(dstValue))) dst.set(key, srcValue);
  }
}

/**
 * Sprig's dig: the map, then every key, asserted in that order (`.(map[string]interface{})`,
 * `.(string)`), so a failure names what Go met first. A type assertion wants that very type:
 * `.Values` (common.Values) and `.Files` (engine.files) are refused, as nested maps are not.
 */
function dig(args: Value[]): Value {
  if (args.length < 3) throw new GoError('dig needs at least three arguments');
  const fallback = args[args.length - 2];
  const keys = args.slice(0, -2);
  let current = asPlainMap(args[args.length - 1]);
  for (const key of keys) if (typeof key !== 'string') throw conversionError(key, 'string');
  for (const [i, key] of keys.entries()) {
    if (!current.has(key as string)) return fallback;
    const step = current.get(key as string) ?? null;
    if (i === keys.length - 1) return step;
    current = asPlainMap(step);
  }
  return current;
}

function asPlainMap(value: Value): GoMap {
  if (!isGoMap(value) || value.goType !== undefined) throw conversionError(value, 'map[string]interface {}');
  return value;
}

/** Go's message for a failed type assertion, naming the dynamic type. */
function conversionError(value: Value, wanted: string): GoError {
  return new GoError(`interface conversion: interface {} is ${value === null ? 'nil' : goTypeName(value)}, not ${wanted}`);
}

const M = 'map[string]interface {}';
const I = 'interface {}';
export const dictFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['dict', goFunction([], (args) => dict(args), { variadic: I, result: M })],
  ['get', goFunction([M, 'string'], ([d, k]) => (map(d).has(k as string) ? map(d).get(k as string) ?? null : ''), { result: I })],
  ['set', goFunction([M, 'string', I], ([d, k, v]) => writable(d).set(k as string, v), { result: M })],
  ['unset', goFunction([M, 'string'], ([d, k]) => (map(d).delete(k as string), d), { result: M })],
  ['hasKey', goFunction([M, 'string'], ([d, k]) => map(d).has(k as string), { result: 'bool' })],
  ['pluck', goFunction(['string'], ([k, ...ds]) => goList(ds.filter((d) => map(d).has(k as string)).map((d) => map(d).get(k as string) ?? null)), { variadic: M, result: '[]interface {}' })],
  ['keys', goFunction([], (ds) => stringList(ds.flatMap((d) => [...map(d).keys()])), { variadic: M, result: '[]string' })],
  ['pick', goFunction([M], ([d, ...ks]) => new Map(ks.filter((k) => map(d).has(k as string)).map((k) => [k as string, map(d).get(k as string) ?? null])), { variadic: 'string', result: M })],
  ['omit', goFunction([M], ([d, ...ks]) => new Map([...map(d)].filter(([k]) => !ks.includes(k))), { variadic: 'string', result: M })],
  ['values', goFunction([M], ([d]) => goList([...map(d).values()]), { result: '[]interface {}' })],
  ['merge', goFunction([M], ([d, ...srcs]) => mergeAll(d, srcs, false), { variadic: M, result: I })],
  ['mustMerge', goFunction([M], ([d, ...srcs]) => mergeAll(d, srcs, false), { variadic: M, result: I })],
  ['mergeOverwrite', goFunction([M], ([d, ...srcs]) => mergeAll(d, srcs, true), { variadic: M, result: I })],
  ['mustMergeOverwrite', goFunction([M], ([d, ...srcs]) => mergeAll(d, srcs, true), { variadic: M, result: I })],
  ['dig', goFunction([], (args) => dig(args), { variadic: I, result: I })],
  ['deepCopy', goFunction([I], ([v]) => deepCopyValue(v), { result: I })],
  ['mustDeepCopy', goFunction([I], ([v]) => deepCopyValue(v), { result: I })],
]);
