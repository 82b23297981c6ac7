/**
 * Where two texts (a file before and after an edit) start and stop differing: their common
 * prefix and suffix, compared a chunk at a time (equal chunks compare without a loop here), so
 * an 8 MB file costs a few milliseconds, not a character loop over 8 MB.
 */

/** Length of the common prefix. */
export function commonPrefix(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let at = 0;
  for (let chunk = 4096; at + chunk <= limit && a.slice(at, at + chunk) === b.slice(at, at + chunk); ) at += chunk;
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** Length of the common suffix that starts after `floor` in both. */
export function commonSuffix(a: string, b: string, floor: number): number {
  const limit = Math.min(a.length, b.length) - floor;
  let length = 0;
  for (let chunk = 4096; length + chunk <= limit && a.slice(a.length - length - chunk, a.length - length) === b.slice(b.length - length - chunk, b.length - length); ) length += chunk;
  while (length < limit && a.charCodeAt(a.length - length - 1) === b.charCodeAt(b.length - length - 1)) length++;
  return length;
}
