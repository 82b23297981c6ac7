/**
 * documents.ts reads a large document's skeleton from the mask of its kept lines only, and finds
 * the lines that may hold a top-level key, and the lines that split documents, with one search
 * each (mask.ts `createMasker`, documents.ts `documentSkeleton`, `splitDocuments`). Both must give exactly what the skeleton of the whole mask gave, read line
 * by line: `referenceSkeleton` below is that code as it was. Checked on every document of the
 * corpus and on generated documents, large and small, with what could tell the two apart: actions
 * at a line's start (printing a key, or a control word), actions over several lines, documents
 * that start after `---` inside a line, CRLF and lone CR, tabs, quoted keys, a templated or
 * missing kind, hook-like text, escaped quoted keys, block scalars.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { createMasker, maskTemplate } from '../../server/src/analysis/template/mask';
import { scanTemplate } from '../../server/src/analysis/template/scanner';
import { actionsIn } from '../../server/src/analysis/yaml/values';
import { documentSkeleton, hookLike, parseTemplateFile, skeleton, skeletonThreshold, splitDocuments } from '../../server/src/analysis/yaml/documents';
import { mayHoldEscapedKey } from '../../server/src/analysis/yaml/escapedKeys';
import { corpusAbsence, corpusRoot } from '../support/corpus';
import { seededRandom } from './support/seededRandom';

/** documents.ts's skeleton before this change, line by line over the whole mask (the oracle). */
function referenceSkeleton(docText: string, source: string = docText): string {
  const topLevelKey = /([A-Za-z_][\w.-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?=[ \t\r\n]|$)/y;
  const literalKind = /["']?kind["']?[ \t]*:[ \t]*([A-Za-z0-9]+)[ \t]*\r?(?:\n|$)/y;
  const keptKeys = new Set(['apiVersion', 'kind', 'metadata', 'subjects', 'automountServiceAccountToken'].flatMap((key) => [key, `"${key}"`, `'${key}'`]));
  const kindsReadInFull = new Set(['Pod', 'Job', 'CronJob', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);
  const hookish = hookLike.test(source) || mayHoldEscapedKey(source);
  if (hookish && docText.length < skeletonThreshold) return docText;
  const blocks: { key: string; start: number }[] = [];
  let kind: string | undefined;
  for (let lineStart = 0; lineStart < docText.length; ) {
    topLevelKey.lastIndex = lineStart;
    const match = topLevelKey.exec(docText);
    if (match) {
      blocks.push({ key: match[1], start: lineStart });
      literalKind.lastIndex = lineStart;
      if (kind === undefined && (match[1] === 'kind' || match[1] === '"kind"' || match[1] === "'kind'")) kind = literalKind.exec(docText)?.[1] ?? '';
    }
    const newline = docText.indexOf('\n', lineStart);
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  if (!kind || (hookish && kindsReadInFull.has(kind))) return docText;
  const lastKept = blocks.reduce((last, block, index) => (keptKeys.has(block.key) ? index : last), -1);
  const keptEnd = lastKept + 1 < blocks.length ? blocks[lastKept + 1].start : docText.length;
  const parts: string[] = [docText.slice(0, blocks[0].start)];
  for (let index = 0; index <= lastKept; index++) {
    const end = index + 1 < blocks.length ? blocks[index + 1].start : docText.length;
    const body = docText.slice(blocks[index].start, end);
    parts.push(keptKeys.has(blocks[index].key) ? body : body.replace(/\r(?!\n)|[^\r\n]/g, ' '));
  }
  return parts.join('').slice(0, keptEnd);
}

/** documents.ts's split before this change, line by line (the oracle). */
function referenceSplit(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let start = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const lineEnd = text.indexOf('\n', lineStart);
    if (text.startsWith('---', lineStart)) {
      spans.push({ start, end: lineStart });
      let contentStart = lineStart + 3;
      while (text[contentStart] === ' ' || text[contentStart] === '\t') contentStart++;
      start = contentStart;
    }
    if (lineEnd < 0) break;
    lineStart = lineEnd + 1;
  }
  spans.push({ start, end: text.length });
  return spans;
}

/** Every document of `text` read both ways, and the masker's parts against the whole mask. */
function assertSameSkeletons(text: string, where: string): number {
  const scan = scanTemplate(text);
  const masked = maskTemplate(text, scan);
  const masker = createMasker(text, scan);
  assert.deepEqual(splitDocuments(text), referenceSplit(text), `${where}: the documents' spans`);
  let large = 0;
  for (const span of splitDocuments(text)) {
    const docMask = masked.slice(span.start, span.end);
    const written = text.slice(span.start, span.end);
    const expected = referenceSkeleton(docMask, written);
    assert.equal(skeleton(docMask, written), expected, `${where}: skeleton of the document at ${span.start}`);
    assert.equal(documentSkeleton(text, masker, actionsIn(scan.actions, span.start, span.end), span), expected, `${where}: the document at ${span.start} read from its parts`);
    assert.equal(masker.slice(span.start, span.end), docMask, `${where}: the mask of the document at ${span.start}`);
    if (written.length >= skeletonThreshold) large++;
  }
  assert.equal(masker.whole(), masked, `${where}: the whole mask`);
  return large;
}


/** Lines that could make the two readings differ, written at a line's start or inside a body. */
const lines = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'kind: Job',
  'kind: {{ .Values.kind }}',
  '"kind": Deployment',
  "'kind' : CustomResourceDefinition",
  'metadata:',
  '  name: {{ include "x.fullname" . }}',
  '  annotations:',
  '    helm.sh/hook: pre-install',
  '    "helm\\u002Esh/hook": post-install',
  '    webhook: yes',
  'spec:',
  '  group: example.com',
  '  template:',
  '    spec:',
  '      restartPolicy: Never',
  '{{- if .Values.enabled }}',
  '{{- end }}',
  '{{ .Values.key }}: value',
  '{{ .Values.key }}',
  'x{{ .Values.a }}: b',
  '{{ include "multi"',
  '  (dict "a" 1) }}: after',
  '  {{- toYaml .Values.extra | nindent 2 }}',
  '{{- /* a comment',
  'spanning lines */}}',
  'data:',
  '  script: |',
  'subjects:',
  '- kind: ServiceAccount',
  '  name: sa',
  'automountServiceAccountToken: false',
  'status: {}',
  'key: value # comment',
  '\tkey: tab',
  '# a comment',
  '',
  'weird\r: lone carriage return',
  'a: 1\rkind: after a lone carriage return',
  'b: 2\rmetadata: {}',
  'other:value',
  '--- {{ .Values.a }}: b',
  '---',
];

function generatedDocumentText(next: () => number, size: number): string {
  const out: string[] = [];
  let length = 0;
  const newline = next() < 0.2 ? '\r\n' : '\n';
  // Each document draws from its own few kinds of line (most then have no hook-like text, and a literal kind).
  const own = lines.filter(() => next() < 0.25);
  const drawn = own.length > 0 ? own : lines;
  out.push('apiVersion: v1', next() < 0.5 ? 'kind: ConfigMap' : 'kind: CustomResourceDefinition');
  while (length < size) {
    const line = next() < 0.6 ? `  description: ${'lorem ipsum '.repeat(1 + Math.floor(next() * 20))}` : drawn[Math.floor(next() * drawn.length)];
    out.push(line);
    length += line.length + newline.length;
  }
  return out.join(newline) + (next() < 0.8 ? newline : '');
}

describe('the skeleton read from the mask of its parts', () => {
  it('is the skeleton of the whole mask on every corpus document', (t) => {
    const root = corpusRoot();
    if (!root) {
      t.diagnostic(`not compared: ${corpusAbsence()}`);
      return;
    }
    let files = 0;
    let large = 0;
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (full.includes(`${path.sep}templates${path.sep}`) && !full.endsWith('.tgz')) {
          large += assertSameSkeletons(fs.readFileSync(full, 'utf8'), full);
          files++;
        }
      }
    };
    walk(root);
    assert.ok(files > 400, `corpus templates read: ${files}`);
    assert.ok(large >= 9, `large documents read from their parts: ${large}`);
  });

  it('is the skeleton of the whole mask on generated documents, large and small', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = seededRandom(seed);
      const size = next() < 0.5 ? skeletonThreshold + Math.floor(next() * 4000) : Math.floor(next() * 3000);
      assertSameSkeletons(generatedDocumentText(next, size), `seed ${seed}`);
    }
  });

  it('splits documents where the line-by-line split did', () => {
    const texts = ['', '---', '---\n', '----', '--- \t a: 1\n---', 'a: 1\n---\nb: 2\n--- c: 3', '\n---\n\n---', 'a: 1\r\n---\r\nb: 2', 'x---\n ---\n---x', '---\n---\n---', 'a: 1\n-- b\n- --\n--', '--\n-\n---'];
    for (const text of texts) assert.deepEqual(splitDocuments(text), referenceSplit(text), JSON.stringify(text));
  });

  it('reads a large document whose key line starts with an action as the whole mask does', () => {
    const padding = `  description: ${'x'.repeat(skeletonThreshold)}\n`;
    const heads = ['kind: ConfigMap\n{{ .Values.key }}: value\n', '{{ .Values.kindKey }}: Job\nkind: Secret\n', 'kind: {{ .Values.kind }}\n', '{{- if .Values.on }}\nkind: Job\n{{- end }}\n', 'kind: List\n{{ include "a"\n  . }}: x\n'];
    for (const head of heads) {
      const text = `apiVersion: v1\n${head}metadata:\n  name: a\n{{ .Values.key }}: value\nspec:\n${padding}metadata:\n  name: b\n`;
      assertSameSkeletons(text, JSON.stringify(head));
      const file = parseTemplateFile({ path: 'c/templates/a.yaml', text });
      assert.equal(file.masked, maskTemplate(text, scanTemplate(text)), 'the file keeps its whole mask on demand');
    }
  });
});
