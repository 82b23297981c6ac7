/**
 * Chart.yaml read into Helm's `chart.Metadata` the way sigs.k8s.io/yaml fills a Go struct:
 * keys match the JSON field names case-insensitively, a number or bool written where a string
 * field is expected becomes text as go-yaml prints it (`appVersion: 1.10` → "1.1"), unknown
 * keys are ignored, and Helm's `sanitizeString` turns blanks into spaces and drops unprintable
 * characters. `.Chart` is this struct turned into a map (Helm 4's `MetadataAsMap`).
 */
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { goYamlPlainText, goYamlPlainType } from '../../yaml/goYaml';
import { parseDocumentSafely } from '../../yaml/parseGuard';
import { namedGoType, type GoList, type GoMap, type Value } from '../value';
import { fromJson } from './strvals';

export interface Dependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
  tags: string[];
  enabled: boolean;
  /** As written: strings and `{child, parent}` maps (after processing: `{child, parent}` string maps). */
  importValues: Value[];
  alias: string;
  /** Written as YAML's null (Go's nil pointer): `Metadata.Validate` refuses the chart. */
  isNull?: true;
}

export interface Maintainer {
  name: string;
  email: string;
  url: string;
  /** Written as YAML's null (Go's nil pointer): `Metadata.Validate` refuses the chart. */
  isNull?: true;
}

export interface Metadata {
  name: string;
  home: string;
  sources: string[];
  version: string;
  description: string;
  keywords: string[];
  maintainers: Maintainer[];
  icon: string;
  apiVersion: string;
  condition: string;
  tags: string;
  appVersion: string;
  deprecated: boolean;
  /** Go's `map[string]string`: nil (null here) when Chart.yaml has no `annotations:` map, as JSON and `%#v` show. */
  annotations: Map<string, string> | null;
  kubeVersion: string;
  dependencies: Dependency[];
  /** Go tells a `dependencies:` list (even empty) from none (nil); dependency processing runs only for a list. */
  dependenciesDeclared: boolean;
  type: string;
}

/** A copy that dependency processing may change (the dependency list and its entries, an alias's name) without changing `metadata`. */
export function copyMetadata(metadata: Metadata): Metadata {
  return { ...metadata, dependencies: metadata.dependencies.map((dep) => ({ ...dep, tags: [...dep.tags], importValues: [...dep.importValues] })) };
}

class FieldError extends Error {}

/** Reads Chart.yaml; `error` is Helm's text after `cannot load Chart.yaml: `. Never throws. */
export function readChartYaml(text: string): { metadata: Metadata; error?: string } {
  const metadata = emptyMetadata();
  const doc = parseDocumentSafely(text, { version: '1.1', uniqueKeys: false });
  if (!doc) return { metadata, error: 'error converting YAML to JSON: yaml: the document nests too deeply to read' };
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    // go-yaml's reader error (a control character) has no line (yaml/goYamlReader.ts).
    const line = first.linePos?.[0].line;
    return { metadata, error: `error converting YAML to JSON: yaml: ${line === undefined ? '' : `line ${line}: `}${first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` };
  }
  const root = doc.contents as Node | null;
  if (!root || (isScalar(root) && root.value === null)) return { metadata: withDefaults(metadata) };
  if (!isMap(root)) return { metadata, error: 'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal value into Go value of type chart.Metadata' };
  try {
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String((pair.key as Scalar).source ?? (pair.key as Scalar).value) : '';
      const value = pair.value as Node | null;
      switch (key.toLowerCase()) {
        case 'name': metadata.name = str(value, 'Metadata.name'); break;
        case 'home': metadata.home = str(value, 'Metadata.home'); break;
        case 'sources': metadata.sources = strList(value, 'Metadata.sources'); break;
        case 'version': metadata.version = str(value, 'Metadata.version'); break;
        case 'description': metadata.description = str(value, 'Metadata.description'); break;
        case 'keywords': metadata.keywords = strList(value, 'Metadata.keywords'); break;
        case 'maintainers': metadata.maintainers = items(value, 'Metadata.maintainers', 'v2.Maintainer').map(maintainer); break;
        case 'icon': metadata.icon = str(value, 'Metadata.icon'); break;
        case 'apiversion': metadata.apiVersion = str(value, 'Metadata.apiVersion'); break;
        case 'condition': metadata.condition = str(value, 'Metadata.condition'); break;
        case 'tags': metadata.tags = str(value, 'Metadata.tags'); break;
        case 'appversion': metadata.appVersion = str(value, 'Metadata.appVersion'); break;
        case 'deprecated': metadata.deprecated = bool(value); break;
        case 'annotations': metadata.annotations = strMap(value); break;
        case 'kubeversion': metadata.kubeVersion = str(value, 'Metadata.kubeVersion'); break;
        case 'dependencies': metadata.dependencies = items(value, 'Metadata.dependencies', 'v2.Dependency').map(dependency); metadata.dependenciesDeclared = !!value && isSeq(value); break;
        case 'type': metadata.type = str(value, 'Metadata.type'); break;
      }
    }
  } catch (error) {
    if (error instanceof FieldError) return { metadata: emptyMetadata(), error: error.message };
    throw error;
  }
  return { metadata: withDefaults(metadata) };
}

