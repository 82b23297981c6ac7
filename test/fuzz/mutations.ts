/**
 * Random edits of a template as data, so fast-check can shrink a failing sequence down to the
 * few edits that matter. Positions are plain numbers taken modulo the text length when applied
 * and moved off the middle of surrogate pairs: the mutations may add astral characters but
 * never create a lone surrogate by cutting one.
 */
import fc from 'fast-check';

export type Mutation =
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'insert'; readonly at: number; readonly fragment: string }
  | { readonly op: 'duplicateLine'; readonly line: number }
  | { readonly op: 'deleteLine'; readonly line: number }
  | { readonly op: 'tabIndent'; readonly line: number }
  | { readonly op: 'hookLine'; readonly line: number; readonly indent: string; readonly key: string; readonly value: string }
  | { readonly op: 'hookValue'; readonly which: number; readonly value: string }
  | { readonly op: 'crlf' }
  | { readonly op: 'crlfLine'; readonly line: number }
  | { readonly op: 'lf' }
  | { readonly op: 'bom' }
  | { readonly op: 'bigBlock'; readonly line: number; readonly key: string; readonly lines: number };

/** Pieces of template and YAML syntax, and characters that have broken offset arithmetic before. */
export const fragments: readonly string[] = [
  '{{', '}}', '{{-', '-}}', '{{ ', ' }}', '{{- ', ' -}}', '{{ .Values.x }}', '{{- if .Values.on }}', '{{ else }}', '{{- end }}', '{{ end -}}',
  '{{/* note */}}', '{{/*', '*/}}', '{{ "}}" }}', '{{ `a}}b` }}', '{{ include "x" . | nindent 4 }}', '{{- toYaml .Values.a | nindent 4 }}',
  '{{ $x := 1 }}', '{{ range .Values.list }}', '{{ (', ')}}', '"', "'", '`', ':', ': ', ',', ' ', '  ', '\t', '\n', '\r\n', '\r', '#', '- ',
  '---\n', '---', '...', '|', '>-', '&a', '*a', '!!str ', '? ', '[', ']', '{', '}', '\\', '%', '@',
  '😀', '🚀', '漢字', '日本語', 'é', 'Ω', '\u00a0', '\u200b', '\uFEFF', '𝔘',
  'helm.sh/hook', 'annotations:', 'metadata:', 'kind: Job', 'pre-install', 'pre-instal', 'hook-succeeded',
];

const valuePieces: readonly string[] = [
  'pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-delete', 'pre-delete', 'test', 'test-success',
  'pre-instal', 'Pre-Upgrade', 'POST-INSTALL', 'post-upgarde', 'crd-install', 'test-failure', 'preinstall', 'install',
  'before-hook-creation', 'hook-succeeded', 'hook-failed', 'hook-succeded', 'Before-Hook-Creation', 'hook-success',
  '0', '5', '-5', '+3', '07', '1.5', '1e3', '99999999999999999999', 'ten',
  ',', ', ', ' , ', ',,', ' ', '"', "'", '{{ .Values.hook }}', '{{ .Values.w | quote }}', '{{- if .Values.up }}', '{{ end }}', '{{- end -}}',
  '{{ "pre-install" }}', '😀', '漢字', 'é', '\t', '\\', '#', ': ', '|', '>', '[', ']', '\u00a0',
];

const hookKeys: readonly string[] = [
  '"helm.sh/hook"', 'helm.sh/hook', "'helm.sh/hook'", '"helm.sh/hook-weight"', 'helm.sh/hook-weight', '"helm.sh/hook-delete-policy"',
  'helm.sh/hook-delete-policy', '"helm.sh/hook-output-log-policy"', 'helm.sh/hok', 'Helm.sh/Hook', '"helm.sh/hook-delete-polcy"', 'helm.sh/hooks',
];

export const hookValue: fc.Arbitrary<string> = fc.array(fc.constantFrom(...valuePieces), { minLength: 0, maxLength: 6 }).map((pieces) => pieces.join(''));

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), fragment: fc.constantFrom(...fragments) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), line: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('deleteLine' as const), line: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tabIndent' as const), line: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('hookLine' as const), line: fc.nat(), indent: fc.constantFrom('', '  ', '    ', '\t', '      '), key: fc.constantFrom(...hookKeys), value: hookValue }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('hookValue' as const), which: fc.nat(), value: hookValue }) },
  { weight: 1, arbitrary: fc.constant({ op: 'crlf' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('crlfLine' as const), line: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ op: 'lf' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'bom' as const }) },
  // Large documents take the skeleton path of the parser (yaml/documents.ts).
  { weight: 1, arbitrary: fc.record({ op: fc.constant('bigBlock' as const), line: fc.nat(), key: fc.constantFrom('spec', 'data', 'status', 'metadata', 'kind', '"spec"', 'rules'), lines: fc.integer({ min: 300, max: 700 }) }) },
);

