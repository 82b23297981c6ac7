/**
 * The context objects other than `.Values` as `helm template` (Helm 4.1.4) hands them to
 * templates: `.Release` (a map), `.Capabilities` (a `*common.Capabilities` struct with the
 * client-only defaults: Kubernetes v1.35.0, the API versions of the client-go scheme, Helm's
 * build info) and `.Files` (an `engine.files` map with methods). Defaults read from the binary.
 */
import { base64Encode } from '../functions/encoding';
import { marshalYaml } from '../functions/yamlEncode';
import { GoError, GoStruct, UnsupportedFunction, LazyGoMap, goBytes, namedGoType, nilBytes, utf8Decode, type GoFunction, type GoList, type GoMap, type Value } from '../value';
import { compileGlob } from './glob';

export interface ReleaseOptions {
  /** `release-name` when absent, as `helm template`. */
  readonly name?: string;
  /** `default` when absent. */
  readonly namespace?: string;
  /** `helm template --is-upgrade`: IsUpgrade true, IsInstall false. */
  readonly isUpgrade?: boolean;
}

/** `.Release`: Helm 4 builds it as a plain map; Revision is an int (1 for `helm template`). */
export function releaseObject(options: ReleaseOptions): GoMap {
  return new Map<string, Value>([
    ['Name', options.name ?? 'release-name'],
    ['Namespace', options.namespace ?? 'default'],
    ['IsUpgrade', options.isUpgrade === true],
    ['IsInstall', options.isUpgrade !== true],
    ['Revision', 1n],
    ['Service', 'Helm'],
  ]);
}

/** `Capabilities.APIVersions` of Helm 4.1.4 without a cluster, in its order (printed by the binary). */
export const defaultApiVersions: readonly string[] = [
  'v1', 'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1', 'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1', 'apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1', 'authentication.k8s.io/v1beta1', 'authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1',
  'autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta1', 'autoscaling/v2beta2', 'batch/v1', 'batch/v1beta1',
  'certificates.k8s.io/v1', 'certificates.k8s.io/v1beta1', 'certificates.k8s.io/v1alpha1', 'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1', 'events.k8s.io/v1',
  'events.k8s.io/v1beta1', 'extensions/v1beta1', 'flowcontrol.apiserver.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1beta3', 'networking.k8s.io/v1', 'networking.k8s.io/v1beta1',
  'node.k8s.io/v1', 'node.k8s.io/v1alpha1', 'node.k8s.io/v1beta1', 'policy/v1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1', 'resource.k8s.io/v1', 'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1beta1', 'resource.k8s.io/v1alpha3', 'scheduling.k8s.io/v1alpha1', 'scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1', 'storage.k8s.io/v1', 'storage.k8s.io/v1alpha1', 'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1', 'apiextensions.k8s.io/v1',
];

/** `version.BuildInfo` of the Helm 4.1.4 release binary. */
const helmBuildInfo: ReadonlyArray<[string, string]> = [
  ['Version', 'v4.1.4'],
  ['GitCommit', '05fa37973dc9e42b76e1d2883494c87174b6074f'],
  ['GitTreeState', 'clean'],
  ['GoVersion', 'go1.25.9'],
  ['KubeClientVersion', 'v1.35'],
];
/** BuildInfo's JSON tags (`json:"git_commit,omitempty"`, …); omitempty never applies, every field is set. */
const buildInfoJsonNames = new Map([['Version', 'version'], ['GitCommit', 'git_commit'], ['GitTreeState', 'git_tree_state'], ['GoVersion', 'go_version'], ['KubeClientVersion', 'kube_client_version']]);

export interface CapabilitiesOptions {
  /** `--kube-version`: `1.28.3` or `v1.28.3-gke.1` (GitVersion keeps it, `.Version` too; String() drops the build suffix). */
  readonly kubeVersion?: string;
  /** `--api-versions`: added after the defaults. */
  readonly apiVersions?: readonly string[];
}

const method = (params: GoFunction['params'], call: (args: Value[]) => Value, result?: string): GoFunction => ({ params, call, result });

/**
 * `.Capabilities`; `error` is Helm's text for a `--kube-version` it cannot parse. `kube`: its
 * KubeVersion as given (`.Version`) and as `String()` prints it (what a chart's `kubeVersion`
 * constraint is checked against).
 */
