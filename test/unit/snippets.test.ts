/**
 * Tests the hook snippets (`server/src/analysis/ide/snippets.ts`): every body is valid VS Code
 * snippet syntax, and every snippet, with its defaults taken (first choice, placeholder
 * defaults, empty final tab stop) and with each other choice picked, gives a template the
 * analysis core finds nothing wrong with. A snippet that is a fragment (annotations only) is
 * also checked inside a small resource, inserted the way VS Code inserts it: later lines get
 * the indentation of the line the cursor is on. Then: completion offers each snippet where it
 * fits, and none among values.
 *
 * The rule set grows; when a new rule fires on a snippet, fix the snippet, not the rule.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyzeChart, getCompletions, hookSnippets, type Finding } from '../../server/src/analysis';

const snippets = Object.fromEntries(hookSnippets.map((snippet) => [snippet.name, snippet]));

/** Where each fragment snippet goes: `<cursor>` marks the insertion point. */
const hosts: Record<string, string> = {
  'Helm hook: annotations': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: settings',
    '  <cursor>',
    'data:',
    '  mode: fast',
  ].join('\n'),
};

describe('snippet expander', () => {
  it('takes placeholder defaults, first choices and mirrors', () => {
    assert.equal(expandSnippet('a ${1:one} ${2|x,y|} $1 ${3} $0.'), 'a one x one  .');
  });
  it('uses a default written after its mirror', () => {
    assert.equal(expandSnippet('$1-${1:late}'), 'late-late');
  });
  it('expands nested placeholders', () => {
    assert.equal(expandSnippet('${1:outer ${2:inner}} $2'), 'outer inner inner');
  });
  it('takes a picked choice everywhere its tab stop appears', () => {
    assert.equal(expandSnippet('${1|a,b|} $1', new Map([[1, 1]])), 'b b');
  });
  it('keeps escaped characters', () => {
    assert.equal(expandSnippet('\\$x \\} \\\\ ${1:a\\}b} ${2|c\\,d,e|}'), '$x } \\ a}b c,d');
  });
  it('rejects broken syntax', () => {
    for (const broken of ['${1:open', '${1|a,b}', '{{ $x }}', '${name}', '${1:a} ${1:b}', '$0 $0']) {
      assert.throws(() => expandSnippet(broken), SnippetSyntaxError, broken);
    }
  });
});

describe('snippets', () => {
  const names = Object.keys(snippets);

  it('exist, with unique prefixes, descriptions and no tabs', () => {
    assert.ok(names.length >= 7);
    const prefixes = names.map((name) => snippets[name].prefix);
    assert.equal(new Set(prefixes).size, prefixes.length);
    for (const name of names) {
      assert.ok(/^helm-hook-[a-z-]+$/.test(snippets[name].prefix), name);
      assert.ok(snippets[name].description.length > 20, name);
      assert.ok(!bodyOf(name).includes('\t'), `${name} contains a tab, which YAML indentation forbids`);
    }
  });

  it('cover the hooks a chart typically needs', () => {
    const documents = names.map((name) => expandSnippet(bodyOf(name)));
    const has = (kind: string, event: string) => documents.some((text) => text.includes(`kind: ${kind}\n`) && new RegExp(`"helm\\.sh/hook": [^\\n]*\\b${event}\\b`).test(text));
    assert.ok(has('Job', 'post-install') && has('Job', 'post-upgrade'), 'migration Job');
    assert.ok(has('Job', 'pre-upgrade'), 'backup Job');
    assert.ok(has('Job', 'pre-delete'), 'cleanup Job');
    assert.ok(has('Pod', 'test'), 'test Pod');
    assert.ok(has('ServiceAccount', 'pre-install') && has('ConfigMap', 'pre-install'), 'pre-install dependencies');
  });

  it('give what pre-install Jobs need a lower weight than the Jobs', () => {
    const weightOf = (name: string) => Number(/"helm\.sh\/hook-weight": "(-?\d+)"/.exec(expandSnippet(bodyOf(name)))?.[1]);
    const migration = weightOf('Helm hook: database migration Job');
    assert.ok(weightOf('Helm hook: ServiceAccount for hooks') < migration);
    assert.ok(weightOf('Helm hook: ConfigMap for hooks') < migration);
  });

  for (const name of names) {
    it(`${name}: valid snippet syntax`, () => {
      assert.doesNotThrow(() => parseSnippet(bodyOf(name)));
    });

    it(`${name}: expands to a template with no finding`, () => {
      const text = expandSnippet(bodyOf(name));
      const host = hosts[name];
      const isDocument = text.startsWith('apiVersion:');
      assert.ok(isDocument || host, `${name} is a fragment: give it a host resource in this test`);
      assertNoFindings(text);
      if (host) assertNoFindings(insertAtCursor(host, text));
    });

    it(`${name}: every other choice also gives a template with no finding`, () => {
      for (const [index, option] of otherChoices(bodyOf(name))) {
        const text = expandSnippet(bodyOf(name), new Map([[index, option]]));
        assertNoFindings(hosts[name] ? insertAtCursor(hosts[name], text) : text);
      }
    });

    if (bodyOf(name).includes('kind: Job')) {
      it(`${name}: Job cleans up and does not restart`, () => {
        const text = expandSnippet(bodyOf(name));
        assert.match(text, /"helm\.sh\/hook-delete-policy": before-hook-creation,hook-succeeded\n/);
        assert.match(text, /\n {6}restartPolicy: Never\n/);
        assert.match(text, /\n {2}backoffLimit: \d+\n/);
        assert.match(text, /\n {2}activeDeadlineSeconds: \d+\n/);
      });
    }
  }
});

