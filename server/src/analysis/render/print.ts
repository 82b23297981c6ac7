/**
 * Go's fmt as templates see it: `%v` of every value kind (what an action prints), `print`,
 * `println` and `printf` with Go's verbs, flags, width and precision, and Go's complaints
 * inline (`%!d(string=x)`, `%!d(MISSING)`, `%!(EXTRA int=2)`) instead of errors.
 *
 * Floats are formatted from their exact decimal expansion with round-half-even, as strconv does;
 * `%v` uses the shortest digits that read back to the same float (`1e+06`, `0.5`, `3`).
 */
import { GoStruct, isGoBytes, isGoList, isGoMap, isTypedNil, utf8Bytes, utf8Decode, type GoList, type GoMap, type Value } from './value';
import { goQuote } from './lex';
import { trimTrailing } from '../text/trim';

/** Go's `%T` name of a value. */
export function goTypeName(v: Value): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
  }
  if ((isGoList(v) || isGoMap(v)) && v.goType) return v.goType;
  if (isGoList(v)) return `[]${v.elem ?? 'interface {}'}`;
  if (isGoMap(v)) return 'map[string]interface {}';
  return (v as GoStruct).typeName;
}

/** fmt.Sprint of one value: what `{{ x }}` prints. */
export function formatValue(v: Value): string {
  return new Printer().arg(v, 'v').out;
}

/** fmt.Sprint: a blank between operands when neither side is a string. */
export function sprint(args: readonly Value[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') p.out += ' ';
    p.arg(arg, 'v');
  });
  return p.out;
}

/** fmt.Sprintln: blanks between all operands, newline at the end. */
export function sprintln(args: readonly Value[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.out += ' ';
    p.arg(arg, 'v');
  });
  return p.out + '\n';
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly Value[]): string {
  const p = new Printer();
  let argNum = 0;
  let reordered = false;
  const end = format.length;
  let i = 0;
  while (i < end) {
    const next = format.indexOf('%', i);
    if (next < 0) {
      p.out += format.slice(i);
      break;
    }
    p.out += format.slice(i, next);
    i = next + 1;
    const f = p.flags;
    f.reset();
    for (; i < end; i++) {
      const c = format[i];
      if (c === '#') f.sharp = true;
      else if (c === '0') f.zero = !f.minus;
      else if (c === '+') f.plus = true;
      else if (c === '-') {
        f.minus = true;
        f.zero = false;
      } else if (c === ' ') f.space = true;
      else break;
    }
    // Explicit argument index [n].
    const index = (): void => {
      if (format[i] !== '[') return;
      reordered = true;
      const close = format.indexOf(']', i);
      const n = close < 0 ? NaN : Number(format.slice(i + 1, close));
      if (close < 0 || !Number.isInteger(n) || n < 1 || n > args.length) {
        f.badIndex = true;
        i = close < 0 ? end : close + 1;
        return;
      }
      argNum = n - 1;
      i = close + 1;
    };
    index();
    if (format[i] === '*') {
      i++;
      const w = args[argNum++];
      if (typeof w === 'bigint') {
        f.width = Number(w);
        if (f.width < 0) {
          f.minus = true;
          f.zero = false;
          f.width = -f.width;
        }
      } else p.out += '%!(BADWIDTH)';
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) {
        f.width = Number(m[0]);
        i += m[0].length;
      }
    }
    if (format[i] === '.') {
      i++;
      index();
      f.precPresent = true;
      if (format[i] === '*') {
        i++;
        const pr = args[argNum++];
        if (typeof pr === 'bigint' && pr >= 0n) f.prec = Number(pr);
        else {
          f.precPresent = false;
          p.out += '%!(BADPREC)';
        }
      } else {
        const m = /^\d+/.exec(format.slice(i));
        f.prec = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
      }
    }
    if (!f.badIndex) index();
    if (i >= end) {
      p.out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      p.out += '%';
      continue;
    }
    if (f.badIndex) {
      p.out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      p.out += `%!${verb}(MISSING)`;
      continue;
    }
    if (verb === 'v') {
      if (f.sharp) {
        f.sharp = false;
        f.sharpV = true;
      }
      if (f.plus) {
        f.plus = false;
        f.plusV = true;
      }
    }
    p.arg(args[argNum++], verb);
  }
  if (!reordered && argNum < args.length) {
    p.flags.reset();
    p.out += '%!(EXTRA ';
    args.slice(argNum).forEach((arg, k) => {
      if (k > 0) p.out += ', ';
      if (arg === null) p.out += '<nil>';
      else {
        p.out += goTypeName(arg) + '=';
        p.arg(arg, 'v');
      }
    });
    p.out += ')';
  }
  return p.out;
}

