/** `text` without the copies of `char` it ends with: `/0+$/` and `/\/+$/` in one backward pass (the regexes are quadratic on a long run followed by another character). */
export function trimTrailing(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end--;
  return text.slice(0, end);
}

/**
 * `text.replace(/#.*$/, '')` in one pass: from the first `#` after the last line break (`.` stops at
 * one, and `$` is the text's end). The regex retried the rest of the line from every `#`.
 */
export function withoutTrailingComment(text: string): string {
  let lastBreak = -1;
  for (let at = text.length - 1; at >= 0; at--) {
    if ('\n\r\u2028\u2029'.includes(text[at])) {
      lastBreak = at;
      break;
    }
  }
  const hash = text.indexOf('#', lastBreak + 1);
  return hash < 0 ? text : text.slice(0, hash);
}

/** `text` without the blanks and tabs it ends with. */
export function trimTrailingBlanks(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text.slice(0, end);
}
