/** Sprig's list functions. */
import { GoError, GoFunction, GoList, Value, isGoList } from '../value';
import { goFunction, goList, kindName, nilList } from './goValues';
import { deepEqual } from './reflection';

const nilKind = 'runtime error: invalid memory address or nil pointer dereference';

/** The items of a slice argument, or Sprig's "Cannot … on type KIND" error. */
function items(value: Value, what: string): GoList {
  if (value === null) throw new GoError(nilKind);
  if (!isGoList(value)) throw new GoError(`Cannot ${what} on type ${kindName(value)}`);
  return value;
}

function without(list: Value, omit: Value[]): GoList {
  return goList(items(list, 'find without').filter((item) => !omit.some((o) => deepEqual(o, item))));
}

function uniq(list: Value): GoList {
  const out: Value[] = [];
  for (const item of items(list, 'find uniq')) if (!out.some((o) => deepEqual(o, item))) out.push(item);
  return goList(out);
}

function has(needle: Value, haystack: Value): boolean {
  if (haystack === null) return false;
  return items(haystack, 'find has').some((item) => deepEqual(needle, item));
}

/** Sprig's slice: an empty list gives nil, whatever the indices. */
function slice(list: Value, indices: Value[]): GoList | null {
  // Sprig 3.3's mustSlice names the kind it refused in words of its own.
  if (list !== null && !isGoList(list)) throw new GoError(`list should be type of slice or array but ${kindName(list)}`);
  const all = items(list, 'slice');
  if (all.length === 0) return null;
  const start = indices.length > 0 ? Number(indices[0]) : 0;
  const end = indices.length > 1 ? Number(indices[1]) : all.length;
  if (start < 0 || end > all.length || start > end) throw new GoError(`runtime error: slice bounds out of range [${start}:${end}] with capacity ${all.length}`);
  // reflect.Value.Slice keeps the slice type: a []uint8 stays bytes, a []string strings.
  return goList(all.slice(start, end), all.elem);
}

function chunk(size: number, list: Value): GoList {
  const all = items(list, 'chunk');
  if (size <= 0) throw new GoError('runtime error: integer divide by zero');
  const out: Value[] = [];
  for (let i = 0; i < all.length; i += size) out.push(goList(all.slice(i, i + size)));
  return goList(out);
}

function concat(lists: Value[]): Value {
  const out: Value[] = [];
  for (const list of lists) {
    if (list === null) throw new GoError(nilKind);
    if (!isGoList(list)) throw new GoError(`Cannot concat type ${kindName(list)} as list`);
    out.push(...list);
  }
  // Sprig appends to a nil []interface {}: with nothing appended it stays a typed nil slice.
  return out.length === 0 ? nilList() : goList(out);
}

/** A function and its `must` twin: both return Sprig's error (the plain one panics with it, which text/template reports the same way). */
function pair(name: string, params: GoFunction['params'], call: (args: Value[]) => Value, result: string, variadic?: GoFunction['variadic']): [string, GoFunction][] {
  const fn = goFunction(params, call, { result, variadic });
  const must = `must${name[0].toUpperCase()}${name.slice(1)}`;
  return [[name, fn], [must, fn]];
}

const I = 'interface {}';
export const listFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['list', goFunction([], (args) => goList([...args]), { variadic: I, result: '[]interface {}' })],
  ['tuple', goFunction([], (args) => goList([...args]), { variadic: I, result: '[]interface {}' })],
  ...pair('push', [I, I], ([l, v]) => goList([...items(l, 'push'), v]), '[]interface {}'),
  ['append', goFunction([I, I], ([l, v]) => goList([...items(l, 'push'), v]), { result: '[]interface {}' })],
  ['mustAppend', goFunction([I, I], ([l, v]) => goList([...items(l, 'push'), v]), { result: '[]interface {}' })],
  ...pair('prepend', [I, I], ([l, v]) => goList([v, ...items(l, 'prepend')]), '[]interface {}'),
  ...pair('first', [I], ([l]) => items(l, 'find first')[0] ?? null, I),
  ...pair('last', [I], ([l]) => { const all = items(l, 'find last'); return all.length === 0 ? null : all[all.length - 1]; }, I),
  // Of an empty list Sprig returns a nil []interface {}: it prints [], is a slice and has no items.
  ...pair('rest', [I], ([l]) => { const all = items(l, 'find rest'); return all.length === 0 ? nilList() : goList(all.slice(1)); }, '[]interface {}'),
  ...pair('initial', [I], ([l]) => { const all = items(l, 'find initial'); return all.length === 0 ? nilList() : goList(all.slice(0, -1)); }, '[]interface {}'),
  ...pair('reverse', [I], ([l]) => goList([...items(l, 'find reverse')].reverse()), '[]interface {}'),
  ...pair('uniq', [I], ([l]) => uniq(l), '[]interface {}'),
  ...pair('without', [I], ([l, ...omit]) => without(l, omit), '[]interface {}', I),
  ...pair('has', [I, I], ([needle, haystack]) => has(needle, haystack), 'bool'),
  ...pair('slice', [I], ([l, ...indices]) => slice(l, indices), I, I),
  ...pair('chunk', ['int', I], ([size, l]) => chunk(Number(size), l), '[][]interface {}'),
  ...pair('compact', [I], ([l]) => goList(items(l, 'compact').filter((item) => !isEmptyForCompact(item))), '[]interface {}'),
  ['concat', goFunction([], (args) => concat(args), { variadic: I, result: I })],
  ['until', goFunction(['int'], ([n]) => untilStep(0n, n as bigint, (n as bigint) < 0n ? -1n : 1n), { result: '[]int' })],
  ['untilStep', goFunction(['int', 'int', 'int'], ([a, b, c]) => untilStep(a as bigint, b as bigint, c as bigint), { result: '[]int' })],
  ['seq', goFunction([], (args) => seq(args.map((a) => a as bigint)), { variadic: 'int', result: 'string' })],
]);

function isEmptyForCompact(value: Value): boolean {
  return value === null || value === '' || value === false || value === 0n || value === 0 || (isGoList(value) && value.length === 0) || (value instanceof Map && value.size === 0);
}

function untilStep(start: bigint, stop: bigint, step: bigint): GoList {
  const out: Value[] = [];
  if (step === 0n) return goList(out, 'int');
  if (stop < start) {
    if (step >= 0n) return goList(out, 'int');
    for (let i = start; i > stop; i += step) out.push(i);
  } else {
    if (step <= 0n) return goList(out, 'int');
    for (let i = start; i < stop; i += step) out.push(i);
  }
  return goList(out, 'int');
}

/** Sprig's seq, like the Unix command: `seq 3`, `seq 2 5`, `seq 0 2 10`. */
function seq(params: bigint[]): string {
  const join = (list: GoList) => list.map((v) => String(v)).join(' ');
  switch (params.length) {
    case 0:
      return '';
    case 1: {
      const end = params[0];
      return end > 0n ? join(untilStep(1n, end + 1n, 1n)) : join(untilStep(1n, end - 1n, -1n));
    }
    case 2: {
      const [start, end] = params;
      return end >= start ? join(untilStep(start, end + 1n, 1n)) : join(untilStep(start, end - 1n, -1n));
    }
    case 3: {
      const [start, step, end] = params;
      if (end < start) {
        if (step >= 0n) return '';
        return join(untilStep(start, end - 1n, step));
      }
      if (step <= 0n) return '';
      return join(untilStep(start, end + 1n, step));
    }
    default:
      return '';
  }
}