class Flags {
  sharp = false;
  zero = false;
  plus = false;
  minus = false;
  space = false;
  sharpV = false;
  plusV = false;
  width = -1;
  prec = -1;
  precPresent = false;
  badIndex = false;
  reset(): void {
    this.sharp = this.zero = this.plus = this.minus = this.space = this.sharpV = this.plusV = this.precPresent = this.badIndex = false;
    this.width = this.prec = -1;
  }
}

class Printer {
  out = '';
  readonly flags = new Flags();

  arg(v: Value, verb: string, depth = 0): this {
    if (v === null) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(v, verb);
      return this;
    }
    if (verb === 'T') {
      this.pad(goTypeName(v));
      return this;
    }
    switch (typeof v) {
      case 'boolean':
        if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false');
        else this.badVerb(v, verb);
        return this;
      case 'bigint':
        this.integer(v, verb);
        return this;
      case 'number':
        this.float(v, verb);
        return this;
      case 'string':
        this.string(v, verb);
        return this;
    }
    this.composite(v, verb, depth);
    return this;
  }

  private composite(v: Value, verb: string, depth: number): void {
    if (this.flags.sharpV && isGoBytes(v)) {
      // fmt's fmtBytes: %#v of a []byte argument is `[]byte{0x62, 0x6f}`, or `[]byte(nil)`; inside
      // another value fmt prints it by reflection, under the type's name `[]uint8`.
      const type = depth === 0 ? '[]byte' : '[]uint8';
      this.out += isTypedNil(v) ? `${type}(nil)` : `${type}{${v.map((b) => `0x${Number(b).toString(16)}`).join(', ')}}`;
      return;
    }
    if (this.flags.sharpV && isTypedNil(v)) {
      // fmt's %#v of a nil slice or map names its type: `[]interface {}(nil)`.
      this.out += `${goTypeName(v as GoList | GoMap)}(nil)`;
      return;
    }
    if (isGoList(v)) {
      if (isGoBytes(v) && (verb === 's' || verb === 'q' || verb === 'x' || verb === 'X')) {
        // fmt prints a []byte for these verbs as the string of its bytes.
        this.string(utf8Decode(v.map(Number)), verb);
        return;
      }
      if (this.flags.sharpV) {
        this.out += `${goTypeName(v)}{`;
        v.forEach((e, i) => {
          if (i > 0) this.out += ', ';
          this.element(e, verb, depth);
        });
        this.out += '}';
        return;
      }
      this.out += '[';
      v.forEach((e, i) => {
        if (i > 0) this.out += ' ';
        this.element(e, verb, depth);
      });
      this.out += ']';
      return;
    }
    if (isGoMap(v)) {
      const keys = [...v.keys()].sort(compareGoStrings);
      if (this.flags.sharpV) {
        this.out += `${goTypeName(v)}{`;
        keys.forEach((k, i) => {
          if (i > 0) this.out += ', ';
          this.string(k, verb);
          this.out += ':';
          this.element(v.get(k)!, verb, depth);
        });
        this.out += '}';
        return;
      }
      this.out += 'map[';
      keys.forEach((k, i) => {
        if (i > 0) this.out += ' ';
        this.arg(k, verb, depth + 1);
        this.out += ':';
        this.element(v.get(k)!, verb, depth);
      });
      this.out += ']';
      return;
    }
    const s = v as GoStruct;
    // fmt's handleMethods: a value with a String() method (a fmt.Stringer) prints as its result.
    const stringer = s.methods.get('String');
    if (stringer && stringer.params.length === 0 && !stringer.variadic && 'vsqxX'.includes(verb) && !this.flags.sharpV) {
      this.string(String(stringer.call([], { name: 'String' })), verb);
      return;
    }
    if (depth === 0 && s.typeName.startsWith('*')) this.out += '&';
    this.out += '{';
    [...s.fields].forEach(([name, value], i) => {
      if (i > 0) this.out += ' ';
      if (this.flags.plusV || this.flags.sharpV) this.out += `${name}:`;
      this.element(value, verb, depth);
    });
    this.out += '}';
  }

  /** A nil element of a map or slice prints `<nil>` whatever the verb. */
  private element(e: Value, verb: string, depth: number): void {
    if (e === null) this.pad('<nil>');
    else this.arg(e, verb, depth + 1);
  }

  private badVerb(v: Value, verb: string): void {
    const saved = { ...this.flags };
    this.flags.reset();
    this.out += `%!${verb}(`;
    if (v === null) this.out += '<nil>';
    else {
      this.out += goTypeName(v) + '=';
      this.arg(v, 'v');
    }
    this.out += ')';
    Object.assign(this.flags, saved);
  }

  /** Pads to the width with blanks (or zeros, left, for numbers with the 0 flag). */
  private pad(s: string, zeroOk = false): void {
    const f = this.flags;
    const width = f.width;
    // The characters are counted only when there is a width (a 4 MB string printed took half a second).
    const n = width < 0 ? 0 : [...s].length;
    if (width < 0 || n >= width) {
      this.out += s;
      return;
    }
    const fill = width - n;
    if (f.minus) this.out += s + ' '.repeat(fill);
    else if (f.zero && zeroOk) {
      const sign = s[0] === '-' || s[0] === '+' || s[0] === ' ' ? s[0] : '';
      this.out += sign + '0'.repeat(fill) + s.slice(sign.length);
    } else this.out += ' '.repeat(fill) + s;
  }

  private integer(v: bigint, verb: string): void {
    const f = this.flags;
    switch (verb) {
      case 'v':
        if (f.sharpV) return this.pad(v.toString(), true);
        return this.intBase(v, 10, verb);
      case 'd':
        return this.intBase(v, 10, verb);
      case 'b':
        return this.intBase(v, 2, verb);
      case 'o':
      case 'O':
        return this.intBase(v, 8, verb);
      case 'x':
      case 'X':
        return this.intBase(v, 16, verb);
      case 'c':
        return this.pad(runeOf(v));
      case 'q':
        return this.pad(quoteRune(v));
      case 'U': {
        let s = 'U+' + (v < 0n ? (-v).toString(16) : v.toString(16)).toUpperCase().padStart(4, '0');
        if (f.sharp) s += ` '${runeOf(v)}'`;
        return this.pad(s);
      }
    }
    this.badVerb(v, verb);
  }

  private intBase(v: bigint, base: number, verb: string): void {
    const f = this.flags;
    const negative = v < 0n;
    let digits = (negative ? -v : v).toString(base);
    if (verb === 'X') digits = digits.toUpperCase();
    if (f.precPresent) {
      if (f.prec === 0 && v === 0n) digits = '';
      digits = digits.padStart(f.prec, '0');
    }
    let prefix = '';
    if (f.sharp) {
      if (base === 2) prefix = '0b';
      else if (base === 8 && digits[0] !== '0') prefix = '0';
      else if (base === 16) prefix = verb === 'X' ? '0X' : '0x';
    }
    if (verb === 'O') prefix = '0o';
    const sign = negative ? '-' : f.plus ? '+' : f.space ? ' ' : '';
    const body = prefix + digits;
    if (f.zero && !f.minus && !f.precPresent && f.width > sign.length + body.length) {
      this.out += sign + prefix + '0'.repeat(f.width - sign.length - body.length) + digits;
      return;
    }
    this.pad(sign + body);
  }

  private float(v: number, verb: string): void {
    const f = this.flags;
    let s: string;
    switch (verb) {
      case 'v':
        s = formatFloat(v, 'g', f.precPresent ? f.prec : -1);
        break;
      case 'g':
      case 'G':
        s = formatFloat(v, verb, f.precPresent ? f.prec : -1);
        break;
      case 'e':
      case 'E':
      case 'f':
      case 'F':
        s = formatFloat(v, verb, f.precPresent ? f.prec : 6);
        break;
      default:
        return this.badVerb(v, verb);
    }
    if (f.sharp && Number.isFinite(v)) s = withDecimalPoint(s, verb, f.precPresent ? f.prec : -1);
    if (f.plus && s[0] !== '-' && s[0] !== '+') s = '+' + s;
    else if (f.space && s[0] !== '-' && s[0] !== '+') s = ' ' + s;
    this.pad(s, Number.isFinite(v));
  }

  private string(v: string, verb: string): void {
    const f = this.flags;
    switch (verb) {
      case 'v':
        if (f.sharpV) return this.pad(goQuote(v));
        return this.pad(truncate(v, f));
      case 's':
        return this.pad(truncate(v, f));
      case 'q':
        if (f.sharp && !v.includes('`') && !/[\x00-\x08\x0a-\x1f\x7f]/.test(v)) return this.pad('`' + v + '`');
        return this.pad(goQuote(truncate(v, f), f.plus));
      case 'x':
      case 'X': {
        const bytes = [...utf8Bytes(truncate(v, f))];
        let hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join(f.space ? ' ' : '');
        if (verb === 'X') hex = hex.toUpperCase();
        return this.pad(hex);
      }
    }
    this.badVerb(v, verb);
  }
}