export function capabilitiesObject(options: CapabilitiesOptions): { capabilities: GoStruct; kube: { version: string; normalized: string }; error?: string } {
  let version = 'v1.35.0';
  let normalized = 'v1.35.0';
  let major = '1';
  let minor = '35';
  let error: string | undefined;
  if (options.kubeVersion !== undefined) {
    // k8s.io/apimachinery ParseGeneric: optional v, major.minor[.patch], anything after is kept only in the text.
    // `(.*)$` (ParseGeneric's tail) with line breaks refused first: `[\s\S]*` always reaches the end, so the digits are never backtracked through.
    const trimmed = options.kubeVersion.trim();
    const match = /[\n\r\u2028\u2029]/.test(trimmed) ? null : /^v?([0-9]+)\.([0-9]+)(?:\.([0-9]+))?([\s\S]*)$/.exec(trimmed);
    if (!match || (match[4] !== '' && !/^[-+]/.test(match[4]))) error = `invalid kube version '${options.kubeVersion}': could not parse "${options.kubeVersion}" as version`;
    else {
      version = options.kubeVersion.startsWith('v') ? options.kubeVersion : `v${options.kubeVersion}`;
      normalized = `v${Number(match[1])}.${Number(match[2])}.${Number(match[3] ?? 0)}`;
      major = String(Number(match[1]));
      minor = String(Number(match[2]));
    }
  }
  const kubeVersion = new GoStruct(
    'common.KubeVersion',
    new Map<string, Value>([['Version', version], ['Major', major], ['Minor', minor]]),
    new Map([
      ['String', method([], () => normalized, 'string')],
      ['GitVersion', method([], () => version, 'string')],
    ]),
    { jsonNames: new Map([['Version', 'Version'], ['Major', 'Major'], ['Minor', 'Minor']]) },
  );
  const versions = [...defaultApiVersions, ...(options.apiVersions ?? [])];
  const apiVersions = namedGoType(
    Object.assign([...versions] as GoList, { elem: 'string' as const }),
    'common.VersionSet',
    new Map([['Has', method(['string'], ([name]) => versions.includes(name as string), 'bool')]]),
  );
  const helmVersion = new GoStruct('version.BuildInfo', new Map<string, Value>(helmBuildInfo), undefined, { jsonNames: buildInfoJsonNames });
  const capabilities = new GoStruct('*common.Capabilities', new Map<string, Value>([['KubeVersion', kubeVersion], ['APIVersions', apiVersions], ['HelmVersion', helmVersion]]), undefined, {
    jsonNames: new Map([['KubeVersion', 'KubeVersion'], ['APIVersions', 'APIVersions'], ['HelmVersion', 'HelmVersion']]),
  });
  return { capabilities, kube: { version, normalized }, ...(error ? { error } : {}) };
}

/** A non-template file of a chart, its name relative to the chart (`files/a.txt`). */
export interface ChartFileData {
  readonly name: string;
  /** The text; for a binary file (not UTF-8, or with NUL bytes), base64 of its bytes with `binary` set. Helm's loader has dropped a leading BOM. */
  readonly text: string;
  readonly binary?: boolean;
}

/** `.Files`: a map from file name to its bytes (`[]uint8`), with Get, GetBytes, Glob, Lines, AsConfig, AsSecrets. */
export function filesObject(files: readonly ChartFileData[]): GoMap {
  const byName = new Map<string, ChartFileData>();
  for (const file of files) byName.set(file.name, file);
  return makeFiles(byName);
}

function makeFiles(byName: ReadonlyMap<string, ChartFileData>): GoMap {
  // Each file's bytes are made when a template reads them, not for every render (LazyGoMap).
  const map = new LazyGoMap();
  for (const [name, file] of byName) map.defer(name, () => goBytes(bytesOf(file)));
  const text = (name: string): string => {
    const file = byName.get(name);
    if (!file) return '';
    // Go's string(bytes) keeps bytes that are not UTF-8 (value.ts rawByte): `b64enc` and `len` see them.
    return file.binary ? utf8Decode(bytesOf(file)) : file.text;
  };
  const methods = new Map<string, GoFunction>([
    ['Get', method(['string'], ([name]) => text(name as string), 'string')],
    ['GetBytes', method(['string'], ([name]) => {
      const file = byName.get(name as string);
      return goBytes(file ? bytesOf(file) : []);
    }, '[]uint8')],
    ['Glob', method(['string'], ([pattern]) => {
      const matches = compileGlob(pattern as string);
      const selected = new Map<string, ChartFileData>();
      for (const [name, file] of byName) if (matches(name)) selected.set(name, file);
      return makeFiles(selected);
    }, 'engine.files')],
    ['Lines', method(['string'], ([name]) => {
      if (!byName.has(name as string)) return Object.assign([] as GoList, { elem: 'string' as const });
      let content = text(name as string);
      // Helm indexes the last byte without checking for an empty file: Go panics there.
      if (content.length === 0) throw new GoError('runtime error: index out of range [-1]');
      if (content.endsWith('\n')) content = content.slice(0, -1);
      return Object.assign(content.split('\n') as GoList, { elem: 'string' as const });
    }, '[]string')],
    // A map from each file's base name to its text (AsConfig) or base64 (AsSecrets), printed by toYaml.
    ['AsConfig', method([], () => asYaml(byName, (file) => text(file.name)), 'string')],
    ['AsSecrets', method([], () => asYaml(byName, (file) => base64Encode(bytesOf(file))), 'string')],
  ]);
  namedGoType(map, 'engine.files', methods);
  // map[string][]byte: a missing file is a nil []uint8 to `index` and `.Files.name` ("" as text), not nil.
  (map as GoMap).goElemZero = nilBytes;
  return map;
}

/** Helm's `toYAML(map[base name]content)`: later files with the same base name win (Go map order there is random). */
function asYaml(byName: ReadonlyMap<string, ChartFileData>, content: (file: ChartFileData) => string): string {
  const map: GoMap = new Map();
  for (const [name, file] of byName) map.set(name.slice(name.lastIndexOf('/') + 1), content(file));
  try {
    return marshalYaml(map).replace(/\n$/, '');
  } catch (error) {
    // Helm's toYAML swallows the error (a character go-yaml's reader refuses): AsConfig is "".
    if (error instanceof GoError && !(error instanceof UnsupportedFunction)) return '';
    throw error;
  }
}

function bytesOf(file: ChartFileData): Uint8Array {
  if (!file.binary) return new TextEncoder().encode(file.text);
  return base64Bytes(file.text);
}

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Each base64 character's value, -1 for any other (skipped: padding, line breaks). */
const base64Values = Int8Array.from({ length: 128 }, (_, code) => base64Alphabet.indexOf(String.fromCharCode(code)));

/** Into one buffer, no array of numbers: a 3 MB binary file took 2.5 s here (and most of its GC). */
function base64Bytes(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let n = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? base64Values[code] : -1;
    if (value < 0) continue;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}
