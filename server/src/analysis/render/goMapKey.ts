/**
 * A mapping key that is itself a mapping or a sequence (`{ {b: 1}: c }`, `? [1, 2]`): go-yaml v2
 * reads it, but sigs.k8s.io/yaml cannot turn it into a JSON key, so Helm stops with
 * `error converting YAML to JSON: yaml: invalid map key: <the key as Go's %#v prints it>`.
 * Reading such a key with the yaml library's toJS would stringify it (and print a warning).
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { goYamlPlainText, goYamlPlainType } from '../yaml/goYaml';
import { formatFloat } from './print';

/** fmt's %#v of what go-yaml v2 decodes `node` to: map[interface {}]interface {}, []interface {}, int, float64, string, bool, nil. */
export function goSharpV(node: Node | null | undefined, doc: Document): string {
  return goSharp(node, doc, 0);
}

function goSharp(node: Node | null | undefined, doc: Document, depth: number): string {
  if (depth > 50) return '…';
  const target = node && isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
  if (!target) return 'interface {}(nil)';
  if (isMap(target)) {
    const entries = target.items.map((pair) => [goSharp(pair.key as Node | null, doc, depth + 1), goSharp(pair.value as Node | null, doc, depth + 1)] as const);
    // fmt prints map keys sorted (strings by bytes, numbers by value).
    entries.sort(([a], [b]) => compareKeys(a, b));
    return `map[interface {}]interface {}{${entries.map(([k, v]) => `${k}:${v}`).join(', ')}}`;
  }
  if (isSeq(target)) return `[]interface {}{${target.items.map((item) => goSharp(item as Node, doc, depth + 1)).join(', ')}}`;
  if (isScalar(target)) {
    const text = String(target.source ?? target.value ?? '');
    const plain = target.type === 'PLAIN' && !target.tag;
    if (!plain) return goQuote(text);
    switch (goYamlPlainType(text)) {
      case 'null':
        return 'interface {}(nil)';
      case 'bool':
      case 'int':
        return goYamlPlainText(text) ?? text;
      case 'float':
        return formatFloat(Number(text.replace(/_/g, '')), 'g', -1);
      default:
        return goQuote(text);
    }
  }
  return 'interface {}(nil)';
}

function compareKeys(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (!a.startsWith('"') && !b.startsWith('"') && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** strconv.Quote for printable text: double quotes, backslash escapes. */
function goQuote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r')}"`;
}

/**
 * sigs.k8s.io/yaml's error for a mapping key JSON cannot hold, after `error converting YAML to JSON: `:
 * a collection key (go-yaml's `yaml: invalid map key: %#v`, met while decoding, so it comes first) or
 * a null key (`null`, `~`: `unsupported map key of type: %!s(<nil>), key: <nil>, value: %+#v`, met
 * while converting to JSON). Go walks a map in random order, so of several null keys Helm names any
 * one; this names the first. Undefined when every key is a scalar JSON can hold. One walk of the nodes.
 */
export function jsonKeyError(doc: Document): string | undefined {
  let collectionKey: string | undefined;
  let nullKeyValue: Node | null | undefined;
  const visit = (node: Node | null | undefined, depth: number): void => {
    if (collectionKey !== undefined || !node || depth > 200) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (key && (isMap(key) || isSeq(key))) {
          collectionKey = goSharpV(key, doc);
          return;
        }
        if (nullKeyValue === undefined && isNullKey(key, doc)) nullKeyValue = (pair.value as Node | null) ?? null;
        visit(pair.value as Node | null, depth + 1);
        if (collectionKey !== undefined) return;
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        visit(item as Node, depth + 1);
        if (collectionKey !== undefined) return;
      }
    }
  };
  visit(doc.contents as Node | null, 0);
  if (collectionKey !== undefined) return `yaml: invalid map key: ${collectionKey}`;
  return nullKeyValue === undefined ? undefined : nullKeyError(nullKeyValue, doc);
}

/** The error sigs.k8s.io/yaml gives for a null key whose value is `value`. */
export function nullKeyError(value: Node | null | undefined, doc: Document): string {
  const shown = goSharpV(value, doc);
  // %+#v of a nil interface is <nil>; inside a collection goSharpV prints it as %#v does.
  return `unsupported map key of type: %!s(<nil>), key: <nil>, value: ${shown === 'interface {}(nil)' ? '<nil>' : shown}`;
}

/** Whether `key` is a key go-yaml decodes to nil: a plain `null`, `Null`, `NULL` or `~` (or an alias to one). */
export function isNullKey(key: Node | null | undefined, doc: Document): boolean {
  const target = key && isAlias(key) ? (key.resolve(doc) as Node | undefined) : key;
  if (!target || !isScalar(target) || target.type !== 'PLAIN' || target.tag) return false;
  const text = String(target.source ?? '');
  return text !== '' && goYamlPlainType(text) === 'null';
}
