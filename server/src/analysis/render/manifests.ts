/**
 * What `helm template` (Helm 4.1.4) does with the rendered files: drop `NOTES.txt` and
 * partials, split each file into documents where Helm splits them, read each document's
 * head (kind, name, annotations), put hooks apart from manifests, sort both by kind in
 * InstallOrder (stable), and print them with `# Source:` headers, hooks after manifests;
 * `--show-only` filters the printed documents by their template path.
 *
 * Helm's behaviour reproduced here, as checked against the binary:
 * - files are taken in byte order of their template names; a file that is only whitespace,
 *   and every file whose base name starts with `_`, gives nothing;
 * - documents are split on `---` at the start of a line (also `---apiVersion: …`, and with
 *   the whitespace around the separator), and each is trimmed on both sides;
 * - a document whose `helm.sh/hook` names an unknown event is dropped (Helm logs it);
 * - a document that is not YAML, or not a mapping, stops the render with `YAML parse error on …`;
 * - with no manifests, the output starts with an empty line (Helm prints the trimmed, empty
 *   manifest text with a newline before the hooks).
 */
import { isAlias, isMap, isScalar, type Alias, type Node } from 'yaml';
import { canonicalEvent, compareByOrder, compareBytes, hookKey, installOrder } from '../helm/hooks';
import { goPathMatch } from '../input/goGlob';
import { detached } from '../yaml/reuse';
import { skeleton } from '../yaml/documents';
import { appliedPairs, mergeValueError } from '../yaml/mergeKeys';
import { parseDocumentSafely } from '../yaml/parseGuard';
import { jsonKeyError } from './goMapKey';

/** One rendered template file: Helm's name for it and its output. */
export interface RenderedFile {
  readonly name: string;
  readonly output: string;
}

/** A document as Helm keeps it for printing. */
export interface SortedDocument {
  /** Template name shown after `# Source: `. */
  readonly source: string;
  /** The document's text, trimmed as Helm trims it. */
  readonly content: string;
  readonly kind: string;
  /** `metadata.name` as Helm reads it (empty when absent). */
  readonly name: string;
  /** `metadata.annotations` as Helm reads them (values as strings, null as empty), when it has any. */
  readonly annotations?: ReadonlyMap<string, string>;
  /** Index of the document within its file (0-based), to trace it back. */
  readonly index: number;
  /** Where `content` starts in its file's rendered output (the engine's output, whose source map it shares). */
  readonly offset: number;
  /** Hook events (canonical names) when the document is a hook. */
  readonly events?: readonly string[];
}

export interface SortedManifests {
  readonly manifests: readonly SortedDocument[];
  readonly hooks: readonly SortedDocument[];
  /** Documents Helm drops because their hook names an unknown event (it logs `skipping unknown hooks`). */
  readonly unknownHooks: readonly SortedDocument[];
  /** What `helm template` prints after `Error: ` when a document cannot be read. */
  readonly error?: string;
}

const notesSuffix = 'NOTES.txt';

/** What `helm template` adds to an error raised once the release exists (rendering or reading the documents). */
export const debugHint = '\n\nUse --debug flag to render out invalid YAML';

/**
 * How a rendered document is read for its kind, name and annotations: `helm` parses all of it
 * as Helm does (so an invalid document anywhere is Helm's error), `identity` only the top-level
 * keys that say what it is, when it has no hook-like text (or is long and of a kind without a pod
 * template): `yaml/documents.ts`'s skeleton, what the model reads of such a document anyway.
 * The rules judge hooks and the objects they name, so `check` reads the rest for identity only
 * (argo-cd's 2 MB of CustomResourceDefinitions were parsed in full just for their names).
 */
export type DocumentReading = 'helm' | 'identity';

/**
 * The heads one render read, by document text. A head depends on the text alone, so the next
 * render of the chart (an editor's, after an edit) reads again only the documents that changed.
 */
export type HeadMemo = Map<string, Head | { error: string }>;

/**
 * Helm's SortManifests over rendered files, NOTES.txt removed first as Helm's renderResources does.
 * `memo`: heads read before (`previous`, read the same way) and where this call leaves the heads it used (`next`).
 */
