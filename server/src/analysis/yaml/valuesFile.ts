/**
 * Hook annotations kept as data in `values.yaml` (cert-manager's `jobAnnotations:` maps):
 * every mapping entry, at any depth, whose key is or nearly is a hook annotation key.
 */
import { isMap, isPair, isScalar, visit, type Document, type Node, type Pair } from 'yaml';
import { parseDocumentSafely } from './parseGuard';
import { hookKeys, isHookKeyCandidate } from '../helm/hooks';
import type { AnnotationEntry, ValuesFile } from '../model/model';
import type { SourceFile, Span } from '../types';
import { afterColon, aliasTargets, mayHoldAnchor, readValue, type SourceContext } from './values';
import { endOfLine, startOfLine } from '../text/lineIndex';
import { mayHoldEscapedKey } from './escapedKeys';
import { valuesSections, type ValuesSection } from './valuesSections';

export function parseValuesFile(file: SourceFile): ValuesFile {
  // Most values files have no hook key (4 of the corpus's 7); parsing one in full costs more than the rest of its chart's analysis.
  if (mayHoldHookKey(file.text)) return parseValuesFileBySection(file) ?? parseValuesFileInFull(file);
  // Without an anchor nothing is read twice; with one, the file is parsed for what its aliases read (fixes of printed values must not edit it).
  const document = mayHoldAnchor(file.text) ? parseDocumentSafely(file.text, { version: '1.1', uniqueKeys: false }) : undefined;
  return { path: file.path, text: file.text, hookEntries: [], flowEntries: [], ...sharedSpansOf(document, file.text) };
}

/** `{ sharedSpans }` of a parsed values file, when an alias or merge key reads an anchor again. */
function sharedSpansOf(document: Document | undefined, text: string): { sharedSpans?: Span[] } {
  const targets = document ? aliasTargets(document, text) : undefined;
  if (!targets || targets.size === 0) return {};
  const spans = [...new Set(targets.values())].flatMap((node) => (node.range ? [{ start: node.range[0], end: node.range[1] }] : []));
  return spans.length > 0 ? { sharedSpans: spans } : {};
}

/** `parseValuesFile` without the check that skips files with no possible hook key (the tests compare both). */
export function parseValuesFileInFull(file: SourceFile): ValuesFile {
  const entries: AnnotationEntry[] = [];
  const flowEntries: AnnotationEntry[] = [];
  const document = parseDocumentSafely(file.text, { version: '1.1', keepSourceTokens: true, uniqueKeys: false });
  if (!document) return { path: file.path, text: file.text, hookEntries: [], flowEntries: [] };
  readHookEntries(document, file.text, 0, aliasTargets(document, file.text), entries, flowEntries);
  return { path: file.path, text: file.text, hookEntries: entries, flowEntries, ...sharedSpansOf(document, file.text) };
}

/**
 * What `parseValuesFileInFull` gives, from a parse of only the top-level sections that may hold a
 * hook key (valuesSections.ts), or undefined when the file is not read by sections, when every
 * section may hold one, or when a section's parse is not the clean mapping of its keys it must be.
 * Such a file has no anchor, so nothing is shared (no `sharedSpans`) and no alias has a target.
 */
export function parseValuesFileBySection(file: SourceFile): ValuesFile | undefined {
  const sections = valuesSections(file.text);
  if (!sections) return undefined;
  // Adjacent sections that may hold a hook key are parsed as one text.
  const parts: ValuesSection[] = [];
  for (const section of sections) {
    if (!mayHoldHookKey(file.text.slice(section.span.start, section.span.end))) continue;
    const last = parts[parts.length - 1];
    if (last && last.span.end === section.span.start) parts[parts.length - 1] = { span: { start: last.span.start, end: section.span.end }, keys: last.keys + section.keys };
    else parts.push(section);
  }
  if (parts.length === 1 && parts[0].span.start === 0 && parts[0].span.end === file.text.length) return undefined;
  const entries: AnnotationEntry[] = [];
  const flowEntries: AnnotationEntry[] = [];
  for (const { span, keys } of parts) {
    const document = parseDocumentSafely(file.text.slice(span.start, span.end), { version: '1.1', keepSourceTokens: true, uniqueKeys: false });
    if (!document || document.errors.length > 0 || !isMap(document.contents) || document.contents.flow === true || document.contents.items.length !== keys) return undefined;
    readHookEntries(document, file.text, span.start, undefined, entries, flowEntries);
  }
  return { path: file.path, text: file.text, hookEntries: entries, flowEntries };
}

