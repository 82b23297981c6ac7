/** JSON and YAML in templates: Sprig's toJson family and Helm's toYaml family (toYamlPretty in yamlPretty.ts). */
import { GoError, GoFunction, UnsupportedFunction, Value } from '../value';
import { goFunction } from './goValues';
import { marshalJson } from './json';
import { marshalYaml } from './yamlEncode';
import { toYamlPretty } from './yamlPretty';
import { toToml } from './toml';

/** Returns what `f` returns, or `fallback` where the Go function swallows the error. */
function orElse(f: () => string, fallback: string): string {
  try {
    return f();
  } catch (error) {
    if (error instanceof UnsupportedFunction || !(error instanceof GoError)) throw error;
    return fallback;
  }
}

const yaml = (v: Value) => marshalYaml(v).replace(/\n$/, '');
const I = 'interface {}';
export const serializationFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['toJson', goFunction([I], ([v]) => orElse(() => marshalJson(v, { escapeHTML: true }), ''), { result: 'string' })],
  ['mustToJson', goFunction([I], ([v]) => marshalJson(v, { escapeHTML: true }), { result: 'string' })],
  ['toPrettyJson', goFunction([I], ([v]) => orElse(() => marshalJson(v, { escapeHTML: true, indent: '  ' }), ''), { result: 'string' })],
  ['mustToPrettyJson', goFunction([I], ([v]) => marshalJson(v, { escapeHTML: true, indent: '  ' }), { result: 'string' })],
  ['toRawJson', goFunction([I], ([v]) => marshalJson(v, { escapeHTML: false }), { result: 'string' })],
  ['mustToRawJson', goFunction([I], ([v]) => marshalJson(v, { escapeHTML: false }), { result: 'string' })],
  ['toYaml', goFunction([I], ([v]) => orElse(() => yaml(v), ''), { result: 'string' })],
  ['mustToYaml', goFunction([I], ([v]) => yaml(v), { result: 'string' })],
  ['toYamlPretty', goFunction([I], ([v]) => toYamlPretty(v), { result: 'string' })],
  ['toToml', goFunction([I], ([v]) => toToml(v), { result: 'string' })],
]);
