/**
 * Helm's `toToml`: BurntSushi/toml v1.6's Encoder (indent two spaces) over template values. A
 * map writes its plain keys first, then its tables and arrays of tables, each group in byte
 * order of the keys; nil values are left out; an encoding error becomes the whole result, as
 * Helm returns `err.Error()`.
 */
import { GoError, GoList, GoMap, UnsupportedFunction, Value, isGoList, isGoMap, isTypedNil } from '../value';
import { formatFloat64 } from './goValues';
import { formatTime, isGoTime } from './goTime';

class TomlError extends Error {}

type TomlType = 'hash' | 'arrayHash' | 'array' | 'scalar' | undefined;

const isNil = (v: Value): boolean => v === null || isTypedNil(v);

/** tomlTypeOfGo: throws TomlError for an array holding nil. */
function tomlType(v: Value): TomlType {
  if (isNil(v)) return undefined;
  if (isGoMap(v)) return 'hash';
  if (isGoList(v)) return isTableArray(v) ? 'arrayHash' : 'array';
  return 'scalar';
}

function isTableArray(list: GoList): boolean {
  if (list.length === 0) return false;
  let all = true;
  for (const item of list) {
    const type = tomlType(item);
    if (type === undefined) throw new TomlError('toml: cannot encode array with nil element');
    if (type !== 'hash') all = false;
  }
  return all;
}

const isTable = (t: TomlType) => t === 'hash' || t === 'arrayHash';

const escapes: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };
function quoted(s: string): string {
  return `"${s.replace(/["\\\x00-\x1f\x7f]/g, (c) => escapes[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

const keyPart = (k: string): string => (k === '' ? '""' : /^[A-Za-z0-9_-]+$/.test(k) ? k : quoted(k));
const keyText = (key: readonly string[]): string => key.map(keyPart).join('.');

class Encoder {
  out = '';

  private write(s: string): void {
    this.out += s;
  }

  private newline(): void {
    if (this.out !== '') this.write('\n');
  }

  private indent(key: readonly string[]): string {
    return '  '.repeat(key.length - 1);
  }

  encode(key: readonly string[], v: Value): void {
    // A nil map is left out here; a nil slice only where a map leaves its nil values out.
    if (v === null || (isGoMap(v) && isTypedNil(v))) return;
    if (isGoMap(v)) return this.table(key, v);
    if (isGoList(v) && tomlType(v) === 'arrayHash') return this.arrayOfTables(key, v);
    this.keyValue(key, v, false);
  }

  private keyValue(key: readonly string[], v: Value, inline: boolean): void {
    if (key.length === 0) return this.element(v);
    this.write(`${this.indent(key)}${keyPart(key[key.length - 1])} = `);
    this.element(v);
    if (!inline) this.newline();
  }

  private table(key: readonly string[], map: GoMap): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.write(`${this.indent(key)}[${keyText(key)}]`);
      this.newline();
    }
    this.map(key, map, false);
  }

  private arrayOfTables(key: readonly string[], list: GoList): void {
    if (key.length === 0) throw new TomlError('toml: top-level values must be Go maps or structs');
    for (const item of list) {
      this.newline();
      this.write(`${this.indent(key)}[[${keyText(key)}]]`);
      this.newline();
      this.map(key, item as GoMap, false);
    }
  }

  private map(key: readonly string[], map: GoMap, inline: boolean): void {
    const direct: string[] = [];
    const sub: string[] = [];
    for (const [k, v] of map) (isTable(tomlType(v)) ? sub : direct).push(k);
    const write = (keys: string[], trailingComma: boolean) => {
      keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // byte order: toToml checks that no key reaches U+D800
      keys.forEach((k, i) => {
        const v = map.get(k) ?? null;
        if (isNil(v)) return;
        if (inline) {
          this.keyValue([k], v, true);
          if (trailingComma || i !== keys.length - 1) this.write(', ');
        } else this.encode([...key, k], v);
      });
    };
    if (inline) this.write('{');
    write(direct, sub.length > 0);
    write(sub, false);
    if (inline) this.write('}');
  }

  private element(v: Value): void {
    if (typeof v === 'string') return this.write(quoted(v));
    if (typeof v === 'boolean') return this.write(v ? 'true' : 'false');
    if (typeof v === 'bigint') return this.write(v.toString());
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return this.write('nan');
      if (!Number.isFinite(v)) return this.write(v > 0 ? 'inf' : '-inf');
      const text = formatFloat64(v, 'g');
      return this.write(/[.e]/.test(text) ? text : `${text}.0`);
    }
    if (isGoList(v)) {
      this.write('[');
      v.forEach((item, i) => {
        this.element(item);
        if (i !== v.length - 1) this.write(', ');
      });
      return this.write(']');
    }
    if (isGoMap(v)) return this.map([], v, true);
    if (isGoTime(v)) return this.write(formatTime(v, '2006-01-02T15:04:05.999999999Z07:00'));
    if (v === null) throw new UnsupportedFunction('toToml of a nil inside a list is not supported');
    throw new UnsupportedFunction(`toToml of a ${v.typeName} is not supported`);
  }
}

export function toToml(value: Value): string {
  if (value === null) throw new GoError('reflect: call of reflect.Value.Type on zero Value');
  if (/[\ud800-\uffff]/.test(JSON.stringify(mapKeys(value)))) throw new UnsupportedFunction('toToml of keys beyond U+D7FF is not supported (their order)');
  const encoder = new Encoder();
  try {
    encoder.encode([], value);
  } catch (error) {
    if (error instanceof TomlError) return error.message;
    throw error;
  }
  return encoder.out;
}

/** Every map key in the value, to check that sorting them by UTF-16 gives Go's byte order. */
function mapKeys(value: Value, out: string[] = []): string[] {
  if (isGoMap(value)) for (const [k, v] of value) out.push(k), mapKeys(v, out);
  else if (isGoList(value)) for (const v of value) mapKeys(v, out);
  return out;
}