export function sortManifests(files: readonly RenderedFile[], memo?: { readonly previous?: HeadMemo; readonly next: HeadMemo }, reading: DocumentReading = 'helm'): SortedManifests {
  const manifests: SortedDocument[] = [];
  const hooks: SortedDocument[] = [];
  const unknownHooks: SortedDocument[] = [];
  const ordered = files.filter((file) => !file.name.endsWith(notesSuffix)).sort((a, b) => compareBytes(a.name, b.name));
  for (const file of ordered) {
    const base = file.name.slice(file.name.lastIndexOf('/') + 1);
    if (base.startsWith('_') || goTrimSpace(file.output) === '') continue;
    const documents = splitManifestSpans(file.output);
    for (let index = 0; index < documents.length; index++) {
      const { content, offset } = documents[index];
      // The skeleton keeps every offset and line, so a head's error reads the same either way.
      let head = memo?.previous?.get(content);
      if (!head) {
        head = readHead(reading === 'identity' ? skeleton(content) : content);
        // A kept head outlives this render: strings cut from the output would keep it all alive.
        if (memo) head = detachedHead(head);
      }
      memo?.next.set(content, head);
      if ('error' in head) {
        return { manifests, hooks, unknownHooks, error: `YAML parse error on ${file.name}: ${head.error}` };
      }
      const document: SortedDocument = { source: file.name, content, kind: head.kind, name: head.name, ...(head.annotations ? { annotations: head.annotations } : {}), index, offset };
      const hookValue = head.annotations?.get(hookKey);
      if (hookValue === undefined) {
        manifests.push(document);
        continue;
      }
      const events: string[] = [];
      let unknown = false;
      for (const token of hookValue.split(',')) {
        const event = canonicalEvent(token);
        if (event === undefined) {
          unknown = true;
          break;
        }
        events.push(event);
      }
      if (unknown) unknownHooks.push(document);
      else hooks.push({ ...document, events });
    }
  }
  const byKind = (a: SortedDocument, b: SortedDocument): number => compareByOrder(installOrder, a.kind, b.kind);
  return { manifests: manifests.sort(byKind), hooks: hooks.sort(byKind), unknownHooks };
}

export interface TemplateOutput {
  /** What `helm template` prints on stdout. */
  readonly text: string;
  /** What it prints after `Error: ` (exit code 1), if it fails. */
  readonly error?: string;
}

/** What `printTemplateOutput` answers without `--show-only` patterns, but with its text left empty. */
export function printedError(sorted: SortedManifests): TemplateOutput {
  return sorted.error !== undefined ? { text: '', error: `${sorted.error}${debugHint}` } : { text: '' };
}

/** The text `helm template` prints for sorted documents, with `--show-only` patterns when given. */
export function printTemplateOutput(sorted: SortedManifests, showOnly: readonly string[] = []): TemplateOutput {
  if (sorted.error !== undefined) return printedError(sorted);
  const manifestText = sorted.manifests.map((doc) => `---\n# Source: ${doc.source}\n${doc.content}\n`).join('');
  let text = `${goTrimSpace(manifestText)}\n`;
  for (const hook of sorted.hooks) text += `---\n# Source: ${hook.source}\n${hook.content}\n`;
  if (showOnly.length === 0) return { text };
  const documents = splitManifests(text);
  const shown: string[] = [];
  for (const pattern of showOnly) {
    let found = false;
    for (const document of documents) {
      const match = /# Source: [^/]+\/(.+)/.exec(document);
      if (!match || !goPathMatch(pattern, match[1])) continue;
      shown.push(document);
      found = true;
    }
    if (!found) return { text: '', error: `could not find template ${pattern} in chart` };
  }
  return { text: shown.map((document) => `---\n${document}\n`).join('') };
}

/**
 * Helm's SplitManifests: the text (leading whitespace dropped) cut at every match of
 * `(?:^|\s*\n)---\s*` (RE2's `\s` is ASCII: tab, newline, form feed, carriage return, space),
 * empty pieces dropped, each piece trimmed. A linear scan, not a backtracking regex.
 */
export function splitManifests(text: string): string[] {
  return splitManifestSpans(text).map((piece) => piece.content);
}

/** `splitManifests` with where each document starts in `text`. */
export function splitManifestSpans(text: string): { content: string; offset: number }[] {
  const source = goTrimLeftSpace(text);
  const lead = text.length - source.length;
  const pieces: { content: string; offset: number }[] = [];
  const push = (from: number, to: number): void => {
    const piece = source.slice(from, to);
    const content = goTrimSpace(piece);
    if (content !== '') pieces.push({ content, offset: lead + from + (piece.length - goTrimLeftSpace(piece).length) });
  };
  let begin = 0;
  let searchFrom = 0;
  if (source.startsWith('---')) {
    begin = skipAsciiSpace(source, 3);
    searchFrom = begin;
  }
  for (;;) {
    const newline = source.indexOf('\n---', searchFrom);
    if (newline < 0) break;
    let start = newline;
    while (start > begin && isAsciiSpace(source.charCodeAt(start - 1))) start--;
    push(begin, start);
    begin = skipAsciiSpace(source, newline + 4);
    searchFrom = begin;
  }
  push(begin, source.length);
  return pieces;
}

export interface Head {
  readonly kind: string;
  readonly name: string;
  readonly annotations?: ReadonlyMap<string, string>;
}

/**
 * A head that holds on to no part of the rendered output. Its strings are slices of that output,
 * so a head carried from render to render (an editor's, for every document an edit leaves alone)
 * kept the whole output of the render it was first read in: one output more per keystroke.
 */
