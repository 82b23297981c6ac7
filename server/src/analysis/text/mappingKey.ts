/**
 * The mapping key a line of YAML starts with, read in one pass. Completion used the regex
 * `^\s*("[^"]*"|'[^']*'|[^\s"'#:][^:#]*?)\s*:`, whose lazy key followed by `\s*` backtracked
 * quadratically on a run of blanks (476 ms on a 20,000-character line); this reads the same key.
 */

export interface MappingKey {
  /** Length of the leading blanks (JavaScript's `\s`). */
  readonly indent: number;
  /** The key as written: with its quotes when quoted, without trailing blanks when plain. */
  readonly raw: string;
  /** The key's text: inside the quotes, or the plain key trimmed. */
  readonly key: string;
  readonly quote: '"' | "'" | '';
  /** Just after the colon. */
  readonly end: number;
}

/** JavaScript's `\s` (WhiteSpace and LineTerminator), which `trim` also strips. */
export function isBlank(char: string): boolean {
  return char.length === 1 && char.trim() === '';
}

/**
 * Blanks, then a quoted key (no quote of its kind inside) or a plain one (a first character that
 * is no blank, quote, `#` or `:`, then anything up to the first `:` with no `#` before it), blanks,
 * and the colon. `line` is one line's text (no `\n`). What must follow the colon:
 * - `anything`;
 * - `blank`: a blank or the line's end (`a:b` is a plain scalar, not a key);
 * - `comment`: only blanks, then perhaps a comment with no line break in it (a key that opens a map).
 */
export function readMappingKey(line: string, after: 'anything' | 'blank' | 'comment' = 'anything'): MappingKey | undefined {
  let at = 0;
  while (at < line.length && isBlank(line[at])) at++;
  const indent = at;
  const first = line[at];
  if (first === undefined) return undefined;
  let raw: string;
  let key: string;
  let quote: MappingKey['quote'] = '';
  if (first === '"' || first === "'") {
    let close = at + 1;
    while (close < line.length && line[close] !== first) close++;
    if (line[close] !== first) return undefined;
    quote = first;
    raw = line.slice(at, close + 1);
    key = line.slice(at + 1, close);
    at = close + 1;
    while (at < line.length && isBlank(line[at])) at++;
  } else {
    if (first === '#' || first === ':') return undefined;
    let colon = at + 1;
    while (colon < line.length && line[colon] !== ':' && line[colon] !== '#') colon++;
    let rawEnd = colon;
    while (rawEnd > at + 1 && isBlank(line[rawEnd - 1])) rawEnd--;
    raw = line.slice(at, rawEnd);
    key = raw.trim();
    at = colon;
  }
  if (line[at] !== ':') return undefined;
  const end = at + 1;
  if (after === 'blank' && end < line.length && !isBlank(line[end])) return undefined;
  if (after === 'comment' && !onlyComment(line, end)) return undefined;
  return { indent, raw, key, quote, end };
}

function onlyComment(line: string, from: number): boolean {
  let at = from;
  while (at < line.length && isBlank(line[at])) at++;
  if (at === line.length) return true;
  if (line[at] !== '#') return false;
  for (let rest = at + 1; rest < line.length; rest++) if ('\n\r\u2028\u2029'.includes(line[rest])) return false;
  return true;
}
