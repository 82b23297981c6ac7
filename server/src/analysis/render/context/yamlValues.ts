/**
 * A values file read as Helm 4 reads it (`loader.LoadValues`): the text is split into documents
 * where a line starts with `---` (Kubernetes' YAML reader), each document goes through
 * sigs.k8s.io/yaml (go-yaml v2 typing, then JSON), and the documents are deep-merged in order.
 * Through JSON every number becomes a float64, map keys become strings (`1` → "1", `on` →
 * "true", `1.50` → "1.5"), duplicate keys keep the last value, and merge keys (`<<`) apply where
 * they stand, as `yaml/mergeKeys.ts` says.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { Span } from '../../types';
import { goYamlPlainText } from '../../yaml/goYaml';
import { appliedPairs } from '../../yaml/mergeKeys';
import { parseDocumentSafely } from '../../yaml/parseGuard';
import { goSharpV, nullKeyError } from '../goMapKey';
import { plainScalarValue, readBlockValues } from './blockValues';
import { copyMetadata, readChartYaml } from './chartMetadata';
import type { GoList, GoMap, Value } from '../value';
import { mergeMaps } from './coalesce';
import { deepCopyMap } from './goValues';
import { ValueOrigins } from './origins';

export interface ReadValuesResult {
  /** The merged values; `{}` when the text has none or cannot be read. */
  readonly values: GoMap;
  /** Helm's error text (without the `cannot load values.yaml:` or `failed to parse FILE:` prefix Helm adds). */
  readonly error?: string;
}

/** Nodes built per file at most: aliases can multiply a small text (go-yaml stops such documents too). */
const maxNodes = 1_000_000;

/**
 * Reads a values file; `source` names it in origins. Never throws. A document in plain block YAML
 * is read by `blockValues.ts`, the rest through `yaml` (`throughYaml`: every document, for the test
 * that holds the two to the same result).
 */
export function readValuesYaml(text: string, source: string, origins: ValueOrigins, throughYaml = false): ReadValuesResult {
  let values: GoMap = new Map();
  for (const chunk of splitDocuments(text)) {
    if ('error' in chunk) return { values: new Map(), error: `error reading yaml document: ${chunk.error}` };
    const fast = throughYaml ? undefined : readBlockValues(chunk.text, chunk.offset, source, origins);
    const read = fast !== undefined ? (fast === null ? {} : { values: fast }) : readDocument(chunk.text, chunk.offset, source, origins);
    if (read.error !== undefined) return { values: new Map(), error: `cannot unmarshal yaml document: ${read.error}` };
    if (read.values) values = mergeMaps(values, read.values, origins);
  }
  return { values };
}

/**
 * Values files (and Chart.yaml files) read once for the renders of one chart: the renders under
 * the other release names (semantics/releaseNames.ts) and the renders after an edit read the same
 * files again. The first reading of a file goes to its render as `readValuesYaml` gives it, and a
 * copy is kept (the last text per source) that is never handed out: a later render gets a deep copy
 * of it with its origins, what a fresh reading gives, since a render may change the values it is given.
 */
export class ValuesReads {
  private readonly kept = new Map<string, { readonly text: string; readonly values: GoMap; readonly error?: string; readonly origins: ValueOrigins }>();
  private readonly charts = new Map<string, { readonly text: string; readonly read: ChartYamlRead }>();

  /**
   * `readChartYaml(text)` of the chart at `prefix`, read only when that chart had another text, as
   * a copy each time (dependency processing changes the metadata it is given). A chart whose
   * templates write into its values builds its contexts again under each other release name, and
   * Chart.yaml went through `yaml`'s full parser each time (ingress-nginx: 2 of its 3 readings).
   */
  chartYaml(text: string, prefix: string): ChartYamlRead {
    const entry = this.charts.get(prefix);
    if (entry && entry.text === text) return copyRead(entry.read);
    const read = readChartYaml(text);
    this.charts.set(prefix, { text, read: copyRead(read) });
    return read;
  }

  /** `readValuesYaml(text, source, origins)`, reading the text only when this source had another one. */
  read(text: string, source: string, origins: ValueOrigins): ReadValuesResult {
    const entry = this.kept.get(source);
    if (entry && entry.text === text) return entry.error !== undefined ? { values: new Map(), error: entry.error } : { values: deepCopyMap(entry.values, origins, entry.origins) };
    const result = readValuesYaml(text, source, origins);
    const own = new ValueOrigins();
    this.kept.set(source, { text, values: deepCopyMap(result.values, own, origins), ...(result.error !== undefined ? { error: result.error } : {}), origins: own });
    return result;
  }
}

type ChartYamlRead = ReturnType<typeof readChartYaml>;
const copyRead = (read: ChartYamlRead): ChartYamlRead => ({ metadata: copyMetadata(read.metadata), ...(read.error !== undefined ? { error: read.error } : {}) });

type Chunk = { text: string; offset: number } | { error: string };

/** Kubernetes' `YAMLReader`: a line starting with `---` ends a document; only a comment may follow it; empty documents are skipped. */
function* splitDocuments(text: string): Generator<Chunk> {
  let start = 0;
  let position = 0;
  while (position < text.length) {
    const newline = text.indexOf('\n', position);
    const end = newline < 0 ? text.length : newline + 1;
    const line = text.slice(position, end);
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest.length > 0 && rest[0] !== '#') {
        yield { error: `invalid Yaml document separator: ${rest}` };
        return;
      }
      if (position > start) yield { text: text.slice(start, position), offset: start };
      start = end;
    }
    position = end;
  }
  if (text.length > start) yield { text: text.slice(start), offset: start };
}