/** Appends the hook entries of `document`, a parse of `text` from `offset` on, to `entries` (and those in flow mappings to `flowEntries`). */
function readHookEntries(document: Document, text: string, offset: number, aliases: ReadonlyMap<Node, Node> | undefined, entries: AnnotationEntry[], flowEntries: AnnotationEntry[]): void {
  const source: SourceContext = { text, actions: [], offset, aliases };
  visit(document, {
    Pair(_, pair, path) {
      if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return;
      const key = String(pair.key.value);
      if (!isHookKeyCandidate(key)) return;
      const typed = pair as Pair<Node, Node>;
      const keySpan = { start: pair.key.range[0] + offset, end: pair.key.range[1] + offset };
      const colon = afterColon(text, keySpan.end);
      const value = readValue(source, typed.value, colon);
      const lineStart = startOfLine(text, keySpan.start);
      const contentEnd = Math.max(value.span.end, keySpan.end);
      const lineEnd = endOfLine(text, contentEnd);
      // Newline included (both characters of CRLF); a multi-line value may already end after it.
      const next = text[contentEnd - 1] === '\n' ? contentEnd : text[lineEnd] === '\r' ? lineEnd + 2 : lineEnd + 1;
      const entry: AnnotationEntry = {
        key,
        keySpan,
        keySource: text.slice(keySpan.start, keySpan.end),
        value,
        lineSpan: { start: lineStart, end: Math.min(text.length, next) },
        origin: 'values',
      };
      entries.push(entry);
      const parent = path[path.length - 1];
      if (isMap(parent) && parent.flow === true) flowEntries.push(entry);
    },
  });
}

/** Keys within two edits of a hook key are this long at least and at most. */
const shortestCandidate = Math.min(...hookKeys.map((key) => key.length)) - 2;
const longestCandidate = Math.max(...hookKeys.map((key) => key.length)) + 2;
/** A line longer than this is not searched key by key: the file is parsed. */
const longestSearchedLine = 2000;

/**
 * False only when no mapping key of `text` can pass `isHookKeyCandidate`, read without parsing.
 * Such a key contains `hook` or starts with `helm.sh`/`helmsh` (any case), and is written on one
 * line as it reads: plain and quoted implicit keys are single-line, a single-quoted key differs
 * from its text only by doubled quotes, and only double-quoted escapes (`\x6f`) or explicit `?`
 * keys could spell one otherwise, so a `? ` where a key starts keeps the file, and so does a line
 * with a backslash before a closing quote and a colon (where an escaped key would end; a line break
 * cannot be in an implicit key), outside comment lines. Backslashes elsewhere (shell line
 * continuations and commented-out JSON in values that hold scripts, as in airflow's and argo-cd's) do not.
 * A line whose first non-blank character is `#` is a comment (or text inside a value), never a key.
 * (An implicit key broken over lines is invalid YAML that Helm refuses, so it is not looked for.)
 * Every other line that mentions `helm` or `hook` is tried with each of its substrings of a
 * candidate's length.
 */
