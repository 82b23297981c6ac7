/** Sprig's path functions: Go's `path` package (slash-separated; `osBase`… use the host's, Linux here). */
import { GoFunction } from '../value';
import { goFunction } from './goValues';
import { trimTrailing } from '../../text/trim';

/** path.Clean. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

function base(p: string): string {
  if (p === '') return '.';
  const trimmed = trimTrailing(p, '/');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dir(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf('/') + 1));
}

function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

const S = 'string';
const s = (v: unknown) => v as string;
export const pathFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>(
  [['', ''], ['os', 'os']].flatMap(([prefix]) => {
    const name = (n: string) => (prefix ? `os${n[0].toUpperCase()}${n.slice(1)}` : n);
    return [
      [name('base'), goFunction([S], ([p]) => base(s(p)), { result: S })],
      [name('dir'), goFunction([S], ([p]) => dir(s(p)), { result: S })],
      [name('clean'), goFunction([S], ([p]) => cleanPath(s(p)), { result: S })],
      [name('ext'), goFunction([S], ([p]) => ext(s(p)), { result: S })],
      [name('isAbs'), goFunction([S], ([p]) => s(p).startsWith('/'), { result: 'bool' })],
    ] as [string, GoFunction][];
  }),
);
