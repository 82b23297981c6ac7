/**
 * Values as Go's text/template and Helm hold them, in plain JavaScript. This is the contract
 * between the evaluator (`render/eval*`), the function library (`render/functions/`) and the
 * render context (`render/context*`, values, Chart.yaml, `.Files`, `.Capabilities`).
 *
 * Go type            → here
 * nil                → null
 * bool               → boolean
 * string             → string   (Go's bytes: valid UTF-8 as its characters, each byte of an invalid
 *                                sequence as the lone surrogate U+DC80-U+DCFF, `rawByte`; see `utf8Decode`)
 * int, int64, …      → bigint   (template number literals, Sprig arithmetic, `len`, `atoi`)
 * float64            → number   (every number Helm reads from a values file, Chart.yaml or JSON:
 *                                sigs.k8s.io/yaml decodes through encoding/json, so they are float64;
 *                                that is why Helm prints a value 1000000 as `1e+06`)
 * []interface{}, []string → GoList (a JS array; `elem` says which Go slice type when it matters)
 * []byte ([]uint8)   → GoList with `elem` 'uint8', a bigint per byte (`.Files`, `GetBytes`): printed
 *                      `[104 105]` by `%v` but as text by `%s` and `toString`, base64 in JSON (`isGoBytes`)
 * map[string]interface{}  → GoMap  (a JS Map; Go prints and serialises maps in sorted key order)
 * a struct or pointer with fields and methods (.Release, .Chart, .Files, .Capabilities,
 * .Template, semver versions) → GoStruct
 *
 * A missing map key read with Helm's `missingkey=zero` is `undefined` only inside the evaluator
 * (Go's "no value"); it never reaches a function or a map as `undefined`: it becomes null there.
 */
export type Value = null | boolean | string | bigint | number | GoList | GoMap | GoStruct;

export type GoList = Value[] & { elem?: GoElemType } & GoNamedType;
export type GoMap = Map<string, Value> & GoNamedType;

/**
 * A map or slice of a named Go type with methods: `.Files` is an `engine.files` map with `Get`,
 * `Glob`, …; `.Capabilities.APIVersions` is a `common.VersionSet` slice with `Has`; `.Values` is a
 * `common.Values` map. Go looks a method up before a map key (`.Files.Get` is the method even when
 * a file is named `Get`), ranges and prints the elements as usual, and `%T` shows `goType`.
 * Set both with `namedGoType`; plain maps and slices have neither.
 */
export interface GoNamedType {
  goType?: string;
  goMethods?: ReadonlyMap<string, GoFunction>;
  /**
   * A typed nil map or slice (Helm's `fromJson "null"`): empty when read, printed or ranged,
   * but JSON and YAML write `null`, and writing to it panics. Always empty; never changed.
   */
  goNil?: true;
  /**
   * A named map whose element type is not `interface{}` (`.Files`: `[]uint8`): the zero value of
   * that type, which Go's `index` and a missing key under `missingkey=zero` give (see `mapEntry`).
   */
  goElemZero?: () => Value;
}

/** A map's entry as Go's `index` reads it: a missing key gives the element type's zero value (nil for `interface{}`). */
export function mapEntry(map: GoMap, key: string): Value {
  const value = map.get(key);
  return value !== undefined ? value : (map.goElemZero?.() ?? null);
}

/** A typed nil map or slice (see `GoNamedType.goNil`). */
export const isTypedNil = (v: Value | undefined): boolean => (v instanceof Map || Array.isArray(v)) && v.goNil === true;

/** Gives a map or slice a Go type name and methods (see `GoNamedType`); returns the same object. */
export function namedGoType<T extends GoMap | GoList>(value: T, goType: string, methods?: ReadonlyMap<string, GoFunction>): T {
  value.goType = goType;
  if (methods) value.goMethods = methods;
  return value;
}

/**
 * A GoMap whose values are made on first read: `.Files` holds every file's bytes as a Go `[]uint8`
 * (a bigint per byte, about 11 KB of LICENSE per corpus chart, per render), which few templates
 * ever read. `get`, iteration and copies see the made values, in insertion order, as a Map's;
 * `madeValues` gives only those made so far, for walks looking for what a template may hold
 * (no template holds a value not yet made).
 */
export class LazyGoMap extends Map<string, Value> {
  private readonly pending = new Map<string, () => Value>();

  /** Sets `key` to the value `make` gives, made when first read. */
  defer(key: string, make: () => Value): this {
    super.set(key, null);
    this.pending.set(key, make);
    return this;
  }

  override get(key: string): Value | undefined {
    const make = this.pending.get(key);
    if (make) {
      this.pending.delete(key);
      super.set(key, make());
    }
    return super.get(key);
  }

