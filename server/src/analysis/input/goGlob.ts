/**
 * Go's `filepath.Match` on `/`-separated paths: `*` (any run without `/`), `?` (one character
 * but `/`), `[…]` classes with `^` negation and ranges, `\\` escapes. Used where Helm matches
 * paths with it: `.helmignore` rules and `helm template --show-only`.
 */

export type GlobToken = { kind: 'star' } | { kind: 'one' } | { kind: 'char'; char: string } | { kind: 'class'; negate: boolean; ranges: Array<[string, string]> };

/** Whether `name` matches `pattern`; a malformed pattern matches nothing (Go returns ErrBadPattern). */
export function goPathMatch(pattern: string, name: string): boolean {
  const tokens = compileGlob(pattern);
  return tokens !== undefined && globMatch(tokens, name);
}

/** Go's `filepath.Match` pattern syntax on `/`-separated paths; `undefined` when malformed. */
export function compileGlob(pattern: string): GlobToken[] | undefined {
  const tokens: GlobToken[] = [];
  let index = 0;
  const escaped = (): string | undefined => {
    let char = pattern[index];
    if (char === undefined || char === '-' || char === ']') return undefined;
    if (char === '\\') {
      index++;
      char = pattern[index];
      if (char === undefined) return undefined;
    }
    index++;
    return char;
  };
  while (index < pattern.length) {
    const char = pattern[index];
    if (char === '*') {
      tokens.push({ kind: 'star' });
      index++;
    } else if (char === '?') {
      tokens.push({ kind: 'one' });
      index++;
    } else if (char === '\\') {
      if (index + 1 >= pattern.length) return undefined;
      tokens.push({ kind: 'char', char: pattern[index + 1] });
      index += 2;
    } else if (char === '[') {
      index++;
      const negate = pattern[index] === '^';
      if (negate) index++;
      const ranges: Array<[string, string]> = [];
      for (;;) {
        if (pattern[index] === ']' && ranges.length > 0) {
          index++;
          break;
        }
        const low = escaped();
        if (low === undefined) return undefined;
        let high = low;
        if (pattern[index] === '-') {
          index++;
          const end = escaped();
          if (end === undefined) return undefined;
          high = end;
        }
        ranges.push([low, high]);
      }
      tokens.push({ kind: 'class', negate, ranges });
    } else {
      tokens.push({ kind: 'char', char });
      index++;
    }
  }
  return tokens;
}

/** Whether the whole `subject` matches; `*` and `?` never match `/` (a class can, as in Go). */
export function globMatch(tokens: readonly GlobToken[], subject: string): boolean {
  return literalMatch(tokens, subject) ?? (literalStartFits(tokens, subject) && globMatchSteps(tokens, subject));
}

/**
 * False when the literal characters a pattern starts with (before its first `*`, `?` or class) are
 * not where they must stand, the subject's first characters: each of them matches one character.
 * Helm's own rule `templates/.?*` is tried on every file and folder of every chart, and most
 * (`Chart.yaml`, `templates/job.yaml`) fail at its first characters, without the step tables.
 */
function literalStartFits(tokens: readonly GlobToken[], subject: string): boolean {
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.kind !== 'char') return true;
    if (subject[index] !== token.char) return false;
  }
  return true;
}

/** `globMatch` for any pattern, in pattern × subject steps. */
export function globMatchSteps(tokens: readonly GlobToken[], subject: string): boolean {
  // reachable[j]: the tokens so far can match subject[0, j).
  let reachable = new Array<boolean>(subject.length + 1).fill(false);
  reachable[0] = true;
  for (const token of tokens) {
    const next = new Array<boolean>(subject.length + 1).fill(false);
    for (let j = 0; j <= subject.length; j++) {
      if (token.kind === 'star') {
        if (reachable[j] || (j > 0 && next[j - 1] && subject[j - 1] !== '/')) next[j] = true;
        continue;
      }
      if (j === 0 || !reachable[j - 1]) continue;
      const char = subject[j - 1];
      if (token.kind === 'one') next[j] = char !== '/';
      else if (token.kind === 'char') next[j] = char === token.char;
      else next[j] = token.ranges.some(([low, high]) => low <= char && char <= high) !== token.negate;
    }
    reachable = next;
  }
  return reachable[subject.length];
}

/**
 * The answer for the patterns most `.helmignore` rules are (`.git`, `*.swp`, `.vscode/`, `*.tgz`):
 * literal characters with at most a `*` before or after them, without the step tables (two
 * arrays per token, for every file and folder of every chart); undefined for any other pattern.
 * `*` matches any run without `/`, so the part it covers must hold no `/`.
 */
function literalMatch(tokens: readonly GlobToken[], subject: string): boolean | undefined {
  const lead = tokens.length > 0 && tokens[0].kind === 'star';
  const trail = tokens.length > 1 && tokens[tokens.length - 1].kind === 'star';
  if (lead && trail) return undefined;
  const from = lead ? 1 : 0;
  const length = (trail ? tokens.length - 1 : tokens.length) - from;
  for (let index = 0; index < length; index++) if (tokens[from + index].kind !== 'char') return undefined;
  if (subject.length < length || (!lead && !trail && subject.length !== length)) return false;
  // Where the literal characters stand in the subject: at its end after a `*`, else at its start.
  const at = lead ? subject.length - length : 0;
  for (let index = 0; index < length; index++) {
    if (subject[at + index] !== (tokens[from + index] as { char: string }).char) return false;
  }
  if (lead) {
    const slash = subject.indexOf('/');
    return slash < 0 || slash >= at;
  }
  return !trail || subject.indexOf('/', length) < 0;
}