function truncate(s: string, f: Flags): string {
  if (!f.precPresent) return s;
  return [...s].slice(0, f.prec).join('');
}

function runeOf(v: bigint): string {
  const n = Number(v);
  return n >= 0 && n <= 0x10ffff && !(n >= 0xd800 && n < 0xe000) ? String.fromCodePoint(n) : '\ufffd';
}

function quoteRune(v: bigint): string {
  const c = runeOf(v);
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  return `'${goQuote(c).slice(1, -1)}'`;
}

/** Go compares strings byte-wise (UTF-8); for map keys that is code point order. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ai = [...a];
  const bi = [...b];
  for (let i = 0; i < Math.min(ai.length, bi.length); i++) {
    const d = ai[i].codePointAt(0)! - bi[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ai.length - bi.length;
}

// ---- floats ---------------------------------------------------------------------------------

interface Decimal {
  /** Significant digits without leading or trailing zeros ('' for zero). */
  digits: string;
  /** Position of the decimal point relative to the digits. */
  dp: number;
}

/** The exact decimal value of a finite positive double. */
function exactDecimal(x: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let e2: number;
  if (exponent === 0) e2 = -1074;
  else {
    mantissa |= 1n << 52n;
    e2 = exponent - 1075;
  }
  if (mantissa === 0n) return { digits: '', dp: 0 };
  let digits: string;
  let dp: number;
  if (e2 >= 0) {
    digits = (mantissa << BigInt(e2)).toString();
    dp = digits.length;
  } else {
    const k = -e2;
    digits = (mantissa * 5n ** BigInt(k)).toString();
    dp = digits.length - k;
  }
  return trim({ digits, dp });
}

