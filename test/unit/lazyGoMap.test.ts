/**
 * `.Files` makes each file's bytes (a Go `[]uint8`, a bigint per byte) only when a template reads
 * them (render/value.ts LazyGoMap). The map must behave as the Map it stands for: the same entries
 * in the same order through `get`, iteration, `forEach` and copies, each value made once and kept,
 * and `madeValues` (what rerender.ts walks for values a template may hold) only those made. A
 * render that reads the bytes prints what Helm 4.1.4 printed for this chart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChartInput } from '../../server/src/analysis';
import { renderChart } from '../../server/src/analysis/render/chart';
import { LazyGoMap, type Value } from '../../server/src/analysis/render/value';

describe('LazyGoMap', () => {
  it('reads, iterates and copies like a Map, making each value once, on first read', () => {
    const made: string[] = [];
    const lazy = new LazyGoMap();
    const plain = new Map<string, Value>();
    for (const key of ['b', 'a', 'c']) {
      lazy.defer(key, () => {
        made.push(key);
        return [BigInt(key.charCodeAt(0))];
      });
      plain.set(key, [BigInt(key.charCodeAt(0))]);
    }
    assert.equal(lazy.size, 3);
    assert.ok(lazy.has('a'));
    assert.deepEqual(made, [], 'nothing made before a read');
    assert.deepEqual([...lazy.madeValues()], []);
    const a = lazy.get('a');
    assert.deepEqual(a, [97n]);
    assert.equal(lazy.get('a'), a, 'a made value is kept (the same object on every read)');
    assert.deepEqual(made, ['a']);
    assert.deepEqual([...lazy.madeValues()], [a]);
    assert.equal(lazy.get('missing'), undefined);
    assert.deepEqual([...lazy], [...plain], 'iteration: entries in insertion order, values made');
    assert.deepEqual(made.sort(), ['a', 'b', 'c'], 'each made once');
    assert.deepEqual(new Map(lazy), plain);
    assert.deepEqual([...lazy.keys()], ['b', 'a', 'c']);
    lazy.set('b', 'x');
    plain.set('b', 'x');
    lazy.delete('c');
    plain.delete('c');
    lazy.defer('d', () => 'late');
    plain.set('d', 'late');
    const seen: [string, Value][] = [];
    lazy.forEach((value, key) => seen.push([key, value]));
    assert.deepEqual(seen, [...plain]);
    assert.deepEqual([...lazy.values()], [...plain.values()]);
    assert.deepEqual([...lazy.entries()], [...plain.entries()]);
    lazy.clear();
    assert.equal(lazy.size, 0);
    assert.deepEqual([...lazy.madeValues()], []);
  });

  it('gives templates the bytes Helm gives (index, len, range, set into .Values, GetBytes)', () => {
    const input: ChartInput = {
      name: 'c',
      chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: c\nversion: 0.1.0\n' },
      templates: [
        {
          path: 'templates/t.yaml',
          text: [
            'a: {{ index .Files "a.txt" }}',
            'b: {{ index .Files "b.txt" | len }}',
            'c: {{ range $k, $v := .Files }}{{ $k }}={{ len $v }} {{ end }}',
            'e: {{ $_ := set .Values "x" (index .Files "a.txt") }}{{ .Values.x }}',
            'f: {{ .Files.GetBytes "b.txt" }}',
            '',
          ].join('\n'),
        },
      ],
      files: [
        { path: 'a.txt', text: 'hi' },
        { path: 'b.txt', text: 'yo\n' },
      ],
    };
    // `helm template c` of this chart with Helm 4.1.4.
    const helmPrinted = '---\n# Source: c/templates/t.yaml\na: [104 105]\nb: 3\nc: a.txt=2 b.txt=3 \ne: [104 105]\nf: [121 111 10]\n';
    const render = renderChart(input);
    assert.equal(render.error, undefined);
    assert.equal(render.text, helmPrinted);
  });
});
