/**
 * The top-level sections of a values file (`global:`, `webhook:`, `startupapicheck:`, each with
 * the lines under it) that `yaml` reads exactly as it reads them within the whole file, so that a
 * file with a hook key in one section (cert-manager's `startupapicheck.jobAnnotations`) is parsed
 * only there. Parsing cert-manager's 66 KB values.yaml whole for that one section was 12 of the
 * 67 MB the corpus's `check --no-render` allocated, and 6% of its CPU.
 *
 * A section starts at a line that begins at column 0 with a plain key and a colon. That line
 * starts a new entry of the top-level mapping only when nothing before it is still open, so the
 * file is taken only when, read line by line, nothing can be: no tab, carriage return or other
 * line break than LF, no directive or document marker, no anchor (so no alias reads another
 * section), a block mapping at the top (every line at column 0 is a comment, such a key line or a
 * `- ` entry of the key above it), every line that holds a quote or a bracket a complete one-line
 * form (a quoted scalar closed on its line, `[]` or `{}`, a comment), except the content of a
 * block scalar (`|`, `>`), read by its indentation as YAML reads it; no deeper nesting than
 * parseGuard's bounds let through and no text it refuses (then the file is read whole and refused
 * as before). Anything else gives undefined, and the file is parsed whole.
 */
import { flowDepthExceeds, maxFlowDepth, maxRawBracketDepth, rawBracketDepthExceeds } from './parseGuard';
import { mayHoldAnchor } from './values';
import type { Span } from '../types';

export interface ValuesSection {
  readonly span: Span;
  /** How many top-level keys start in it (the section's parse must find exactly these). */
  readonly keys: number;
}

/** Text the reader leaves to a full parse wherever it is. */
const unsupported = /[\t\r\x85\u2028\u2029\ufeff]|^%|^---|^\.\.\.|^[ ]+$/m;

/** A key and its colon: plain (of the characters keys are usually written in) or quoted, complete on the line. */
const keyAndColon = /^(?:[A-Za-z0-9_./][A-Za-z0-9_./-]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*') *:(?: +|$)/;
/**
 * A value complete on its line, then maybe a comment: quoted, `[]`, `{}`, or plain on one line
 * without quotes, brackets, `#` or `: `, not starting with an indicator and not ending in `:`.
 */
const scalarValue = /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|\[\]|\{\}|(?![-?:](?: |$))(?!.*: )[^\s"'#[\]{}|>&*!%@`,](?:[^"'#[\]{}\n]*[^\s"'#[\]{}\n:])?)(?: +#.*| *)$/;
/** A block scalar's header without an indentation indicator (`|`, `>-`), then maybe a comment. */
const blockHeader = /^[|>][-+]?(?: +#.*| *)$/;
/** A comment alone after a key's colon. */
const commentOnly = /^(?:#.*)?$/;
/** Indentation deeper than this: the file is read whole (parseGuard's stack limit stays `yaml`'s). */
const deepest = 128;

interface Collection {
  readonly indent: number;
  readonly kind: 'map' | 'seq';
}

/** The sections of `text`, or undefined when it is not read by sections (above). */
export function valuesSections(text: string): ValuesSection[] | undefined {
  if (unsupported.test(text) || mayHoldAnchor(text) || refusedByGuard(text)) return undefined;
  const sections: { start: number; keys: number }[] = [];
  const open: Collection[] = [{ indent: 0, kind: 'map' }];
  /** The column of a key whose value is on the lines below, while one is awaited. */
  let pending = -1;
  /** The column a block scalar's content must pass, while one may be open; its content's indentation once known. */
  let blockParent = -1;
  let blockContent = -1;
  for (let lineStart = 0; lineStart < text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const start = lineStart;
    lineStart = lineEnd + 1;
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length) continue;
    if (blockParent >= 0) {
      if (blockContent < 0 && indent > blockParent) blockContent = indent;
      if (blockContent >= 0 && indent >= blockContent) continue;
      blockParent = -1;
      blockContent = -1;
    }
    if (line[indent] === '#') continue;
    if (indent > deepest) return undefined;
    // Sequence entries, then a key and its colon, then the value.
    const dashes: number[] = [];
    let at = indent;
    while (line[at] === '-' && line[at + 1] === ' ') {
      dashes.push(at);
      at += 2;
      while (line[at] === ' ') at++;
    }
    if (at > deepest) return undefined;
    const key = keyAndColon.exec(line.slice(at));
    const keyColumn = key ? at : -1;
    const value = key ? line.slice(at + key[0].length) : line.slice(at);
    const form = key && commentOnly.test(value) ? 'none' : blockHeader.test(value) ? 'block' : scalarValue.test(value) ? 'scalar' : undefined;
    if (form === undefined || (!key && dashes.length === 0)) return undefined;
    // Where the line stands: in a collection opened below an awaiting key, or in one already open at its column.
    if (pending >= 0 && (indent > pending || (indent === pending && dashes.length > 0))) {
      open.push({ indent, kind: dashes.length > 0 ? 'seq' : 'map' });
    } else {
      while (open.length > 0 && open[open.length - 1].indent > indent) open.pop();
      // A sequence at its key's column ends at the next key of that mapping.
      if (open.length > 1 && open[open.length - 1].kind === 'seq' && open[open.length - 1].indent === indent && dashes.length === 0) open.pop();
      const top = open[open.length - 1];
      if (!top || top.indent !== indent || (top.kind === 'seq') !== dashes.length > 0) return undefined;
    }
    pending = -1;
    for (const dash of dashes.slice(1)) open.push({ indent: dash, kind: 'seq' });
    if (key && dashes.length > 0) open.push({ indent: keyColumn, kind: 'map' });
    if (form === 'none') pending = keyColumn;
    if (form === 'block') {
      blockParent = key ? keyColumn : dashes[dashes.length - 1];
      blockContent = -1;
    }
    if (indent === 0 && dashes.length === 0) {
      // A key at column 0 is a key of the top-level mapping (the only collection left open): a section starts.
      if (open.length !== 1) return undefined;
      sections.push({ start: sections.length === 0 ? 0 : start, keys: 1 });
    }
  }
  if (sections.length === 0) return undefined;
  return sections.map((section, index) => ({ span: { start: section.start, end: index + 1 < sections.length ? sections[index + 1].start : text.length }, keys: section.keys }));
}
/** Whether parseGuard refuses `text` as too deeply nested (then so is the whole file, as before). */
function refusedByGuard(text: string): boolean {
  let brackets = 0;
  for (const bracket of ['[', '{']) for (let at = text.indexOf(bracket); at >= 0 && brackets <= maxFlowDepth; at = text.indexOf(bracket, at + 1)) brackets++;
  return brackets > maxFlowDepth && (flowDepthExceeds(text, maxFlowDepth) || rawBracketDepthExceeds(text, maxRawBracketDepth));
}