function withDefaults(metadata: Metadata): Metadata {
  // Helm's loader: an empty apiVersion means v1; Validate (and Maintainer.Validate) sanitize these strings.
  if (metadata.apiVersion === '') metadata.apiVersion = 'v1';
  for (const key of ['name', 'description', 'home', 'icon', 'condition', 'tags', 'appVersion', 'kubeVersion'] as const) metadata[key] = sanitize(metadata[key]);
  metadata.sources = metadata.sources.map(sanitize);
  metadata.keywords = metadata.keywords.map(sanitize);
  for (const m of metadata.maintainers) {
    m.name = sanitize(m.name);
    m.email = sanitize(m.email);
    m.url = sanitize(m.url);
  }
  for (const dep of metadata.dependencies) {
    dep.name = sanitize(dep.name);
    dep.version = sanitize(dep.version);
    dep.repository = sanitize(dep.repository);
    dep.condition = sanitize(dep.condition);
    dep.tags = dep.tags.map(sanitize);
  }
  return metadata;
}

/** Helm's `sanitizeString`: blanks become spaces, unprintable runes go. */
function sanitize(text: string): string {
  // Printable ASCII (the space included) stays as it is: the Unicode classes need not be built.
  if (PRINTABLE_ASCII.test(text)) return text;
  return Array.from(text)
    .map((rune) => (BLANK.test(rune) ? ' ' : PRINTABLE.test(rune) ? rune : ''))
    .join('');
}
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Go's unicode.IsSpace: the Latin-1 blanks (NEL U+0085 among them) and White_Space beyond (JavaScript's \s adds U+FEFF, which Go drops as unprintable). */
const BLANK = /[\t\n\v\f\r \x85\xa0\p{Zs}\u2028\u2029]/u;
const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;

function emptyMetadata(): Metadata {
  return { name: '', home: '', sources: [], version: '', description: '', keywords: [], maintainers: [], icon: '', apiVersion: '', condition: '', tags: '', appVersion: '', deprecated: false, annotations: null, kubeVersion: '', dependencies: [], dependenciesDeclared: false, type: '' };
}

function scalarText(node: Scalar): string | null {
  const text = String(node.source ?? node.value ?? '');
  if (node.type !== 'PLAIN') return text;
  if (goYamlPlainType(text) === 'null') return null;
  return goYamlPlainText(text) ?? text;
}

/** A string field; `path` names it as encoding/json does in errors (`Metadata.name`, `Dependency.dependencies.name`). */
function str(node: Node | null, path: string): string {
  if (!node) return '';
  if (isScalar(node)) return scalarText(node) ?? '';
  throw new FieldError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${isSeq(node) ? 'array' : 'object'} into Go struct field ${path} of type string`);
}

function strList(node: Node | null, path: string): string[] {
  return items(node, path, 'string').map((item) => str(item, path));
}

function bool(node: Node | null): boolean {
  if (!node || !isScalar(node)) return false;
  const text = String(node.source ?? node.value ?? '');
  return node.type === 'PLAIN' && goYamlPlainType(text) === 'bool' ? goYamlPlainText(text) === 'true' : false;
}

/**
 * A list field's items. A value of another kind fails as encoding/json fails Helm's loader:
 * `keywords: abc` cannot be a []string, `maintainers: [abc]` not a Maintainer.
 */
function items(node: Node | null, path: string, itemType: string): Node[] {
  if (isNull(node)) return [];
  const struct = itemType !== 'string' && itemType !== 'interface {}';
  if (!isSeq(node)) throw typeError(node!, path, struct ? `[]*${itemType}` : `[]${itemType}`);
  const list = node.items as Node[];
  if (struct) for (const item of list) if (!isNull(item) && !isMap(item)) throw typeError(item, path, itemType);
  return list;
}

/** A missing value or YAML's null: Go's nil, which every field takes. */
function isNull(node: Node | null | undefined): boolean {
  return !node || (isScalar(node) && scalarText(node) === null);
}

/** encoding/json's error for a value of the wrong kind in the field at `path` (see `str`). */
function typeError(node: Node, path: string, type: string): FieldError {
  return new FieldError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(node)} into Go struct field ${path} of type ${type}`);
}

