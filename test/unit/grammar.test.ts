/**
 * Tests the TextMate grammar `syntaxes/helm-template.tmLanguage.json` with the same engine
 * VS Code uses (vscode-textmate + vscode-oniguruma).
 *
 * Fixtures are `test/fixtures/grammar/*.yaml`. Under a template line, assertion lines name
 * the scopes the tokens at the marked columns must have, and after a lone `-` the scopes
 * they must not have:
 *
 *     name: {{ include "app.fullname" . }}
 *     #     ^^ punctuation.section.embedded.begin.helm
 *     #        ^^^^^^^ support.function.helm - string
 *     # <- entity.name.tag.yaml
 *
 * `<-` marks the column of the `#`. Assertion lines are removed before tokenising, so the
 * tokenised text is what a user writes. A scope matches a token scope equal to it or
 * starting with it and a dot, as a theme selector would.
 *
 * VS Code's YAML grammar is not installed here, so `source.yaml` is a tiny stand-in of our
 * own (test/fixtures/grammar/yaml-stand-in.tmLanguage.json) with the same kinds of context.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type IRawGrammar, type StateStack } from 'vscode-textmate';

const grammarPath = path.resolve('syntaxes/helm-template.tmLanguage.json');
const notesGrammarPath = path.resolve('syntaxes/helm-notes.tmLanguage.json');
const yamlStandInPath = path.resolve('test/fixtures/grammar/yaml-stand-in.tmLanguage.json');
const fixturesDir = path.resolve('test/fixtures/grammar');
const wasmPath = path.resolve('node_modules/vscode-oniguruma/release/onig.wasm');

let grammar: IGrammar;
let onigurumaLoaded: Promise<void> | undefined;

before(async () => {
  grammar = await loadHelmGrammar();
});

describe('grammar fixtures', () => {
  const files = fs.readdirSync(fixturesDir).filter((name) => name.endsWith('.yaml')).sort();
  it('has fixtures', () => assert.ok(files.length > 0));
  for (const file of files) {
    it(file, () => {
      const fixture = parseFixture(fs.readFileSync(path.join(fixturesDir, file), 'utf8'));
      assert.ok(fixture.assertions.length > 0, `${file} asserts nothing`);
      const tokens = tokenize(fixture.lines);
      const failures = fixture.assertions.flatMap((assertion) => checkAssertion(assertion, fixture.lines, tokens));
      assert.deepEqual(failures, [], `${file}:\n  ${failures.join('\n  ')}`);
    });
  }
});

describe('NOTES.txt grammar', () => {
  // NOTES.txt is text Helm renders with the template language: actions are coloured, the rest is not YAML.
  const notes = ['{{- if .Values.ingress.enabled }}', 'Get the URL: http://{{ .Values.host }}/', '  export NAME=$(kubectl get pods -l "app={{ include "app.name" . }}")', '{{/* a comment */}}', '{{- end }}'];
  let lines: string[][];
  before(async () => {
    const notesGrammar = await loadHelmGrammar('text.helm-notes');
    let state: StateStack = INITIAL;
    lines = notes.map((line) => {
      const result = notesGrammar.tokenizeLine(line, state);
      state = result.ruleStack;
      return result.tokens.map((token) => `${line.slice(token.startIndex, token.endIndex)}=${token.scopes.slice(1).join(' ')}`);
    });
  });
  it('colours an action at the very start of the file', () => assert.ok(lines[0].includes('if=meta.embedded.block.helm keyword.control.helm'), lines[0].join('\n')));
  it('colours actions inside prose and inside quotes', () => {
    assert.ok(lines[1].some((token) => token.startsWith('Values=meta.embedded.block.helm')), lines[1].join('\n'));
    assert.ok(lines[2].some((token) => token.startsWith('include=meta.embedded.block.helm support.function.helm')), lines[2].join('\n'));
  });
  it('colours comments', () => assert.ok(lines[3].some((token) => token.includes('comment.block.helm')), lines[3].join('\n')));
  it('reads the prose as text, not YAML', () => {
    assert.deepEqual(lines[1][0], 'Get the URL: http://=');
    assert.ok(lines.flat().every((token) => !token.includes('yaml')), lines.flat().join('\n'));
  });
});

