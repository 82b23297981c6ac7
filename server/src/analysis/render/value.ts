/**
 * Values as Go's text/template and Helm hold them, in plain JavaScript. This is the contract
 * between the evaluator (`render/eval*`), the function library (`render/functions/`) and the
 * render context (`render/context*`, values, Chart.yaml, `.Files`, `.Capabilities`).
 *
 * Go type            → here
 * nil                → null
 * bool               → boolean
 * string             → string
 * int, int64, …      → bigint   (template number literals, Sprig arithmetic, `len`, `atoi`)
 * float64            → number   (every number Helm reads from a values file, Chart.yaml or JSON:
 *                                sigs.k8s.io/yaml decodes through encoding/json, so they are float64;
 *                                that is why Helm prints a value 1000000 as `1e+06`)
 * []interface{}, []string → GoList (a JS array; `elem` says which Go slice type when it matters)
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
  ) {}
}

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
export const isGoList = (v: Value | undefined): v is GoList => Array.isArray(v);