export function applyMutations(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(applyMutation, text);
}

export function applyMutation(text: string, mutation: Mutation): string {
  switch (mutation.op) {
    case 'delete': {
      const start = boundary(text, mutation.at % (text.length + 1));
      const end = boundary(text, Math.min(text.length, start + mutation.length));
      return text.slice(0, start) + text.slice(end);
    }
    case 'insert': {
      const at = boundary(text, mutation.at % (text.length + 1));
      return text.slice(0, at) + mutation.fragment + text.slice(at);
    }
    case 'duplicateLine':
      return editLines(text, mutation.line, (line) => [line, line]);
    case 'deleteLine':
      return editLines(text, mutation.line, () => []);
    case 'tabIndent':
      return editLines(text, mutation.line, (line) => [line.replace(/^ {2}/, '\t')]);
    case 'crlfLine':
      return editLines(text, mutation.line, (line) => [line.endsWith('\r') ? line : `${line}\r`]);
    case 'hookLine':
      return insertHookLine(text, mutation.line, mutation.indent, `${mutation.key}: ${mutation.value}`);
    case 'hookValue':
      return replaceHookValue(text, mutation.which, mutation.value);
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'lf':
      return text.replace(/\r\n/g, '\n');
    case 'bom':
      return text.startsWith('\uFEFF') ? text : `\uFEFF${text}`;
    case 'bigBlock':
      return editLines(text, mutation.line, (line) => [`${mutation.key}:`, ...bigBlockLines(mutation.lines), line]);
  }
}

/** An indented block of about 45 characters a line, like a CRD schema. */
function bigBlockLines(count: number): string[] {
  const lines: string[] = [];
  for (let index = 0; index < count; index++) lines.push(index % 7 === 0 ? `  group${index}:` : `    field${index}: "description of field ${index} 😀"`);
  return lines;
}

/** Moves an offset off the middle of a surrogate pair. */
function boundary(text: string, offset: number): number {
  if (offset > 0 && offset < text.length && isLowSurrogate(text.charCodeAt(offset)) && isHighSurrogate(text.charCodeAt(offset - 1))) return offset - 1;
  return offset;
}

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function editLines(text: string, line: number, edit: (line: string) => string[]): string {
  const lines = text.split('\n');
  const index = line % lines.length;
  lines.splice(index, 1, ...edit(lines[index]));
  return lines.join('\n');
}

/** Inserts an annotation line, preferably right under an `annotations:` key so that it lands in a real block. */
function insertHookLine(text: string, line: number, indent: string, entry: string): string {
  const lines = text.split('\n');
  const anchors = lines.map((content, index) => (/^\s*annotations:\s*\r?$/.test(content) ? index : -1)).filter((index) => index >= 0);
  if (anchors.length > 0 && line % 3 !== 0) {
    const anchor = anchors[line % anchors.length];
    const keyIndent = /^\s*/.exec(lines[anchor])![0];
    const eol = lines[anchor].endsWith('\r') ? '\r' : '';
    lines.splice(anchor + 1, 0, `${keyIndent}  ${entry}${eol}`);
  } else {
    lines.splice(line % (lines.length + 1), 0, `${indent}${entry}`);
  }
  return lines.join('\n');
}

/** Replaces what follows the colon of the n-th hook annotation line (YAML or `dict` argument). */
function replaceHookValue(text: string, which: number, value: string): string {
  const pattern = /(["']?helm\.sh\/hook[a-z-]*["']?\s*:)[^\r\n]*|("helm\.sh\/hook[a-z-]*"\s+)"[^"\n]*"/g;
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return text;
  const match = matches[which % matches.length];
  const start = match.index!;
  const replacement = match[1] !== undefined ? `${match[1]} ${value}` : `${match[2]}"${value.replace(/"/g, '')}"`;
  return text.slice(0, start) + replacement + text.slice(start + match[0].length);
}
