/**
 * The fast block reader (yaml/blockReader.ts) against `yaml`'s `parseDocument`: for every text,
 * the reader either declines or builds a document deep-equal to `yaml`'s (classes, ranges, values,
 * types, sources, formats, flow, spaceBefore, comments; every enumerable field but `srcToken`).
 * The texts: every document of every fixture (as written, masked, and as documents.ts hands it to
 * `yaml`), generated block YAML, and — with HELM_HOOKS_CORPUS — every corpus template document
 * and every document of the corpus rendered as `helm-hooks template` renders it.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';
import { readBlockDocument, readBlockNodes } from '../../server/src/analysis/yaml/blockReader';
import { parseTemplateFile, skeleton, splitDocuments } from '../../server/src/analysis/yaml/documents';
import { renderChart } from '../../server/src/analysis/render/chart';
import { splitManifests } from '../../server/src/analysis/render/manifests';
import { loadChart } from '../../server/src/node/chartLoader';
import { corpusAbsence, corpusRoot } from '../support/corpus';

type Options = Parameters<typeof parseDocument>[1];
const templateOptions = { version: '1.1', uniqueKeys: false, prettyErrors: false } as const;
const renderedOptions = { version: '1.1', uniqueKeys: false } as const;

/** The first place where `actual` and `expected` differ, or undefined when they are deep-equal (key order included). */
function difference(actual: unknown, expected: unknown, at: string): string | undefined {
  if (actual === expected) return undefined;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return Object.is(actual, expected) ? undefined : `${at}: ${String(actual)} ≠ ${String(expected)}`;
  }
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return `${at}: ${actual.constructor?.name} ≠ ${expected.constructor?.name}`;
  if (actual instanceof Date) return actual.getTime() === (expected as Date).getTime() ? undefined : `${at}: dates differ`;
  if (actual instanceof RegExp) return String(actual) === String(expected) ? undefined : `${at}: ${String(actual)} ≠ ${String(expected)}`;
  const actualKeys = Object.keys(actual).filter((key) => key !== 'srcToken');
  const expectedKeys = Object.keys(expected).filter((key) => key !== 'srcToken');
  if (actualKeys.join() !== expectedKeys.join()) return `${at}: keys ${actualKeys.join()} ≠ ${expectedKeys.join()}`;
  for (const key of actualKeys) {
    const a = (actual as Record<string, unknown>)[key];
    const e = (expected as Record<string, unknown>)[key];
    // The schema's tags are shared objects (functions, regexes): the same ones, in the same order.
    if (key === 'schema') {
      const tags = (schema: unknown): unknown[] => (schema as { tags: unknown[] }).tags;
      if ((a as { name: string }).name !== (e as { name: string }).name || tags(a).length !== tags(e).length || tags(a).some((tag, index) => tag !== tags(e)[index])) return `${at}.schema differs`;
      continue;
    }
    const found = difference(a, e, `${at}.${key}`);
    if (found) return found;
  }
  return undefined;
}

const guards: Record<string, (node: unknown) => boolean> = { isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq };

/**
 * Where the block reader's plain nodes (plainNodes.ts) differ from the nodes `yaml` builds: every
 * type guard's answer, and the fields a plain node holds (scalars' value, source, type and range;
 * collections' items, range and flow; pairs' key and value).
 */
function plainDifference(plain: unknown, node: unknown, at: string): string | undefined {
  for (const [name, guard] of Object.entries(guards)) if (guard(plain) !== guard(node)) return `${at}: ${name} ${guard(plain)} ≠ ${guard(node)}`;
  const fields = isScalar(node) ? ['value', 'source', 'type', 'range'] : isCollection(node) ? ['range', 'flow'] : [];
  for (const field of fields) {
    const found = difference((plain as Record<string, unknown>)[field], (node as Record<string, unknown>)[field], `${at}.${field}`);
    if (found) return found;
  }
  if (isPair(node)) return plainDifference((plain as { key: unknown }).key, node.key, `${at}.key`) ?? plainDifference((plain as { value: unknown }).value, node.value, `${at}.value`);
  if (!isCollection(node)) return undefined;
  const [ours, theirs] = [(plain as { items: unknown[] }).items, node.items];
  if (ours.length !== theirs.length) return `${at}: ${ours.length} ≠ ${theirs.length} items`;
  for (let index = 0; index < ours.length; index++) {
    const found = plainDifference(ours[index], theirs[index], `${at}[${index}]`);
    if (found) return found;
  }
  return undefined;
}

