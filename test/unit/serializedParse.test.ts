/**
 * `toYaml`/`toJson` output parsed back for its source map (render/serializedTrace.ts parsedBack):
 * the block reader's nodes, where it takes the text, must show the walk what `yaml`'s failsafe
 * parse shows it — the same tree of mappings, sequences and scalars, the same ranges, the same
 * keys (the failsafe value is the key as written). Texts: `toYaml` and `toJson` of every map and
 * list in every fixture values file, generated values, and — with HELM_HOOKS_CORPUS — the corpus
 * values files; the reader must take most of the `toYaml` texts, or the fast path proves nothing.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { ValueOrigins } from '../../server/src/analysis/render/context/origins';
import { readValuesYaml } from '../../server/src/analysis/render/context/yamlValues';
import { marshalYaml } from '../../server/src/analysis/render/functions/yamlEncode';
import { parsedBack, serializedSegments, type ParsedBackMemo } from '../../server/src/analysis/render/serializedTrace';
import type { GoMap, Value } from '../../server/src/analysis/render/value';
import { readBlockDocument } from '../../server/src/analysis/yaml/blockReader';
import { corpusRoot } from '../support/corpus';
import { valuesFilesUnder } from './support/fixtures';

/** What the walk of serializedTrace.ts reads of a node: its kind, range and, for a mapping, its keys as written. */
function shape(node: unknown): unknown {
  const range = (node as Node | null)?.range?.slice(0, 2);
  if (isMap(node)) return { map: range, items: node.items.map((pair) => [isScalar(pair.key) ? ['key', String(pair.key.source), pair.key.range?.slice(0, 2)] : shape(pair.key), shape(pair.value)]) };
  if (isSeq(node)) return { seq: range, items: node.items.map(shape) };
  if (isScalar(node)) return { scalar: range };
  return node === null || node === undefined ? null : 'other';
}

function failsafe(text: string): unknown {
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
  return doc.errors.length > 0 ? 'error' : shape(doc.contents);
}

/** Every map and list inside `value`, itself first. */
function collections(value: Value, out: Value[] = []): Value[] {
  if (value instanceof Map) {
    out.push(value);
    for (const item of value.values()) collections(item, out);
  } else if (Array.isArray(value)) {
    out.push(value);
    for (const item of value) collections(item, out);
  }
  return out;
}

class Tally {
  taken = 0;
  total = 0;
  /** `yamlOutput`: a toYaml text, counted for the rate (JSON is always left to yaml). */
  check(text: string, label: string, yamlOutput = true): void {
    // An empty map or list (`{}`, `[]`) is a flow collection, left to yaml, and has nothing to trace.
    const counted = yamlOutput && text !== '{}\n' && text !== '[]\n';
    if (counted) this.total += 1;
    if (counted && readBlockDocument(text, { version: '1.1', uniqueKeys: false })) this.taken += 1;
    assert.deepEqual(shape(parsedBack(text)), failsafe(text), `${label}: ${JSON.stringify(text.slice(0, 1000))}`);
  }
  values(values: GoMap, label: string): void {
    for (const value of collections(values)) {
      this.check(marshalYaml(value), label);
      this.check(JSON.stringify(toPlain(value)), `${label} (JSON)`, false);
    }
  }
}

function toPlain(value: Value): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [key, toPlain(item)]));
  if (Array.isArray(value)) return value.map(toPlain);
  return typeof value === 'bigint' ? Number(value) : value;
}

function readValues(file: string): GoMap {
  return readValuesYaml(fs.readFileSync(file, 'utf8'), 'values.yaml', new ValueOrigins()).values;
}

describe('toYaml output parsed back for its source map', () => {
  it('gives the walk what yaml gives it, for every map and list of the fixture values files', () => {
    const tally = new Tally();
    for (const file of [...valuesFilesUnder(path.resolve('test', 'fixtures')), ...valuesFilesUnder(path.resolve('examples'))]) tally.values(readValues(file), file);
    assert.ok(tally.taken > tally.total / 2, `the block reader took ${tally.taken} of ${tally.total}`);
  });

  it('gives the walk what yaml gives it, for generated values', () => {
    const tally = new Tally();
    const scalar = fc.oneof(fc.constantFrom('a', 'yes', '1', 'a: b', '# c', 'x\ny', 'x\ny\n', '  lead', 'é', "it's", '"q"', '', '- x', '{a}', '*x', '&x', '!t', '|', '>'), fc.string({ maxLength: 6 }), fc.integer().map((n) => n / 4), fc.boolean(), fc.constant(null));
    const value: fc.Memo<Value> = fc.memo((depth) =>
      depth <= 1
        ? (scalar as fc.Arbitrary<Value>)
        : fc.oneof(
            { weight: 2, arbitrary: scalar as fc.Arbitrary<Value> },
            { weight: 2, arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom('a', 'b c', 'helm.sh/hook', '1', 'yes', '', 'a: b', '#k'), fc.string({ maxLength: 4 })), value(depth - 1)), { maxLength: 4 }).map((entries): Value => new Map(entries)) },
            { weight: 1, arbitrary: fc.array(value(depth - 1), { maxLength: 3 }) },
          ),
    );
    fc.assert(
      fc.property(value(4), (generated) => {
        for (const item of collections(generated)) tally.check(marshalYaml(item), 'generated');
      }),
      { numRuns: 400, seed: 20261207 },
    );
    assert.ok(tally.taken > tally.total / 2, `the block reader took ${tally.taken} of ${tally.total}`);
  });

  it('gives the walk what yaml gives it, for every map and list of the corpus values files', (t) => {
    const root = corpusRoot();
    if (!root) {
      t.diagnostic('not compared: no corpus');
      return;
    }
    const tally = new Tally();
    for (const file of valuesFilesUnder(root)) tally.values(readValues(file), file);
    t.diagnostic(`taken by the block reader: ${tally.taken} of ${tally.total}`);
    assert.ok(tally.taken > tally.total / 2);
  });
});

describe('toYaml output parsed back once per render', () => {
  const origins = new ValueOrigins();
  const values = readValuesYaml('a:\n  x: 1\n  y: [p, q]\nb:\n  x: 1\n  y: [p, q]\nempty: {}\nnone: []\n', 'values.yaml', origins).values;
  const slotInfo = (slot: { container: unknown; key: string | number }) => ({ from: origins.of(slot.container as GoMap, slot.key) });
  const segments = (value: Value, memo?: ParsedBackMemo) => serializedSegments(marshalYaml(value), value, slotInfo, 't.yaml', { start: 0, end: 1 }, [], memo);

  it('traces each value of the same text as a parse of its own does', () => {
    const memo: ParsedBackMemo = new Map();
    for (const key of ['a', 'b', 'a', 'b']) {
      const traced = segments(values.get(key) as Value, memo);
      assert.ok(traced.length >= 4, `${key}: ${traced.length} segments`);
      assert.deepEqual(traced, segments(values.get(key) as Value));
    }
    // a and b print the same text: one parse for the four.
    assert.equal(memo.size, 1);
  });

  it('parses nothing for an empty map or list, which has nothing to trace', () => {
    const memo: ParsedBackMemo = new Map();
    assert.deepEqual([segments(values.get('empty') as Value, memo), segments(values.get('none') as Value, memo)], [[], []]);
    assert.equal(memo.size, 0);
  });
});
