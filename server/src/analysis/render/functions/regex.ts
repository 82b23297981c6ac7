/**
 * Sprig's regex functions. Go's RE2 and JavaScript agree on the common syntax; what differs is
 * checked: RE2 has no lookaround or backreferences (compiling them is Go's error), and `$1`
 * in a replacement takes the longest name (`$1x` is group "1x"), as Go's Regexp.Expand does.
 */
import { GoError, GoFunction, GoList, Value } from '../value';
import { goFunction, nilList, stringList } from './goValues';

function compile(pattern: string): RegExp {
  if (/\(\?[=!<]|\\[1-9]/.test(pattern.replace(/\\\\/g, ''))) throw new GoError(`error parsing regexp: invalid or unsupported Perl syntax: \`${/\(\?[=!<]?.?/.exec(pattern)?.[0] ?? pattern}\``);
  // RE2 flags (?i) at the start become JS flags; named groups (?P<n>…) become (?<n>…).
  let flags = 'gu';
  let source = pattern.replace(/\(\?P</g, '(?<');
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    if (inline[1].includes('i')) flags += 'i';
    if (inline[1].includes('m')) flags += 'm';
    if (inline[1].includes('s')) flags += 's';
  }
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new GoError(`error parsing regexp: ${(error as Error).message}`);
  }
}

/** Regexp.Expand: `$name`, `${name}`, `$$`; an unknown group is empty. */
function expand(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, all: string, braced?: string, bare?: string) => {
    if (all === '$') return '$';
    const name = braced ?? bare!;
    if (/^[0-9]+$/.test(name)) return match[Number(name)] ?? '';
    return match.groups?.[name] ?? '';
  });
}

function replaceAll(pattern: string, s: string, replacement: string, literal: boolean): string {
  const re = compile(pattern);
  let out = '';
  let last = 0;
  for (const match of s.matchAll(re)) {
    out += s.slice(last, match.index) + (literal ? replacement : expand(replacement, match as RegExpExecArray));
    last = match.index! + match[0].length;
  }
  return out + s.slice(last);
}

function findAll(pattern: string, s: string, n: number): string[] {
  const all = [...s.matchAll(compile(pattern))].map((m) => m[0]);
  return n < 0 ? all : all.slice(0, n);
}

/** Regexp.Split. */
function split(pattern: string, s: string, n: number): string[] {
  if (n === 0) return [];
  const re = compile(pattern);
  if (pattern.length > 0 && s.length === 0) return [''];
  const out: string[] = [];
  let begin = 0;
  let end = 0;
  for (const match of s.matchAll(re)) {
    if (n > 0 && out.length === n - 1) break;
    end = match.index!;
    if (match[0].length === 0 && match.index === 0) continue;
    out.push(s.slice(begin, end));
    begin = match.index! + match[0].length;
  }
  out.push(s.slice(begin));
  return out;
}

function pair(name: string, params: GoFunction['params'], call: (args: Value[]) => Value, result: string): [string, GoFunction][] {
  const fn = goFunction(params, call, { result });
  return [[name, fn], [`must${name[0].toUpperCase()}${name.slice(1)}`, fn]];
}

const S = 'string';
const s = (v: Value) => v as string;

/** Go's FindAllString and Split return a nil []string for no match (or n == 0): JSON and YAML write null. */
function strings(items: string[]): GoList {
  return items.length > 0 ? stringList(items) : nilList('string');
}
export const regexFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ...pair('regexMatch', [S, S], ([re, text]) => compile(s(re)).test(s(text)), 'bool'),
  ...pair('regexFind', [S, S], ([re, text]) => findAll(s(re), s(text), 1)[0] ?? '', S),
  ...pair('regexFindAll', [S, S, 'int'], ([re, text, n]) => strings(findAll(s(re), s(text), Number(n))), '[]string'),
  ...pair('regexReplaceAll', [S, S, S], ([re, text, repl]) => replaceAll(s(re), s(text), s(repl), false), S),
  ...pair('regexReplaceAllLiteral', [S, S, S], ([re, text, repl]) => replaceAll(s(re), s(text), s(repl), true), S),
  ...pair('regexSplit', [S, S, 'int'], ([re, text, n]) => strings(split(s(re), s(text), Number(n))), '[]string'),
  ['regexQuoteMeta', goFunction([S], ([text]) => s(text).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'), { result: S })],
]);

