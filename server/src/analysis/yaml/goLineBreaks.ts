/**
 * go-yaml v2 (Helm's YAML reader, through sigs.k8s.io/yaml) takes a carriage return on its own
 * and NEL (U+0085) as line breaks, as YAML 1.1 says; the `yaml` package takes only LF and CRLF.
 * A template saved with lone CRs (or a mix) renders and installs with Helm, but read as `yaml`
 * reads it, every line after the first is part of one long scalar and the hooks in it are not
 * seen. Each such character becomes a LF before YAML is parsed: one UTF-16 unit for one, so
 * every offset into the text stays the same.
 */

/** `text` with every lone CR and NEL made a LF (the same length); `text` itself when it has none. */
export function withGoYamlLineBreaks(text: string): string {
  return hasGoOnlyBreak(text) ? text.replace(/\r(?!\n)|\u0085/g, '\n') : text;
}

/**
 * For a template's text, which Helm splits into documents at `---` after a LF (SplitManifests):
 * `withGoYamlLineBreaks`, and where that puts a `---` at a line start Helm does not split at
 * (after a lone CR or NEL), the rest of Helm's piece is blanked: go-yaml reads the first
 * document of a piece and nothing after it, so those documents are never installed. Blanking
 * keeps the length and the line breaks (spaces for the rest), so offsets still hold.
 */
export function templateWithGoLineBreaks(text: string): string {
  const normalized = withGoYamlLineBreaks(text);
  if (normalized === text) return text;
  const hidden = /(?:\r(?!\n)|\u0085)---/g;
  let result = normalized;
  for (let found = hidden.exec(text); found; found = hidden.exec(text)) {
    const start = found.index + 1;
    // Helm's next piece starts at a `---` after a LF (its separator also takes the blanks before the LF).
    const next = text.indexOf('\n---', start);
    const end = next < 0 ? text.length : next;
    result = `${result.slice(0, start)}${result.slice(start, end).replace(/[^\n]/g, ' ')}${result.slice(end)}`;
    hidden.lastIndex = end;
  }
  return result;
}

/** Whether `text` holds a line break that go-yaml sees and the `yaml` package does not (indexOf first: most texts have no CR at all, and an editor asks on every keystroke). */
function hasGoOnlyBreak(text: string): boolean {
  if (text.indexOf('\u0085') >= 0) return true;
  for (let cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', cr + 2)) if (text.charCodeAt(cr + 1) !== 10) return true;
  return false;
}