  override set(key: string, value: Value): this {
    this.pending?.delete(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    this.pending.delete(key);
    return super.delete(key);
  }

  override clear(): void {
    this.pending.clear();
    super.clear();
  }

  override *entries(): MapIterator<[string, Value]> {
    for (const key of super.keys()) yield [key, this.get(key)!];
  }

  override *values(): MapIterator<Value> {
    for (const key of super.keys()) yield this.get(key)!;
  }

  override [Symbol.iterator](): MapIterator<[string, Value]> {
    return this.entries();
  }

  override forEach(callback: (value: Value, key: string, map: Map<string, Value>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  /** The values made so far. */
  *madeValues(): Generator<Value> {
    for (const [key, value] of super.entries()) if (!this.pending.has(key)) yield value;
  }
}

/** The Go element type of a slice, where a function's result needs it (`typeOf`, `kindIs`, printing). Default: interface{}. */
export type GoElemType = 'interface {}' | 'string' | 'int' | 'int64' | 'float64' | 'bool' | 'uint8';

/** A Go struct (or pointer to one) that templates read fields of and call methods on. */
export class GoStruct {
  constructor(
    /** Go's name for the type as `printf "%T"` shows it, for example `*chart.Metadata`. */
    readonly typeName: string,
    /** Exported fields, in declaration order (Go prints a struct's fields in that order). */
    readonly fields: ReadonlyMap<string, Value>,
    /**
     * Exported methods: `.Capabilities.KubeVersion.GitVersion`. A `String` method (Go's
     * `fmt.Stringer`) is what printing shows: `{{ .Capabilities.KubeVersion }}` prints `v1.35.0`.
     */
    readonly methods: ReadonlyMap<string, GoFunction> = new Map(),
    /** How encoding/json and go-yaml v3 write it, when Go's type says (see `StructEncoding`); else they refuse it. */
    readonly encoding?: StructEncoding,
  ) {}
}

/**
 * How a Go struct is written by encoding/json (`toJson`, and `toYaml` through JSON) and by go-yaml
 * v3 (`toYamlPretty`). `text`: the type marshals itself to this string (semver's MarshalJSON and
 * MarshalText give its String()). `jsonNames`: every field, in declaration order, under its JSON
 * name (its Go name when untagged); v3 writes them under the Go name in lower case.
 */
export type StructEncoding = { readonly text: () => string } | { readonly jsonNames: ReadonlyMap<string, string> };

/**
 * Parameter types the evaluator checks and converts arguments to, as text/template does with a
 * function's Go signature: a number literal becomes the parameter's type; a value of the wrong
 * type is an error `wrong type for value; expected string; got float64`.
 */
export type GoParamType = 'interface {}' | 'string' | 'int' | 'int64' | 'float64' | 'bool' | '[]interface {}' | '[]string' | 'map[string]interface {}' | 'time.Time';

/** What a function call needs besides its arguments: only the engine functions use it. */
export interface CallContext {
  /** Name the function was called by, for error messages. */
  readonly name: string;
}

/** A function templates can call: Go text/template builtins, Sprig, Helm's own, and methods. */
export interface GoFunction {
  readonly params: readonly GoParamType[];
  /** Type of the trailing `...T` parameter, when the Go function is variadic. */
  readonly variadic?: GoParamType;
  /** Go result type as `printf "%T"` would show it; `interface {}` when it varies. */
  readonly result?: string;
  /** Throws `GoError` for what Go returns as an error (text/template wraps it as `error calling NAME: …`). */
  call(args: Value[], context: CallContext): Value;
}

/** An error a Go function returns; the evaluator adds `error calling NAME:` and the position. */
export class GoError extends Error {}

/** A function Helm has but this renderer does not implement; rendering reports it, never guesses. */
export class UnsupportedFunction extends GoError {}

export const isGoMap = (v: Value | undefined): v is GoMap => v instanceof Map;
/** A Go `[]byte` (see the table at the top). */
export const isGoBytes = (v: Value | undefined): v is GoList => Array.isArray(v) && v.elem === 'uint8';

/** A nil `[]byte` (see `GoNamedType.goNil`): printed `[]`, "" as a string, `null` in JSON. */
export function nilBytes(): GoList {
  const list = goBytes([]);
  list.goNil = true;
  return list;
}

const byteValues: readonly bigint[] = Array.from({ length: 256 }, (_, byte) => BigInt(byte));

/** A `[]byte` of the given bytes. */
export function goBytes(bytes: ArrayLike<number>): GoList {
  // One shared bigint per byte value (bigints are immutable): no allocation per byte of a big file.
  const list = new Array(bytes.length) as GoList;
  for (let i = 0; i < bytes.length; i++) list[i] = byteValues[bytes[i] & 0xff];
  list.elem = 'uint8';
  return list;
}

/**
 * Text as Go's decoders and rune-mapping functions give it: each lone surrogate (a byte that is
 * not UTF-8, `rawByte`, or a lone `\udcff` escape in JSON) becomes U+FFFD. encoding/json reads
 * and writes such bytes and escapes so, and strings.Map (ToUpper, ToLower, Title) writes them so.
 */
export function validUtf8Text(text: string): string {
  return anySurrogate.test(text) ? text.replace(loneSurrogates, '\ufffd') : text;
}
const anySurrogate = /[\ud800-\udfff]/;
const loneSurrogates = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A byte of a Go string that is not part of valid UTF-8, as this renderer holds it: the lone
 * surrogate U+DC00 + byte (0x80-0xFF give U+DC80-U+DCFF), as Python's `surrogateescape`. Text
 * decoded from UTF-8 never holds a lone surrogate, so the escape is never ambiguous, and the bytes
 * Go keeps (`.Files.Get` of a file that is not UTF-8, `b64dec`, a `substr` that cuts a character)
 * reach `len`, `b64enc` and `sha256sum` as Go's do. Printed into the output, each is U+FFFD (Node's
 * UTF-8); Helm's YAML parser refuses such a manifest anyway.
 */
export const rawByte = (byte: number): string => String.fromCharCode(0xdc00 + byte);

/** The UTF-8 bytes of a string (Go strings are bytes; templates index and cut them by byte); `rawByte`s give their byte. */
export function utf8Encode(text: string): Uint8Array {
  // At most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units); filled in place, no array of numbers.
  const bytes = new Uint8Array(text.length * 3);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      bytes[length++] = code;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xdc80 && code <= 0xdcff) {
      bytes[length++] = code - 0xdc00;
      continue;
    }
    // Any other lone surrogate is not a character: U+FFFD, as Go writes an invalid rune.
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x800) {
      bytes[length++] = 0xc0 | (code >> 6);
      bytes[length++] = 0x80 | (code & 63);
    } else if (code < 0x10000) {
      bytes[length++] = 0xe0 | (code >> 12);
      bytes[length++] = 0x80 | ((code >> 6) & 63);
      bytes[length++] = 0x80 | (code & 63);
    } else {
      bytes[length++] = 0xf0 | (code >> 18);
      bytes[length++] = 0x80 | ((code >> 12) & 63);
      bytes[length++] = 0x80 | ((code >> 6) & 63);
      bytes[length++] = 0x80 | (code & 63);
    }
  }
  return bytes.slice(0, length);
}

