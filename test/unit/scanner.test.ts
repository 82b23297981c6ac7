/**
 * The Go template scanner and the masked YAML view, on the shapes charts really use:
 * trim markers, comments, strings holding `}}`, blocks, and half-typed actions.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { maskTemplate } from '../../server/src/analysis/template/mask';
import { scanTemplate } from '../../server/src/analysis/template/scanner';
import { corpusRoot } from '../support/corpus';

function actionTexts(text: string): string[] {
  return scanTemplate(text).actions.map((action) => text.slice(action.span.start, action.span.end));
}

describe('template scanner', () => {
  it('finds actions with their trim markers', () => {
    const text = 'a: {{- .Values.x -}} b {{ .y }}';
    const [first, second] = scanTemplate(text).actions;
    assert.deepEqual(actionTexts(text), ['{{- .Values.x -}}', '{{ .y }}']);
    assert.equal(first.trimLeft, true);
    assert.equal(first.trimRight, true);
    assert.equal(second.trimLeft, false);
    assert.equal(text.slice(first.innerSpan.start, first.innerSpan.end).trim(), '.Values.x');
  });

  it('treats "-3" after "{{" as a number, not a trim marker', () => {
    const [action] = scanTemplate('{{-3}}').actions;
    assert.equal(action.trimLeft, false);
    assert.deepEqual(action.tokens.map((token) => [token.kind, token.text]), [['number', '-3']]);
  });

  it('does not end an action at "}}" inside interpreted, raw or char strings', () => {
    const text = '{{ printf "}}" `}}{{` }} tail {{ "\\"}}" }}';
    assert.deepEqual(actionTexts(text), ['{{ printf "}}" `}}{{` }}', '{{ "\\"}}" }}']);
    assert.equal(scanTemplate(text).actions[1].tokens[0].value, '"}}');
  });

  it('reads comments, with and without trim markers, even when they contain "}}"', () => {
    const text = '{{/* a }} b */}} x {{- /* c */ -}}';
    const actions = scanTemplate(text).actions;
    assert.deepEqual(actions.map((action) => action.kind), ['comment', 'comment']);
    assert.deepEqual(actionTexts(text), ['{{/* a }} b */}}', '{{- /* c */ -}}']);
  });

  it('classifies actions by their first word, ending keywords at a dot as Go does', () => {
    const text = '{{ if .a }}{{ else if .b }}{{ end }}{{- with.Values.x }}{{ end }}{{ $x := 1 }}{{ include "n" . }}{{ template "t" . }}';
    assert.deepEqual(scanTemplate(text).actions.map((action) => action.kind), ['if', 'else', 'end', 'with', 'end', 'assignment', 'output', 'template']);
    assert.deepEqual(scanTemplate(text).errors, []);
  });

  it('pairs blocks with their else and end, across lines', () => {
    const text = '{{ define "x" }}\n{{ if .a }}\na\n{{ else }}\nb\n{{ end }}\n{{ end }}';
    const { blocks, errors } = scanTemplate(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(blocks.map((block) => [block.kind, block.open, block.end, block.elses, block.name]), [
      ['define', 0, 4, [], 'x'],
      ['if', 1, 3, [2], undefined],
    ]);
  });

  it('reports an unclosed action and ends it at its line, so the rest of the file is still read', () => {
    const text = 'a: {{ .Values.x\nb: {{ .y }}\n';
    const { actions, errors } = scanTemplate(text);
    assert.deepEqual(actionTexts(text), ['{{ .Values.x', '{{ .y }}']);
    assert.equal(actions[0].closed, false);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /not closed/);
  });

  it('ends an unclosed comment and an unclosed raw string before the line break, "\\r\\n" included', () => {
    const comment = '{{/* open\r\nb: 1\r\n';
    assert.deepEqual(scanTemplate(comment).errors.map((error) => comment.slice(error.span.start, error.span.end)), ['{{/* open']);
    const raw = '{{ `raw\r\nb: 1\r\n';
    assert.deepEqual(scanTemplate(raw).actions[0].tokens.map((token) => token.text), ['`raw']);
  });

  it('reports unmatched end and missing end', () => {
    assert.match(scanTemplate('{{ end }}').errors[0].message, /"end" has no matching block/);
    assert.match(scanTemplate('{{ if .x }}a').errors[0].message, /"if" has no matching "end"/);
  });

  it('lets a closed action span lines', () => {
    const text = '{{- include "x" (dict\n  "a" 1) }}\nnext: 1';
    assert.deepEqual(actionTexts(text), ['{{- include "x" (dict\n  "a" 1) }}']);
  });
});

