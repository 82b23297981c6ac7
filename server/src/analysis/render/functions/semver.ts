/**
 * Sprig's `semver` and `semverCompare` on Masterminds/semver v3.4.0 (the version Helm 4.1.4
 * builds with): loose versions (`v1.2`, leading zeros), constraints with `||`, `,`/space ANDs,
 * ranges `1 - 2`, wildcards, `~` and `^`, and prereleases matched only when the constraint has one.
 */
import { GoError, GoFunction, GoStruct, Value } from '../value';
import { goFunction } from './goValues';

interface Version {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: string;
  readonly metadata: string;
  readonly original: string;
}

const looseVersion = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const uint64Max = 2n ** 64n - 1n;

function segment(text: string): bigint {
  const value = BigInt(text);
  if (value > uint64Max) throw new GoError(`error parsing version segment: strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range`);
  return value;
}

export function parseVersion(text: string): Version {
  const m = looseVersion.exec(text);
  if (!m) throw new GoError('invalid semantic version');
  const version = { major: segment(m[1]), minor: m[2] ? segment(m[2].slice(1)) : 0n, patch: m[3] ? segment(m[3].slice(1)) : 0n, pre: m[5] ?? '', metadata: m[8] ?? '', original: text };
  for (const part of version.pre ? version.pre.split('.') : []) {
    if (/^[0-9]+$/.test(part) && part.length > 1 && part[0] === '0') throw new GoError('version segment starts with 0');
  }
  return version;
}

const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sNum = /^[0-9]+$/.test(s) && BigInt(s) <= uint64Max;
  const oNum = /^[0-9]+$/.test(o) && BigInt(o) <= uint64Max;
  if (!sNum && !oNum) return s > o ? 1 : -1;
  if (!oNum) return -1;
  if (!sNum) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

export function compareVersions(v: Version, o: Version): number {
  const d = cmp(v.major, o.major) || cmp(v.minor, o.minor) || cmp(v.patch, o.patch);
  if (d !== 0) return d;
  if (v.pre === '' && o.pre === '') return 0;
  if (v.pre === '') return 1;
  if (o.pre === '') return -1;
  return comparePrerelease(v.pre, o.pre);
}

function comparePrerelease(a: string, b: string): number {
  const sp = a.split('.');
  const op = b.split('.');
  for (let i = 0; i < Math.max(sp.length, op.length); i++) {
    const part = comparePrePart(sp[i] ?? '', op[i] ?? '');
    if (part !== 0) return part;
  }
  return 0;
}

interface Constraint {
  readonly op: string;
  readonly con: Version;
  readonly minorDirty: boolean;
  readonly patchDirty: boolean;
  readonly dirty: boolean;
}

const cv = 'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const ops = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
// Masterminds/semver's regexes, read by Go's linear-time engine. JavaScript backtracks, so each is
// used where it cannot blow up: the anchored ones on the trimmed text with no blanks on either side
// of an empty operator (validRe's `\\s*` pairs backtracked exponentially), the scanning ones
// through matchesOf, which never retries from inside a run it already failed from.
const nonEmptyOps = '=|!=|>|<|>=|=>|<=|=<|~|~>|\\^';
/** `^\\s*(ops)\\s*(cv)\\s*$` on the trimmed text: an operator cannot start, nor a version end, with a blank. */
const constraintRe = new RegExp(`^(${ops})\\s*(${cv})$`);
const rangeRe = new RegExp(`\\s*(${cv})\\s+-\\s+(${cv})\\s*`, 'y');
const findRe = new RegExp(`(${ops})\\s*(${cv})`, 'y');
/** The language of `^(\\s*(ops)\\s*(cv)\\s*)((?:\\s+|,\\s*)(ops)\\s*(cv)\\s*)*$` on the trimmed text, each blank read one way. */
const validRe = new RegExp(`^(?:(?:${nonEmptyOps})\\s*)?(?:${cv})(?:(?:\\s+|\\s*,\\s*)(?:(?:${nonEmptyOps})\\s*)?(?:${cv}))*$`);
const versionStart = /[0-9|xX*]/;

/** The regexes as parseConstraints uses them, for the tests that compare them with Masterminds' own. */
export const constraintReaders = {
  constraint: (text: string) => constraintRe.exec(text.trim()),
  ranges: (text: string) => matchesOf(rangeRe, text),
  valid: (or: string) => validRe.test(or.trim()),
  find: (or: string) => matchesOf(findRe, or),
};

/**
 * What `text.matchAll(g)` gives for a sticky copy `sticky` of rangeRe or findRe, in linear time.
 * After a failed try at a blank, the rest of its run of blanks fails too (from there only the
 * empty operator and the same `\\s*` to the same next character); after one at a version
 * character, the rest of that run fails too (its tries are tails of the one already made).
 */
function matchesOf(sticky: RegExp, text: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  let at = 0;
  while (at < text.length) {
    sticky.lastIndex = at;
    const match = sticky.exec(text);
    if (match) {
      found.push(match);
      at = match[0] === '' ? at + 1 : sticky.lastIndex;
      continue;
    }
    const blank = text[at].trim() === '';
    const run = blank ? (char: string) => char.trim() === '' : (char: string) => versionStart.test(char);
    if (!run(text[at])) {
      at++;
      continue;
    }
    at++;
    while (at < text.length && run(text[at])) at++;
  }
  return found;
}
const isX = (x: string) => x === 'x' || x === '*' || x === 'X';

