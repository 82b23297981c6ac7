/**
 * Values files read straight into Go values (render/context/blockValues.ts) against the reading
 * through `yaml` (render/context/yamlValues.ts with `throughYaml`): for every text, the same
 * error, the same values (key order, types, numbers) and the same origin for every slot (source,
 * key path, span, key span, textStart). The texts: every values file of the fixtures and the
 * examples, generated values files (comments at every indentation, empty values, block scalars,
 * flow sequences, duplicate keys), crafted edges, and — with HELM_HOOKS_CORPUS — every values file
 * of the corpus, of which the reader must take each chart's values.yaml.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readBlockValues } from '../../server/src/analysis/render/context/blockValues';
import { ValueOrigins } from '../../server/src/analysis/render/context/origins';
import { readValuesYaml } from '../../server/src/analysis/render/context/yamlValues';
import type { Value } from '../../server/src/analysis/render/value';
import { corpusAbsence, corpusRoot } from '../support/corpus';
import { valuesFilesUnder } from './support/fixtures';

/** The values with every slot's origin, as text that differs wherever the two readings may. */
function dump(value: Value, origins: ValueOrigins): string {
  if (value instanceof Map) return `{${[...value].map(([key, item]) => `${JSON.stringify(key)}@${JSON.stringify(origins.of(value, key))}=${dump(item, origins)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map((item, index) => `@${JSON.stringify(origins.of(value, index))}=${dump(item, origins)}`).join(',')}]`;
  if (typeof value === 'number') return `n${Object.is(value, -0) ? '-0' : String(value)}`;
  return `${typeof value}:${JSON.stringify(String(value))}`;
}

function reading(text: string, throughYaml: boolean): string {
  const origins = new ValueOrigins();
  const result = readValuesYaml(text, 'values.yaml', origins, throughYaml);
  return `${result.error ?? ''}|${dump(result.values, origins)}`;
}

/** Counts the texts the reader takes whole and checks each against `yaml`'s reading. */
class Tally {
  taken = 0;
  total = 0;
  check(text: string, label: string): boolean {
    this.total += 1;
    // Documents split where yamlValues.ts splits them (a line starting with ---).
    const taken = text.split(/^---.*(?:\n|$)/m).every((chunk) => readBlockValues(chunk, 0, 'values.yaml', new ValueOrigins()) !== undefined);
    if (taken) this.taken += 1;
    assert.equal(reading(text, false), reading(text, true), `${label}: ${JSON.stringify(text.length > 2000 ? text.slice(0, 2000) : text)}`);
    return taken;
  }
  rate(): string {
    return `${this.taken} of ${this.total}`;
  }
}

describe('values read without yaml', () => {
  it('reads crafted values files as yaml does, comments and all', () => {
    const taken = [
      'a: 1\n',
      '# head\n\nimage:\n  repository: nginx # the image\n  tag: "1.25"\n  # pullPolicy: Always\n\n# -- resources\nresources: {}\n',
      'a:\n  b: 1\n  # k\nc: 1\n',
      'a:\n  b: 1\n  # k',
      'x:\n  a:\n    b: []\n      # k\n  # j\n    # i\nd: 1\n',
      'x:\n  a:\n    b: 1\n   # k\nd: 1\n',
      'x:\n  - a: 1\n    # c\n  - b\ny: 1\n',
      'a:\n  b: "x" # c\n    # d\n\n   # e\nc: 1\n',
      'a:\n  b: |\n    x\n   # d\nc: 1\n',
      'a:\n  b: |\n    x\n    # d\n\nc: 1\n',
      'a:\n  b:\n  c: 2\n',
      'a:\n  b: # c\n  c: 2\n',
      'a: # c\n# d\n  b: 1\n',
      'a:\n- x # c\n# k\n- y\nb: 1\n',
      "a: 'it''s'\nb: \"q\"\nc: [x, 'y', \"z\"] # c\nd: -1\ne: 0x1F\nf: 1e3\ng: yes\nh: ~\n1: one\ntrue: t\n1.50: f\n",
      'a: 1\na: 2\nb:\n  c: 1\nb:\n  d: 2\n',
      'a:\n',
      'a: # c\n',
      'a:\n  b:\n  # c\nd: 1\n',
      'a:\n  b: # c\nd: 1\n',
      'a:\n  b:\n    # c\n  e: 1\nd: 2\n',
      'a:\n  b: 1\n  c:\n  # x\n',
      'a:\n  b: 1\n  c: # x',
      'a:\n  affinity: |\n\n  # c\n  b: []\n',
      'a:\n  affinity: |-\n  b: 1\n',
      'a:\n  affinity: |\n     \n  b: 1\n',
      'a:\n  affinity: |',
      'a:\n  affinity: |\n\n',
      '# licence\n---\na: 1\n---\nb: 2\n',
      '# only a comment\n',
      '',
    ];
    const tally = new Tally();
    for (const text of taken) assert.ok(tally.check(text, 'crafted'), `taken: ${JSON.stringify(text)}`);
    const declined = ['a: &x 1\nb: *x\n', 'a: !!str 1\n', '<<: {}\n', '? a\n: b\n', 'a: >\n  x\n', 'a: |+\n  x\n', 'a: | # c\n  x\n', 'a: "x\\ty"\n', 'a: b\n  c\n', 'a:\tb\n', 'a: 1\r\n', 'a: {b: 1}\n', '  a: 1\n', 'a: b: c\n', '- a\n', 'x\n', '~: 1\n', 'a: .nan\n', 'a:\n  -\n', '...\n'];
    for (const text of declined) assert.equal(tally.check(text, 'declined') ? text : undefined, undefined, `declined: ${JSON.stringify(text)}`);
  });

  it('reads every fixture and example values file as yaml does', () => {
    const tally = new Tally();
    for (const file of [...valuesFilesUnder(path.resolve('test', 'fixtures')), ...valuesFilesUnder(path.resolve('examples'))]) tally.check(fs.readFileSync(file, 'utf8'), file);
    assert.ok(tally.taken > 40, `the reader took ${tally.rate()} fixture values files`);
  });

  it('reads generated values files as yaml does', () => {
    const tally = new Tally();
    let withComments = 0;
    fc.assert(
      fc.property(valuesYaml(), (text) => {
        if (tally.check(text, 'generated') && /^ *#/m.test(text)) withComments++;
      }),
      { numRuns: 800, seed: 20261207 },
    );
    assert.ok(tally.taken > tally.total / 3, `the reader took ${tally.rate()} generated values files`);
    assert.ok(withComments > 100, `the reader took only ${withComments} generated values files with comment lines`);
  });

  it('reads every corpus values file as yaml does, and takes every values.yaml', (t) => {
    const root = corpusRoot();
    if (!root) {
      t.diagnostic(`not compared: ${corpusAbsence()}`);
      return;
    }
    const tally = new Tally();
    const refused: string[] = [];
    for (const file of valuesFilesUnder(root)) {
      const taken = tally.check(fs.readFileSync(file, 'utf8'), file);
      if (!taken && path.basename(file) === 'values.yaml') refused.push(path.relative(root, file));
    }
    t.diagnostic(`corpus values files taken: ${tally.rate()}`);
    assert.deepEqual(refused, []);
  });
});

/** Values files as charts write them: nested maps and lists, every kind of scalar, comments at every indentation, blank lines, empty values, block scalars. */
function valuesYaml(): fc.Arbitrary<string> {
  const words = ['a', 'nginx', 'x-y', 'yes', 'No', 'on', '~', 'null', 'true', '0', '-1', '010', '0o17', '0x1F', '1_000', '1:20', '3.14', '-.5', '1e3', '2001-12-14', 'a b', 'a:b', 'http://x/y', 'a#b', 'c,d', '-x', 'é', "it's", '""', "''", '"a b"', '"yes"', "'1'", "'it''s'", '"x: y"', '[]', '{}', '[a, b]', '["/bin/sh", "-c"]', '[yes, ~, 0x1F]'];
  // Now and then what the reader must leave to yaml.
  const odd = ['.inf', '&x a', '*x', '!!str 1', '>', '"a\\"b"', '.nan', 'a: b', '[a,]', '{a: 1}'];
  const scalar = fc.oneof({ weight: 60, arbitrary: fc.constantFrom(...words) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
  const key = fc.oneof({ weight: 60, arbitrary: fc.constantFrom('a', 'b', 'image', 'tag', '"q.k"', "'s'", '1', 'true', 'a b', 'x.y/z', 'k ', '0x1F') }, { weight: 1, arbitrary: fc.constantFrom('~', '<<', '? k') });
  const comment = fc.tuple(fc.nat(8), fc.constantFrom('# c', '#', '# -- doc', '# key: value', '#   - item')).map(([spaces, text]) => ' '.repeat(spaces) + text);
  const gap = fc.array(fc.oneof({ weight: 3, arbitrary: comment }, { weight: 1, arbitrary: fc.constantFrom('', '   ') }), { maxLength: 3 });
  const trailing = fc.constantFrom('', '', '', ' ', ' # note', '  #note');
  const blockBody = fc.array(fc.tuple(fc.constantFrom(0, 0, 1, 2), fc.constantFrom('x', 'echo "a: b"', '# not a comment', '', 'key: |')), { minLength: 1, maxLength: 4 });
  type Tree = { kind: 'scalar'; text: string } | { kind: 'empty' } | { kind: 'block'; header: string; body: [number, string][] } | { kind: 'map'; entries: [string, Tree][] } | { kind: 'seq'; items: Tree[] };
  const leaf = fc.oneof(
    { weight: 5, arbitrary: scalar.map((text): Tree => ({ kind: 'scalar', text })) },
    { weight: 1, arbitrary: fc.constant<Tree>({ kind: 'empty' }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('block' as const), header: fc.oneof({ weight: 12, arbitrary: fc.constantFrom('|', '|-') }, { weight: 1, arbitrary: fc.constantFrom('>', '|+', '|2') }), body: blockBody }) },
  );
  const tree: fc.Memo<Tree> = fc.memo((depth) =>
    depth <= 1
      ? leaf
      : fc.oneof(
          { weight: 3, arbitrary: leaf },
          { weight: 3, arbitrary: fc.array(fc.tuple(key, tree(depth - 1)), { minLength: 1, maxLength: 4 }).map((entries): Tree => ({ kind: 'map', entries })) },
          { weight: 2, arbitrary: fc.array(tree(depth - 1), { minLength: 1, maxLength: 3 }).map((items): Tree => ({ kind: 'seq', items })) },
        ),
  );
  const root = fc.array(fc.tuple(key, tree(4)), { minLength: 1, maxLength: 5 });
  return fc.tuple(root, fc.array(fc.tuple(gap, trailing, fc.constantFrom(2, 2, 2, 4, 1), fc.boolean()), { minLength: 50, maxLength: 50 }), gap, fc.boolean()).map(([entries, choices, tail, finalNewline]) => {
    let turn = 0;
    const choice = (): [string[], string, number, boolean] => choices[turn++ % choices.length];
    const lines: string[] = [];
    const write = (node: Tree, indent: number, prefix: string): void => {
      const [before, after, step, seqSameColumn] = choice();
      if (node.kind === 'scalar') return void lines.push(`${prefix} ${node.text}${after}`);
      if (node.kind === 'empty') return void lines.push(`${prefix}${after}`);
      if (node.kind === 'block') {
        lines.push(`${prefix} ${node.header}`);
        // The first line with content sets the block's indentation; the generator keeps the others at or beyond it.
        let first = true;
        for (const [extra, text] of node.body) {
          lines.push(text === '' ? '' : ' '.repeat(indent + step + (first ? 0 : extra)) + text);
          if (text !== '') first = false;
        }
        return;
      }
      lines.push(prefix + after);
      lines.push(...before);
      const inner = node.kind === 'seq' && seqSameColumn ? indent : indent + step;
      const pad = ' '.repeat(inner);
      if (node.kind === 'map') for (const [name, value] of node.entries) writeEntry(name, value, inner);
      else
        for (const item of node.items) {
          lines.push(...choice()[0]);
          if (item.kind === 'map') {
            const [[name, value], ...rest] = item.entries;
            write(value, inner + 2, `${pad}- ${name}:`);
            for (const [restName, restValue] of rest) writeEntry(restName, restValue, inner + 2);
          } else {
            // An empty entry, or a list right inside a list, is outside the reader's subset.
            write(item.kind === 'empty' ? { kind: 'scalar', text: '~' } : item.kind === 'seq' ? { kind: 'scalar', text: '[a, b]' } : item, inner + 2, `${pad}-`);
          }
        }
    };
    const writeEntry = (name: string, value: Tree, indent: number): void => {
      lines.push(...choice()[0]);
      write(value, indent, `${' '.repeat(indent)}${name}:`);
    };
    for (const [name, value] of entries) writeEntry(name, value, 0);
    lines.push(...tail);
    return lines.join('\n') + (finalNewline ? '\n' : '');
  });
}
