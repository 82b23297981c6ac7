/**
 * go-yaml v2 (Helm's YAML reader, through sigs.k8s.io/yaml) ends lines at LF, CRLF, a carriage
 * return on its own, NEL (U+0085), LS (U+2028) and PS (U+2029); the `yaml` package only at LF
 * and CRLF. A template saved with lone CRs (or a mix) renders and installs with Helm, but read
 * as `yaml` reads it every line after the first is one long scalar and no hook in it is seen.
 * Where YAML is read, each such break becomes a LF first: one UTF-16 unit for one, so every
 * offset into the text (spans, source maps, edits) stays the same. Positions shown to a user are
 * still computed from the text as written with LSP's rules (text/lineIndex.ts).
 *
 * Not inside template actions: Go's template lexer ends a line only at '\n', and a CR or NEL in
 * a quoted string of an action is that string's text (review14 D7).
 */
import type { TemplateAction } from '../template/scanner';

/** A break go-yaml sees and `yaml` does not: a CR not followed by LF, NEL, LS, PS. */
const goOnlyBreak = /\r(?!\n)|[\u0085\u2028\u2029]/g;

/**
 * Whether `text` holds a break go-yaml sees and `yaml` does not. indexOf first: most texts hold
 * no CR and no NEL at all (LS and PS cannot be in a one-byte string, which V8 answers at once).
 */
export function hasGoOnlyBreak(text: string): boolean {
  if (text.indexOf('\u0085') >= 0 || text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0) return true;
  for (let cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', cr + 2)) if (text.charCodeAt(cr + 1) !== 10) return true;
  return false;
}

/** `text` with every break go-yaml sees made a LF (the same length); `text` itself when it has none. */
export function withGoYamlLineBreaks(text: string): string {
  return hasGoOnlyBreak(text) ? text.replace(goOnlyBreak, '\n') : text;
}

/**
 * A template's text (or a rendered output, with no `actions`) as go-yaml reads its documents:
 * the breaks outside `actions` made LF, and where that puts a `---` at a line start that Helm
 * does not split at (its SplitManifests splits only at a `---` after a '\n'), the rest of Helm's
 * piece blanked, since go-yaml reads the first document of a piece and nothing after it: those
 * documents are never installed. Blanking keeps the length and the line breaks. `text` itself
 * when it holds no such break.
 */
export function templateWithGoLineBreaks(text: string, actions: readonly TemplateAction[] = []): string {
  if (!hasGoOnlyBreak(text)) return text;
  let normalized = '';
  let from = 0;
  for (const action of actions) {
    if (action.span.start < from) continue;
    normalized += text.slice(from, action.span.start).replace(goOnlyBreak, '\n') + text.slice(action.span.start, action.span.end);
    from = action.span.end;
  }
  normalized += text.slice(from).replace(goOnlyBreak, '\n');
  return blankUnreadDocuments(text, normalized);
}

/** `normalized` with each piece's text after a `---` that follows a go-only break (in `text`) blanked up to Helm's next split. */
function blankUnreadDocuments(text: string, normalized: string): string {
  let result = normalized;
  for (let at = result.indexOf('\n---'); at >= 0; at = result.indexOf('\n---', at + 1)) {
    if (text.charCodeAt(at) === 10) continue;
    // A break made LF before `---`: Helm's next piece starts at the next `---` after a LF of the text as written.
    const start = at + 1;
    const next = text.indexOf('\n---', start);
    const end = next < 0 ? text.length : next;
    result = `${result.slice(0, start)}${result.slice(start, end).replace(/[^\n]/g, ' ')}${result.slice(end)}`;
    at = end - 1;
  }
  return result;
}
