/**
 * Go's `time` package as Sprig's date functions use it: a `time.Time` value, `Time.Format` and
 * `time.ParseInLocation` with Go's reference-time layouts, `Duration.String` and
 * `time.ParseDuration`. The local zone is UTC: Helm's binary reads /etc/localtime, which is UTC
 * where the expected output was recorded (and in most containers); a machine with another local
 * zone prints other text, which no renderer without that machine's zone can reproduce.
 */
import { GoError, GoFunction, GoStruct, UnsupportedFunction, Value } from '../value';
import { goFunction } from './goValues';
import { trimTrailing } from '../../text/trim';

const NANOS = 1_000_000_000n;

/** A `time.Time`: an instant (Unix seconds and nanoseconds) seen in a zone (offset east of UTC and its name). */
export class GoTime extends GoStruct {
  constructor(
    readonly seconds: bigint,
    readonly nanos: number,
    readonly offset: number,
    readonly zone: string,
  ) {
    super('time.Time', new Map(), timeMethods(() => this));
  }

  /** Unix nanoseconds. */
  get unixNanos(): bigint {
    return this.seconds * NANOS + BigInt(this.nanos);
  }

  static fromUnixNanos(nanos: bigint, offset = 0, zone = 'UTC'): GoTime {
    let seconds = nanos / NANOS;
    let rest = nanos % NANOS;
    if (rest < 0n) {
      rest += NANOS;
      seconds -= 1n;
    }
    return new GoTime(seconds, Number(rest), offset, zone);
  }
}

/** Go's zero `time.Time` (January 1, year 1, UTC): what a failed `toDate` returns. */
export const zeroTime = new GoTime(-62135596800n, 0, 0, 'UTC');

export const isGoTime = (value: Value): value is GoTime => value instanceof GoTime;

/** The calendar fields of a time in its own zone. */
interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
  yearDay: number;
}

// JavaScript's Date spans ±8.64e15 ms, years -271821 to 275760; Go's time spans far more.
const maxSeconds = 8_640_000_000_000n;

function fieldsOf(t: GoTime): Fields {
  const local = t.seconds + BigInt(t.offset);
  if (local > maxSeconds || local < -maxSeconds) throw new UnsupportedFunction('times beyond the years -271821 to 275760 are not supported');
  const date = new Date(Number(local) * 1000);
  const year = date.getUTCFullYear();
  const yearStart = new Date(0);
  yearStart.setUTCFullYear(year, 0, 1);
  return {
    year,
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    weekday: date.getUTCDay(),
    yearDay: Math.floor((date.getTime() - yearStart.getTime()) / 86_400_000) + 1,
  };
}

const longMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const longDays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** One element of a layout: literal text or a reference-time field. */
type Chunk = { literal: string } | { std: string; text: string; digits?: number; separator?: string };