function parseConstraint(text: string): Constraint {
  const m = constraintReaders.constraint(text);
  if (!m) throw new GoError(`improper constraint: ${text}`);
  let ver = m[2];
  let minorDirty = false;
  let patchDirty = false;
  let dirty = false;
  const pre = m[6] ?? '';
  if (isX(m[3]) || !m[3]) {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (!m[4] || isX(m[4].slice(1))) {
    minorDirty = dirty = true;
    ver = `${m[3]}.0.0${pre}`;
  } else if (!m[5] || isX(m[5].slice(1))) {
    dirty = patchDirty = true;
    ver = `${m[3]}${m[4]}.0${pre}`;
  }
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    throw new GoError('constraint parser error');
  }
  return { op: m[1], con, minorDirty, patchDirty, dirty };
}

export function parseConstraints(text: string): { ors: Constraint[][]; hasPre: boolean[] } {
  let rewritten = text;
  for (const m of constraintReaders.ranges(text)) rewritten = rewritten.replace(m[0], `>= ${m[1]}, <= ${m[11]} `);
  const ors: Constraint[][] = [];
  const hasPre: boolean[] = [];
  for (const or of rewritten.split('||')) {
    if (!constraintReaders.valid(or)) throw new GoError(`improper constraint: ${or}`);
    const found = constraintReaders.find(or).map((m) => m[0]);
    const parsed = (found.length > 0 ? found : [or]).map(parseConstraint);
    ors.push(parsed);
    hasPre.push(parsed.some((c) => c.con.pre !== ''));
  }
  return { ors, hasPre };
}

function check(v: Version, c: Constraint, includePre: boolean): boolean {
  if (v.pre !== '' && !includePre) return false;
  const compare = compareVersions(v, c.con);
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : compare === 0;
    case '!=':
      return notEqual(v, c, compare);
    case '>':
      if (!c.dirty) return compare === 1;
      if (v.major !== c.con.major) return v.major > c.con.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return compare === 1;
    case '<':
      return compare < 0;
    case '>=':
    case '=>':
      return compare >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return compare <= 0;
      if (v.major > c.con.major) return false;
      if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      return caret(v, c);
    default:
      return false;
  }
}

function notEqual(v: Version, c: Constraint, compare: number): boolean {
  if (c.dirty) {
    if (c.con.major !== v.major) return true;
    if (c.con.minor !== v.minor && !c.minorDirty) return true;
    if (c.minorDirty) return false;
    if (c.con.patch !== v.patch && !c.patchDirty) return true;
    if (c.patchDirty) return (v.pre !== '' || c.con.pre !== '') && comparePrerelease(v.pre, c.con.pre) !== 0;
  }
  return compare !== 0;
}

function tilde(v: Version, c: Constraint): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  return v.minor === c.con.minor || c.minorDirty;
}

function caret(v: Version, c: Constraint): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
  if (v.major > 0n) return false;
  if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
  if (v.minor > 0n) return false;
  return c.con.patch === v.patch;
}

export function semverCompare(constraint: string, version: string): boolean {
  const { ors, hasPre } = parseConstraints(constraint);
  const v = parseVersion(version);
  return ors.some((and, i) => and.every((c) => check(v, c, hasPre[i])));
}

function versionString(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ''}${v.metadata ? `+${v.metadata}` : ''}`;
}

/** The struct keeps its parsed version, so methods such as Compare can read another one. */
class SemverVersion extends GoStruct {
  constructor(
    readonly version: Version,
    methods: ReadonlyMap<string, GoFunction>,
  ) {
    super('*semver.Version', new Map(), methods, { text: () => versionString(version) });
  }
}

/** A `*semver.Version` as templates see it: prints as its String(), methods as Masterminds has them. */
function versionStruct(v: Version): GoStruct {
  const other = (args: Value[]) => {
    const o = args[0] instanceof SemverVersion ? args[0].version : undefined;
    if (!o) throw new GoError(`wrong type for value; expected *semver.Version; got ${args[0] === null ? '<nil>' : typeof args[0]}`);
    return o;
  };
  const I = 'interface {}';
  const methods = new Map<string, GoFunction>([
    ['String', goFunction([], () => versionString(v), { result: 'string' })],
    ['Original', goFunction([], () => v.original, { result: 'string' })],
    ['Major', goFunction([], () => v.major, { result: 'uint64' })],
    ['Minor', goFunction([], () => v.minor, { result: 'uint64' })],
    ['Patch', goFunction([], () => v.patch, { result: 'uint64' })],
    ['Prerelease', goFunction([], () => v.pre, { result: 'string' })],
    ['Metadata', goFunction([], () => v.metadata, { result: 'string' })],
    ['Compare', goFunction([I], (args) => BigInt(compareVersions(v, other(args))), { result: 'int' })],
    ['LessThan', goFunction([I], (args) => compareVersions(v, other(args)) < 0, { result: 'bool' })],
    ['GreaterThan', goFunction([I], (args) => compareVersions(v, other(args)) > 0, { result: 'bool' })],
    ['Equal', goFunction([I], (args) => compareVersions(v, other(args)) === 0, { result: 'bool' })],
  ]);
  return new SemverVersion(v, methods);
}

export const semverFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['semverCompare', goFunction(['string', 'string'], ([c, v]) => semverCompare(c as string, v as string), { result: 'bool' })],
  ['semver', goFunction(['string'], ([v]) => versionStruct(parseVersion(v as string)), { result: '*semver.Version' })],
]);
