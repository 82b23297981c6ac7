/**
 * What Helm's YAML reading refuses and the `yaml` package reads without a word (review14 D3): a
 * control character anywhere go-yaml's reader surely reads (yaml/goYamlReader.ts), and a null key
 * (render/goMapKey.ts jsonKeyError). The messages are Helm's (the render fixtures yaml-control-character
 * and yaml-null-key, the context charts values-control-character, values-null-key and
 * chart-control-character and the render case fromyaml-go-key-and-reader-errors hold them as the
 * Helm 4.1.4 binary printed them).
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { goYamlReaderError } from '../../server/src/analysis/yaml/goYamlReader';
import { parseDocumentSafely } from '../../server/src/analysis/yaml/parseGuard';
import { jsonKeyError } from '../../server/src/analysis/render/goMapKey';
import { sortManifests } from '../../server/src/analysis/render/manifests';

const options = { version: '1.1', uniqueKeys: false } as const;

describe("go-yaml's reader and sigs.k8s.io/yaml's keys", () => {
  it('a refused character is go-yaml\'s reader error, with no line; TAB, LF, CR, NEL, NBSP, BOM and astral characters are not', () => {
    for (const character of ['\x00', '\x07', '\x0b', '\x0c', '\x1b', '\x7f', '\x80', '\x9f', '\ufffe', '\uffff']) {
      const document = parseDocumentSafely(`a: x${character}y\n`, options);
      assert.deepEqual(document?.errors.map((error) => [error.message, error.linePos]), [['control characters are not allowed', undefined]], JSON.stringify(character));
    }
    for (const character of ['\t', '\u00a0', '\ufeff', '\u{1f600}', '\u00e9', '\ud7ff', '\ue000']) {
      assert.deepEqual(parseDocumentSafely(`a: "x${character}y"\n`, options)?.errors, [], JSON.stringify(character));
    }
    // In a comment and a quoted scalar too; yaml's own error comes first when it has one.
    assert.equal(parseDocumentSafely('a: "x\x07"\n', options)?.errors[0]?.message, 'control characters are not allowed');
    assert.equal(parseDocumentSafely('a: x # \x07\n', options)?.errors[0]?.message, 'control characters are not allowed');
    assert.notEqual(parseDocumentSafely('a: [\n\x07', options)?.errors[0]?.message, 'control characters are not allowed');
  });

  it('only a refused character before the first document ends is reported (the reader may stop after it)', () => {
    assert.equal(goYamlReaderError('a: 1\n...\n# \x07\n'), undefined);
    assert.equal(goYamlReaderError('a: 1\n---\nb: \x07\n'), undefined);
    assert.equal(goYamlReaderError('a: \x07\n---\nb: 1\n'), 'control characters are not allowed');
    assert.equal(goYamlReaderError('---\na: \x07\n'), 'control characters are not allowed');
    assert.equal(goYamlReaderError('a: 1\n'), undefined);
  });

  it('a null key is sigs.k8s.io/yaml\'s error with its value as %+#v; a collection key comes first; a quoted "null" is a string', () => {
    const keyError = (text: string): string | undefined => jsonKeyError(parseDocumentSafely(text, options)!);
    const prefix = 'unsupported map key of type: %!s(<nil>), key: <nil>, value: ';
    assert.equal(keyError('a:\n  null: x\n'), `${prefix}"x"`);
    assert.equal(keyError('~: 1.50\n'), `${prefix}1.5`);
    assert.equal(keyError('NULL:\n'), `${prefix}<nil>`);
    assert.equal(keyError('- Null: {a: 1, b: [2, "x", ~]}\n'), `${prefix}map[interface {}]interface {}{"a":1, "b":[]interface {}{2, "x", interface {}(nil)}}`);
    assert.equal(keyError('null: x\n? [1]\n: y\n'), 'yaml: invalid map key: []interface {}{1}');
    assert.equal(keyError('"null": x\n\'~\': y\nnullable: z\n'), undefined);
  });

  it('a rendered document with a control character or a null key stops the render as Helm stops it', () => {
    const head = (text: string): string | undefined => {
      return sortManifests([{ name: 'c/templates/c.yaml', output: text }]).error;
    };
    assert.match(head('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "\x07"\n') ?? '', /error converting YAML to JSON: yaml: control characters are not allowed/);
    assert.match(head('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    ~: x\n') ?? '', /error converting YAML to JSON: unsupported map key of type: %!s\(<nil>\), key: <nil>, value: "x"/);
  });
});
