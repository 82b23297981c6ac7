/**
 * Helm's go-yaml takes a lone CR, NEL (U+0085), LS (U+2028) and PS (U+2029) as line breaks; a template saved with lone CRs,
 * or mixing them with LF and CRLF, renders and installs. It is read here as go-yaml reads it
 * (yaml/goLineBreaks.ts): the same findings at the same places as the same file with LF, in the
 * literal and the rendered reading, and fixes that leave YAML Helm reads. A lone CR before `---`
 * does not split a document for Helm (SplitManifests splits after a LF): go-yaml reads the first
 * document of that piece only, and so are the findings. A text with a second document after the
 * first (`...` then more, `---` in a values file) is read as its first, as go-yaml reads it.
 * Inside a template action only '\n' ends a line (Go's lexer): a CR or NEL in an action's string
 * is text, never a syntax error (review14 D7); a quoted scalar continued at column 0 reads as
 * go-yaml reads it (review14 D8 and D3).
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyzeChart, applyFixes, preferredFixEdits, type ChartInput, type Finding } from '../../server/src/analysis';
import { templateWithGoLineBreaks, withGoYamlLineBreaks } from '../../server/src/analysis/yaml/goLineBreaks';
import { parseDocumentSafely } from '../../server/src/analysis/yaml/parseGuard';
import { scanTemplate } from '../../server/src/analysis/template/scanner';

const job = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: {{ .Release.Name }}-migrate',
  '  annotations:',
  '    "helm.sh/hook": pre-install,pre-upgrade',
  'spec:',
  '  template:',
  '    spec:',
  '      restartPolicy: Always',
  '      containers:',
  '        - name: c',
  '          image: i',
];
const configMap = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: cm', '  annotations:', '    helm.sh/hook: post-install', '    helm.sh/hook-weight: 5', 'data:', '  a: b'];
const twoDocuments = [...job, '---', ...configMap];

/** The lines joined with line breaks chosen by `breakAfter` (the 0-based line number). */
function joined(lines: readonly string[], breakAfter: (line: number) => string): string {
  return lines.map((line, index) => `${line}${breakAfter(index)}`).join('');
}
const lf = (): string => '\n';
const cr = (): string => '\r';
const mixed = (line: number): string => ['\r\n', '\n', '\r'][line % 3];
const nel = (line: number): string => (line % 2 ? '\u0085' : '\n');
const ls = (line: number): string => (line % 2 ? '\u2028' : '\u2029');

function chart(template: string): ChartInput {
  return { name: 'c', chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: c\nversion: 0.1.0\n' }, templates: [{ path: 'templates/j.yaml', text: template }] };
}

/** Line and column of `offset`, a lone CR, CRLF and LF each ending a line (as editors count). */
function at(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n|\u0085|\u2028|\u2029/);
  return `${lines.length}:${lines[lines.length - 1].length + 1}`;
}

/** What each finding of `input`'s template says and where (line and column), without its fixes. */
function said(input: ChartInput, rendered: boolean): string[] {
  const text = input.templates[0].text;
  return analyzeChart(input, {}, undefined, rendered ? {} : undefined).findings.map((f: Finding) => `${f.rule} ${at(text, f.span.start)}-${at(text, f.span.end)} ${f.message}`);
}

function fixedText(input: ChartInput, rendered: boolean): string {
  const findings = analyzeChart(input, {}, undefined, rendered ? {} : undefined).findings;
  return applyFixes(input.templates[0].text, preferredFixEdits(findings, 'templates/j.yaml')).text;
}

const asLf = (text: string): string => text.replace(/\r\n?/g, '\n');