function detachedHead(head: Head | { error: string }): Head | { error: string } {
  if ('error' in head) return { error: detached(head.error) };
  const annotations = head.annotations && new Map([...head.annotations].map(([key, value]) => [detached(key), detached(value)]));
  return { kind: detached(head.kind), name: detached(head.name), ...(annotations ? { annotations } : {}) };
}

/** The head Helm reads of a document (kind and annotations), or why it cannot be read. */
function readHead(content: string): Head | { error: string } {
  // What YAML reads of blank and comment lines: nothing, without error (airflow renders 45 such documents, licence headers).
  if (onlyBlankOrCommentLines(content)) return { kind: '', name: '' };
  const doc = parseDocumentSafely(content, { version: '1.1', uniqueKeys: false });
  if (!doc) return { error: 'error converting YAML to JSON: the document nests too deeply to read' };
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = error.linePos?.[0]?.line;
    return { error: `error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ''}${error.message.split('\n')[0]}` };
  }
  const keyError = jsonKeyError(doc);
  if (keyError !== undefined) return { error: `error converting YAML to JSON: ${keyError}` };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The `yaml` package refuses the same merges as Helm's library, in its own words.
    return { error: `error converting YAML to JSON: ${message === yamlPackageMergeError ? `yaml: ${mergeValueError}` : message}` };
  }
  if (value === null || value === undefined) return { kind: '', name: '' };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { error: `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonTypeName(value)} into Go value of type util.SimpleHead` };
  }
  // The fields are read from the nodes, not from `value`: merge keys apply as Helm applies them (yaml/mergeKeys.ts).
  const root = doc.contents as Node;
  const resolve = (alias: Alias): Node | undefined => alias.resolve(doc) as Node | undefined;
  const text = (node: Node | undefined): string => {
    const js = node ? node.toJS(doc) : undefined;
    return typeof js === 'string' ? js : js === undefined || js === null ? '' : String(js);
  };
  const kind = text(appliedValue(root, 'kind', resolve));
  const metadata = appliedValue(root, 'metadata', resolve);
  if (!isMap(metadata)) return { kind, name: '' };
  const name = text(appliedValue(metadata, 'name', resolve));
  const annotations = appliedValue(metadata, 'annotations', resolve);
  if (!isMap(annotations)) return { kind, name };
  const map = new Map<string, string>();
  for (const applied of appliedPairs(annotations, resolve)) {
    if ('error' in applied) continue;
    const key = applied.pair.key as Node | null;
    map.set(key ? text(isAlias(key) ? resolve(key) : key) : '', text(applied.pair.value as Node | undefined));
  }
  return { kind, name, annotations: map };
}

/**
 * Whether every line of `text` is empty or spaces, optionally followed by a `#` comment: a document
 * YAML reads as empty (no content, no error). Conservative: a tab, a carriage return not before a
 * line feed, or a character some YAML version takes for a line break (U+0085, U+2028, U+2029)
 * anywhere answers no, and `yaml` decides.
 */
export function onlyBlankOrCommentLines(text: string): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    if (i < n && text.charCodeAt(i) === 35) {
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 13) break;
        if (c === 0x85 || c === 0x2028 || c === 0x2029) return false;
      }
    }
    if (i === n) return true;
    const c = text.charCodeAt(i);
    if (c === 10) i++;
    else if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
    else return false;
  }
  return true;
}

/** What the `yaml` package throws for a merge of something other than mappings. */
const yamlPackageMergeError = 'Merge sources must be maps or map aliases';

/** The value Helm reads for `key` of a mapping (through aliases and merge keys), or undefined. */
function appliedValue(map: Node | null | undefined, key: string, resolve: (alias: Alias) => Node | undefined): Node | undefined {
  const target = isAlias(map) ? resolve(map) : map;
  if (!isMap(target)) return undefined;
  let found: Node | null | undefined;
  for (const applied of appliedPairs(target, resolve)) {
    if ('error' in applied) continue;
    const keyNode = applied.pair.key as Node | null;
    const resolvedKey = isAlias(keyNode) ? resolve(keyNode) : keyNode;
    if (isScalar(resolvedKey) && String(resolvedKey.value) === key) found = applied.pair.value as Node | null;
  }
  return isAlias(found) ? resolve(found) : found ?? undefined;
}

function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}

function isAsciiSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

function skipAsciiSpace(text: string, from: number): number {
  let index = from;
  while (index < text.length && isAsciiSpace(text.charCodeAt(index))) index++;
  return index;
}

/** Go's unicode.IsSpace. */
function isGoSpace(code: number): boolean {
  if (code <= 0xff) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x85 || code === 0xa0;
  return code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

function goTrimLeftSpace(text: string): string {
  let start = 0;
  while (start < text.length && isGoSpace(text.charCodeAt(start))) start++;
  return text.slice(start);
}

/** Go's strings.TrimSpace. */
export function goTrimSpace(text: string): string {
  let end = text.length;
  while (end > 0 && isGoSpace(text.charCodeAt(end - 1))) end--;
  return goTrimLeftSpace(text.slice(0, end));
}
