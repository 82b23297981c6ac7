/**
 * How Helm's YAML reader types and re-formats an untagged plain scalar. Helm decodes
 * annotations with sigs.k8s.io/yaml on go-yaml v2 (YAML 1.1) into `map[string]string`, so a
 * YAML number or bool becomes text again: ints in decimal (`010` → "8", `0x10` → "16",
 * `1_000` → "1000"), floats with `strconv.FormatFloat(f, 'g', -1, 32)` (`1e3` → "1000"),
 * bools as "true"/"false" (`convertToJSONableObject`). That text is what `strconv.Atoi` sees.
 */
import { trimTrailing } from '../text/trim';

export type GoYamlType = 'string' | 'int' | 'float' | 'bool' | 'null';

/**
 * The type go-yaml v2 gives an untagged plain scalar: `yes`/`on`/`y` are booleans, `0x1F` and
 * `1_000` are ints, but base-60 numbers such as `1:30` and dates such as `2024-01-01` stay
 * strings (go-yaml v2 `resolve`).
 */
export function goYamlPlainType(text: string): GoYamlType {
  const resolved = goYamlWords.get(text);
  if (resolved) return resolved.type;
  const first = text[0];
  if (first === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) && Number.isFinite(Number(text)) ? 'float' : 'string';
  if (first === undefined || !/[-+0-9]/.test(first)) return 'string';
  const plain = text.replace(/_/g, '');
  if (goInteger(plain) !== undefined) return 'int';
  // ParseFloat fails on overflow (1e400), and go-yaml then keeps the text as a string.
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain) && Number.isFinite(Number(plain))) return 'float';
  return 'string';
}

/** The text Helm reads for an untagged plain scalar in an annotation; undefined for strings and null. */
export function goYamlPlainText(text: string): string | undefined {
  switch (goYamlPlainType(text)) {
    case 'bool':
      return String(goYamlWords.get(text)?.value);
    case 'int':
      return String(goInteger(text.replace(/_/g, '')));
    case 'float': {
      const word = goYamlWords.get(text);
      return formatGoFloat32(word ? (word.value as number) : Number(text.replace(/_/g, '')));
    }
    default:
      return undefined;
  }
}

interface Resolved {
  readonly type: GoYamlType;
  readonly value: boolean | number | null;
}

const goYamlWords: ReadonlyMap<string, Resolved> = new Map<string, Resolved>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((word) => [word, { type: 'bool', value: true }] as [string, Resolved]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((word) => [word, { type: 'bool', value: false }] as [string, Resolved]),
  ...['', '~', 'null', 'Null', 'NULL'].map((word) => [word, { type: 'null', value: null }] as [string, Resolved]),
  ...['.nan', '.NaN', '.NAN'].map((word) => [word, { type: 'float', value: NaN }] as [string, Resolved]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((word) => [word, { type: 'float', value: Infinity }] as [string, Resolved]),
  ...['-.inf', '-.Inf', '-.INF'].map((word) => [word, { type: 'float', value: -Infinity }] as [string, Resolved]),
]);

/** Go's `strconv.ParseInt(s, 0, 64)`, falling back to `ParseUint(s, 0, 64)` as go-yaml does; undefined when both fail. */
function goInteger(text: string): bigint | undefined {
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const digits = match[2];
  const magnitude = /^0[oO]/.test(digits) ? BigInt(`0o${digits.slice(2)}`) : /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  if (match[1] === '-') return magnitude <= 9223372036854775808n ? -magnitude : undefined;
  if (match[1] === '+') return magnitude <= 9223372036854775807n ? magnitude : undefined; // ParseUint takes no sign.
  return magnitude <= 18446744073709551615n ? magnitude : undefined;
}

/**
 * Go's `strconv.FormatFloat(f, 'g', -1, 32)`: the shortest decimal that reads back as the same
 * float32, with an exponent (`1e+06`, `1e-05`) when it is below -4 or at least 6.
 */
export function formatGoFloat32(value: number): string {
  const f = Math.fround(value);
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const sign = f < 0 ? '-' : '';
  const magnitude = Math.abs(f);
  let exponential = magnitude.toExponential(8);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = magnitude.toExponential(digits - 1);
    if (Math.fround(Number(candidate)) === magnitude) {
      exponential = candidate;
      break;
    }
  }
  const [mantissa, exponentText] = exponential.split('e');
  const digits = trimTrailing(mantissa.replace('.', ''), '0') || '0';
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const shown = Math.abs(exponent) < 10 ? `0${Math.abs(exponent)}` : `${Math.abs(exponent)}`;
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${shown}`;
  }
  const point = exponent + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * The number go-yaml v2 reads for a plain scalar of type 'float' (`.inf`, `-.Inf`, `.nan` and
 * decimal or exponent forms with `_` separators); the values readers turn a non-finite one into
 * Helm's JSON error.
 */
export function goYamlFloat(text: string): number {
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  return Number(text.replace(/_/g, ''));
}