/** Bytes as a Go string held here: valid UTF-8 as text, each byte Go's decoder refuses (it takes them one at a time) as its `rawByte`. */
export function utf8Decode(bytes: ArrayLike<number>): string {
  // Code units into one buffer, made a string in chunks: adding a character at a time to a string
  // made a rope of millions of pieces for a big binary file (most of 6 s, GC included, for 3 MB).
  const units = new Uint16Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      units[n++] = b;
      i++;
      continue;
    }
    const need = b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0 || i + need >= bytes.length) {
      units[n++] = 0xdc00 + b; // rawByte
      i++;
      continue;
    }
    let code = b & (0x3f >> need);
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) ok = false;
      code = (code << 6) | (c & 0x3f);
    }
    if (!ok || (need === 2 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff))) || (need === 3 && (code < 0x10000 || code > 0x10ffff))) {
      units[n++] = 0xdc00 + b; // rawByte
      i++;
      continue;
    }
    if (code >= 0x10000) {
      units[n++] = 0xd800 + ((code - 0x10000) >> 10);
      units[n++] = 0xdc00 + ((code - 0x10000) & 0x3ff);
    } else units[n++] = code;
    i += need + 1;
  }
  return codeUnitsText(units, n);
}

/** The first `length` UTF-16 code units as a string, made in chunks (String.fromCharCode takes its arguments on the stack). */
export function codeUnitsText(units: Uint16Array | Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 8192) out += String.fromCharCode.apply(null, units.subarray(i, Math.min(i + 8192, length)) as unknown as number[]);
  return out;
}

const surrogate = /[\ud800-\udfff]/;
const encoder = new TextEncoder();

/** `utf8Encode`, natively for text with no surrogate (no `rawByte`, where TextEncoder would write U+FFFD): most text. */
export const utf8Bytes = (text: string): Uint8Array => (surrogate.test(text) ? utf8Encode(text) : encoder.encode(text));
export const isGoList = (v: Value | undefined): v is GoList => Array.isArray(v);