/**
 * Undefined when the reader declines `text` or builds what `yaml` builds, both as a document and as
 * plain nodes (which it must take exactly when it takes the document); otherwise where they differ.
 */
function mismatch(text: string, options: Options, ours = readBlockDocument(text, options!)): string | undefined {
  const plain = readBlockNodes(text, options!);
  if (!ours) return plain ? 'plain nodes read where the document is declined' : undefined;
  if (!plain) return 'plain nodes declined where the document is read';
  const theirs: Document = parseDocument(text, options);
  if (theirs.errors.length > 0) return `yaml reports ${theirs.errors[0].message} where the reader accepted`;
  return difference(ours, theirs, 'doc') ?? plainDifference(plain, theirs.contents, 'plain');
}

/** Counts what the reader takes, and asserts sameness for each text. */
class Tally {
  taken = 0;
  total = 0;
  check(text: string, options: Options, label: string): void {
    this.total++;
    const ours = readBlockDocument(text, options!);
    assert.equal(mismatch(text, options, ours), undefined, `${label}: ${JSON.stringify(text.slice(0, 400))}`);
    if (ours) this.taken++;
  }
  rate(): string {
    return `${this.taken} of ${this.total} (${((100 * this.taken) / Math.max(1, this.total)).toFixed(1)}%)`;
  }
}

/** Every text of a template file that `yaml` reads: each document as written, its mask, and the skeleton documents.ts parses. */
function templateTexts(file: string, text: string): Set<string> {
  const template = parseTemplateFile({ path: file, text });
  const texts = new Set<string>();
  for (const span of splitDocuments(text)) {
    const written = text.slice(span.start, span.end);
    const masked = template.masked.slice(span.start, span.end);
    texts.add(written).add(masked).add(skeleton(masked, written));
  }
  return texts;
}

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(full));
    else if (/\.(ya?ml|tpl|txt)$/.test(entry.name)) found.push(full);
  }
  return found;
}