export function mayHoldHookKey(text: string): boolean {
  if (!/helm|hook/i.test(text)) return false;
  if (mayHoldEscapedKey(text) || /(?:^|[{[,])[ \t]*(?:-[ \t]+)*\?(?:[ \t\r\n]|$)/m.test(text)) return true;
  // Only the lines that mention `helm` or `hook` are read, found with one native search over the
  // text: splitting every values file into its lines (thousands each) cost more than the search.
  const mention = /helm|hook/gi;
  for (let match = mention.exec(text); match; match = mention.exec(text)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    const newline = text.indexOf('\n', match.index);
    const lineEnd = newline < 0 ? text.length : newline;
    mention.lastIndex = lineEnd;
    const line = text.slice(lineStart, lineEnd);
    if (/^[ \t]*#/.test(line)) continue;
    if (line.length > longestSearchedLine || line.toLowerCase().includes('helm.sh/hook')) return true;
    for (const written of line.includes("''") ? [line, line.split("''").join("'")] : [line]) {
      if (hasCandidateSubstring(written)) return true;
    }
  }
  return false;
}

/** The character pairs of `helm.sh/hook`, the start every hook key shares (all different). */
const hookKeyStartPairs: ReadonlySet<string> = new Set(Array.from({ length: 11 }, (_, index) => 'helm.sh/hook'.slice(index, index + 2)));

/**
 * A necessary condition for a key starting at `start` of `lower` to be within two edits of a hook
 * key: each edit (a transposition too) breaks at most three of the eleven character pairs of
 * `helm.sh/hook`, so at least five of them are still within its first 14 characters (12, and two
 * insertions). Most text with `hook` in it (`webhook`, `lifecycleHooks`) has three.
 */
function nearHookKeyStart(lower: string, start: number): boolean {
  const seen = new Set<string>();
  for (let index = start; index + 1 < Math.min(lower.length, start + 14); index++) {
    const pair = lower.slice(index, index + 2);
    if (hookKeyStartPairs.has(pair)) seen.add(pair);
  }
  return seen.size >= 5;
}

/**
 * Whether a substring of `line` of a candidate's length passes `isHookKeyCandidate`. Only those
 * that start with `helm.sh`/`helmsh` or contain `hook` can (what `isHookKeyCandidate` requires), so
 * only those are tried: trying every substring cost 10–20 ms on ingress-nginx's values at start-up.
 */
function hasCandidateSubstring(line: string): boolean {
  const lower = line.toLowerCase();
  const tried = new Set<number>();
  // Lower-casing changed some character's length (`İ`): offsets differ, so every substring is tried.
  const everyStart = lower.length !== line.length;
  const tryStart = (start: number): boolean => {
    if (!nearHookKeyStart(lower, start)) return false;
    for (let length = shortestCandidate; length <= longestCandidate && start + length <= line.length; length++) {
      const end = start + length;
      if (tried.has(start * 4096 + end)) continue;
      tried.add(start * 4096 + end);
      if (isHookKeyCandidate(line.slice(start, end))) return true;
    }
    return false;
  };
  if (everyStart) {
    for (let start = 0; start < line.length; start++) if (tryStart(start)) return true;
    return false;
  }
  for (let at = lower.indexOf('helm'); at >= 0; at = lower.indexOf('helm', at + 1)) {
    if (/^helm\.?sh/.test(lower.slice(at, at + 7)) && tryStart(at)) return true;
  }
  for (let at = lower.indexOf('hook'); at >= 0; at = lower.indexOf('hook', at + 1)) {
    for (let start = Math.max(0, at + 4 - longestCandidate); start <= at; start++) {
      if (tryStart(start)) return true;
    }
  }
  return false;
}

/**
 * The entry at `path` (keys from the top, `.Values.a.b` is `['a', 'b']`) of a values file, read
 * as Helm reads values: a scalar or collection with its spans. Undefined when any mapping on the
 * way is missing, not a mapping, holds the key twice, or the file cannot be read.
 */
export function valuesEntryAt(file: ValuesFile, path: readonly string[]): AnnotationEntry | undefined {
  if (path.length === 0) return undefined;
  const document = parseDocumentSafely(file.text, { version: '1.1', keepSourceTokens: true, uniqueKeys: false });
  if (!document || document.errors.length > 0) return undefined;
  let node: unknown = document.contents;
  let found: Pair | undefined;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    const matches = node.items.filter((pair) => isScalar(pair.key) && String(pair.key.value) === key);
    if (matches.length !== 1) return undefined;
    found = matches[0] as Pair;
    node = found.value;
  }
  const pair = found as Pair<Node, Node>;
  if (!isScalar(pair.key) || !pair.key.range) return undefined;
  const source: SourceContext = { text: file.text, actions: [], offset: 0, aliases: aliasTargets(document, file.text) };
  const keySpan = { start: pair.key.range[0], end: pair.key.range[1] };
  const value = readValue(source, pair.value, afterColon(file.text, keySpan.end));
  const lineStart = startOfLine(file.text, keySpan.start);
  const lineEnd = endOfLine(file.text, Math.max(value.span.end, keySpan.end));
  return { key: path[path.length - 1], keySpan, keySource: file.text.slice(keySpan.start, keySpan.end), value, lineSpan: { start: lineStart, end: lineEnd }, origin: 'values' };
}
