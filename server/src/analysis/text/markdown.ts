/**
 * Chart text inside the markdown the core writes (hover, completion documentation). A chart
 * may hold any characters: a hook name or value with backticks must not end a code span early
 * and turn the rest into links, images or HTML, so chart text goes through one of these.
 */

/** `text` as an inline code span that shows it literally, whatever backticks it holds. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ');
  if (flat.trim() === '') return flat === '' ? '` `' : `\`${flat}\``;
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space from each end of a code span; pad when the text itself starts or ends with a space or backtick.
  const pad = /^[ `]|[ `]$/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * `text` as plain markdown text in the middle of a line: every character that could start
 * emphasis, a code span, a link, an image, HTML or an entity there is escaped (line-start
 * syntax such as `#` or `-` cannot occur mid-line).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/[\\`*_[\]<>&!~|]/g, '\\$&');
}
