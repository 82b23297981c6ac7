/** Sprig's reflection functions and Go's reflect.DeepEqual over template values. */
import { GoFunction, Value, isGoList, isGoMap } from '../value';
import { goFunction, kindName, typeName } from './goValues';

/** reflect.DeepEqual: same Go type and equal contents. */
export function deepEqual(a: Value, b: Value): boolean {
  if (typeName(a) !== typeName(b)) return false;
  if (isGoList(a) && isGoList(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isGoMap(a) && isGoMap(b)) return a.size === b.size && [...a].every(([key, item]) => b.has(key) && deepEqual(item, b.get(key) ?? null));
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return a === b;
}

const I = 'interface {}';
export const reflectionFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['typeOf', goFunction([I], ([v]) => typeName(v), { result: 'string' })],
  ['typeIs', goFunction(['string', I], ([t, v]) => t === typeName(v), { result: 'bool' })],
  ['typeIsLike', goFunction(['string', I], ([t, v]) => t === typeName(v) || t === `*${typeName(v)}`, { result: 'bool' })],
  ['kindOf', goFunction([I], ([v]) => kindName(v), { result: 'string' })],
  ['kindIs', goFunction(['string', I], ([k, v]) => k === kindName(v), { result: 'bool' })],
  ['deepEqual', goFunction([I, I], ([a, b]) => deepEqual(a, b), { result: 'bool' })],
]);
