/**
 * The scanner makes an action's tokens when they are first read (scanner.ts, ScannedAction), and
 * the readers that look at every action read the text first (the mask's block functions, string
 * arguments that may spell a hook key, generator calls). The tokens must be the ones the scan
 * stepped over, the action's kind the one its first tokens give, and a reader that looks at the
 * text first must find what reading every action's tokens finds.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { scanTemplate, type TemplateAction } from '../../server/src/analysis/template/scanner';
import { maskTemplate } from '../../server/src/analysis/template/mask';
import { parseTemplateFile } from '../../server/src/analysis/yaml/documents';
import { seededRandom } from './support/seededRandom';

const blockKeywords = new Set(['if', 'range', 'with', 'define', 'block', 'else', 'end', 'template', 'break', 'continue']);

/** The kind of an action from its tokens, as the scanner classified actions when it made every token. */
function kindFromTokens(action: TemplateAction): string {
  const [first, second] = action.tokens;
  if (!first) return 'output';
  if (first.kind === 'identifier' && blockKeywords.has(first.text)) return first.text;
  if (first.kind === 'variable' && second && (second.kind === 'declare' || second.kind === 'assign')) return 'assignment';
  return 'output';
}

describe('tokens made when read', () => {
  it('are the tokens between the delimiters, in order, with blanks between, and the kind is theirs', () => {
    const random = seededRandom(1515);
    const parts = ['{{', '}}', '{{- ', ' -}}', '"', '\\"', '`', "'", '(', ')', '|', ':=', '=', '$x', '.Values.a', 'if', 'else', 'end', 'range', 'define', '"helm.sh/hook"', '\n', '\r\n', ' ', '\t', '/*', '*/', '1.5e+3', '-2', 'x', '\\', 'with', '$', ',', '}', '{'];
    let actions = 0;
    for (let text = 0; text < 20000; text++) {
      let source = '';
      for (let part = 1 + Math.floor(random() * 25); part > 0; part--) source += parts[Math.floor(random() * parts.length)];
      for (const action of scanTemplate(source).actions) {
        actions++;
        if (action.kind === 'comment') continue;
        const tokens = action.tokens;
        assert.equal(action.tokens, tokens, 'read twice, the same tokens');
        assert.equal(action.kind, kindFromTokens(action), JSON.stringify(source));
        let cursor = action.innerSpan.start;
        for (const token of tokens) {
          assert.match(source.slice(cursor, token.span.start), /^[ \t\r\n]*$/, JSON.stringify(source));
          assert.ok(token.span.start < action.innerSpan.end && token.span.end > token.span.start, JSON.stringify(source));
          assert.equal(token.text, source.slice(token.span.start, token.span.end));
          cursor = token.span.end;
        }
        assert.match(source.slice(Math.min(cursor, action.innerSpan.end), action.innerSpan.end), /^[ \t\r\n]*$/, JSON.stringify(source));
      }
    }
    assert.ok(actions > 10000, `only ${actions} actions`);
  });

  it('give strings their values, escapes decoded, whether or not they close', () => {
    const [action] = scanTemplate('{{ dict "a\\"b" `raw` \'c\' "open\n}}').actions;
    assert.deepEqual(action.tokens.map((token) => [token.kind, token.value]), [['identifier', undefined], ['string', 'a"b'], ['rawString', 'raw'], ['char', undefined], ['string', 'open']]);
  });
});

describe('readers that look at the text first', () => {
  it('mask block functions as blanks and other inline actions as placeholders', () => {
    // Each action blank (' ') when it prints a block, a placeholder ('x') when it prints inside the line.
    const cases: [string, string][] = [
      ['a: {{ .Values.x | nindent 4 }}\n', ' '],
      ['a: {{ toYamlPretty .Values.x }}\n', ' '],
      ['a: {{ include "x" . | indent 2 }}-b\n', ' '],
      ['a: {{ .Values.indentation }}\n', 'x'],
      ['a: {{ "toJson" }}\n', 'x'],
      ['a: {{ .toYaml }}-{{ toJson . }}\n', 'x '],
    ];
    for (const [text, fills] of cases) {
      const actions = scanTemplate(text).actions;
      let masked = text;
      actions.forEach((action, index) => (masked = masked.slice(0, action.span.start) + fills[index].repeat(action.span.end - action.span.start) + masked.slice(action.span.end)));
      assert.equal(maskTemplate(text, scanTemplate(text)), masked, JSON.stringify(text));
    }
  });

  it('find hook keys passed as string arguments, escaped, in any case, among actions that cannot hold one', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: {{ include "x.fullname" . }}',
      '  annotations: {{- toYaml (dict "h\\elm.sh/h\\ook" "pre-install" "other" "x") | nindent 4 }}',
      '  labels: {{ dict "Helm.sh/Hook-Weight" "1" | toYaml | nindent 4 }}',
      '  x: {{ .Values.hook }} {{ set $a "helm.sh/hook-delete-policy" "hook-succeeded" }} {{ .Values.y }}',
      '',
    ].join('\n');
    const [document] = parseTemplateFile({ path: 'templates/cm.yaml', text }).documents;
    assert.deepEqual(document.argumentAnnotations.map((entry) => entry.key), ['helm.sh/hook', 'Helm.sh/Hook-Weight', 'helm.sh/hook-delete-policy']);
  });
});
