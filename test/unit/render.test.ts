/**
 * Helm's engine beyond single templates: the template set across charts, the source map, the
 * render limits and the promise never to throw. Template-by-template behaviour is checked
 * against real Helm in renderEngine.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { originsAt, renderTemplates, type EngineTemplate, type RenderedTemplate } from '../../server/src/analysis/render/engine';
import { functionLibrary } from '../../server/src/analysis/render/functions/index';
import type { GoMap, Value } from '../../server/src/analysis/render/value';

const values = (entries: Record<string, Value>): GoMap => new Map([['Values', new Map(Object.entries(entries))]]);
const ctx = values({ name: 'app', image: new Map<string, Value>([['tag', 'v1']]), ports: [80, 443] });

function render(files: Record<string, string>, limits = {}): ReturnType<typeof renderTemplates> {
  const templates: EngineTemplate[] = Object.entries(files).map(([name, text]) => ({ name, text, context: ctx }));
  return renderTemplates(templates, new Map(), limits);
}

function only(result: ReturnType<typeof renderTemplates>, name: string): RenderedTemplate {
  const t = result.templates.find((x) => x.name === name);
  assert.ok(t, `${name} was not rendered`);
  return t;
}

describe('template set', () => {
  it('a parent chart define overrides a subchart define of the same name', () => {
    const result = render({
      'p/templates/a.yaml': '{{ include "x" . }}',
      'p/templates/_h.tpl': '{{ define "x" }}parent{{ end }}',
      'p/charts/sub/templates/_h.tpl': '{{ define "x" }}sub{{ end }}',
      'p/charts/sub/templates/b.yaml': '{{ include "x" . }}',
    });
    assert.equal(only(result, 'p/templates/a.yaml').output, 'parent');
    assert.equal(only(result, 'p/charts/sub/templates/b.yaml').output, 'parent');
  });

  it('partials are not rendered; .Template names the file and its chart', () => {
    const result = render({ 'p/templates/_h.tpl': 'x', 'p/charts/s/templates/t.yaml': '{{ .Template.Name }} {{ .Template.BasePath }}' });
    assert.deepEqual(result.templates.map((t) => t.name), ['p/charts/s/templates/t.yaml']);
    assert.equal(result.templates[0].output, 'p/charts/s/templates/t.yaml p/charts/s/templates');
  });

  it('a file that fails to parse is reported and leaves the others rendering', () => {
    const result = render({ 'p/templates/bad.yaml': '{{ end }}', 'p/templates/good.yaml': 'ok' });
    assert.equal(result.parseErrors.length, 1);
    assert.equal(result.parseErrors[0].helmMessage, 'parse error at (p/templates/bad.yaml:1): unexpected {{end}}');
    assert.equal(result.helmError, result.parseErrors[0]);
    assert.equal(only(result, 'p/templates/good.yaml').output, 'ok');
  });
});

describe('source map', () => {
  const text = 'name: {{ .Values.name }}\ntag: {{ .Values.image.tag | len }}\nsame: {{ .Values.image.tag | printf "%s" }}\n{{ include "lbl" . }}';
  const helper = '{{ define "lbl" }}l: {{ .Values.name }}{{ end }}';
  const result = render({ 'p/templates/t.yaml': text, 'p/templates/_h.tpl': helper });
  const t = only(result, 'p/templates/t.yaml');

  it('segments tile the output', () => {
    let at = 0;
    for (const s of t.segments) {
      assert.equal(s.start, at);
      at = s.end;
    }
    assert.equal(at, t.output.length);
  });

  it('literal text points at its offset in the file', () => {
    const s = t.segments.find((x) => t.output.slice(x.start, x.end) === '\ntag: ')!;
    assert.deepEqual(s.origin, { kind: 'text', template: 'p/templates/t.yaml', offset: text.indexOf('\ntag: ') });
  });

  it('a printed field chain rooted in .Values is a value with its key path', () => {
    const s = t.segments.find((x) => t.output.slice(x.start, x.end) === 'app')!;
    assert.equal(s.origin.kind, 'value');
    assert.deepEqual(s.origin.kind === 'value' && s.origin.path, ['Values', 'name']);
  });

  it('a function result is computed at its action', () => {
    const s = t.segments.find((x) => t.output.slice(x.start, x.end) === '2')!;
    assert.equal(s.origin.kind, 'computed');
  });

  it('a function that prints its argument unchanged keeps the value', () => {
    const s = t.segments.find((x) => t.output.slice(x.start, x.end) === 'v1')!;
    assert.equal(s.origin.kind, 'value');
    assert.deepEqual(s.origin.kind === 'value' && s.origin.path, ['Values', 'image', 'tag']);
  });
});

describe('limits and safety', () => {
  it('include recursion stops at the call depth limit with a message and the output so far', () => {
    const result = render({ 'p/templates/t.yaml': 'before {{ include "r" . }}', 'p/templates/_h.tpl': '{{ define "r" }}{{ include "r" . }}{{ end }}' }, { maxCallDepth: 20 });
    const t = only(result, 'p/templates/t.yaml');
    assert.equal(t.error?.kind, 'limit');
    assert.match(t.error!.message, /more than 20 nested template calls/);
    assert.equal(t.output, 'before ');
  });

  it('template recursion stops too', () => {
    const result = render({ 'p/templates/t.yaml': '{{ define "r" }}x{{ template "r" . }}{{ end }}{{ template "r" . }}' }, { maxCallDepth: 10 });
    assert.equal(only(result, 'p/templates/t.yaml').error?.kind, 'limit');
  });

  it('range iterations are bounded', () => {
    const result = render({ 'p/templates/t.yaml': '{{ range 1000000 }}{{ range 1000000 }}{{ end }}{{ end }}' }, { maxRangeIterations: 10_000 });
    assert.match(only(result, 'p/templates/t.yaml').error!.message, /more than 10000 range iterations/);
  });

  it('output is bounded', () => {
    const result = render({ 'p/templates/t.yaml': '{{ range 100000 }}xxxxxxxxxx{{ end }}' }, { maxOutput: 1000 });
    const t = only(result, 'p/templates/t.yaml');
    assert.equal(t.error?.kind, 'limit');
    assert.ok(t.output.length <= 1000);
  });

  it('never throws on broken or hostile text', () => {
    const hostile = ['{{', '}}', '{{ (((((( }}', '{{ if }}', '{{ range $a, $b, $c := . }}', '{{/*', "{{ '\\", '{{ 0x }}', '{{ 1e }}', '{{ .a.b.c.d }}', '{{ template "x" }}', '{{ define "a" }}{{ define "b" }}{{ end }}{{ end }}', '\u0000{{ "\\u0000" }}', '{{ printf "%[0]d %[9]d %.*d" }}', '{{ index . }}{{ slice . 1 }}', '{{ $x := 1 }}{{ $x = }}', '{{ break }}', '{{- -}}', '{{ - }}', '{{ | }}'];
    for (const text of hostile) {
      const result = render({ 'p/templates/t.yaml': text });
      assert.ok(result.parseErrors.length + result.templates.length >= 1, text);
    }
  });
});

describe('source map through include', () => {
  const helper = '{{- define "lbl" -}}\na: 1\nb: {{ .Values.name }}\n{{- end -}}';
  const text = 'metadata:\n  labels:{{ include "lbl" . | nindent 4 }}\n  q: {{ include "lbl" . | quote }}\n';
  const result = renderTemplates(
    [
      { name: 'p/templates/t.yaml', text, context: ctx },
      { name: 'p/templates/_h.tpl', text: helper, context: ctx },
    ],
    functionLibrary,
  );
  const t = only(result, 'p/templates/t.yaml');
  const spanOf = (needle: string, from = 0): { start: number; end: number } => {
    const start = t.output.indexOf(needle, from);
    assert.ok(start >= 0, `${needle} not in ${JSON.stringify(t.output)}`);
    return { start, end: start + needle.length };
  };

  it('renders as Helm does', () => {
    assert.equal(t.output, 'metadata:\n  labels:\n    a: 1\n    b: app\n  q: "a: 1\\nb: app"\n');
  });

  it('text from the define keeps its file and offset after nindent', () => {
    const [piece] = originsAt(t.segments, spanOf('a: 1'));
    assert.equal(piece.origin.kind, 'text');
    assert.deepEqual(piece.source, { template: 'p/templates/_h.tpl', span: { start: helper.indexOf('a: 1'), end: helper.indexOf('a: 1') + 4 } });
    assert.deepEqual(piece.via.map((site) => [site.template, text.slice(site.span.start, site.span.end)]), [['p/templates/t.yaml', 'include "lbl" .']]);
  });

  it('a value inside the define keeps its key path', () => {
    const [piece] = originsAt(t.segments, spanOf('app'));
    assert.equal(piece.origin.kind, 'value');
    assert.deepEqual(piece.origin.kind === 'value' && piece.origin.path, ['Values', 'name']);
    assert.equal(piece.source.template, 'p/templates/_h.tpl');
  });

  it('the indentation nindent adds is computed by the action', () => {
    const pieces = originsAt(t.segments, spanOf('\n    a'));
    assert.equal(pieces[0].origin.kind, 'computed');
    assert.equal(text.slice(pieces[0].source.span.start, pieces[0].source.span.end), '{{ include "lbl" . | nindent 4 }}');
  });

  it('quote escapes the newline, so the text falls back to computed', () => {
    const [piece] = originsAt(t.segments, spanOf('"a: 1'));
    assert.equal(piece.origin.kind, 'computed');
  });

  it('an empty span asks about one character', () => {
    const at = spanOf('b: app').start;
    const [piece] = originsAt(t.segments, { start: at, end: at });
    assert.deepEqual(piece.output, { start: at, end: at + 1 });
  });
});
