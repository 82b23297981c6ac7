/**
 * A big binary file in `.Files` (bytes that are mostly not UTF-8): its bytes, text and base64 come
 * out exactly, across the chunks the renderer builds strings in (8,192 code units). These paths
 * once took 2-4 s of CPU for 3 MB (a string built a character at a time, an array of numbers).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filesObject } from '../../server/src/analysis/render/context/objects';
import { functionLibrary } from '../../server/src/analysis/render/functions/index';
import { utf8Encode, type GoList, type Value } from '../../server/src/analysis/render/value';

/** Deterministic bytes: random ones mixed with valid 2-, 3- and 4-byte UTF-8 sequences and ASCII. */
function sampleBytes(length: number): Buffer {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 8;
  const out: number[] = [];
  const pieces = [[0xc3, 0xa9], [0xe4, 0xb8, 0xad], [0xf0, 0x9f, 0x98, 0x80], [0x61], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]];
  while (out.length < length) {
    if (next() % 3 === 0) out.push(...pieces[next() % pieces.length]);
    else out.push(next() & 0xff);
  }
  return Buffer.from(out.slice(0, length));
}

const call = (receiver: Value, name: string, ...args: Value[]): Value => {
  const fn = (receiver as GoList).goMethods!.get(name)!;
  return fn.call(args, {} as never);
};

test('a 100 KB binary file: GetBytes, Get, b64enc and AsSecrets give its exact bytes', () => {
  const bytes = sampleBytes(100_003);
  const files = filesObject([{ name: 'files/b.bin', text: bytes.toString('base64'), binary: true }]);
  const got = call(files, 'GetBytes', 'files/b.bin') as GoList;
  assert.equal(got.length, bytes.length);
  assert.ok(got.every((b, i) => b === BigInt(bytes[i])));
  const text = call(files, 'Get', 'files/b.bin') as string;
  assert.deepEqual(Buffer.from(utf8Encode(text)), bytes);
  const b64enc = functionLibrary.get('b64enc')!;
  assert.equal(b64enc.call([text], {} as never), bytes.toString('base64'));
  assert.equal(call(files, 'AsSecrets'), `b.bin: ${bytes.toString('base64')}`);
  const b32enc = functionLibrary.get('b32enc')!;
  assert.equal((b32enc.call([text], {} as never) as string).length, Math.ceil(bytes.length / 5) * 8);
});

test('b64dec of a big text that is not UTF-8 keeps every byte (b64dec | b64enc is the identity)', () => {
  const bytes = sampleBytes(50_001);
  const b64dec = functionLibrary.get('b64dec')!;
  const b64enc = functionLibrary.get('b64enc')!;
  const text = b64dec.call([bytes.toString('base64')], {} as never) as string;
  assert.equal(b64enc.call([text], {} as never), bytes.toString('base64'));
});
