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
import { compileGlob, globMatch, type GlobToken } from './goGlob';

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