describe('go-yaml line breaks', () => {
  it('a lone CR, NEL, LS and PS become LF, CRLF stays, the length never changes', () => {
    assert.equal(withGoYamlLineBreaks('a: 1\rb: 2\r\nc: 3\u0085d: 4\r\r\ne: 5\u2028f: 6\u2029'), 'a: 1\nb: 2\r\nc: 3\nd: 4\n\r\ne: 5\nf: 6\n');
    const plain = 'a: 1\r\nb: 2\n';
    assert.equal(withGoYamlLineBreaks(plain), plain);
    assert.equal(templateWithGoLineBreaks(plain), plain);
  });

  it('a document after a lone CR is blanked up to Helm\'s next piece, line breaks kept', () => {
    const text = 'a: 1\r---\rb: 2\n---\nc: 3\rd: 4\n';
    const read = templateWithGoLineBreaks(text);
    assert.equal(read, 'a: 1\n   \n    \n---\nc: 3\nd: 4\n');
    assert.equal(read.length, text.length);
  });

  it('inside a template action the breaks stay as written', () => {
    const text = 'a: {{ "x\ry\u0085z" | quote }}\rb: {{ .Values.x\r}}\rc: 3\n';
    const read = templateWithGoLineBreaks(text, scanTemplate(text).actions);
    assert.equal(read, 'a: {{ "x\ry\u0085z" | quote }}\nb: {{ .Values.x\r}}\nc: 3\n');
  });

  for (const rendered of [false, true]) {
    const mode = rendered ? 'rendered' : 'literal';
    it(`${mode}: lone CRs and mixed line breaks give the LF file's findings`, () => {
      const expected = said(chart(joined(job, lf)), rendered);
      assert.ok(expected.some((line) => line.startsWith('hook-restart-policy ')), expected.join('\n'));
      for (const ending of [cr, mixed, nel, ls]) {
        assert.deepEqual(said(chart(joined(job, ending)), rendered), expected, ending.name);
      }
      const both = said(chart(joined(twoDocuments, lf)), rendered);
      assert.ok(both.some((line) => line.startsWith('non-string-annotation ')), both.join('\n'));
      assert.deepEqual(said(chart(joined(twoDocuments, mixed)), rendered), both);
    });

    it(`${mode}: a ConfigMap after a lone CR and \`---\` is not read (Helm reads the Job only)`, () => {
      assert.deepEqual(said(chart(joined(twoDocuments, cr)), rendered), said(chart(joined(job, cr)), rendered));
    });

    it(`${mode}: a CR or NEL inside an action's string is its text, not a broken action (review14 D7)`, () => {
      const annotated = [...job.slice(0, 6), '    note: {{ "a\u0085b" | quote }}', '    cr: {{ "c\rd" | quote }}', ...job.slice(6)];
      const found = said(chart(joined(annotated, lf)), rendered);
      assert.ok(!found.some((line) => line.startsWith('template-syntax-error')), found.join('\n'));
      assert.ok(found.some((line) => line.startsWith('hook-restart-policy ')), found.join('\n'));
      assert.deepEqual(found.map((line) => line.split(' ')[0]), said(chart(joined(job, lf)), rendered).map((line) => line.split(' ')[0]));
    });

    it(`${mode}: a quoted scalar continued at column 0, or over a lone CR or NEL, is read as go-yaml reads it (review14 D3, D8)`, () => {
      const unplaced = (lines: string[]): string[] => lines.map((line) => line.replace(/ \S+-\S+ /, ' '));
      const expected = unplaced(said(chart(joined(job, lf)), rendered));
      assert.equal(expected.length, 3);
      for (const value of ['"a\nb"', "'a\nb'", '"a\rb"', '"a\u0085b"', '"a\u2028b"']) {
        const quoted = [...job.slice(0, 6), `    note: ${value}`, ...job.slice(6)];
        assert.deepEqual(unplaced(said(chart(joined(quoted, lf)), rendered)), expected, value);
      }
    });

    it(`${mode}: the fixes of a file with mixed line breaks leave the LF file's fixed YAML`, () => {
      const expected = fixedText(chart(joined(twoDocuments, lf)), rendered);
      assert.notEqual(expected, joined(twoDocuments, lf), 'some fix applies');
      const fixed = fixedText(chart(joined(twoDocuments, mixed)), rendered);
      assert.equal(asLf(fixed), expected);
      for (const document of parseAllDocuments(withGoYamlLineBreaks(fixed).replace(/\{\{[^}]*\}\}/g, 'x'))) assert.deepEqual(document.errors, []);
    });
  }

  it('a quoted scalar continued at column 0 folds as go-yaml folds it; a document marker there still ends it', () => {
    const document = parseDocumentSafely('m:\n  x: "a\nb  c"\n  w: \'d\n\ne\'\n  z: "f \\\ng"\n', { version: '1.1', uniqueKeys: false });
    assert.deepEqual(document?.errors, []);
    assert.deepEqual(document?.toJSON(), { m: { x: 'a b  c', w: 'd\ne', z: 'f g' } });
    assert.notDeepEqual(parseDocumentSafely('x: "a\n---\nb"\n', { version: '1.1', uniqueKeys: false })?.errors, []);
  });

  it('a values file or Chart.yaml with more after its first document is read as its first', () => {
    for (const text of ['a: 1\n...\nb: 2\n', 'a: 1\n---\nb: [\n', 'a: 1\r---\rb: 2\r']) {
      const document = parseDocumentSafely(text, { version: '1.1', uniqueKeys: false });
      assert.deepEqual(document?.errors, [], JSON.stringify(text));
      assert.deepEqual(document?.toJSON(), { a: 1 }, JSON.stringify(text));
    }
  });
});