describe('where completion offers the snippets', () => {
  const documentPrefixes = hookSnippets.filter((snippet) => snippet.place === 'document').map((snippet) => snippet.prefix);
  const helpers = '{{- define "demo.fullname" -}}{{ .Release.Name }}{{- end }}\n{{- define "demo.labels" -}}app: demo{{- end }}\n';
  const user = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "demo.fullname" . }}\n  labels:\n    {{- include "demo.labels" . | nindent 4 }}\n';

  /** The snippet items at `<|>` of templates/x.yaml (or `file`), by label. */
  function snippetItems(text: string, options: { file?: string; withHelpers?: boolean } = {}) {
    const file = options.file ?? 'templates/x.yaml';
    const offset = text.indexOf('<|>');
    const body = text.replace('<|>', '');
    const templates = [{ path: file, text: body }, ...(options.withHelpers ? [{ path: 'templates/_helpers.tpl', text: helpers }, { path: 'templates/user.yaml', text: user }] : [])];
    const chart = file === 'values.yaml' ? { name: 'demo', templates: [], values: { path: 'values.yaml', text: body } } : { name: 'demo', templates };
    return getCompletions(chart, file, offset).items.filter((item) => item.label.startsWith('helm-hook-'));
  }
  const labels = (text: string, options?: { file?: string }) => snippetItems(text, options).map((item) => item.label);

  it('offers the resource snippets where a new document may start', () => {
    assert.deepEqual(labels('<|>'), documentPrefixes);
    assert.deepEqual(labels('helm-hook<|>'), documentPrefixes);
    assert.deepEqual(labels('apiVersion: v1\nkind: ConfigMap\n---\n<|>'), documentPrefixes);
    const atEnd = snippetItems('apiVersion: v1\nkind: ConfigMap\n<|>');
    assert.deepEqual(atEnd.map((item) => item.label), documentPrefixes);
    assert.ok(atEnd.every((item) => item.insertText.startsWith('---\napiVersion:')), 'a snippet after a document starts a new one');
  });

  it('offers the annotations block under a manifest\'s metadata, unless it has annotations', () => {
    assert.deepEqual(labels('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  <|>\ndata: {}\n'), ['helm-hook-annotations']);
    assert.deepEqual(labels('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  ann<|>\n'), ['helm-hook-annotations']);
    assert.deepEqual(labels('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations: {}\n  <|>\n'), []);
  });

  it('offers none among values, inside a resource, in a separator or in values files', () => {
    const hook = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n  annotations:\n';
    assert.deepEqual(labels(`${hook}    helm.sh/hook: <|>\n`), []);
    assert.deepEqual(labels(`${hook}    helm.sh/hook: pre-install\n    helm.sh/hook-weight: <|>\n`), []);
    assert.deepEqual(labels(`${hook}    helm.sh/hook: pre-install\n    helm.sh/hook-delete-policy: "<|>"\n`), []);
    assert.deepEqual(labels(`${hook}    <|>\n`), []);
    assert.deepEqual(labels('apiVersion: v1\nkind: ConfigMap\n<|>\ndata: {}\n'), []);
    assert.deepEqual(labels('apiVersion: v1\nkind: ConfigMap\ndata:\n  <|>\n'), []);
    assert.deepEqual(labels('apiVersion: v1\n---<|>\n'), []);
    assert.deepEqual(labels('<|>', { file: 'values.yaml' }), []);
    assert.deepEqual(labels('<|>', { file: 'templates/_helpers.tpl' }), []);
  });

  it('names objects with the chart\'s own helpers when it has both that the snippets include', () => {
    const migration = snippetItems('<|>', { withHelpers: true }).find((item) => item.label === 'helm-hook-migration-job');
    assert.match(migration?.insertText ?? '', /include "\$\{1:demo\}\.fullname" \./);
    assert.match(snippetItems('<|>').find((item) => item.label === 'helm-hook-migration-job')?.insertText ?? '', /include "\$\{1:chart\}\.fullname" \./);
  });
});

