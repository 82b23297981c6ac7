/**
 * What the engine needs to render again only what an edit touches (`renderTemplates` with a
 * previous result): which named templates changed between two template sets, and whether a
 * render wrote into the shared context (then no output of it can be kept).
 *
 * A rendered file's output depends on its own text, on the templates it looked up (`include`,
 * `template`, found or not; the executor records them), on its context and on the range budget
 * spent before it. The driver keeps contexts only when values, Chart.yaml, the other files and
 * the options are unchanged; the engine keeps an output only when none of the names it looked
 * up changed. A `define` counts as unchanged when it reads the same and starts at the same
 * place (offset, line and the text before it on its line), because the source map and Go's
 * error positions name those places.
 */
import type { Tree } from './nodes';
import { LazyGoMap, type GoFunction, type GoMap, type Value } from './value';

/** Names whose tree differs between two template sets (present in one only, or reading differently). */
export function changedTemplates(before: ReadonlyMap<string, Tree>, after: ReadonlyMap<string, Tree>): Set<string> {
  const changed = new Set<string>();
  for (const [name, tree] of after) if (!sameTree(before.get(name), tree)) changed.add(name);
  for (const name of before.keys()) if (!after.has(name)) changed.add(name);
  return changed;
}

function sameTree(a: Tree | undefined, b: Tree | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.parseName !== b.parseName) return false;
  // A file's tree depends on its whole text: compared as it is (a fingerprint of it would copy 8 MB twice per keystroke).
  if (!a.definedAt || !b.definedAt) return !a.definedAt && !b.definedAt && a.text === b.text;
  return fingerprint(a.text, a.definedAt) === fingerprint(b.text, b.definedAt);
}

/** The text a define's output and messages depend on: its own text and place. */
function fingerprint(text: string, at: NonNullable<Tree['definedAt']>): string {
  const lineStart = text.lastIndexOf('\n', at.start - 1) + 1;
  return `${at.start}\0${at.line}\0${text.slice(lineStart, at.end)}`;
}

/** Sprig's functions that change a map in place: `set`/`unset` their first argument, the merge family their first and the maps under it. */
const writesInPlace: ReadonlyMap<string, 'map' | 'tree'> = new Map([
  ['set', 'map'],
  ['unset', 'map'],
  ['merge', 'tree'],
  ['mustMerge', 'tree'],
  ['mergeOverwrite', 'tree'],
  ['mustMergeOverwrite', 'tree'],
]);

/**
 * `functions` with the in-place writers wrapped: a call that changes a map of one of `contexts`
 * (reached from them when the first such call comes) calls `onContextWrite`. A call that leaves
 * every such map as it was (`merge` of keys the map already holds, the commonest use) is no write.
 */
export function watchContextWrites(functions: ReadonlyMap<string, GoFunction>, contexts: () => readonly GoMap[], onContextWrite: () => void): Map<string, GoFunction> {
  let shared: Set<object> | undefined;
  const watched = new Map(functions);
  for (const [name, reach] of writesInPlace) {
    const fn = functions.get(name);
    if (!fn) continue;
    watched.set(name, {
      ...fn,
      call: (args, context) => {
        const target = args[0];
        if (!(target instanceof Map)) return fn.call(args, context);
        shared ??= reachable(contexts());
        const candidates = reach === 'map' ? [target] : [...reachable([target])].filter((value): value is GoMap => value instanceof Map);
        const touched = candidates.filter((map) => shared!.has(map));
        if (touched.length === 0) return fn.call(args, context);
        const before = touched.map((map) => [...map]);
        try {
          return fn.call(args, context);
        } finally {
          if (touched.some((map, index) => changedMap(map, before[index]))) onContextWrite();
        }
      },
    });
  }
  return watched;
}

function changedMap(map: GoMap, before: readonly [string, Value][]): boolean {
  return map.size !== before.length || before.some(([key, value]) => map.get(key) !== value || !map.has(key));
}

/** Every map, list and struct field value reachable from `roots`. */
function reachable(roots: readonly Value[]): Set<object> {
  const seen = new Set<object>();
  const stack: Value[] = [...roots];
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    // A LazyGoMap's values not made yet are held by no template: leaving them unmade is exact.
    if (value instanceof LazyGoMap) for (const item of value.madeValues()) stack.push(item);
    else if (value instanceof Map) for (const item of value.values()) stack.push(item);
    else if (Array.isArray(value)) for (const item of value) stack.push(item);
    else for (const item of value.fields.values()) stack.push(item);
  }
  return seen;
}