/** Splits a layout into literal text and Go's std chunks, as time's nextStdChunk finds them. */
export function layoutChunks(layout: string): Chunk[] {
  const chunks: Chunk[] = [];
  let literal = '';
  const push = (std: string, text: string, extra: { digits?: number; separator?: string } = {}) => {
    if (literal) chunks.push({ literal });
    literal = '';
    chunks.push({ std, text, ...extra });
  };
  const starts = (i: number, s: string) => layout.startsWith(s, i);
  const digitAt = (i: number) => i < layout.length && layout[i] >= '0' && layout[i] <= '9';
  for (let i = 0; i < layout.length; ) {
    const c = layout[i];
    const named: [string, string][] = [];
    switch (c) {
      case 'J':
        named.push(['January', 'longMonth'], ['Jan', 'month']);
        break;
      case 'M':
        named.push(['Monday', 'longWeekDay'], ['Mon', 'weekDay'], ['MST', 'tz']);
        break;
      case '0':
        if (i + 1 < layout.length && layout[i + 1] >= '1' && layout[i + 1] <= '6') named.push([layout.slice(i, i + 2), ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year'][Number(layout[i + 1]) - 1]]);
        named.push(['002', 'zeroYearDay']);
        break;
      case '1':
        named.push(['15', 'hour'], ['1', 'numMonth']);
        break;
      case '2':
        named.push(['2006', 'longYear'], ['2', 'day']);
        break;
      case '_':
        if (starts(i, '_2') && starts(i + 1, '2006')) {
          // "_2006" is a literal underscore before the year.
          literal += '_';
          i++;
          continue;
        }
        named.push(['__2', 'underYearDay'], ['_2', 'underDay']);
        break;
      case '3':
      case '4':
      case '5':
        named.push([c, { 3: 'hour12', 4: 'minute', 5: 'second' }[c]!]);
        break;
      case 'P':
        named.push(['PM', 'PM']);
        break;
      case 'p':
        named.push(['pm', 'pm']);
        break;
      case '-':
        named.push(['-070000', 'numSecondsTz'], ['-07:00:00', 'numColonSecondsTZ'], ['-0700', 'numTZ'], ['-07:00', 'numColonTZ'], ['-07', 'numShortTZ']);
        break;
      case 'Z':
        named.push(['Z070000', 'iso8601SecondsTZ'], ['Z07:00:00', 'iso8601ColonSecondsTZ'], ['Z0700', 'iso8601TZ'], ['Z07:00', 'iso8601ColonTZ'], ['Z07', 'iso8601ShortTZ']);
        break;
      case '.':
      case ',':
        if (i + 1 < layout.length && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
          const digit = layout[i + 1];
          let j = i + 1;
          while (j < layout.length && layout[j] === digit) j++;
          if (!digitAt(j)) {
            push(digit === '0' ? 'fracSecond0' : 'fracSecond9', layout.slice(i, j), { digits: j - (i + 1), separator: c });
            i = j;
            continue;
          }
        }
        break;
    }
    const match = named.find(([text]) => starts(i, text));
    if (match) {
      push(match[1], match[0]);
      i += match[0].length;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) chunks.push({ literal });
  return chunks;
}

const pad = (n: number, width: number) => (n < 0 ? `-${String(-n).padStart(width, '0')}` : String(n).padStart(width, '0'));

/** `Time.Format(layout)`. */
export function formatTime(t: GoTime, layout: string): string {
  const f = fieldsOf(t);
  let out = '';
  for (const chunk of layoutChunks(layout)) {
    if ('literal' in chunk) {
      out += chunk.literal;
      continue;
    }
    const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
    switch (chunk.std) {
      case 'year':
        out += pad(((f.year % 100) + 100) % 100, 2);
        break;
      case 'longYear':
        out += pad(f.year, 4);
        break;
      case 'month':
        out += longMonths[f.month - 1].slice(0, 3);
        break;
      case 'longMonth':
        out += longMonths[f.month - 1];
        break;
      case 'numMonth':
        out += f.month;
        break;
      case 'zeroMonth':
        out += pad(f.month, 2);
        break;
      case 'weekDay':
        out += longDays[f.weekday].slice(0, 3);
        break;
      case 'longWeekDay':
        out += longDays[f.weekday];
        break;
      case 'day':
        out += f.day;
        break;
      case 'underDay':
        out += f.day < 10 ? ` ${f.day}` : f.day;
        break;
      case 'zeroDay':
        out += pad(f.day, 2);
        break;
      case 'underYearDay':
        out += String(f.yearDay).padStart(3, ' ');
        break;
      case 'zeroYearDay':
        out += pad(f.yearDay, 3);
        break;
      case 'hour':
        out += pad(f.hour, 2);
        break;
      case 'hour12':
        out += hour12;
        break;
      case 'zeroHour12':
        out += pad(hour12, 2);
        break;
      case 'minute':
        out += f.minute;
        break;
      case 'zeroMinute':
        out += pad(f.minute, 2);
        break;
      case 'second':
        out += f.second;
        break;
      case 'zeroSecond':
        out += pad(f.second, 2);
        break;
      case 'PM':
        out += f.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += f.hour >= 12 ? 'pm' : 'am';
        break;
      case 'tz':
        if (t.zone !== '') out += t.zone;
        else out += offsetText(t.offset, { colon: false, minutes: true, seconds: false });
        break;
      case 'fracSecond0':
      case 'fracSecond9': {
        let digits = String(t.nanos).padStart(9, '0').slice(0, chunk.digits);
        if (chunk.std === 'fracSecond9') digits = trimTrailing(digits, '0');
        if (digits !== '') out += chunk.separator + digits;
        break;
      }
      default: {
        // Numeric zones: ISO 8601 forms print Z for UTC.
        if (chunk.std.startsWith('iso8601') && t.offset === 0) {
          out += 'Z';
          break;
        }
        const colon = chunk.std.includes('Colon');
        const minutes = !chunk.std.includes('Short');
        const seconds = chunk.std.includes('Seconds');
        out += offsetText(t.offset, { colon, minutes, seconds });
      }
    }
  }
  return out;
}

function offsetText(offset: number, form: { colon: boolean; minutes: boolean; seconds: boolean }): string {
  const abs = Math.abs(offset);
  let out = `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 3600), 2)}`;
  if (form.minutes) out += `${form.colon ? ':' : ''}${pad(Math.floor(abs / 60) % 60, 2)}`;
  if (form.seconds) out += `${form.colon ? ':' : ''}${pad(abs % 60, 2)}`;
  return out;
}

/** `Time.String()`. */
export const timeString = (t: GoTime): string => formatTime(t, '2006-01-02 15:04:05.999999999 -0700 MST');

/** `Time.MarshalJSON()` without its quotes: RFC 3339 with nanoseconds. */
export function timeJsonText(t: GoTime): string {
  const year = fieldsOf(t).year;
  if (year < 0 || year > 9999) throw new GoError('json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]');
  return formatTime(t, '2006-01-02T15:04:05.999999999Z07:00');
}

function timeMethods(self: () => GoTime): ReadonlyMap<string, GoFunction> {
  const field = (name: keyof Fields) => goFunction([], () => BigInt(fieldsOf(self())[name]), { result: 'int' });
  return new Map<string, GoFunction>([
    ['String', goFunction([], () => timeString(self()), { result: 'string' })],
    ['Format', goFunction(['string'], ([layout]) => formatTime(self(), layout as string), { result: 'string' })],
    ['Unix', goFunction([], () => self().seconds, { result: 'int64' })],
    ['UnixNano', goFunction([], () => self().unixNanos, { result: 'int64' })],
    ['UTC', goFunction([], () => new GoTime(self().seconds, self().nanos, 0, 'UTC'), { result: 'time.Time' })],
    ['IsZero', goFunction([], () => self().seconds === zeroTime.seconds && self().nanos === 0, { result: 'bool' })],
    ['Year', field('year')],
    ['Day', field('day')],
    ['Hour', field('hour')],
    ['Minute', field('minute')],
    ['Second', field('second')],
    ['YearDay', field('yearDay')],
    ['Nanosecond', goFunction([], () => BigInt(self().nanos), { result: 'int' })],
  ]);
}

// ---------------------------------------------------------------------------------------------
// Parsing

function quote(s: string): string {
  let out = '"';
  for (const c of s) out += c === '"' || c === '\\' ? `\\${c}` : c;
  return `${out}"`;
}

class ParseFailure extends Error {}

/**
 * `time.ParseInLocation(layout, value, time.Local)` with Local = UTC. Throws GoError with Go's
 * ParseError text; layouts that parse a zone name (`MST`) or a day of the year are not supported.
 */
export function parseTime(layout: string, value: string): GoTime {
  const bad = (layoutElem: string, valueElem: string) => new GoError(`parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`);
  const failWith = (message: string) => new GoError(`parsing time ${quote(value)}${message}`);
  let rest = value;
  let year = 0;
  let month = -1;
  let day = -1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nanos = 0;
  let pm = false;
  let am = false;
  let utc = false;
  let offset: number | undefined;
  let range: string | undefined;
  const chunks = layoutChunks(layout);
  for (let index = 0; index < chunks.length; index++) {
    const chunk = chunks[index];
    if ('literal' in chunk) {
      const skipped = skip(rest, chunk.literal);
      if (skipped === undefined) throw bad(chunk.literal, rest);
      rest = skipped;
      continue;
    }
    const before = rest;
    try {
      switch (chunk.std) {
        case 'year': {
          if (rest.length < 2) throw new ParseFailure();
          const p = rest.slice(0, 2);
          if (!/^[0-9]{2}$/.test(p)) throw new ParseFailure();
          year = Number(p);
          year += year >= 69 ? 1900 : 2000;
          rest = rest.slice(2);
          break;
        }
        case 'longYear':
          if (rest.length < 4 || !/^[0-9]/.test(rest)) throw new ParseFailure();
          if (!/^[0-9]{4}/.test(rest)) throw new ParseFailure();
          year = Number(rest.slice(0, 4));
          rest = rest.slice(4);
          break;
        case 'month':
        case 'longMonth': {
          const names = chunk.std === 'month' ? longMonths.map((m) => m.slice(0, 3)) : longMonths;
          const found = lookup(names, rest);
          month = found.index + 1;
          rest = found.rest;
          break;
        }
        case 'numMonth':
        case 'zeroMonth':
          [month, rest] = getnum(rest, chunk.std === 'zeroMonth');
          if (month <= 0 || month > 12) range ??= 'month';
          break;
        case 'weekDay':
        case 'longWeekDay':
          rest = lookup(chunk.std === 'weekDay' ? longDays.map((d) => d.slice(0, 3)) : longDays, rest).rest;
          break;
        case 'day':
        case 'underDay':
        case 'zeroDay':
          if (chunk.std === 'underDay' && rest.length > 0 && rest[0] === ' ') rest = rest.slice(1);
          [day, rest] = getnum(rest, chunk.std === 'zeroDay');
          break;
        case 'hour':
          [hour, rest] = getnum(rest, false);
          if (hour < 0 || hour >= 24) range ??= 'hour';
          break;
        case 'hour12':
        case 'zeroHour12':
          [hour, rest] = getnum(rest, chunk.std === 'zeroHour12');
          if (hour < 0 || hour > 12) range ??= 'hour';
          break;
        case 'minute':
        case 'zeroMinute':
          [minute, rest] = getnum(rest, chunk.std === 'zeroMinute');
          if (minute < 0 || minute >= 60) range ??= 'minute';
          break;
        case 'second':
        case 'zeroSecond': {
          [second, rest] = getnum(rest, chunk.std === 'zeroSecond');
          if (second < 0 || second >= 60) {
            range ??= 'second';
            break;
          }
          // A fractional second after the seconds is read even when the layout has none.
          const next = chunks[index + 1];
          const layoutHasFraction = next !== undefined && !('literal' in next) && next.std.startsWith('frac');
          if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && /[0-9]/.test(rest[1]) && !layoutHasFraction) {
            let n = 1;
            while (n < rest.length && /[0-9]/.test(rest[n])) n++;
            nanos = fraction(rest.slice(1, n));
            rest = rest.slice(n);
          }
          break;
        }
        case 'PM':
        case 'pm': {
          if (rest.length < 2) throw new ParseFailure();
          const p = rest.slice(0, 2);
          const [pmText, amText] = chunk.std === 'PM' ? ['PM', 'AM'] : ['pm', 'am'];
          if (p === pmText) pm = true;
          else if (p === amText) am = true;
          else throw new ParseFailure();
          rest = rest.slice(2);
          break;
        }
        case 'fracSecond0': {
          const n = 1 + chunk.digits!;
          if (rest.length < n || rest[0] !== chunk.separator || !/^[0-9]+$/.test(rest.slice(1, n))) throw new ParseFailure();
          nanos = fraction(rest.slice(1, n));
          rest = rest.slice(n);
          break;
        }
        case 'fracSecond9': {
          if (rest.length < 2 || (rest[0] !== '.' && rest[0] !== ',') || !/[0-9]/.test(rest[1])) break;
          let n = 1;
          while (n < 10 && n < rest.length && /[0-9]/.test(rest[n])) n++;
          nanos = fraction(rest.slice(1, n));
          rest = rest.slice(n);
          break;
        }
        case 'tz':
          throw new UnsupportedFunction('parsing a zone name (MST in the layout) is not supported');
        case 'underYearDay':
        case 'zeroYearDay':
          throw new UnsupportedFunction('parsing a day of the year (002 or __2 in the layout) is not supported');
        default: {
          if (chunk.std.startsWith('iso8601') && rest.length >= 1 && rest[0] === 'Z') {
            rest = rest.slice(1);
            utc = true;
            break;
          }
          [offset, rest] = parseOffset(rest, chunk.std);
        }
      }
    } catch (error) {
      if (error instanceof ParseFailure) throw bad(chunk.text, before);
      throw error;
    }
  }
  if (rest.length > 0) throw failWith(`: extra text: ${quote(rest)}`);
  if (range !== undefined) throw failWith(`: ${range} out of range`);
  if (pm && hour < 12) hour += 12;
  else if (am && hour === 12) hour = 0;
  if (month < 0) month = 1;
  if (day < 0) day = 1;
  if (day < 1 || day > daysIn(month, year)) throw failWith(': day out of range');
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const wall = BigInt(Math.floor(date.getTime() / 1000));
  if (utc || offset === undefined || offset === 0) return new GoTime(wall, nanos, 0, 'UTC');
  return new GoTime(wall - BigInt(offset), nanos, offset, '');
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Nanoseconds from the digits after the decimal point (at most 9 count). */
function fraction(digits: string): number {
  return Number(digits.slice(0, 9).padEnd(9, '0'));
}

/** time's getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!/^[0-9]/.test(s)) throw new ParseFailure();
  if (!/^[0-9][0-9]/.test(s)) {
    if (fixed) throw new ParseFailure();
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

/** time's lookup: a name at the start of s, ASCII case-insensitively. */
function lookup(names: readonly string[], s: string): { index: number; rest: string } {
  const index = names.findIndex((name) => s.length >= name.length && s.slice(0, name.length).toLowerCase() === name.toLowerCase());
  if (index < 0) throw new ParseFailure();
  return { index, rest: s.slice(names[index].length) };
}

/** time's skip: the layout's literal text must start the value; a space matches any run of spaces. */
function skip(value: string, prefix: string): string | undefined {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') return undefined;
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return undefined;
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

/** A numeric zone offset in the chunk's form, in seconds east of UTC. */
function parseOffset(s: string, std: string): [number, string] {
  const colon = std.includes('Colon');
  const short = std.includes('Short');
  const seconds = std.includes('Seconds');
  const width = 3 + (short ? 0 : colon ? 3 : 2) + (seconds ? (colon ? 3 : 2) : 0);
  if (s.length < width || (s[0] !== '+' && s[0] !== '-')) throw new ParseFailure();
  const text = s.slice(0, width);
  const pattern = colon ? /^[-+]([0-9]{2})(?::([0-9]{2}))?(?::([0-9]{2}))?$/ : /^[-+]([0-9]{2})([0-9]{2})?([0-9]{2})?$/;
  const match = pattern.exec(text);
  if (!match) throw new ParseFailure();
  const [hh, mm, ss] = [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
  if (hh > 24 || mm > 60 || ss > 60) throw new ParseFailure();
  const total = hh * 3600 + mm * 60 + ss;
  return [s[0] === '-' ? -total : total, s.slice(width)];
}

// ---------------------------------------------------------------------------------------------
// Durations (nanoseconds as bigint, wrapping as Go's int64 does not: Go rejects overflow)

const maxInt64 = 2n ** 63n - 1n;

/** `time.Duration(n).String()`. */
export function durationString(d: bigint): string {
  let u = d < 0n ? -d : d;
  const neg = d < 0n;
  let out: string;
  if (u < NANOS) {
    if (u === 0n) return '0s';
    const [prec, unit] = u < 1000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    const [frac, whole] = fracPart(u, prec);
    out = `${whole}${frac}${unit}`;
  } else {
    const [frac, whole] = fracPart(u, 9);
    u = whole;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** time's fmtFrac: the fraction's digits without trailing zeros (with its point), and the whole part. */
function fracPart(v: bigint, prec: number): [string, bigint] {
  const scale = 10n ** BigInt(prec);
  const digits = prec === 0 ? '' : trimTrailing(String(v % scale).padStart(prec, '0'), '0');
  return [digits ? `.${digits}` : '', v / scale];
}

const units = new Map<string, bigint>([
  ['ns', 1n],
  ['us', 1000n],
  ['µs', 1000n],
  ['μs', 1000n],
  ['ms', 1_000_000n],
  ['s', NANOS],
  ['m', 60n * NANOS],
  ['h', 3600n * NANOS],
]);

/** `time.ParseDuration`: nanoseconds, or GoError with Go's message. */
export function parseDuration(text: string): bigint {
  const invalid = () => new GoError(`time: invalid duration ${quote(text)}`);
  let s = text;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    const match = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    const [whole, frac] = [match[1], match[2]];
    if (whole === '' && (frac === undefined || frac === '')) throw invalid();
    s = s.slice(match[0].length);
    const unitMatch = /^[^0-9.]*/.exec(s)![0];
    if (unitMatch === '') throw new GoError(`time: missing unit in duration ${quote(text)}`);
    const unit = units.get(unitMatch);
    if (unit === undefined) throw new GoError(`time: unknown unit ${quote(unitMatch)} in duration ${quote(text)}`);
    s = s.slice(unitMatch.length);
    const v = whole === '' ? 0n : BigInt(whole);
    if (v > maxInt64 / unit) throw invalid();
    let part = v * unit;
    if (frac) {
      // Go scales the fraction digit by digit, truncating.
      let f = 0n;
      let scale = 1n;
      for (const digit of frac) {
        if (f > maxInt64 / 10n) break;
        f = f * 10n + BigInt(digit);
        scale *= 10n;
      }
      part += (f * unit) / scale;
    }
    total += part;
    if (total > 2n ** 63n) throw invalid();
  }
  if (total > maxInt64 && !neg) throw invalid();
  return neg ? -total : total;
}