/** What a YAML node is once sigs.k8s.io/yaml has made JSON of it, as encoding/json names it in errors. */
function jsonKind(node: Node): string {
  if (isSeq(node)) return 'array';
  if (isMap(node)) return 'object';
  if (isScalar(node) && node.type === 'PLAIN') {
    const type = goYamlPlainType(String(node.source ?? node.value ?? ''));
    if (type === 'int' || type === 'float') return 'number';
    if (type === 'bool') return 'bool';
  }
  return 'string';
}

function field(node: Node, key: string, struct: string): string {
  if (!isMap(node)) return '';
  const pair = node.items.find((item) => isScalar(item.key) && String((item.key as Scalar).value).toLowerCase() === key.toLowerCase());
  return pair ? str(pair.value as Node | null, `${struct}.${key}`) : '';
}

function strMap(node: Node | null): Map<string, string> | null {
  if (isNull(node)) return null;
  if (!isMap(node)) throw typeError(node!, 'Metadata.annotations', 'map[string]string');
  const map = new Map<string, string>();
  for (const pair of node.items) {
    if (!isScalar(pair.key)) continue;
    map.set(scalarText(pair.key as Scalar) ?? 'null', str(pair.value as Node | null, 'Metadata.annotations'));
  }
  return map;
}

function maintainer(node: Node): Maintainer {
  const read: Maintainer = { name: field(node, 'name', 'Maintainer.maintainers'), email: field(node, 'email', 'Maintainer.maintainers'), url: field(node, 'url', 'Maintainer.maintainers') };
  return isNull(node) ? { ...read, isNull: true } : read;
}

function dependency(node: Node): Dependency {
  const dep: Dependency = { name: '', version: '', repository: '', condition: '', tags: [], enabled: false, importValues: [], alias: '', ...(isNull(node) ? { isNull: true as const } : {}) };
  if (!isMap(node)) return dep;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String((pair.key as Scalar).value).toLowerCase() : '';
    const value = pair.value as Node | null;
    if (key === 'name') dep.name = str(value, 'Dependency.dependencies.name');
    else if (key === 'version') dep.version = str(value, 'Dependency.dependencies.version');
    else if (key === 'repository') dep.repository = str(value, 'Dependency.dependencies.repository');
    else if (key === 'condition') dep.condition = str(value, 'Dependency.dependencies.condition');
    else if (key === 'tags') dep.tags = strList(value, 'Dependency.dependencies.tags');
    else if (key === 'enabled') dep.enabled = bool(value);
    else if (key === 'alias') dep.alias = str(value, 'Dependency.dependencies.alias');
    else if (key === 'import-values') dep.importValues = items(value, 'Dependency.dependencies.import-values', 'interface {}').map((item) => fromJson(item.toJSON()));
  }
  return dep;
}

const emptyString = (): Value => '';

/** Helm 4's `MetadataAsMap` plus `IsRoot`: what templates see as `.Chart`. */
export function metadataAsMap(metadata: Metadata, isRoot: boolean): GoMap {
  const strings = (list: readonly string[]): GoList => [...list];
  const dependencies: GoList = metadata.dependencies.map((dep) => new Map<string, Value>([
    ['Name', dep.name],
    ['Version', dep.version],
    ['Repository', dep.repository],
    ['Condition', dep.condition],
    ['Tags', strings(dep.tags)],
    ['Enabled', dep.enabled],
    ['ImportValues', [...dep.importValues]],
    ['Alias', dep.alias],
  ]));
  // A map[string]string: `typeOf` says so, a missing key reads "" and a nil one writes `null` to JSON.
  const annotations: GoMap = namedGoType(new Map(metadata.annotations ?? []), 'map[string]string');
  annotations.goElemZero = emptyString;
  if (metadata.annotations === null) annotations.goNil = true;
  return new Map<string, Value>([
    ['Name', metadata.name],
    ['Home', metadata.home],
    ['Sources', strings(metadata.sources)],
    ['Version', metadata.version],
    ['Description', metadata.description],
    ['Keywords', strings(metadata.keywords)],
    ['Maintainers', metadata.maintainers.map((m) => new Map<string, Value>([['Name', m.name], ['Email', m.email], ['URL', m.url]]))],
    ['Icon', metadata.icon],
    ['APIVersion', metadata.apiVersion],
    ['Condition', metadata.condition],
    ['Tags', metadata.tags],
    ['AppVersion', metadata.appVersion],
    ['Deprecated', metadata.deprecated],
    ['Annotations', annotations],
    ['KubeVersion', metadata.kubeVersion],
    ['Dependencies', dependencies],
    ['Type', metadata.type],
    ['IsRoot', isRoot],
  ]);
}
