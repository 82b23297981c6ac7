/**
 * Helm 4's `toYamlPretty`: go-yaml v3's Encoder with SetIndent(2), straight from the Go values
 * (no JSON step, unlike `toYaml`): ints and float64s keep their Go text (`1e+06`), a time is an
 * RFC 3339 timestamp, nil maps and slices are `{}` and `[]`, every level is indented by 2, lines
 * are never folded, and a string is quoted when v3 would read it back as something else or YAML
 * 1.1 would read it as a bool (`"yes"`, `"y"`).
 */
import { GoError, UnsupportedFunction, Value, isGoList, isGoMap, isTypedNil, utf8Encode, validUtf8Text } from '../value';
import { base64Encode } from './encoding';
import { formatFloat64, parseGoFloat, parseGoInt } from './goValues';
import { isGoTime, formatTime } from './goTime';
import { base60Float, Emitter, isTimestamp, naturalLess, Node } from './yamlEncode';

/** The YAML text toYamlPretty prints (the encoder's trailing newline trimmed, as Helm does). */
export function marshalYamlPretty(value: Value): string {
  const emitter = new Emitter({ width: Infinity, indentlessSequences: false, tabIsSpecial: false });
  emitter.node(toNode(value), { root: true, mapping: false, simpleKey: false });
  emitter.writeIndent();
  return emitter.out.replace(/\n$/, '');
}

function toNode(value: Value): Node {
  if (value === null) return plain('null');
  if (typeof value === 'boolean') return plain(value ? 'true' : 'false');
  if (typeof value === 'bigint') return plain(value.toString());
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return plain('.nan');
    if (!Number.isFinite(value)) return plain(value > 0 ? '.inf' : '-.inf');
    return plain(formatFloat64(value, 'g'));
  }
  if (typeof value === 'string') return stringScalar(value);
  if (isGoList(value)) return { kind: 'seq', items: isTypedNil(value) ? [] : value.map(toNode) };
  if (isGoMap(value)) {
    const keys = [...value.keys()].sort((a, b) => (naturalLess(a, b, true) ? -1 : naturalLess(b, a, true) ? 1 : 0));
    return { kind: 'map', keys, entries: keys.map((key) => [stringScalar(key), toNode(value.get(key) ?? null)]) };
  }
  if (isGoTime(value)) return plain(formatTime(value, '2006-01-02T15:04:05.999999999Z07:00'));
  const encoding = value.encoding;
  if (encoding && 'text' in encoding) return stringScalar(encoding.text());
  if (encoding) {
    // v3 names an untagged field by its Go name in lower case, in declaration order (JSON tags are not its).
    const fields = [...encoding.jsonNames.keys()];
    return { kind: 'map', keys: fields, entries: fields.map((field) => [stringScalar(field.toLowerCase()), toNode(value.fields.get(field) ?? null)]) };
  }
  throw new UnsupportedFunction(`toYamlPretty of a ${value.typeName} is not supported`);
}

const plain = (text: string): Node => ({ kind: 'scalar', text, plainable: true });

/** v3's stringv: a string that is not UTF-8 (it holds a `rawByte`) is written as `!!binary` base64 of its bytes. */
function stringScalar(text: string): Node {
  if (validUtf8Text(text) === text) return { kind: 'scalar', text, plainable: canUsePlain(text) };
  return { kind: 'scalar', text: binaryLines(base64Encode(utf8Encode(text))), plainable: true, tag: '!!binary' };
}

/** v3's encodeBase64: lines of 70 characters, each ended by a line break when there is more than one. */
function binaryLines(base64: string): string {
  if (base64.length < 70) return base64;
  let out = '';
  for (let i = 0; i < base64.length; i += 70) out += `${base64.slice(i, i + 70)}\n`;
  return out;
}

const oldBools = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const resolved = new Set(['', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF']);
const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** go-yaml v3's stringv: plain when `resolve` reads the text back as a string and it is no YAML 1.1 bool or base-60 float. */
function canUsePlain(text: string): boolean {
  return resolvesToString(text) && !base60Float.test(text) && !oldBools.has(text);
}

/** go-yaml v3's resolve of an untagged plain scalar gives the string tag. */
function resolvesToString(text: string): boolean {
  if (resolved.has(text)) return false;
  const first = text[0];
  if (first === '.') return parseGoFloat(text) === undefined;
  if (!/[-+0-9]/.test(first)) return true;
  if (isTimestamp(text)) return false;
  const digits = text.replace(/_/g, '');
  if (parseGoInt(digits) !== undefined || fitsUint64(digits)) return false;
  if (yamlStyleFloat.test(digits) && parseGoFloat(digits) !== undefined) return false;
  if (/^-?0b[01]+$/.test(digits)) return false;
  return true;
}

/** strconv.ParseUint(s, 0, 64) succeeds. */
function fitsUint64(text: string): boolean {
  if (!/^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[0-9]+)$/.test(text)) return false;
  const literal = /^0[0-7]+$/.test(text) ? `0o${text.slice(1)}` : text.replace(/^0[oO]/, '0o');
  try {
    return BigInt(literal) < 2n ** 64n;
  } catch {
    return false;
  }
}

/** Helm swallows the encoder's errors: toYamlPretty gives "" then. */
export function toYamlPretty(value: Value): string {
  try {
    return marshalYamlPretty(value);
  } catch (error) {
    if (error instanceof UnsupportedFunction || !(error instanceof GoError)) throw error;
    return '';
  }
}