/** Every (tab stop, option index) a user can pick beyond the first option of a choice. */
function otherChoices(source: string): Array<[number, number]> {
  return parseSnippet(source).flatMap((node) => (node.type === 'choice' ? node.options.slice(1).map((_, offset): [number, number] => [node.index, offset + 1]) : []));
}

function bodyOf(name: string): string {
  return snippets[name].body.join('\n');
}

function assertNoFindings(text: string): void {
  const result = analyzeChart({ name: 't', templates: [{ path: 'templates/x.yaml', text }] });
  assert.deepEqual(result.internalErrors, []);
  assert.deepEqual(result.findings.map(describeFinding), [], `findings in:\n${text}`);
  // The core stays silent on YAML it cannot read; make sure the rendered shape parses.
  const errors = parseAllDocuments(maskActions(text)).flatMap((document) => ('errors' in document ? document.errors.map((error) => error.message) : []));
  assert.deepEqual(errors, [], `YAML errors in:\n${text}`);
}

function describeFinding(finding: Finding): string {
  return `${finding.rule} ${finding.severity}: ${finding.message}`;
}

/** Replaces each template action with spaces, as if it rendered to nothing. */
function maskActions(text: string): string {
  return text.replace(/\{\{[\s\S]*?\}\}/g, (action) => action.replace(/[^\n]/g, ' '));
}

/** Inserts `text` at `<cursor>`; its later lines get the cursor line's indentation, as in VS Code. */
function insertAtCursor(host: string, text: string): string {
  const cursor = host.indexOf('<cursor>');
  const lineStart = host.lastIndexOf('\n', cursor) + 1;
  const indentation = /^[ ]*/.exec(host.slice(lineStart))![0];
  const indented = text.split('\n').join(`\n${indentation}`);
  return host.slice(0, cursor) + indented + host.slice(cursor + '<cursor>'.length);
}

// --- VS Code snippet syntax -------------------------------------------------------------
// Grammar (the subset snippets here may use; variables are refused, since `$name` would
// turn a Go template variable into a placeholder):
//   any         ::= tabstop | placeholder | choice | text
//   tabstop     ::= '$' int | '${' int '}'
//   placeholder ::= '${' int ':' any* '}'
//   choice      ::= '${' int '|' text (',' text)* '|}'
// In text, `\$`, `\}` and `\\` are escapes; in a choice `\,` and `\|` are too. A `$` that
// starts none of the above is an error here (VS Code would insert it, or a variable).

class SnippetSyntaxError extends Error {}

type SnippetNode =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'tabstop'; readonly index: number }
  | { readonly type: 'placeholder'; readonly index: number; readonly children: readonly SnippetNode[] }
  | { readonly type: 'choice'; readonly index: number; readonly options: readonly string[] };

