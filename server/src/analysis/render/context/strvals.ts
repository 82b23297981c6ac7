/**
 * Helm's `--set` syntax (`pkg/strvals`), with the same results and error texts:
 * `a.b=1` nests, `a[0]=x` and `a[1].b=y` index lists (gaps become null), `a\.b=1` escapes a
 * separator, `a=x,b=y` sets two keys, `a={x,y}` is a list. The four flags differ in values:
 * `--set` types `true`/`false`/`null` (any case) and base-10 int64s without a leading zero
 * (`0` itself is an int; `1.5` and `012` stay strings); `--set-string` keeps strings;
 * `--set-json` decodes one JSON value per key (numbers become float64); `--set-literal` takes
 * everything after the first `=` as one string, commas and backslashes included.
 */
import { isGoList, isGoMap, type GoList, type GoMap, type Value } from '../value';
import type { ValueOrigins } from './origins';

export type SetFlag = '--set' | '--set-string' | '--set-json' | '--set-literal';

const maxIndex = 65536;
const maxNestedNameLevel = 30;

class StrvalsError extends Error {}
/** Go's `io.EOF`: ends the argument without an error when it reaches the top. */
class EndOfInput extends Error {}

/**
 * Applies one flag argument to `dest` in place, as `strvals.ParseInto` (and its siblings) do.
 * Returns Helm's error text without the `failed parsing --set data:` prefix, or undefined.
 */
export function parseSetInto(argument: string, dest: GoMap, flag: SetFlag, origins: ValueOrigins): string | undefined {
  const parser = new Parser(argument, flag, origins);
  try {
    for (;;) parser.key(dest, 0, []);
  } catch (error) {
    if (error instanceof EndOfInput) return undefined;
    if (error instanceof StrvalsError) return error.message;
    return `unable to parse key: ${error instanceof Error ? error.message : String(error)}`;
  }
}

class Parser {
  private readonly runes: string[];
  private position = 0;

  constructor(
    private readonly argument: string,
    private readonly flag: SetFlag,
    private readonly origins: ValueOrigins,
  ) {
    this.runes = Array.from(argument);
  }

  private readRune(): string | undefined {
    return this.position < this.runes.length ? this.runes[this.position++] : undefined;
  }

  /** Reads up to a stop rune (consumed, returned as `last`); a backslash takes the next rune literally, except in `--set-literal`. */
  private until(stop: string): { text: string[]; last?: string } {
    const text: string[] = [];
    for (;;) {
      const rune = this.readRune();
      if (rune === undefined) return { text };
      if (stop.includes(rune)) return { text, last: rune };
      if (rune === '\\' && this.flag !== '--set-literal') {
        const next = this.readRune();
        if (next === undefined) return { text };
        text.push(next);
      } else {
        text.push(rune);
      }
    }
  }

  /** A Go panic inside `key` becomes this error text; the wrapper adds `unable to parse key:`. */
  key(data: GoMap, level: number, path: (string | number)[]): void {
    try {
      this.keyUnguarded(data, level, path);
    } catch (error) {
      if (error instanceof InterfaceConversion) throw new StrvalsError(`unable to parse key: ${error.message}`);
      throw error;
    }
  }

  private keyUnguarded(data: GoMap, level: number, path: (string | number)[]): void {
    const literal = this.flag === '--set-literal';
    const { text, last } = this.until(literal ? '=[.' : '=[,.');
    const key = text.join('');
    if (last === undefined) {
      if (key.length === 0) throw new EndOfInput();
      throw new StrvalsError(`key ${goQuote(key)} has no value`);
    }
    if (last === '[') {
      const index = this.keyIndex();
      const list = data.has(key) ? asList(data.get(key) as Value) : ([] as GoList);
      let result: GoList = list;
      try {
        result = this.listItem(list, index, level, [...path, key]);
      } finally {
        this.set(data, key, result, [...path, key], false);
      }
      return;
    }
    if (last === '=') {
      if (literal) {
        this.set(data, key, this.runes.slice(this.position).join(''), [...path, key]);
        this.position = this.runes.length;
        return;
      }
      this.set(data, key, this.assignedValue(), [...path, key]);
      return;
    }
    if (last === ',') {
      this.set(data, key, '', [...path, key]);
      throw new StrvalsError(`key ${goQuote(key)} has no value (cannot end with ,)`);
    }
    // last === '.'
    if (level + 1 > maxNestedNameLevel) throw new StrvalsError(`value name nested level is greater than maximum supported nested level of ${maxNestedNameLevel}`);
    const inner = data.has(key) ? asMap(data.get(key) as Value) : (new Map() as GoMap);
    let failure: unknown;
    try {
      this.key(inner, level + 1, [...path, key]);
    } catch (error) {
      failure = error;
    }
    if (failure === undefined && inner.size === 0) throw new StrvalsError(`key map ${goQuote(key)} has no value`);
    if (inner.size !== 0) this.set(data, key, inner, [...path, key], false);
    if (failure !== undefined) throw failure;
  }