describe('block reader', () => {
  it('builds the nodes yaml builds for a manifest, or declines', () => {
    const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x-hook\n\n  labels:\n    a: "1"\n  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": \'-5\'\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: a\n        command: ["/bin/sh", -c, \'echo\']\n        args: []\n        env: {}\n        ports:\n          - containerPort: 0x1F\n            hostPort: 1_000\n            x: 1:20\n            on: yes\n            d: 2001-12-14\n            f: .inf\n            n: ~\n      empty:\n\n';
    assert.ok(readBlockDocument(text, templateOptions), 'the reader takes a plain manifest');
    assert.equal(mismatch(text, templateOptions), undefined);
    assert.equal(mismatch(text, renderedOptions), undefined);
  });

  it('puts the comments before the first content line where yaml puts them', () => {
    for (const text of ['# head\na: 1\n', '# head\n\na: 1\n', '\n# one\n  #\n\n# two\n- a\n']) {
      assert.ok(readBlockDocument(text, templateOptions), JSON.stringify(text));
      assert.equal(mismatch(text, templateOptions), undefined);
    }
  });

  it('puts comment lines after content where yaml puts them, at the column of the line after them', () => {
    const texts = [
      'a: 1\n# c\nb: 2\n',
      'a: 1\n\n# c1\n#\n\n\n# c2\n\nb: 2\n',
      'a:\n  # inner\n  b: 1\n',
      'a:\n\n  # inner\n\n  b: 1\n  # c1\n  #\n\n  # c2\n  c:\n  - 1\n  # d\n  - x: 1\n    # e\n    y: 2\n',
      'a:\n  x: 1\n# c\nb: 2\n',
      'a:\n- 1\n# c\nb: 1\n',
      'a:\n- x: 1\n  y: 2\n# c\n\nb: 1\n',
      'k:\n  a:\n  - 1\n  - 2\n  # c\n  - 3\n  b: 1\n',
      '- 1\n# c\n- 2\n',
      'a: |\n  x\n  # in the scalar\n# c\nb: 1\n',
    ];
    for (const text of texts) {
      assert.ok(readBlockDocument(text, templateOptions), JSON.stringify(text));
      assert.equal(mismatch(text, templateOptions), undefined, JSON.stringify(text));
    }
  });

  it('declines what is outside its subset', () => {
    // Comment lines yaml gives to the node before them (its comment, its range extended), or to an empty value, or to the document.
    const comments = ['a: []\n  # deeper\nb: 1\n', 'a:\n  x: 1\n  # the map\'s\nb: 1\n', 'a:\n  x: 1\n # between\nb: 1\n', 'a:\n# c\nb: 1\n', 'k:\n  a:\n  - 1\n  # the sequence\'s\n  b: 1\n', 'a:\n  # c\n # d\n  b: 1\n', 'a: 1\n# tail\n', 'a: 1\n# tail\n\n'];
    for (const text of [...comments, 'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: 1 # note\n', 'a: >\n  x\n', 'a: |+\n  x\n', 'a: |2\n  x\n', 'a: | # c\n  x\n', 'a: |\nb: 1\n', 'a: |\n', 'a: |\n      \n  x\n', '- |\n-\n', 'a: "x\\ty"\n', 'a: b\n  c\n', 'a:\tb\n', 'a: 1\r\n', '<<: {}\n', '? a\n: b\n', 'a: {b: 1}\n', '', '  a: 1\n', 'a: b: c\n', '- - a\n', 'a: "unclosed\n']) {
      assert.equal(readBlockDocument(text, templateOptions), undefined, JSON.stringify(text));
      assert.equal(readBlockNodes(text, templateOptions), undefined, JSON.stringify(text));
    }
  });

  it('builds the literal block scalars yaml builds', () => {
    for (const text of ['a: |\n  x\n', 'a: |-\n  x\n  y\n', 'a: |\n  x', 'a: |\n\n  x\n\n\nb: 1\n', 'a:\n  b: |\n     x\n      y\n          \n     # z\n\n  c: 1\n', '- |\n  x\n- |-\n   y\n\n-   |\n     z\n         \n', 'a:\n- |\n  x\n  \n- b\n', 'a: |\n  x\n      ']) {
      assert.ok(readBlockDocument(text, templateOptions), JSON.stringify(text));
      assert.equal(mismatch(text, templateOptions), undefined, JSON.stringify(text));
    }
  });

  it('honours only the option sets it builds exactly', () => {
    assert.equal(readBlockDocument('a: 1\n', { version: '1.2', uniqueKeys: false }), undefined);
    assert.equal(readBlockNodes('a: 1\n', { version: '1.2', uniqueKeys: false }), undefined);
    assert.equal(readBlockDocument('a: 1\n', { version: '1.1' }), undefined);
    assert.equal(readBlockDocument('a: 1\n', { version: '1.1', uniqueKeys: false, keepSourceTokens: true }), undefined);
    assert.ok(readBlockDocument('a: 1\n', renderedOptions));
  });

  it('builds what yaml builds for every document of every fixture', () => {
    const tally = new Tally();
    for (const file of filesUnder(path.resolve('test', 'fixtures'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const docText of templateTexts(file, text)) tally.check(docText, templateOptions, file);
      // The other option set yaml/parseGuard.ts routes through the reader (rendered documents, Chart.yaml, values).
      for (const span of splitDocuments(text)) tally.check(text.slice(span.start, span.end), renderedOptions, file);
    }
    assert.ok(tally.taken > 200, `the reader took ${tally.rate()} fixture documents`);
  });

  it('builds what yaml builds for generated block YAML', () => {
    const tally = new Tally();
    let literals = 0;
    let comments = 0;
    fc.assert(
      fc.property(blockYaml(), (text) => {
        tally.check(text, templateOptions, 'generated');
        if (/[:-] \|-?\n/.test(text) && readBlockDocument(text, templateOptions)) literals++;
        const ours = readBlockDocument(text, templateOptions);
        // A comment line after content: yaml gives it to a node after the document's first line.
        let after = false;
        if (ours) visit(ours, { Node: (_, node) => void (after ||= node.commentBefore !== undefined && node.range![0] > ours.range![0]) });
        if (after) comments++;
      }),
      { numRuns: 600, seed: 20261207 },
    );
    assert.ok(comments > 60, `the reader took only ${comments} generated documents with a comment line after content`);
    // The generator stays mostly inside the subset, or the property would prove little.
    assert.ok(tally.taken > tally.total / 3, `the reader took ${tally.rate()} generated documents`);
    assert.ok(literals > 30, `the reader took only ${literals} generated documents with a literal block scalar`);
  });

  it('resolves every plain scalar by the tag yaml picks (the union of the tests finds none where each tag finds none)', () => {
    // Words from the characters the YAML 1.1 tags' tests read, as keys and as values, flow items too.
    const word = fc.stringMatching(/^[-+.0-9_:eExXbBoOnNyYtTfFaAlLsSuUrRiI~<]{1,12}$/);
    let taken = 0;
    fc.assert(
      fc.property(word, word, (key, value) => {
        for (const text of [`${key}: ${value}\n`, `k: [${value}, x]\n`, `- ${value}\n`]) {
          const found = mismatch(text, templateOptions);
          assert.equal(found, undefined, `${JSON.stringify(text)}: ${found}`);
          if (readBlockDocument(text, templateOptions)) taken++;
        }
      }),
      { numRuns: 3000, seed: 20261207 },
    );
    assert.ok(taken > 3000, `the reader took only ${taken} of 9000 texts`);
  });

  it('builds what yaml builds for every corpus document', (t) => {
    const root = corpusRoot();
    if (!root) {
      t.diagnostic(`not compared: ${corpusAbsence()}`);
      return;
    }
    const templates = new Tally();
    const rendered = new Tally();
    const others = new Tally();
    for (const name of fs.readdirSync(root).sort()) {
      const chartDir = path.join(root, name);
      if (!fs.statSync(chartDir).isDirectory()) continue;
      const input = loadChart(chartDir);
      const charts = [input];
      for (let index = 0; index < charts.length; index++) charts.push(...(charts[index].subcharts ?? []));
      for (const chart of charts) {
        for (const file of chart.templates) {
          for (const docText of templateTexts(file.path, file.text)) templates.check(docText, templateOptions, `${name}/${file.path}`);
        }
        // Chart.yaml and values files are read with the rendered documents' options (chartInput.ts, chartMetadata.ts).
        for (const file of [chart.chartYaml, chart.values]) if (file) others.check(file.text, renderedOptions, `${name}/${file.path}`);
      }
      const render = renderChart(input);
      for (const document of splitManifests(render.text ?? '')) {
        const content = document.replace(/^# Source: .*\n/, '');
        rendered.check(content, renderedOptions, `${name} rendered`);
        // As semantics/renderedPlan.ts reads a hook's spans.
        rendered.check(content, { ...renderedOptions, keepSourceTokens: false }, `${name} rendered`);
      }
    }
    t.diagnostic(`template documents taken: ${templates.rate()}; rendered documents taken: ${rendered.rate()}; Chart.yaml and values files taken: ${others.rate()}`);
    assert.ok(templates.taken > 0 && rendered.taken > 0);
  });
});

/** Block YAML as manifests write it, with the edges the reader must get right: blank lines, trailing blanks, empty values, every kind of plain scalar, literal block scalars. */
function blockYaml(): fc.Arbitrary<string> {
  // Mostly what manifests hold (every kind of YAML 1.1 plain scalar), sometimes what the reader must decline.
  const plainWords = ['a', 'name', 'x-y', 'helm.sh/hook', 'pre-install,post-install', 'yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'Null', 'true', 'False', '0', '-1', '+1', '010', '0o17', '0x1F', '0b101', '1_000', '1:20', '1:20.5', '3.14', '-.5', '1e3', '6.8523015e+5', '.inf', '-.Inf', '.nan', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10', 'a b', 'a:b', 'http://x/y', 'a#b', 'a]', 'b}', 'c,d', '-x', '=', 'é', '"q"x', "it's", '---', '...'];
  const oddWords = ['a: b', 'a #b', '%x', '@x', '!x', '&x', '*x', '|', '>', '? x', '- x', '-', '<<', '# c', '"unclosed', '"a\\"b"', '{a: 1}', '[a,]'];
  const quotedAndFlow = ['""', "''", '"a b"', '"yes"', "'1'", "'it''s'", '"x: y"', "'a # b'", '"é"', '[]', '[ ]', '{}', '{ }', '[a, b]', '[ "a" , b,c ]', '["/bin/sh", "-c", "echo 1"]', '[a b, 1]', '[yes, ~, 0x1F]', '[-c, x]'];
  const scalar = fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...plainWords) }, { weight: 12, arbitrary: fc.constantFrom(...quotedAndFlow) }, { weight: 1, arbitrary: fc.constantFrom(...oddWords) });
  const key = fc.oneof({ weight: 60, arbitrary: fc.constantFrom('a', 'b', 'kind', 'metadata', '"helm.sh/hook"', "'q'", '1', 'true', 'yes', '~', 'a b', 'x.y/z', '"a" ', 'k ', '0x1F', '2001-12-14') }, { weight: 1, arbitrary: fc.constantFrom('<<', '-k', '? k', 'a[0]', '&a k', '!!str k') });
  // What stands before a key or a dash: blank lines, and comment lines (`@` is the key's or dash's indentation: mostly there, sometimes elsewhere).
  const blank = fc.oneof(
    { weight: 48, arbitrary: fc.constantFrom('', '', '', '\n', '\n\n', '\n   \n', '  \n') },
    { weight: 6, arbitrary: fc.constantFrom('@# c\n', '@#\n', '\n@# c\n', '@# c\n\n', '@# a: b\n@## two  \n', '\n@# c\n\n  \n@#  d\n\n', '@# - x\n   \n@# y\n') },
    { weight: 1, arbitrary: fc.constantFrom('# zero\n', ' # one\n', '@  # deeper\n', '@# c\n # one\n', '@# c\n@  # deeper\n') },
  );
  const trailing = fc.constantFrom('', '', ' ', '  ');
  // A block scalar: its header (mostly ones the reader takes), its lines (content indented 0-2 beyond the block's indentation, or blank lines of 0-8 spaces).
  type Line = { extra: number; text: string } | { spaces: number };
  const header = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('|', '|-') }, { weight: 1, arbitrary: fc.constantFrom('|+', '>', '>-', '|2', '| ', '|- # c') });
  const blockLine: fc.Arbitrary<Line> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ extra: fc.constantFrom(0, 0, 0, 1, 2), text: fc.constantFrom('x', 'echo "a: b"', '# not a comment', '- item', 'key: |', 'a  b', 'yes', "it's") }) },
    { weight: 2, arbitrary: fc.record({ spaces: fc.nat(8) }) },
  );
  const block = fc.record({ kind: fc.constant('block' as const), header, body: fc.array(blockLine, { minLength: 1, maxLength: 5 }) });
  type Tree = { kind: 'scalar'; text: string } | { kind: 'block'; header: string; body: Line[] } | { kind: 'map'; entries: [string, Tree][] } | { kind: 'seq'; items: Tree[] };
  const tree: fc.Memo<Tree> = fc.memo((depth) =>
    depth <= 1
      ? fc.oneof({ weight: 6, arbitrary: scalar.map((text) => ({ kind: 'scalar' as const, text })) }, { weight: 1, arbitrary: block })
      : fc.oneof(
          { weight: 2, arbitrary: scalar.map((text) => ({ kind: 'scalar' as const, text })) },
          { weight: 1, arbitrary: block },
          { weight: 2, arbitrary: fc.array(fc.tuple(key, tree(depth - 1)), { minLength: 1, maxLength: 4 }).map((entries) => ({ kind: 'map' as const, entries })) },
          { weight: 1, arbitrary: fc.array(tree(depth - 1), { minLength: 1, maxLength: 3 }).map((items) => ({ kind: 'seq' as const, items })) },
          { weight: 1, arbitrary: fc.constant({ kind: 'scalar' as const, text: '' }) },
        ),
  );
  const root: fc.Arbitrary<Tree> = fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.tuple(key, tree(4)), { minLength: 1, maxLength: 5 }).map((entries) => ({ kind: 'map' as const, entries })) },
    { weight: 1, arbitrary: fc.array(tree(3), { minLength: 1, maxLength: 4 }).map((items) => ({ kind: 'seq' as const, items })) },
  );
  // Comment and blank lines before the first content line (a licence header, a template's comment).
  const prelude = fc.array(fc.constantFrom('', '   ', '# c', '#', '#c  ', '  # indented', '## two', '# a: b'), { maxLength: 4 }).map((lines) => lines.map((line) => `${line}\n`).join(''));
  // Comment lines after the last content line (yaml gives them to the document or the last node: declined).
  const tail = fc.constantFrom('', '', '', '', '', '', '', '', '', '# end\n', '\n  # end\n', '#\n\n');
  return fc.tuple(root, fc.array(fc.tuple(blank, trailing, fc.constantFrom(1, 2, 2, 2, 3, 4), fc.boolean()), { minLength: 64, maxLength: 64 }), prelude, fc.boolean(), tail).map(([top, choices, lead, finalNewline, end]) => {
    let turn = 0;
    const choice = (): [string, string, number, boolean] => choices[turn++ % choices.length];
    const gap = (pad: string): string => choice()[0].replace(/@/g, pad);
    const lines: string[] = [];
    const write = (node: Tree, indent: number, prefix: string): void => {
      // `prefix` is what starts the first line (a key's `k:` or a dash); a collection below it goes on the next lines.
      const [gapAfter, after, step, seqSameColumn] = choice();
      if (node.kind === 'scalar') {
        lines.push(`${prefix}${prefix && node.text ? ' ' : ''}${node.text}${after}`);
        return;
      }
      if (node.kind === 'block') {
        // Indented one less than the step to the key's or dash's column and more: at the column itself, the block is empty (declined).
        const base = indent + step - 1;
        lines.push(`${prefix} ${node.header}`);
        for (const line of node.body) lines.push('spaces' in line ? ' '.repeat(line.spaces) : ' '.repeat(base + line.extra) + line.text);
        return;
      }
      // Blank lines after the key; comment lines come as the first nested entry's gap (one after the key on its line is declined).
      if (prefix) lines.push(prefix + (gapAfter.includes('#') ? '' : gapAfter));
      const inner = node.kind === 'seq' && seqSameColumn && prefix.trimEnd().endsWith(':') ? indent : indent + step;
      const pad = ' '.repeat(inner);
      if (node.kind === 'map') for (const [name, value] of node.entries) write(value, inner, `${gap(pad)}${pad}${name}:`);
      else writeItems(node.items, inner);
    };
    const writeItems = (items: Tree[], inner: number): void => {
      const pad = ' '.repeat(inner);
      for (const item of items) {
        if (item.kind !== 'map') {
          // An empty entry is outside the reader's subset: `~` instead.
          write(item.kind === 'scalar' && item.text === '' ? { kind: 'scalar', text: '~' } : item, inner + 2, `${gap(pad)}${pad}-`);
          continue;
        }
        // A mapping in a sequence starts on the dash's line (`- k: v`), its other keys below the first.
        item.entries.forEach(([name, value], index) => write(value, inner + 2, index === 0 ? `${gap(pad)}${pad}- ${name}:` : `${gap(' '.repeat(inner + 2))}${' '.repeat(inner + 2)}${name}:`));
      }
    };
    if (top.kind === 'map') for (const [name, value] of top.entries) write(value, 0, `${gap('')}${name}:`);
    else if (top.kind === 'seq') writeItems(top.items, 0);
    const text = lines.join('\n').replace(/^\n+/, '');
    return `${lead}${text}${finalNewline ? '\n' : ''}${finalNewline ? end : ''}`;
  });
}