describe('masked YAML view', () => {
  it('keeps the length and every newline', () => {
    const text = 'a: {{ .x }}\r\n{{- if .y }}\nb: "{{ .z }}"\n{{- end }}\n';
    const masked = maskTemplate(text, scanTemplate(text));
    assert.equal(masked.length, text.length);
    for (let index = 0; index < text.length; index++) {
      if (text[index] === '\n' || text[index] === '\r') assert.equal(masked[index], text[index]);
    }
  });

  it('turns an inline value into one placeholder scalar and block-printing actions into spaces', () => {
    const text = 'name: {{ .Release.Name }}-job\nlabels: {{- include "l" . | nindent 4 }}\n{{ if .x }}\n';
    const masked = maskTemplate(text, scanTemplate(text));
    assert.equal(masked.split('\n')[0], `name: ${'x'.repeat('{{ .Release.Name }}'.length)}-job`);
    assert.equal(masked.split('\n')[1].trimEnd(), 'labels:');
    assert.equal(masked.split('\n')[2].trim(), '');
  });

  it('decides per line: actions beside literal text are inline, actions that fill their lines are not', () => {
    const text = `a: {{ .x }} {{ .y }}\n  {{ .x }} {{ .y }}\n{{ .z }}: b\n{{ if .q }}{{ .r }}\n  c\n{{ end }}`;
    const lines = maskTemplate(text, scanTemplate(text)).split('\n');
    assert.equal(lines[0], `a: ${'x'.repeat(8)} ${'x'.repeat(8)}`);
    assert.equal(lines[1].trim(), '');
    assert.equal(lines[2], `${'x'.repeat(8)}: b`);
    assert.equal(lines[3].trim(), '');
  });
  it('masks an ASCII text (written over its bytes) exactly as a text with other characters (in slices)', () => {
    // A line with a non-ASCII character after the text sends it down the general path; that line holds no action, so it masks to itself.
    const tail = '\n# caf\u00e9\n';
    const bothWays = (text: string, where: string): void => {
      assert.ok(/^[\x00-\x7f]*$/.test(text), `${where} is ASCII`);
      const general = maskTemplate(text + tail, scanTemplate(text + tail));
      assert.equal(maskTemplate(text, scanTemplate(text)) + tail, general, where);
    };
    const cases = [
      'a: {{ .x }}\r\n{{- if .y }}\nb: "{{ .z }}"\n{{- end }}\n',
      'a: {{ .x\n  | quote }}-b\n{{ /* c\r\n d */ }}\nc: {{ "}}" }}{{ .y }}\n',
      'labels: {{- include "l" . | nindent 4 }}\nx: {{ .a }} {{ .b }}\n{{ .z }}: b\n{{ if .q }}{{ .r }}\n  c\n{{ end }}',
      'a: {{ .unclosed\nb: {{- .x -}}\n{{',
      '',
      'no actions at all\n',
    ];
    cases.forEach((text, index) => bothWays(text, `case ${index}`));
    // Offsets count UTF-16 units: a character before an action must not shift it (its UTF-8 takes two bytes).
    const accented = 'a: caf\u00e9 {{ .x }}\n\u{1f600}: {{ .y }}-z\n';
    assert.equal(maskTemplate(accented, scanTemplate(accented)), `a: caf\u00e9 ${'x'.repeat(8)}\n\u{1f600}: ${'x'.repeat(8)}-z\n`);
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return files(full);
        return /\.(ya?ml|tpl|txt)$/.test(entry.name) ? [full] : [];
      });
    const corpus = corpusRoot();
    let compared = 0;
    for (const file of [...files(path.join(__dirname, '../../../test/fixtures')), ...(corpus ? files(corpus) : [])]) {
      const text = fs.readFileSync(file, 'utf8');
      if (!/^[\x00-\x7f]*$/.test(text) || !text.includes('{{')) continue;
      bothWays(text, file);
      compared++;
    }
    assert.ok(compared > 100, `only ${compared} templates compared`);
  });
});
