/**
 * Sprig's date functions. Given a fixed time (`toDate`, a Unix time) they print exactly what
 * Helm prints; where Go reads the clock (`now`, `ago`, `date` of something that is not a time
 * or an integer, `durationRound` of a time) the clock is a fixed placeholder, the Unix epoch,
 * and those functions are in `changingFunctions`. The local zone is UTC (see goTime.ts).
 */
import { GoError, GoFunction, UnsupportedFunction, Value } from '../value';
import { goFunction } from './goValues';
import { durationString, formatTime, GoTime, isGoTime, parseDuration, parseTime, zeroTime } from './goTime';

/** What `time.Now()` gives here: a stable placeholder (the Unix epoch in UTC). */
const placeholderNow = (): GoTime => new GoTime(0n, 0, 0, 'UTC');

/** Zones that need no time zone database: Go's LoadLocation gives UTC for "UTC" and "", and Local is UTC. */
function zoneOf(zone: string, name: string): { offset: number; zone: string } {
  if (zone === 'UTC' || zone === '' || zone === 'Local') return { offset: 0, zone: 'UTC' };
  throw new UnsupportedFunction(`${name} in the zone ${JSON.stringify(zone)} is not supported (Go reads it from the time zone database of the machine running Helm); use "UTC"`);
}

/** Sprig's dateInZone: a time, or an integer as Unix seconds; anything else means now. */
function timeArgument(value: Value): GoTime {
  if (isGoTime(value)) return value;
  if (typeof value === 'bigint') return new GoTime(value, 0, 0, 'UTC');
  return placeholderNow();
}

function dateInZone(layout: string, value: Value, zoneName: string, name: string): string {
  const t = timeArgument(value);
  const { offset, zone } = zoneOf(zoneName, name);
  return formatTime(new GoTime(t.seconds, t.nanos, offset, zone), layout);
}

function dateModify(modification: string, t: GoTime, must: boolean): GoTime {
  let d: bigint;
  try {
    d = parseDuration(modification);
  } catch (error) {
    if (error instanceof UnsupportedFunction || !(error instanceof GoError) || must) throw error;
    return t;
  }
  return GoTime.fromUnixNanos(t.unixNanos + d, t.offset, t.zone);
}

const maxInt64 = 2n ** 63n - 1n;
const wrapInt64 = (n: bigint) => BigInt.asIntN(64, n);

/** Sprig's duration: seconds as a string or an int64; an int (a template literal) gives 0s. */
function duration(value: Value): string {
  let n = 0n;
  if (typeof value === 'string') {
    if (/^[-+]?[0-9]+$/.test(value)) {
      n = BigInt(value);
      if (n > maxInt64) n = maxInt64;
      if (n < -maxInt64 - 1n) n = -maxInt64 - 1n;
    }
  } else if (typeof value === 'bigint') {
    throw integerKind('duration');
  }
  return durationString(wrapInt64(n * 1_000_000_000n));
}

function integerKind(name: string): UnsupportedFunction {
  return new UnsupportedFunction(`${name} of an integer is not supported (Go reads an int64 but ignores an int, and this renderer does not tell them apart); give it a string`);
}

const hour = 3_600_000_000_000n;
const roundUnits: [bigint, string][] = [
  [hour * 24n * 365n, 'y'],
  [hour * 24n * 30n, 'mo'],
  [hour * 24n, 'd'],
  [hour, 'h'],
  [60_000_000_000n, 'm'],
  [1_000_000_000n, 's'],
];

/** Sprig's durationRound: the largest unit the duration exceeds, truncated. */
function durationRound(value: Value): string {
  let d = 0n;
  if (typeof value === 'string') {
    try {
      d = parseDuration(value);
    } catch (error) {
      if (error instanceof UnsupportedFunction || !(error instanceof GoError)) throw error;
    }
  } else if (typeof value === 'bigint') {
    throw integerKind('durationRound');
  } else if (isGoTime(value)) {
    d = placeholderNow().unixNanos - value.unixNanos;
  }
  const u = d < 0n ? -d : d;
  for (const [size, unit] of roundUnits) if (u > size) return `${u / size}${unit}`;
  return '0s';
}

/** Sprig's ago: time since the date, rounded to seconds (since the placeholder now). */
function ago(value: Value): string {
  const t = isGoTime(value) ? value : typeof value === 'bigint' ? new GoTime(value, 0, 0, 'UTC') : placeholderNow();
  const since = placeholderNow().unixNanos - t.unixNanos;
  const second = 1_000_000_000n;
  // Duration.Round: halves away from zero.
  const abs = since < 0n ? -since : since;
  const rounded = ((abs + second / 2n) / second) * second;
  return durationString(since < 0n ? -rounded : rounded);
}

function toDate(layout: string, text: string): GoTime {
  try {
    return parseTime(layout, text);
  } catch (error) {
    if (error instanceof UnsupportedFunction || !(error instanceof GoError)) throw error;
    return zeroTime;
  }
}

const I = 'interface {}';
const S = 'string';
const T = 'time.Time';
const dateModifyFunction = goFunction([S, T], ([m, t]) => dateModify(m as string, t as GoTime, false), { result: T });
const mustDateModifyFunction = goFunction([S, T], ([m, t]) => dateModify(m as string, t as GoTime, true), { result: T });
const dateInZoneFunction = goFunction([S, I, S], ([f, d, z]) => dateInZone(f as string, d, z as string, 'dateInZone'), { result: S });
export const dateFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['now', goFunction([], () => placeholderNow(), { result: T })],
  ['date', goFunction([S, I], ([f, d]) => dateInZone(f as string, d, 'Local', 'date'), { result: S })],
  ['dateInZone', dateInZoneFunction],
  ['date_in_zone', dateInZoneFunction],
  ['htmlDate', goFunction([I], ([d]) => dateInZone('2006-01-02', d, 'Local', 'htmlDate'), { result: S })],
  ['htmlDateInZone', goFunction([I, S], ([d, z]) => dateInZone('2006-01-02', d, z as string, 'htmlDateInZone'), { result: S })],
  ['dateModify', dateModifyFunction],
  ['date_modify', dateModifyFunction],
  ['mustDateModify', mustDateModifyFunction],
  ['must_date_modify', mustDateModifyFunction],
  ['ago', goFunction([I], ([d]) => ago(d), { result: S })],
  ['duration', goFunction([I], ([v]) => duration(v), { result: S })],
  ['durationRound', goFunction([I], ([v]) => durationRound(v), { result: S })],
  ['toDate', goFunction([S, S], ([f, s]) => toDate(f as string, s as string), { result: T })],
  ['mustToDate', goFunction([S, S], ([f, s]) => parseTime(f as string, s as string), { result: T })],
  ['unixEpoch', goFunction([T], ([t]) => String((t as GoTime).seconds), { result: S })],
]);
