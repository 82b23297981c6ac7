/**
 * Go's encoding/json for template values: `toJson`, `toRawJson`, `toPrettyJson` and the first
 * half of Helm's `toYaml` (sigs.k8s.io/yaml marshals to JSON before it writes YAML).
 */
import { GoError, UnsupportedFunction, Value, isGoBytes, isGoList, isGoMap, isTypedNil } from '../value';
import { base64Encode } from './encoding';
import { formatFloat64, sortedKeys } from './goValues';
import { isGoTime, timeJsonText } from './goTime';

export interface JsonOptions {
  /** encoding/json escapes `<`, `>`, `&` unless an Encoder turns it off (`toRawJson`). */
  readonly escapeHTML: boolean;
  /** `json.MarshalIndent(v, "", indent)`. */
  readonly indent?: string;
}

/** `json.Marshal`; throws GoError as Go returns an error (NaN, ±Inf). */
export function marshalJson(value: Value, options: JsonOptions): string {
  return encode(value, options, '');
}

function encode(value: Value, options: JsonOptions, prefix: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new GoError(`json: unsupported value: ${formatFloat64(value, 'g')}`);
    return formatFloat64(value, 'json');
  }
  if (typeof value === 'string') return quoteJson(value, options.escapeHTML);
  if (isTypedNil(value)) return 'null';
  // encoding/json writes a []byte as a base64 string (`.Files`, `GetBytes`).
  if (isGoBytes(value)) return `"${base64Encode(value.map(Number))}"`;
  const inner = options.indent === undefined ? '' : `${prefix}${options.indent}`;
  const open = options.indent === undefined ? '' : `\n${inner}`;
  const close = options.indent === undefined ? '' : `\n${prefix}`;
  const comma = options.indent === undefined ? ',' : `,\n${inner}`;
  const colon = options.indent === undefined ? ':' : ': ';
  if (isGoList(value)) {
    if (value.length === 0) return '[]';
    return `[${open}${value.map((item) => encode(item, options, inner)).join(comma)}${close}]`;
  }
  if (isGoMap(value)) {
    if (value.size === 0) return '{}';
    const entries = sortedKeys(value).map((key) => `${quoteJson(key, options.escapeHTML)}${colon}${encode(value.get(key) ?? null, options, inner)}`);
    return `{${open}${entries.join(comma)}${close}}`;
  }
  if (isGoTime(value)) return `"${timeJsonText(value)}"`;
  const encoding = value.encoding;
  if (encoding && 'text' in encoding) return quoteJson(encoding.text(), options.escapeHTML);
  if (encoding) {
    const entries = [...encoding.jsonNames].map(([field, name]) => `${quoteJson(name, options.escapeHTML)}${colon}${encode(value.fields.get(field) ?? null, options, inner)}`);
    return entries.length === 0 ? '{}' : `{${open}${entries.join(comma)}${close}}`;
  }
  throw new UnsupportedFunction(`JSON of a ${value.typeName} is not supported (its fields' JSON names are not known here)`);
}

/** A JSON string as encoding/json writes it. */
export function quoteJson(text: string, escapeHTML: boolean): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (code < 0x20) out += shortEscapes.get(char) ?? `\\u00${code.toString(16).padStart(2, '0')}`;
    else if (escapeHTML && (char === '<' || char === '>' || char === '&')) out += `\\u00${code.toString(16)}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else out += char;
  }
  return `${out}"`;
}

const shortEscapes = new Map([
  ['\b', '\\b'],
  ['\f', '\\f'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);