describe('grammar vocabulary', () => {
  const functions = ['toYaml', 'nindent', 'indent', 'include', 'tpl', 'required', 'lookup', 'default', 'quote', 'squote', 'printf', 'trunc', 'trimSuffix', 'dict', 'set', 'list', 'merge', 'ternary', 'b64enc', 'sha256sum', 'toJson', 'fromYaml', 'randAlphaNum', 'now', 'print', 'len', 'index', 'hasKey', 'empty', 'coalesce', 'semverCompare', 'fail', 'toString', 'upper', 'replace', 'get', 'keys', 'uuidv4', 'mustMergeOverwrite'];
  for (const name of functions) {
    it(`${name} is a function`, () => assert.deepEqual(scopesOfWord(`{{ ${name} .Values.x }}`, name), ['support.function.helm']));
  }
  for (const name of ['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']) {
    it(`${name} is a control keyword`, () => assert.deepEqual(scopesOfWord(`{{ ${name} }}`, name), ['keyword.control.helm']));
  }
  for (const name of ['and', 'or', 'not']) {
    it(`${name} is a logical operator`, () => assert.deepEqual(scopesOfWord(`{{ ${name} .a .b }}`, name), ['keyword.operator.logical.helm']));
  }
  for (const name of ['eq', 'ne', 'lt', 'le', 'gt', 'ge']) {
    it(`${name} is a comparison operator`, () => assert.deepEqual(scopesOfWord(`{{ ${name} .a .b }}`, name), ['keyword.operator.comparison.helm']));
  }
  it('a name that is no known function is still a function call', () => {
    assert.deepEqual(scopesOfWord('{{ myChartHelper .Values.x }}', 'myChartHelper'), ['variable.function.helm']);
  });
  it('keywords inside field names are fields', () => {
    assert.deepEqual(scopesOfWord('{{ .Values.end }}', 'end'), ['variable.other.member.helm']);
    assert.deepEqual(scopesOfWord('{{ $.Values.range }}', 'range'), ['variable.other.member.helm']);
    assert.deepEqual(scopesOfWord('{{ .Values.quote }}', 'quote'), ['variable.other.member.helm']);
  });
  it('a built-in object only starts a chain', () => {
    assert.deepEqual(scopesOfWord('{{ .Values.Release }}', 'Values'), ['support.variable.helm']);
    assert.deepEqual(scopesOfWord('{{ .Values.Release }}', 'Release'), ['variable.other.member.helm']);
  });
  it('{{-3}} is a number, not a trim marker', () => {
    assert.deepEqual(scopesOfWord('{{-3}}', '-3'), ['constant.numeric.helm']);
  });
});