  /** The value after `=`: a `{a,b}` list, a JSON value, or a scalar up to the next comma. EOF right after `=` sets "" and ends. */
  private assignedValue(): Value {
    if (this.flag === '--set-json') return this.jsonValue();
    const list = this.valueList();
    if (list !== undefined) return list;
    return this.typed(this.until(',').text.join(''));
  }

  private set(data: GoMap, key: string, value: Value, path: (string | number)[], leaf = true): void {
    if (key.length === 0) return;
    data.set(key, value);
    if (leaf) this.origins.set(data, key, { source: this.flag, path, argument: this.argument });
  }

  /**
   * `{a,b}` after `=`: undefined when the value does not start with `{` (Go's ErrNotList).
   * Nothing after `=` gives "" (Go's io.EOF there: the key gets "" and the argument ends).
   */
  private valueList(): GoList | '' | undefined {
    const first = this.readRune();
    if (first === undefined) return '';
    if (first !== '{') {
      this.position--;
      return undefined;
    }
    const list: GoList = [];
    for (;;) {
      const { text, last } = this.until(',}');
      if (last === undefined) throw new StrvalsError("list must terminate with '}'");
      list.push(this.typed(text.join('')));
      if (last === '}') {
        const next = this.readRune();
        if (next !== undefined && next !== ',') this.position--;
        return list;
      }
    }
  }

  private typed(text: string): Value {
    if (this.flag === '--set-string' || this.flag === '--set-literal') return text;
    const lower = text.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (text === '0') return 0n;
    if (text.length > 0 && text[0] !== '0' && /^[-+]?[0-9]+$/.test(text)) {
      const value = BigInt(text);
      if (value >= -9223372036854775808n && value <= 9223372036854775807n) return value;
    }
    return text;
  }

  private keyIndex(): number {
    const { text, last } = this.until(']');
    if (last === undefined) throw new StrvalsError('error parsing index: EOF');
    const digits = text.join('');
    if (!/^[-+]?[0-9]+$/.test(digits)) throw new StrvalsError(`error parsing index: strconv.Atoi: parsing ${goQuote(digits)}: invalid syntax`);
    const value = Number(digits);
    if (!Number.isSafeInteger(value) || Math.abs(value) > 9223372036854775807) throw new StrvalsError(`error parsing index: strconv.Atoi: parsing ${goQuote(digits)}: value out of range`);
    return value;
  }

  private listItem(list: GoList, index: number, level: number, path: (string | number)[]): GoList {
    if (index < 0) throw new StrvalsError(`negative ${index} index not allowed`);
    const { text, last } = this.until('[.=');
    if (text.length > 0) throw new StrvalsError(`unexpected data at end of array index: [${text.map((rune) => goQuoteRune(rune)).join(' ')}]`);
    if (last === undefined) throw new EndOfInput();
    const itemPath = [...path, index];
    if (last === '=') {
      if (this.flag === '--set-literal') {
        const value = this.runes.slice(this.position).join('');
        this.position = this.runes.length;
        return this.setIndex(list, index, value, itemPath);
      }
      if (this.flag === '--set-json') return this.setIndex(list, index, this.jsonValue(), itemPath);
      const values = this.valueList();
      if (values !== undefined) return this.setIndex(list, index, values, itemPath);
      return this.setIndex(list, index, this.typed(this.until(',').text.join('')), itemPath);
    }
    if (last === '[') {
      const next = this.keyIndex();
      const existing = list.length > index ? list[index] : null;
      const current = existing === null ? ([] as GoList) : asList(existing);
      const inner = this.listItem(current, next, level, itemPath);
      return this.setIndex(list, index, inner, itemPath, false);
    }
    // last === '.'
    let inner: GoMap = new Map();
    if (list.length > index) {
      const existing = list[index];
      if (isGoMap(existing)) inner = existing;
      else list[index] = inner;
    }
    this.key(inner, level, itemPath);
    return this.setIndex(list, index, inner, itemPath, false);
  }

