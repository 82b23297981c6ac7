/**
 * `.helmignore` as Helm's chart loader applies it (Helm's `pkg/ignore`), which is not gitignore:
 * - rules are tried in file order and the first one that decides wins;
 * - a rule without `/` matches the last path element only, a rule with `/` the whole
 *   chart-relative path, a leading `/` is dropped; `*`, `?` and `[…]` are Go's
 *   `filepath.Match` (never across `/`), and `**` is an error;
 * - a trailing `/` restricts a rule to folders;
 * - a `!rule` ignores every path it does NOT match (so `!a.txt` alone ignores everything but
 *   `a.txt`, Chart.yaml included) and lets a path it matches go on to the next rule.
 * Helm always adds `templates/.?*` (dot files in `templates/`) after the file's rules.
 * The loader asks about each folder before entering it and about each file.
 */

export interface HelmignoreRules {
  readonly patterns: readonly IgnorePattern[];
  /** Helm refuses to load a chart whose `.helmignore` has a bad rule: the message Helm gives. */
  readonly error?: string;
}

interface IgnorePattern {
  readonly negate: boolean;
  readonly mustDir: boolean;
  /** Matched against the base name only. */
  readonly baseOnly: boolean;
  readonly glob: GlobToken[];
}

type GlobToken = { kind: 'star' } | { kind: 'one' } | { kind: 'char'; char: string } | { kind: 'class'; negate: boolean; ranges: Array<[string, string]> };

/** Rules from a `.helmignore` text (or none), with Helm's default rule added. Never throws. */
export function parseHelmignore(text: string | undefined): HelmignoreRules {
  const patterns: IgnorePattern[] = [];
  let error: string | undefined;
  for (const line of (text ?? '').split(/\r?\n/)) {
    const rule = parseRule(line);
    if (rule === undefined) continue;
    if (typeof rule === 'string') {
      error = rule;
      break; // Helm stops reading the file at the first bad rule.
    }
    patterns.push(rule);
  }
  const defaults = parseRule('templates/.?*');
  if (defaults && typeof defaults !== 'string') patterns.push(defaults);
  return error ? { patterns, error } : { patterns };
}

/** Whether Helm leaves out the chart-relative `path` (`/`-separated, no trailing `/`). */
export function isIgnored(rules: HelmignoreRules, path: string, isDirectory: boolean): boolean {
  if (path === '' || path === '.' || path === './') return false;
  for (const pattern of rules.patterns) {
    if (pattern.negate) {
      if (pattern.mustDir && !isDirectory) return true;
      if (!matches(pattern, path)) return true;
      continue;
    }
    if (pattern.mustDir && !isDirectory) continue;
    if (matches(pattern, path)) return true;
  }
  return false;
}

function matches(pattern: IgnorePattern, path: string): boolean {
  const subject = pattern.baseOnly ? path.slice(path.lastIndexOf('/') + 1) : path;
  return globMatch(pattern.glob, subject);
}

/** A pattern, `undefined` for a blank or comment line, or Helm's error text for a bad rule. */
function parseRule(line: string): IgnorePattern | string | undefined {
  let rule = line.trim();
  if (rule === '' || rule.startsWith('#')) return undefined;
  if (rule.includes('**')) return 'double-star (**) syntax is not supported';
  // Helm compiles the rule as written (`!` and trailing `/` included) to reject bad syntax.
  if (compileGlob(rule) === undefined) return 'syntax error in pattern';
  const negate = rule.startsWith('!');
  if (negate) rule = rule.slice(1);
  const mustDir = rule.endsWith('/');
  if (mustDir) rule = rule.slice(0, -1);
  const baseOnly = !rule.includes('/');
  if (rule.startsWith('/')) rule = rule.slice(1);
  const glob = compileGlob(rule);
  if (glob === undefined) return 'syntax error in pattern';
  return { negate, mustDir, baseOnly, glob };
}

/** Go's `filepath.Match` pattern syntax on `/`-separated paths; `undefined` when malformed. */
function compileGlob(pattern: string): GlobToken[] | undefined {
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

/** Whether the whole `subject` matches; `*` and `?` never match `/` (a class can, as in Go). Pattern × subject steps. */
function globMatch(tokens: readonly GlobToken[], subject: string): boolean {
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
