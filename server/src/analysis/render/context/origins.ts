/**
 * Where each value of `.Values` came from, so a finding on rendered text can point at the line
 * of a values file (or name the `--set` flag). Values are plain Go values (`../value.ts`), and a
 * string or number has no identity, so an origin is kept per slot: the map or list that holds
 * the value, and its key or index. Coalescing moves slots between maps; it copies their origins
 * with them (`copySlotOrigin`), so the final `.Values` of every chart still knows its sources.
 */
import type { Span } from '../../types';
import type { GoList, GoMap } from '../value';

/** The source of one value. */
export interface ValueOrigin {
  /**
   * `values.yaml` of a chart (its path in the chart input, `charts/db/values.yaml` for a
   * subchart), the name of an `-f` file as the caller gave it, or the flag that set it
   * (`--set`, `--set-string`, `--set-json`, `--set-literal`).
   */
  readonly source: string;
  /** Key path inside that source (`['image', 'tag']`, `['ports', 0]`). */
  readonly path: readonly (string | number)[];
  /** The value's text in a values file (for a key whose value is a map: the whole map). */
  readonly span?: Span;
  /** The key's text in a values file (absent for list items and flags). */
  readonly keySpan?: Span;
  /**
   * Where a string value's characters start in the file when the file holds them as they are
   * (a plain scalar on one line, a quoted one without escapes), so a part of the string maps to
   * exact offsets; absent otherwise (block scalars, escapes, folded lines, non-strings).
   */
  readonly textStart?: number;
  /** For a flag: its whole argument (`image.tag=1.2`). */
  readonly argument?: string;
}

type Container = GoMap | GoList;

/** Origins of every slot of one render's values. Built per call: the core keeps no state between calls. */
export class ValueOrigins {
  private readonly slots = new WeakMap<Container, Map<string | number, ValueOrigin>>();

  /** Where the value at `container[key]` came from; undefined for defaults Helm adds and computed values. */
  of(container: Container, key: string | number): ValueOrigin | undefined {
    return this.slots.get(container)?.get(key);
  }

  set(container: Container, key: string | number, origin: ValueOrigin | undefined): void {
    let slots = this.slots.get(container);
    if (!origin) {
      slots?.delete(key);
      return;
    }
    if (!slots) {
      slots = new Map();
      this.slots.set(container, slots);
    }
    slots.set(key, origin);
  }

  /** Copies the origin of `from[fromKey]` to `to[toKey]` (or clears it when `from` has none). */
  copySlotOrigin(to: Container, toKey: string | number, from: Container, fromKey: string | number): void {
    this.set(to, toKey, this.of(from, fromKey));
  }

  /** Gives a copied container the origins of the one it copies (`source`: the origins `from` is recorded in, these by default). */
  copyAll(to: Container, from: Container, source: ValueOrigins = this): void {
    const slots = source.slots.get(from);
    if (slots) this.slots.set(to, new Map(slots));
  }
}