  private setIndex(list: GoList, index: number, value: Value, path: (string | number)[], leaf = true): GoList {
    if (index < 0) throw new StrvalsError(`negative ${index} index not allowed`);
    if (index > maxIndex) throw new StrvalsError(`index of ${index} is greater than maximum supported index of ${maxIndex}`);
    let target = list;
    if (list.length <= index) {
      target = [...list];
      this.origins.copyAll(target, list);
      while (target.length <= index) target.push(null);
    }
    target[index] = value;
    if (leaf) this.origins.set(target, index, { source: this.flag, path, argument: this.argument });
    return target;
  }

  /** One JSON value (Go's json.Decoder), then blanks and one comma; nothing but blanks or a comma sets null. */
  private jsonValue(): Value {
    if (this.emptyValue()) return null;
    const rest = this.runes.slice(this.position).join('');
    const end = jsonValueEnd(rest);
    if (end === undefined) throw new StrvalsError('invalid JSON');
    let parsed: unknown;
    try {
      parsed = JSON.parse(rest.slice(0, end));
    } catch {
      throw new StrvalsError('invalid JSON');
    }
    this.position += Array.from(rest.slice(0, end)).length;
    this.emptyValue();
    return fromJson(parsed);
  }

  /** Skips blanks; true at the end or after a comma (consumed), false before anything else. */
  private emptyValue(): boolean {
    for (;;) {
      const rune = this.readRune();
      if (rune === undefined || rune === ',') return true;
      if (!/\s/u.test(rune)) {
        this.position--;
        return false;
      }
    }
  }
}

class InterfaceConversion extends Error {}

function asList(value: Value): GoList {
  if (isGoList(value)) return value;
  throw new InterfaceConversion(`interface conversion: interface {} is ${goTypeOf(value)}, not []interface {}`);
}

function asMap(value: Value): GoMap {
  if (isGoMap(value)) return value;
  throw new InterfaceConversion(`interface conversion: interface {} is ${goTypeOf(value)}, not map[string]interface {}`);
}

function goTypeOf(value: Value): string {
  if (value === null) return 'nil';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int64';
  if (typeof value === 'number') return 'float64';
  if (isGoList(value)) return '[]interface {}';
  if (isGoMap(value)) return 'map[string]interface {}';
  return value.typeName;
}

/** Go's `%q` of a string (ASCII printable kept, the rest escaped the way JSON would, close to Go for common text). */
export function goQuote(text: string): string {
  return JSON.stringify(text).replace(/\u007f/g, '\\x7f');
}

function goQuoteRune(rune: string): string {
  if (rune === "'") return "'\\''";
  if (rune === '\\') return "'\\\\'";
  const quoted = JSON.stringify(rune);
  return `'${quoted.slice(1, -1).replace(/\\"/g, '"')}'`;
}

/** Where the first JSON value of `text` (after leading blanks) ends; undefined when it does not look like one. */
export function jsonValueEnd(text: string): number | undefined {
  let index = 0;
  while (index < text.length && /\s/.test(text[index])) index++;
  const first = text[index];
  if (first === undefined) return undefined;
  if (first === '{' || first === '[') {
    let depth = 0;
    let inString = false;
    for (; index < text.length; index++) {
      const char = text[index];
      if (inString) {
        if (char === '\\') index++;
        else if (char === '"') inString = false;
      } else if (char === '"') inString = true;
      else if (char === '{' || char === '[') depth++;
      else if (char === '}' || char === ']') {
        depth--;
        if (depth === 0) return index + 1;
      }
    }
    return undefined;
  }
  if (first === '"') {
    for (index++; index < text.length; index++) {
      if (text[index] === '\\') index++;
      else if (text[index] === '"') return index + 1;
    }
    return undefined;
  }
  const match = /^(true|false|null|-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?)/.exec(text.slice(index));
  return match ? index + match[0].length : undefined;
}

/** Go's `json.Unmarshal` into interface{}: objects become maps, numbers float64. */
export function fromJson(value: unknown): Value {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(fromJson);
  const map: GoMap = new Map();
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) map.set(key, fromJson(item));
  return map;
}
