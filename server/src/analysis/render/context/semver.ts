/**
 * The part of Masterminds semver v3 that building the context needs: `NewVersion` (loose:
 * `v1.2`, `1` are versions) and constraint checks for Helm's `IsCompatibleRange` (which
 * subchart a dependency with a version range picks, and whether its alias applies).
 * Ranges: `=`, `!=`, `>`, `<`, `>=`, `<=`, `~`, `~>`, `^`, wildcards (`1.2.x`, `*`), hyphen
 * ranges (`1 - 2`), `,` or blanks for and, `||` for or. A prerelease version satisfies a range
 * only when the range names a prerelease, as in Masterminds v3.
 */

export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: string;
}

const versionPattern = /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Masterminds `NewVersion`; undefined when invalid. */
export function parseVersion(text: string): SemVer | undefined {
  const match = versionPattern.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2] ?? 0), patch: Number(match[3] ?? 0), prerelease: match[4] ?? '' };
}

export function compareVersions(a: SemVer, b: SemVer): number {
  for (const key of ['major', 'minor', 'patch'] as const) if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  return comparePrerelease(a.prerelease, b.prerelease);
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] === undefined) return -1;
    if (right[i] === undefined) return 1;
    if (left[i] === right[i]) continue;
    const ln = /^[0-9]+$/.test(left[i]);
    const rn = /^[0-9]+$/.test(right[i]);
    if (ln && rn) return Number(left[i]) < Number(right[i]) ? -1 : 1;
    if (ln) return -1;
    if (rn) return 1;
    return left[i] < right[i] ? -1 : 1;
  }
  return 0;
}

interface Term {
  readonly op: string;
  readonly version: SemVer;
  /** How many of major/minor/patch were written as numbers (the rest are wildcards or absent). */
  readonly fixed: number;
}

const termPattern = /^\s*(!=|>=|=>|<=|=<|~>|>|<|=|~|\^)?\s*v?(\*|[xX]|[0-9]+)(?:\.(\*|[xX]|[0-9]+))?(?:\.(\*|[xX]|[0-9]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?\s*$/;

function parseTerm(text: string): Term | undefined {
  const match = termPattern.exec(text);
  if (!match) return undefined;
  const parts = [match[2], match[3], match[4]];
  let fixed = 0;
  for (const part of parts) {
    if (part === undefined || /^[*xX]$/.test(part)) break;
    fixed++;
  }
  const number = (index: number): number => (index < fixed ? Number(parts[index]) : 0);
  return { op: match[1] ?? '', version: { major: number(0), minor: number(1), patch: number(2), prerelease: match[5] ?? '' }, fixed };
}

/** Masterminds `NewConstraint(c).Check(v)`; false when either does not parse (as Helm's `IsCompatibleRange`). */
export function isCompatibleRange(constraint: string, version: string): boolean {
  const parsed = parseVersion(version);
  if (!parsed) return false;
  const alternatives = constraint.split('||');
  const groups: Term[][] = [];
  for (const alternative of alternatives) {
    const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(alternative);
    const joined = alternative.replace(/(!=|>=|=>|<=|=<|~>|>|<|=|~|\^)\s+/g, '$1');
    const texts = hyphen ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`] : joined.trim().split(/[\s,]+/);
    const terms = texts.filter((text) => text.trim() !== '').map(parseTerm);
    if (terms.length === 0 || terms.some((term) => term === undefined)) return false;
    groups.push(terms as Term[]);
  }
  return groups.some((terms) => terms.every((term) => check(term, parsed)));
}

function check(term: Term, version: SemVer): boolean {
  if (version.prerelease !== '' && term.version.prerelease === '') return false;
  const { major, minor } = term.version;
  const cmp = compareVersions(version, term.version);
  const upper = (next: SemVer): boolean => compareVersions(version, next) < 0;
  switch (term.op) {
    case '':
    case '=':
      if (term.fixed === 3) return cmp === 0;
      return cmp >= 0 && upper(term.fixed === 0 ? { major: Infinity, minor: 0, patch: 0, prerelease: '' } : term.fixed === 1 ? { major: major + 1, minor: 0, patch: 0, prerelease: '' } : { major, minor: minor + 1, patch: 0, prerelease: '' });
    case '!=':
      if (term.fixed === 3) return cmp !== 0;
      return !check({ ...term, op: '=' }, version);
    case '>':
      if (term.fixed === 3) return cmp > 0;
      return term.fixed === 0 ? false : term.fixed === 1 ? version.major > major : version.major > major || (version.major === major && version.minor > minor);
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<':
      return cmp < 0;
    case '<=':
    case '=<':
      if (term.fixed === 3) return cmp <= 0;
      return check({ ...term, op: '' }, version) || cmp < 0;
    case '~':
    case '~>':
      return cmp >= 0 && upper(term.fixed <= 1 ? { major: major + 1, minor: 0, patch: 0, prerelease: '' } : { major, minor: minor + 1, patch: 0, prerelease: '' });
    case '^':
      if (major > 0 || term.fixed === 1) return cmp >= 0 && upper({ major: major + 1, minor: 0, patch: 0, prerelease: '' });
      if (minor > 0 || term.fixed === 2) return cmp >= 0 && upper({ major: 0, minor: minor + 1, patch: 0, prerelease: '' });
      return cmp >= 0 && upper({ major: 0, minor: 0, patch: term.version.patch + 1, prerelease: '' });
    default:
      return false;
  }
}
