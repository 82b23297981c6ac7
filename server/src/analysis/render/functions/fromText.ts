/**
 * Reading YAML and JSON in templates: Helm's `fromYaml`, `fromYamlArray`, `fromJson`,
 * `fromJsonArray` and Sprig's `mustFromJson`. YAML goes through sigs.k8s.io/yaml (go-yaml v2
 * typing, then JSON), so every number is a float64 and keys are strings (`1` → "1", `on` →
 * "true"). Broken JSON gives encoding/json's syntax error text (jsonSyntax.ts); where Helm's
 * result would carry go-yaml's error text (broken YAML), the call reports itself unsupported.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { goYamlPlainText, goYamlPlainType } from '../../yaml/goYaml';
import { hasGoOnlyBreak } from '../../yaml/goLineBreaks';
import { parseDocumentSafely } from '../../yaml/parseGuard';
import { jsonKeyError } from '../goMapKey';
import { GoError, GoFunction, GoList, GoMap, UnsupportedFunction, Value, validUtf8Text } from '../value';
import { goFunction, goList, nilList, nilMap } from './goValues';
import { jsonSyntaxError } from './jsonSyntax';

/** The JSON type name Go's decoder names in "cannot unmarshal X into Go value of type Y". */
function jsonKind(value: Value): string {
  if (Array.isArray(value)) return 'array';
  if (value instanceof Map) return 'object';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  return 'number';
}

function readYaml(text: string, name: string): { value: Value } | { error: string } {
  const options = { version: '1.1', uniqueKeys: false, merge: false, keepSourceTokens: true, strict: false } as const;
  let doc = parseDocumentSafely(text, options);
  // A NEL or LS go-yaml reads as a break in a plain scalar makes go-yaml's error text the result, which is
  // not made here: the text read with `yaml`'s breaks (as before) gives a value rather than a refused render.
  if (doc && doc.errors.length > 0 && doc.errors[0].linePos !== undefined && hasGoOnlyBreak(text)) doc = parseDocumentSafely(text, options, 'yaml');
  // go-yaml's reader error (a control character; no line) is text Helm puts in the result.
  if (doc && doc.errors.length > 0 && doc.errors[0].linePos === undefined) return { error: `error converting YAML to JSON: yaml: ${doc.errors[0].message}` };
  if (!doc || doc.errors.length > 0) throw new UnsupportedFunction(`${name} of text that is not valid YAML is not supported (Helm puts go-yaml's error text in the result)`);
  const keyError = jsonKeyError(doc);
  if (keyError !== undefined) return { error: `error converting YAML to JSON: ${keyError}` };
  if (doc.contents === null) return { value: null };
  return { value: convertNode(doc.contents as Node, doc, name, 0) };
}

function convertNode(node: Node, doc: Document, name: string, depth: number): Value {
  if (depth > 10_000) throw new UnsupportedFunction(`${name} of YAML nested this deep is not supported`);
  if (isAlias(node)) return convertNode(node.resolve(doc) as Node, doc, name, depth + 1);
  if (node.tag && node.tag !== 'tag:yaml.org,2002:str' && node.tag !== 'tag:yaml.org,2002:map' && node.tag !== 'tag:yaml.org,2002:seq') {
    throw new UnsupportedFunction(`${name} of YAML with the tag ${node.tag} is not supported`);
  }
  if (isScalar(node)) {
    if (node.tag === 'tag:yaml.org,2002:str' || node.type !== 'PLAIN') return String(node.value ?? '');
    const source = node.srcToken && 'source' in node.srcToken ? node.srcToken.source : String(node.source ?? node.value);
    switch (goYamlPlainType(source)) {
      case 'null':
        return null;
      case 'bool':
        return goYamlPlainText(source) === 'true';
      case 'int':
        return Number(goYamlPlainText(source));
      case 'float': {
        const number = Number(goYamlPlainText(source) === undefined ? source : source.replace(/_/g, ''));
        if (!Number.isFinite(number)) throw new UnsupportedFunction(`${name} of YAML holding ${source} is not supported (JSON has no infinities or NaN)`);
        return number;
      }
      default:
        return source;
    }
  }
  if (isSeq(node)) return goList(node.items.map((item) => convertNode(item as Node, doc, name, depth + 1)));
  if (isMap(node)) {
    const out: GoMap = new Map();
    for (const pair of node.items) {
      const keyNode = pair.key as Node;
      if (isScalar(keyNode) && keyNode.type === 'PLAIN' && String(keyNode.source ?? keyNode.value) === '<<') throw new UnsupportedFunction(`${name} of YAML with merge keys (<<) is not supported`);
      const key = convertNode(keyNode, doc, name, depth + 1);
      if (key === null || typeof key === 'object') throw new UnsupportedFunction(`${name} of YAML with a null or collection key is not supported`);
      const keyText = typeof key === 'string' ? key : keyString(keyNode);
      out.set(keyText, pair.value === null ? null : convertNode(pair.value as Node, doc, name, depth + 1));
    }
    return out;
  }
  return null;
}

