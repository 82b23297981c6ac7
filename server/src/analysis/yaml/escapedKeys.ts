/**
 * A double-quoted key may spell a hook key with escapes (`"helm\u002Esh/hook"`), which a search
 * for `helm.sh/hook` or `hook` may miss: the prefilters of values files and of documents without
 * hook-like text (review13 D20: such a Job's pod spec was blanked, and its spec rules lost) ask
 * this too.
 */

/** A line, not a comment, with a backslash before a closing quote and a colon (one search per line with a backslash). */
export function mayHoldEscapedKey(text: string): boolean {
  for (let at = text.indexOf('\\'); at >= 0; ) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const newline = text.indexOf('\n', at);
    const lineEnd = newline < 0 ? text.length : newline;
    if (!/^[ \t]*#/.test(text.slice(lineStart, at)) && /"[ \t]*:/.test(text.slice(at, lineEnd))) return true;
    at = newline < 0 ? -1 : text.indexOf('\\', newline);
  }
  return false;
}
