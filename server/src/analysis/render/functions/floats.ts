/**
 * Sprig's float arithmetic. `addf`, `add1f`, `subf`, `mulf` and `divf` convert each argument
 * to float64 (spf13/cast), then to shopspring/decimal's exact decimal of its shortest text,
 * compute in decimal (division rounded half away from zero at 16 places) and return the nearest
 * float64; `maxf`, `minf` and `round` work on float64 as Go's math package does.
 */
import { GoError, GoFunction, UnsupportedFunction, Value } from '../value';
import { formatFloat64, goFunction, toFloat64 } from './goValues';

/** coefficient × 10^exponent. */
interface Decimal {
  readonly coef: bigint;
  readonly exp: number;
}

const divisionPrecision = 16;

/** decimal.NewFromFloat: the shortest decimal that reads back as the float; panics on NaN and infinities. */
function fromFloat(value: number): Decimal {
  if (!Number.isFinite(value)) throw new GoError(`Cannot create a Decimal from ${formatFloat64(value, 'g')}`);
  if (value === 0) return { coef: 0n, exp: 0 };
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const coef = BigInt(digits);
  return { coef: value < 0 ? -coef : coef, exp: Number(exponent) - (digits.length - 1) };
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * pow10(a.exp - exp), b.coef * pow10(b.exp - exp), exp];
}

const add = (a: Decimal, b: Decimal): Decimal => {
  const [x, y, exp] = align(a, b);
  return { coef: x + y, exp };
};
const sub = (a: Decimal, b: Decimal): Decimal => add(a, { coef: -b.coef, exp: b.exp });
const mul = (a: Decimal, b: Decimal): Decimal => ({ coef: a.coef * b.coef, exp: a.exp + b.exp });

/** Decimal.Div: DivRound(d2, 16), the quotient at 16 places, a remainder of half or more rounded away from zero. */
function div(a: Decimal, b: Decimal): Decimal {
  if (b.coef === 0n) throw new GoError('decimal division by 0');
  const scale = -divisionPrecision;
  const e = a.exp - b.exp - scale;
  const [numerator, denominator, remainderExp] = e < 0 ? [a.coef, b.coef * pow10(-e), a.exp] : [a.coef * pow10(e), b.coef, scale + b.exp];
  const q = numerator / denominator; // big.Int QuoRem truncates toward zero
  const r = numerator - q * denominator;
  const twice = { coef: 2n * (r < 0n ? -r : r), exp: remainderExp + divisionPrecision };
  const [left, right] = align(twice, { coef: b.coef < 0n ? -b.coef : b.coef, exp: b.exp });
  if (left < right) return { coef: q, exp: scale };
  const negative = (a.coef < 0n) !== (b.coef < 0n) && a.coef !== 0n;
  return { coef: negative ? q - 1n : q + 1n, exp: scale };
}

/** Decimal.Float64: the nearest float64 (JavaScript reads decimal text correctly rounded). */
const toNumber = (d: Decimal): number => Number(`${d.coef}e${d.exp}`);

function decimalOp(first: Value, rest: readonly Value[], op: (a: Decimal, b: Decimal) => Decimal): number {
  let result = fromFloat(toFloat64(first));
  for (const v of rest) result = op(result, fromFloat(toFloat64(v)));
  return toNumber(result);
}

/** Sprig's round: to `places` decimals, up when the fraction is at least `roundOn` (0.5). */
function round(value: Value, places: bigint, roundOn: number): number {
  if (places > 22n || places < -22n) throw new UnsupportedFunction('round to more than 22 places is not supported (Go\'s math.Pow of 10 is not exact there)');
  const p = Number(places);
  // math.Pow(10, p) is exact for |p| <= 22 (a negative power is 1 over the exact positive one).
  const pow = p >= 0 ? Number(`1e${p}`) : 1 / Number(`1e${-p}`);
  const digit = pow * toFloat64(value);
  const fraction = Math.abs(digit) < 1 ? digit : digit - Math.trunc(digit);
  return (fraction >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

/** math.Max and math.Min: an infinity in the right direction wins even over NaN, then NaN wins, +0 beats -0. */
function goMax(a: number, b: number): number {
  return a === Infinity || b === Infinity ? Infinity : Math.max(a, b);
}
function goMin(a: number, b: number): number {
  return a === -Infinity || b === -Infinity ? -Infinity : Math.min(a, b);
}

const I = 'interface {}';
const F = 'float64';
export const floatFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['addf', goFunction([], (args) => decimalOp(0, args, add), { variadic: I, result: F })],
  ['add1f', goFunction([I], ([v]) => decimalOp(v, [1], add), { result: F })],
  ['subf', goFunction([I], ([a, ...rest]) => decimalOp(a, rest, sub), { variadic: I, result: F })],
  ['mulf', goFunction([I], ([a, ...rest]) => decimalOp(a, rest, mul), { variadic: I, result: F })],
  ['divf', goFunction([I], ([a, ...rest]) => decimalOp(a, rest, div), { variadic: I, result: F })],
  ['maxf', goFunction([I], ([a, ...rest]) => rest.reduce<number>((best, v) => goMax(best, toFloat64(v)), toFloat64(a)), { variadic: I, result: F })],
  ['minf', goFunction([I], ([a, ...rest]) => rest.reduce<number>((best, v) => goMin(best, toFloat64(v)), toFloat64(a)), { variadic: I, result: F })],
  ['round', goFunction([I, 'int'], ([v, p, ...options]) => round(v, p as bigint, options.length > 0 ? (options[0] as number) : 0.5), { variadic: F, result: F })],
]);