class ReadError extends Error {}

function readDocument(text: string, offset: number, source: string, origins: ValueOrigins): { values?: GoMap; error?: string } {
  // No source tokens: nothing here reads them, and the block reader (parseGuard) takes only documents parsed without them.
  const doc = parseDocumentSafely(text, { version: '1.1', merge: false, uniqueKeys: false });
  if (!doc) return { error: 'error converting YAML to JSON: yaml: the document nests too deeply to read' };
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    // Each document is parsed on its own, so go-yaml counts lines from the document's start too.
    // go-yaml's reader error (a control character) has no line (yaml/goYamlReader.ts).
    const line = first.linePos?.[0].line;
    return { error: `error converting YAML to JSON: yaml: ${line === undefined ? '' : `line ${line}: `}${first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` };
  }
  const reader = new DocumentReader(doc, text, offset, source, origins);
  let value: Value;
  try {
    value = reader.read(doc.contents as Node | null, []);
  } catch (error) {
    if (error instanceof ReadError) return { error: error.message };
    return { error: `error converting YAML to JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (value === null) return {};
  if (value instanceof Map) return { values: value };
  const kind = Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : 'number';
  return { error: `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}` };
}

class DocumentReader {
  private nodes = 0;

  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly offset: number,
    private readonly source: string,
    private readonly origins: ValueOrigins,
  ) {}

  read(node: Node | null | undefined, path: (string | number)[]): Value {
    if (++this.nodes > maxNodes) throw new ReadError('error converting YAML to JSON: yaml: document contains excessive aliasing');
    if (!node) return null;
    if (isAlias(node)) return this.read(node.resolve(this.doc) as Node | undefined, path);
    if (isScalar(node)) return scalarValue(node);
    if (isSeq(node)) {
      const list: GoList = [];
      node.items.forEach((item, index) => {
        const value = this.read(item as Node, [...path, index]);
        list.push(value);
        this.origins.set(list, index, { source: this.source, path: [...path, index], span: this.span(item as Node), ...this.textStart(item as Node, value) });
      });
      return list;
    }
    if (isMap(node)) {
      const map: GoMap = new Map();
      this.fillMap(map, node, path);
      return map;
    }
    return null;
  }

  private fillMap(map: GoMap, node: YAMLMap, path: (string | number)[]): void {
    for (const applied of appliedPairs(node, (alias) => alias.resolve(this.doc) as Node | undefined)) {
      if ('error' in applied) throw new ReadError(`error converting YAML to JSON: yaml: ${applied.error}`);
      const keyNode = applied.pair.key as Node | null;
      const valueNode = applied.pair.value as Node | null;
      const key = this.keyText(keyNode, valueNode);
      const value = this.read(valueNode, [...path, key]);
      map.set(key, value);
      this.origins.set(map, key, { source: this.source, path: [...path, key], span: this.span(valueNode) ?? this.span(keyNode), keySpan: this.span(keyNode), ...this.textStart(valueNode, value) });
    }
  }

  /** `textStart` of a string scalar whose characters stand in the file as they are. */
  private textStart(node: Node | null | undefined, value: Value): { textStart?: number } {
    if (typeof value !== 'string' || !node || !isScalar(node) || !node.range) return {};
    const [start, end] = node.range;
    const written = this.text.slice(start, end);
    if (node.type === 'PLAIN' && written === value) return { textStart: this.offset + start };
    if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && written.slice(1, -1) === value) return { textStart: this.offset + start + 1 };
    return {};
  }

  /** sigs.k8s.io/yaml turns every key into a string: ints in decimal, floats as float32 `%g`, bools as true/false. */
  private keyText(keyNode: Node | null, valueNode: Node | null): string {
    const key = keyNode && isAlias(keyNode) ? (keyNode.resolve(this.doc) as Node | null) : keyNode;
    if (!key || !isScalar(key)) {
      if (key && (isSeq(key) || isMap(key))) throw new ReadError(`error converting YAML to JSON: yaml: invalid map key: ${goSharpV(key, this.doc)}`);
      return this.nullKey(valueNode);
    }
    const value = scalarValue(key);
    if (value === null) return this.nullKey(valueNode);
    if (typeof value === 'string') return value;
    if (typeof value === 'boolean') return String(value);
    return goYamlPlainText(String(key.source)) ?? String(value);
  }

  private nullKey(valueNode: Node | null): never {
    throw new ReadError(`error converting YAML to JSON: ${nullKeyError(valueNode, this.doc)}`);
  }

  private span(node: Node | null | undefined): Span | undefined {
    const range = node?.range;
    return range ? { start: this.offset + range[0], end: this.offset + range[1] } : undefined;
  }
}

/** A scalar as go-yaml v2 types it, then as JSON carries it (numbers become float64). */
function scalarValue(node: Scalar): Value {
  const tag = node.tag;
  const text = String(node.source ?? node.value ?? '');
  if (tag === 'tag:yaml.org,2002:str' || tag === '!!str') return text;
  if (node.type !== 'PLAIN' && !tag) return text;
  return plainScalarValue(text, (number) => {
    throw new ReadError(`error converting YAML to JSON: json: unsupported value: ${Number.isNaN(number) ? 'NaN' : number > 0 ? '+Inf' : '-Inf'}`);
  });
}