function parseSnippet(source: string): SnippetNode[] {
  let position = 0;

  const fail = (what: string): never => {
    throw new SnippetSyntaxError(`${what} at ${position}: ${JSON.stringify(source.slice(Math.max(0, position - 20), position + 20))}`);
  };

  const readInt = (): number => {
    const match = /^\d+/.exec(source.slice(position));
    if (!match) fail('expected a tab stop number');
    position += match![0].length;
    return Number(match![0]);
  };

  const parseSequence = (insidePlaceholder: boolean): SnippetNode[] => {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ type: 'text', value: text });
      text = '';
    };
    while (position < source.length) {
      const char = source[position];
      if (char === '\\' && '$}\\'.includes(source[position + 1] ?? '')) {
        text += source[position + 1];
        position += 2;
      } else if (char === '}' && insidePlaceholder) {
        flush();
        return nodes;
      } else if (char === '$') {
        flush();
        nodes.push(parseDollar());
      } else {
        text += char;
        position += 1;
      }
    }
    if (insidePlaceholder) fail('unclosed placeholder');
    flush();
    return nodes;
  };

  const parseDollar = (): SnippetNode => {
    position += 1; // $
    if (/\d/.test(source[position] ?? '')) return { type: 'tabstop', index: readInt() };
    if (source[position] !== '{') return fail('a lone $ (escape it as \\$)');
    position += 1;
    const index = readInt();
    const next = source[position];
    if (next === '}') {
      position += 1;
      return { type: 'tabstop', index };
    }
    if (next === ':') {
      position += 1;
      const children = parseSequence(true);
      position += 1; // }
      return { type: 'placeholder', index, children };
    }
    if (next === '|') {
      position += 1;
      const options = parseChoiceOptions();
      return { type: 'choice', index, options };
    }
    return fail('expected }, : or | after the tab stop number');
  };

  const parseChoiceOptions = (): string[] => {
    const options: string[] = [];
    let option = '';
    while (position < source.length) {
      const char = source[position];
      if (char === '\\' && ',|\\$}'.includes(source[position + 1] ?? '')) {
        option += source[position + 1];
        position += 2;
      } else if (char === ',') {
        options.push(option);
        option = '';
        position += 1;
      } else if (char === '|' && source[position + 1] === '}') {
        options.push(option);
        position += 2;
        return options;
      } else if (char === '|' || char === '$') {
        fail(`unescaped ${char} in a choice`);
      } else {
        option += char;
        position += 1;
      }
    }
    return fail('unclosed choice');
  };

  const nodes = parseSequence(false);
  checkTabStops(nodes);
  return nodes;
}

/** One definition (placeholder or choice) per tab stop, and at most one final `$0`. */
function checkTabStops(nodes: readonly SnippetNode[]): void {
  const defined = new Set<number>();
  let finals = 0;
  const visit = (list: readonly SnippetNode[]) => {
    for (const node of list) {
      if (node.type === 'text') continue;
      if (node.index === 0) finals += 1;
      if (node.type === 'placeholder' || node.type === 'choice') {
        if (defined.has(node.index)) throw new SnippetSyntaxError(`tab stop ${node.index} is defined twice`);
        defined.add(node.index);
      }
      if (node.type === 'placeholder') visit(node.children);
    }
  };
  visit(nodes);
  if (finals > 1) throw new SnippetSyntaxError('more than one $0');
}

/** The text VS Code inserts when the user accepts every default, or picks `picks` (tab stop → option index). */
function expandSnippet(source: string, picks: ReadonlyMap<number, number> = new Map()): string {
  const nodes = parseSnippet(source);
  const defaults = new Map<number, readonly SnippetNode[] | string>();
  const collect = (list: readonly SnippetNode[]) => {
    for (const node of list) {
      if (node.type === 'placeholder') {
        defaults.set(node.index, node.children);
        collect(node.children);
      } else if (node.type === 'choice') {
        defaults.set(node.index, node.options[picks.get(node.index) ?? 0]);
      }
    }
  };
  collect(nodes);
  const render = (list: readonly SnippetNode[]): string => list.map((node) => {
    if (node.type === 'text') return node.value;
    if (node.type === 'placeholder') return render(node.children);
    if (node.type === 'choice') return node.options[picks.get(node.index) ?? 0];
    const value = defaults.get(node.index);
    return value === undefined ? '' : typeof value === 'string' ? value : render(value);
  }).join('');
  return render(nodes);
}
