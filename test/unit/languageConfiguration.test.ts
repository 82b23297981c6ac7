/**
 * Tests what package.json contributes for typing templates: the language configurations
 * (auto-closing, indentation after Enter, words), the `[helm]` editor defaults, NOTES.txt's
 * language, and where the snippets are offered. The rules are checked here as the regular
 * expressions VS Code builds from them; test/e2e/suite/typing.test.ts types through a real editor.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import { describe, it } from 'node:test';

interface LanguageConfiguration {
  autoClosingPairs: { open: string; close: string }[];
  wordPattern?: string;
  indentationRules?: { increaseIndentPattern: string };
  onEnterRules?: { beforeText: string; action: { indent: string } }[];
}

const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  contributes: {
    languages: { id: string; filenamePatterns?: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    snippets?: unknown;
    configurationDefaults: Record<string, Record<string, unknown>>;
  };
};
const helm = readConfiguration('helm');

function readConfiguration(language: string): LanguageConfiguration {
  const contribution = manifest.contributes.languages.find((candidate) => candidate.id === language);
  assert.ok(contribution, `no language ${language}`);
  return JSON.parse(fs.readFileSync(contribution.configuration, 'utf8')) as LanguageConfiguration;
}

/**
 * Whether Enter after `line` indents. Under `editor.autoIndent: advanced` (the `[helm]` default, as
 * for YAML) only the onEnter rules decide; under `full` the indentation rules too.
 */
function indentsAfter(line: string, autoIndent: 'advanced' | 'full'): boolean {
  const rule = helm.onEnterRules?.find((candidate) => new RegExp(candidate.beforeText).test(line));
  if (rule) return rule.action.indent === 'indent';
  return autoIndent === 'full' && new RegExp(helm.indentationRules!.increaseIndentPattern).test(line);
}

const autoIndents = ['advanced', 'full'] as const;

describe('helm language configuration', () => {
  // VS Code overtypes a closing character only at the start of what it inserted: of a '}}' close inserted at
  // once (the pair {{ when the first { was not closed, e.g. while the line above awaited tokenization) the
  // second } was typed again. One brace per pair closes {{ as }} brace by brace, each overtyped; never a space.
  it('closes {{ one brace at a time: every close is one character, none whitespace', () => {
    for (const configuration of [helm, readConfiguration('helm-notes')]) {
      assert.deepEqual(configuration.autoClosingPairs.find((pair) => pair.open === '{'), { open: '{', close: '}' });
      for (const pair of configuration.autoClosingPairs) {
        assert.equal(pair.close.length, 1, `${pair.open} closes with ${pair.close}`);
        assert.doesNotMatch(pair.close, /\s/, `${pair.open} closes with whitespace`);
      }
    }
  });

  it('does not indent after a document separator', () => {
    for (const autoIndent of autoIndents) for (const line of ['---', '--- ', '...']) assert.equal(indentsAfter(line, autoIndent), false, `${line} (${autoIndent})`);
  });

  it('indents after a key and a block scalar header', () => {
    for (const autoIndent of autoIndents) for (const line of ['metadata:', '  annotations:', 'script: |', '  script: |-', 'text: >2', '- |']) assert.equal(indentsAfter(line, autoIndent), true, `${line} (${autoIndent})`);
  });

  it('under autoIndent full, also after a list dash and an open flow mapping', () => {
    for (const line of ['  - ', 'data: {']) assert.equal(indentsAfter(line, 'full'), true, line);
  });

  it('keeps the indentation after values and template actions', () => {
    const lines = ['  name: x', '  - name: x', '{{- if .Values.enabled }}', '    {{- include "app.labels" . | nindent 4 }}', '{{- end }}', 'a: x | y'];
    for (const autoIndent of autoIndents) for (const line of lines) assert.equal(indentsAfter(line, autoIndent), false, `${line} (${autoIndent})`);
  });

  it('reads hook values, template variables and negative weights as whole words', () => {
    const words = (text: string) => text.match(new RegExp(helm.wordPattern!, 'g'));
    assert.deepEqual(words('"helm.sh/hook": pre-install,post-upgrade'), ['helm', 'sh', 'hook', 'pre-install', 'post-upgrade']);
    assert.deepEqual(words('{{- $root := . }}'), ['$root']);
    assert.deepEqual(words('{{ .Values.image.tag }}'), ['Values', 'image', 'tag']);
    assert.deepEqual(words('"helm.sh/hook-weight": "-5"'), ['helm', 'sh', 'hook-weight', '-5']);
  });
});

describe('contributions for templates', () => {
  it('gives Helm templates YAML-like editor defaults: 2 spaces, no format on type', () => {
    const defaults = manifest.contributes.configurationDefaults['[helm]'];
    assert.equal(defaults['editor.tabSize'], 2);
    assert.equal(defaults['editor.insertSpaces'], true);
    assert.equal(defaults['editor.formatOnType'], false);
    assert.equal(defaults['editor.autoIndent'], 'advanced');
  });

  it('contributes no static snippets: VS Code would append them to every completion list, values included (the server offers them where they fit)', () => {
    assert.equal(manifest.contributes.snippets, undefined);
  });

  it('gives templates/NOTES.txt a language whose grammar colours template actions', () => {
    const notes = manifest.contributes.languages.find((language) => language.filenamePatterns?.includes('**/templates/NOTES.txt'));
    assert.ok(notes, 'no language for NOTES.txt');
    const grammar = manifest.contributes.grammars.find((candidate) => candidate.language === notes.id);
    assert.ok(grammar && fs.existsSync(grammar.path), 'no grammar file for NOTES.txt');
    assert.match(fs.readFileSync(grammar.path, 'utf8'), /source\.helm-template#template/);
  });
});