function trim(d: Decimal): Decimal {
  let digits = trimTrailing(d.digits, '0');
  let dp = d.dp;
  const lead = /^0*/.exec(digits)![0].length;
  digits = digits.slice(lead);
  dp -= lead;
  if (digits === '') dp = 0;
  return { digits, dp };
}

/** The shortest digits that read back as x (what strconv's shortest mode and JavaScript agree on). */
function shortestDecimal(x: number): Decimal {
  const [mant, exp] = x.toExponential().split('e');
  return trim({ digits: mant.replace('.', ''), dp: Number(exp) + 1 });
}

/** Rounds to nd digits, half to even on the exact value, as strconv's decimal does. */
function roundDecimal(d: Decimal, nd: number): Decimal {
  if (nd < 0) return { digits: '', dp: 0 };
  if (nd >= d.digits.length) return d;
  const next = d.digits.charCodeAt(nd) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (nd + 1 < d.digits.length) up = true;
  else up = nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1;
  let kept = d.digits.slice(0, nd);
  if (!up) return trim({ digits: kept, dp: d.dp });
  let i = kept.length - 1;
  while (i >= 0 && kept[i] === '9') i--;
  if (i < 0) return { digits: '1', dp: d.dp + 1 };
  kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
  return trim({ digits: kept, dp: d.dp });
}

