/**
 * The plain-data check of the core's API (ARCHITECTURE.md, invariant 2): a value passes when
 * JSON would carry it over unchanged.
 */
import * as assert from 'assert/strict';

export function assertPlain(value: unknown, what: string): void {
  if (value === undefined) return; // "nothing here", as getHover answers off any hook key.
  const problem = plainDataProblem(value, '$');
  assert.equal(problem, undefined, `${what} is not plain data: ${problem}`);
}

/**
 * Why a value would not survive JSON unchanged: only null, booleans, finite numbers, strings,
 * arrays and plain objects may appear. An undefined property counts as absent, as in JSON.
 */
export function plainDataProblem(value: unknown, where: string, seen: Set<object> = new Set()): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${where} is ${value}`;
  if (typeof value !== 'object') return `${where} is a ${typeof value}`;
  if (seen.has(value)) return `${where} is a repeated or cyclic reference`;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (value[index] === undefined) return `${where}[${index}] is undefined (JSON would make it null)`;
      const problem = plainDataProblem(value[index], `${where}[${index}]`, seen);
      if (problem) return problem;
    }
  } else {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return `${where} is a ${prototype?.constructor?.name ?? 'non-plain'} object`;
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      const problem = plainDataProblem(child, `${where}.${key}`, seen);
      if (problem) return problem;
    }
  }
  seen.delete(value);
  return undefined;
}