/** sigs.k8s.io/yaml's key text for a number or bool key: ints in decimal, floats as float32 'g', bools as words. */
function keyString(node: Node): string {
  const source = isScalar(node) ? String(node.srcToken && 'source' in node.srcToken ? node.srcToken.source : node.source ?? node.value) : '';
  return goYamlPlainText(source) ?? source;
}

/** The decoded JSON, or encoding/json's syntax error text (checked before any decoding, as Go does). */
function readJson(text: string, name: string): { value: Value } | { error: string } {
  const error = jsonSyntaxError(text);
  if (error !== undefined) return { error };
  const convert = (v: unknown): Value => {
    if (v === null) return null;
    if (Array.isArray(v)) return goList(v.map(convert));
    // encoding/json reads a lone surrogate escape, or a byte that is not UTF-8, as U+FFFD.
    if (typeof v === 'object') return new Map(Object.entries(v as object).map(([k, item]) => [validUtf8Text(k), convert(item)]));
    if (typeof v === 'number' && !Number.isFinite(v)) throw new UnsupportedFunction(`${name} of a JSON number beyond float64 is not supported`);
    if (typeof v === 'string') return validUtf8Text(v);
    return v as Value;
  };
  return { value: convert(JSON.parse(text)) };
}

/** Helm's map-returning readers: a document of another shape, or broken JSON, puts Go's error in `Error`. */
function intoMap(read: { value: Value } | { error: string }, prefix: string, nil: () => GoMap, shapePrefix = prefix): GoMap {
  if ('error' in read) return new Map([['Error', `${prefix}${read.error}`]]);
  const value = read.value;
  if (value === null) return nil();
  if (value instanceof Map) return value;
  return new Map([['Error', `${shapePrefix}json: cannot unmarshal ${jsonKind(value)} into Go value of type map[string]interface {}`]]);
}

function intoList(read: { value: Value } | { error: string }, prefix: string, nil: () => GoList, shapePrefix = prefix): GoList {
  if ('error' in read) return goList([`${prefix}${read.error}`]);
  const value = read.value;
  if (value === null) return nil();
  if (Array.isArray(value)) return value;
  return goList([`${shapePrefix}json: cannot unmarshal ${jsonKind(value)} into Go value of type []interface {}`]);
}

function valueOrThrow(read: { value: Value } | { error: string }): Value {
  if ('error' in read) throw new GoError(read.error);
  return read.value;
}

const yamlPrefix = 'error unmarshaling JSON: while decoding JSON: ';
const S = 'string';
export const fromTextFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  // JSON null sets Go's map or slice to nil; sigs.k8s.io/yaml leaves it empty.
  // sigs.k8s.io/yaml's own error is the text as it is; a document of another shape is encoding/json's, after yamlPrefix.
  ['fromYaml', goFunction([S], ([t]) => intoMap(readYaml(t as string, 'fromYaml'), '', () => new Map(), yamlPrefix), { result: 'map[string]interface {}' })],
  ['fromYamlArray', goFunction([S], ([t]) => intoList(readYaml(t as string, 'fromYamlArray'), '', () => goList([]), yamlPrefix), { result: '[]interface {}' })],
  ['fromJson', goFunction([S], ([t]) => intoMap(readJson(t as string, 'fromJson'), '', nilMap), { result: 'map[string]interface {}' })],
  ['fromJsonArray', goFunction([S], ([t]) => intoList(readJson(t as string, 'fromJsonArray'), '', nilList), { result: '[]interface {}' })],
  ['mustFromJson', goFunction([S], ([t]) => valueOrThrow(readJson(t as string, 'mustFromJson')), { result: 'interface {}' })],
]);