const digitAt = (d: Decimal, i: number): string => (i >= 0 && i < d.digits.length ? d.digits[i] : '0');

function fmtE(d: Decimal, prec: number, e: string): string {
  let s = d.digits === '' ? '0' : d.digits[0];
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(d, i);
  }
  const exp = d.digits === '' ? 0 : d.dp - 1;
  const abs = Math.abs(exp);
  return `${s}${e}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function fmtF(d: Decimal, prec: number): string {
  let s = '';
  if (d.dp > 0) for (let i = 0; i < d.dp; i++) s += digitAt(d, i);
  else s = '0';
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) s += digitAt(d, d.dp + i);
  }
  return s;
}

/** strconv.FormatFloat(x, fmt, prec, 64) for fmt in e E f F g G; prec -1 is shortest. */
/**
 * The `#` flag of a float verb, as Go's fmt applies it after formatting: the number always has a decimal point,
 * and %#g keeps the trailing zeros up to its precision (6 when none is given), so `printf "%#g" 1.0` is `1.00000`.
 */
function withDecimalPoint(formatted: string, verb: string, prec: number): string {
  const negative = formatted[0] === '-';
  let num = negative ? formatted.slice(1) : formatted;
  let digits = verb === 'g' || verb === 'G' ? (prec === -1 ? 6 : prec) : 0;
  let tail = '';
  const exponent = num.search(/[eE]/);
  if (exponent >= 0) {
    tail = num.slice(exponent);
    num = num.slice(0, exponent);
  }
  let sawNonzeroDigit = false;
  for (const c of num) {
    if (c === '.') continue;
    if (c !== '0') sawNonzeroDigit = true;
    // Go counts the significant digits after the first non-zero one.
    if (sawNonzeroDigit) digits--;
  }
  if (!num.includes('.')) {
    // A lone leading zero counts once.
    if (num === '0') digits--;
    num += '.';
  }
  if (digits > 0) num += '0'.repeat(digits);
  return (negative ? '-' : '') + num + tail;
}

export function formatFloat(x: number, verb: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const sign = negative ? '-' : '';
  const lower = verb.toLowerCase();
  const e = verb === 'E' || verb === 'G' ? 'E' : 'e';
  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) d = abs === 0 ? { digits: '', dp: 0 } : shortestDecimal(abs);
  else {
    const exact = abs === 0 ? { digits: '', dp: 0 } : exactDecimal(abs);
    if (lower === 'e') d = roundDecimal(exact, prec + 1);
    else if (lower === 'f') d = roundDecimal(exact, exact.dp + prec);
    else d = roundDecimal(exact, prec === 0 ? 1 : prec);
  }
  if (lower === 'e') return sign + fmtE(d, shortest ? Math.max(d.digits.length - 1, 0) : prec, e);
  if (lower === 'f') return sign + fmtF(d, shortest ? Math.max(d.digits.length - d.dp, 0) : prec);
  // %g
  let p = shortest ? d.digits.length : prec === 0 ? 1 : prec;
  const nd = Math.max(d.digits.length, 1);
  const dp = d.digits === '' ? 1 : d.dp;
  let eprec = p;
  if (eprec > nd && nd >= dp) eprec = nd;
  // Shortest %g (so %v and %#v too) switches to an exponent from 1e+06 on, as strconv does.
  if (shortest) eprec = 6;
  const exp = dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (p > nd) p = nd;
    return sign + fmtE(d, p - 1, e);
  }
  if (p > dp) p = nd;
  return sign + fmtF(d, Math.max(p - dp, 0));
}
