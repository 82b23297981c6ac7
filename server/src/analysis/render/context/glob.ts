/**
 * The glob syntax of `.Files.Glob` (github.com/gobwas/glob compiled with `/` as separator):
 * `*` is any run of characters but `/`, `**` any run including `/`, `?` one character but `/`,
 * `[abc]`, `[a-z]`, `[!abc]` one character of (or not of) a class, `{a,b}` alternatives
 * (nesting allowed), `\x` a literal x. A pattern that does not compile matches every file, as
 * Helm falls back to `**`.
 */

/** A matcher for the pattern; never throws. */
export function compileGlob(pattern: string): (name: string) => boolean {
  const source = globSource(Array.from(pattern));
  if (source === undefined) return () => true;
  const regex = new RegExp(`^(?:${source})$`, 'su');
  return (name) => regex.test(name);
}

const escapeRegex = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

function globSource(runes: string[]): string | undefined {
  let out = '';
  let depth = 0;
  for (let i = 0; i < runes.length; i++) {
    const rune = runes[i];
    if (rune === '\\') {
      if (i + 1 >= runes.length) return undefined;
      out += escapeRegex(runes[++i]);
    } else if (rune === '*') {
      if (runes[i + 1] === '*') {
        while (runes[i + 1] === '*') i++;
        out += '.*';
      } else {
        out += '[^/]*';
      }
    } else if (rune === '?') {
      out += '[^/]';
    } else if (rune === '[') {
      const close = runes.indexOf(']', i + 1);
      if (close < 0) return undefined;
      let body = runes.slice(i + 1, close);
      const negated = body[0] === '!';
      if (negated) body = body.slice(1);
      if (body.length === 0) return undefined;
      let cls = '';
      for (let j = 0; j < body.length; j++) {
        if (body[j + 1] === '-' && j + 2 < body.length) {
          cls += `${escapeRegex(body[j])}-${escapeRegex(body[j + 2])}`;
          j += 2;
        } else {
          cls += escapeRegex(body[j]);
        }
      }
      out += `[${negated ? '^' : ''}${cls}]`;
      i = close;
    } else if (rune === '{') {
      depth++;
      out += '(?:';
    } else if (rune === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (rune === ',' && depth > 0) {
      out += '|';
    } else {
      out += escapeRegex(rune);
    }
  }
  return depth === 0 ? out : undefined;
}