describe('grammar structure', () => {
  const raw = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as RawRule & { scopeName: string; repository: Record<string, RawRule>; injections: Record<string, RawRule> };

  it('is the helm-template grammar that embeds source.yaml', () => {
    assert.equal(raw.scopeName, 'source.helm-template');
    assert.ok(JSON.stringify(raw.patterns).includes('"source.yaml"'));
  });

  it('injects actions everywhere in its own documents except inside actions and comments', () => {
    assert.deepEqual(Object.keys(raw.injections), ['L:source.helm-template -meta.embedded.block.helm -comment.block.helm']);
  });

  it('every local include names a repository entry', () => {
    const missing = collectRules(raw).flatMap((rule) => (rule.include?.startsWith('#') && !(rule.include.slice(1) in raw.repository) ? [rule.include] : []));
    assert.deepEqual(missing, []);
  });

  it('every regular expression compiles with oniguruma', async () => {
    await loadOniguruma();
    const broken: string[] = [];
    for (const rule of collectRules(raw)) {
      for (const source of [rule.match, rule.begin, rule.end, rule.while]) {
        if (source === undefined) continue;
        try {
          oniguruma.createOnigScanner([source]).dispose();
        } catch (error) {
          broken.push(`${source}: ${String(error)}`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  it('every scope name ends with .helm', () => {
    // The first rule is the grammar itself, whose name is the display name.
    const names = collectRules(raw).slice(1).flatMap((rule) => [rule.name, rule.contentName, ...Object.values(rule.captures ?? {}).map((capture) => capture.name)]).filter((name): name is string => name !== undefined);
    assert.ok(names.length > 10);
    assert.deepEqual(names.filter((name) => !name.split(' ').every((scope) => scope.endsWith('.helm'))), []);
  });
});

describe('grammar token types', () => {
  // VS Code decides from these bits whether a bracket or quote typed here auto-closes and
  // whether bracket matching applies. An action inside a YAML string must count as code.
  const tokenTypeMask = 0b11_0000_0000;
  const tokenTypeOffset = 8;
  const standardTokenType = { other: 0, comment: 1, string: 2 } as const;

  function tokenTypeAt(line: string, column: number): number {
    const { tokens } = grammar.tokenizeLine2(line, INITIAL);
    let type = -1;
    for (let index = 0; index < tokens.length; index += 2) {
      if (tokens[index] <= column) type = (tokens[index + 1] & tokenTypeMask) >>> tokenTypeOffset;
    }
    return type;
  }

  it('an action inside a YAML string is code, its own strings are strings', () => {
    const line = 'name: "x-{{ include "app.fullname" . }}"';
    assert.equal(tokenTypeAt(line, line.indexOf('x-')), standardTokenType.string);
    assert.equal(tokenTypeAt(line, line.indexOf('include')), standardTokenType.other);
    assert.equal(tokenTypeAt(line, line.indexOf('app.fullname')), standardTokenType.string);
  });

  it('a template comment is a comment', () => {
    const line = 'x: 1 {{/* note */}}';
    assert.equal(tokenTypeAt(line, line.indexOf('note')), standardTokenType.comment);
  });
});

interface RawRule {
  readonly include?: string;
  readonly name?: string;
  readonly contentName?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly while?: string;
  readonly captures?: Record<string, RawRule>;
  readonly beginCaptures?: Record<string, RawRule>;
  readonly endCaptures?: Record<string, RawRule>;
  readonly patterns?: readonly RawRule[];
  readonly repository?: Record<string, RawRule>;
  readonly injections?: Record<string, RawRule>;
}

/** Every rule object in a raw grammar, nested ones and captures included. */
function collectRules(rule: RawRule): RawRule[] {
  const children = [
    ...(rule.patterns ?? []),
    ...Object.values(rule.repository ?? {}),
    ...Object.values(rule.injections ?? {}),
    ...Object.values(rule.captures ?? {}),
    ...Object.values(rule.beginCaptures ?? {}),
    ...Object.values(rule.endCaptures ?? {}),
  ];
  return [rule, ...children.flatMap(collectRules)];
}

interface Assertion {
  /** Index into the fixture's template lines. */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly present: readonly string[];
  readonly absent: readonly string[];
  /** 1-based line in the fixture file, for messages. */
  readonly sourceLine: number;
}

interface Token {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly scopes: readonly string[];
}

const assertionLine = /^(\s*)#(\s*)(\^+|<-)\s+(\S.*)$/;

function parseFixture(raw: string): { lines: string[]; assertions: Assertion[] } {
  const lines: string[] = [];
  const assertions: Assertion[] = [];
  raw.split('\n').forEach((text, index) => {
    const match = assertionLine.exec(text);
    if (!match || lines.length === 0) {
      lines.push(text);
      return;
    }
    const hash = match[1].length;
    const isArrow = match[3] === '<-';
    const start = isArrow ? hash : hash + 1 + match[2].length;
    const words = match[4].trim().split(/\s+/);
    const dash = words.indexOf('-');
    assertions.push({
      line: lines.length - 1,
      start,
      end: isArrow ? start + 1 : start + match[3].length,
      present: dash === -1 ? words : words.slice(0, dash),
      absent: dash === -1 ? [] : words.slice(dash + 1),
      sourceLine: index + 1,
    });
  });
  return { lines, assertions };
}

function tokenize(lines: readonly string[]): Token[][] {
  let state: StateStack = INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens;
  });
}

function checkAssertion(assertion: Assertion, lines: readonly string[], tokens: readonly Token[][]): string[] {
  const text = lines[assertion.line];
  const where = `line ${assertion.sourceLine} (${JSON.stringify(text.slice(assertion.start, assertion.end))} of ${JSON.stringify(text)})`;
  if (assertion.end > text.length) return [`${where}: the marker runs past the end of the line`];
  const failures: string[] = [];
  for (let column = assertion.start; column < assertion.end; column++) {
    const token = tokens[assertion.line].find((candidate) => candidate.startIndex <= column && column < candidate.endIndex);
    const scopes = token?.scopes ?? [];
    const missing = assertion.present.filter((scope) => !hasScope(scopes, scope));
    const unwanted = assertion.absent.filter((scope) => hasScope(scopes, scope));
    if (missing.length > 0 || unwanted.length > 0) {
      failures.push(`${where}, column ${column}: ${missing.length > 0 ? `missing ${missing.join(' ')}` : ''}${unwanted.length > 0 ? ` unwanted ${unwanted.join(' ')}` : ''}; has ${scopes.join(' ')}`);
      break;
    }
  }
  return failures;
}

function hasScope(scopes: readonly string[], wanted: string): boolean {
  return scopes.some((scope) => scope === wanted || scope.startsWith(`${wanted}.`));
}

/** The innermost scope of each token of `word` in a single-line template. */
function scopesOfWord(line: string, word: string): string[] {
  const start = line.indexOf(word, line.indexOf('{{') + 2);
  const { tokens } = grammar.tokenizeLine(line, INITIAL);
  return tokens.filter((token) => token.startIndex < start + word.length && token.endIndex > start).map((token) => token.scopes[token.scopes.length - 1]);
}

function loadOniguruma(): Promise<void> {
  onigurumaLoaded ??= oniguruma.loadWASM(fs.readFileSync(wasmPath));
  return onigurumaLoaded;
}

async function loadHelmGrammar(scope = 'source.helm-template'): Promise<IGrammar> {
  await loadOniguruma();
  const files: Record<string, string> = { 'source.helm-template': grammarPath, 'source.yaml': yamlStandInPath, 'text.helm-notes': notesGrammarPath };
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    async loadGrammar(scopeName: string): Promise<IRawGrammar | null> {
      const file = files[scopeName];
      return file ? parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
  });
  const loaded = await registry.loadGrammar(scope);
  assert.ok(loaded, `the ${scope} grammar did not load`);
  return loaded;
}
