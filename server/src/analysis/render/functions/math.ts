/** Sprig's integer arithmetic and conversions (int64, wrapping as Go's does). */
import { GoError, GoFunction, Value } from '../value';
import { formatValue, goFunction, parseGoInt, toFloat64, toInt64, wrapInt64 } from './goValues';

const divide = (a: bigint, b: bigint, op: 'div' | 'mod') => {
  if (b === 0n) throw new GoError('runtime error: integer divide by zero');
  return wrapInt64(op === 'div' ? a / b : a % b);
};

function minMax(args: Value[], pick: (a: bigint, b: bigint) => boolean): bigint {
  let best = toInt64(args[0]);
  for (const v of args.slice(1)) {
    const n = toInt64(v);
    if (pick(n, best)) best = n;
  }
  return best;
}

const I = 'interface {}';
export const mathFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['atoi', goFunction(['string'], ([s]) => parseDecimalInt(s as string), { result: 'int' })],
  ['int', goFunction([I], ([v]) => toInt64(v), { result: 'int' })],
  ['int64', goFunction([I], ([v]) => toInt64(v), { result: 'int64' })],
  ['float64', goFunction([I], ([v]) => toFloat64(v), { result: 'float64' })],
  ['add1', goFunction([I], ([v]) => wrapInt64(toInt64(v) + 1n), { result: 'int64' })],
  ['add', goFunction([], (args) => wrapInt64(args.reduce<bigint>((sum, v) => sum + toInt64(v), 0n)), { variadic: I, result: 'int64' })],
  ['sub', goFunction([I, I], ([a, b]) => wrapInt64(toInt64(a) - toInt64(b)), { result: 'int64' })],
  ['div', goFunction([I, I], ([a, b]) => divide(toInt64(a), toInt64(b), 'div'), { result: 'int64' })],
  ['mod', goFunction([I, I], ([a, b]) => divide(toInt64(a), toInt64(b), 'mod'), { result: 'int64' })],
  ['mul', goFunction([I], ([a, ...rest]) => rest.reduce<bigint>((p, v) => wrapInt64(p * toInt64(v)), toInt64(a)), { variadic: I, result: 'int64' })],
  ['max', goFunction([I], (args) => minMax(args, (a, b) => a > b), { variadic: I, result: 'int64' })],
  ['biggest', goFunction([I], (args) => minMax(args, (a, b) => a > b), { variadic: I, result: 'int64' })],
  ['min', goFunction([I], (args) => minMax(args, (a, b) => a < b), { variadic: I, result: 'int64' })],
  ['ceil', goFunction([I], ([v]) => Math.ceil(toFloat64(v)), { result: 'float64' })],
  ['floor', goFunction([I], ([v]) => Math.floor(toFloat64(v)), { result: 'float64' })],
  ['toDecimal', goFunction([I], ([v]) => parseOctal(formatValue(v)), { result: 'int64' })],
]);

/** Sprig's toDecimal: strconv.ParseInt of the value's text in base 8, 0 when it fails. */
function parseOctal(text: string): bigint {
  if (!/^[-+]?[0-7]+$/.test(text)) return 0n;
  const magnitude = BigInt(`0o${text.replace(/^[-+]/, '')}`);
  const n = text.startsWith('-') ? -magnitude : magnitude;
  return n === BigInt.asIntN(64, n) ? n : 0n;
}

/** strconv.Atoi with the error dropped: decimal only, 0 when it fails. */
function parseDecimalInt(text: string): bigint {
  if (!/^[-+]?[0-9]+$/.test(text)) return 0n;
  return parseGoInt(text.replace(/^([-+]?)0+(?=[0-9])/, '$1')) ?? 0n;
}
