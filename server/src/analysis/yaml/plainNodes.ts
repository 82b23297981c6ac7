/**
 * Plain nodes: what documents.ts reads of a document's `yaml` nodes, and nothing else. The block
 * reader builds these for it (`readBlockNodes`) instead of `yaml`'s classes: no `Document`,
 * `Schema` and `Directives` per document (a few µs each) and no `Object.defineProperty` per
 * collection (its `schema`), on 13,548 documents of issue 16's file. Each class carries `yaml`'s
 * node type symbol on its prototype, so `yaml`'s guards (`isScalar`, `isMap`, `isSeq`, `isPair`,
 * `isNode`, `isCollection`) answer for a plain node what they answer for the node `yaml` builds
 * for the same text; the fields are the same names with the same values (test/unit/blockReader.test.ts).
 * Nothing else of `yaml`'s API is there (no `toJS`, `get`, `clone`, comments or `spaceBefore`):
 * only a reader of data (documents.ts, values.ts, mergeKeys.ts) may be given them.
 */
import type * as yaml from 'yaml';

type Range = [number, number, number];

const NODE_TYPE = Symbol.for('yaml.node.type');

export class PlainScalar {
  constructor(
    readonly value: unknown,
    readonly source: string,
    readonly type: yaml.Scalar.Type,
    readonly range: Range,
  ) {}
}

export class PlainPair {
  constructor(
    readonly key: PlainScalar,
    readonly value: PlainNode,
  ) {}
}

export class PlainMap {
  readonly items: PlainPair[] = [];
  range: Range | undefined = undefined;
  /** As `yaml` sets it: true for a flow collection, never set for a block one. */
  flow: true | undefined = undefined;
}

export class PlainSeq {
  readonly items: PlainNode[] = [];
  range: Range | undefined = undefined;
  flow: true | undefined = undefined;
}

export type PlainNode = PlainScalar | PlainMap | PlainSeq;

for (const [type, name] of [
  [PlainScalar, 'yaml.scalar'],
  [PlainPair, 'yaml.pair'],
  [PlainMap, 'yaml.map'],
  [PlainSeq, 'yaml.seq'],
] as const) {
  Object.defineProperty(type.prototype, NODE_TYPE, { value: Symbol.for(name) });
}

/** A plain node as the `yaml` node type its readers take it for. */
export function asYamlNode(node: PlainNode): yaml.Scalar | yaml.YAMLMap | yaml.YAMLSeq {
  return node as unknown as yaml.Scalar | yaml.YAMLMap | yaml.YAMLSeq;
}
