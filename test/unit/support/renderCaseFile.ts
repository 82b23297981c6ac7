/**
 * Renders a template case file (test/fixtures/render/cases/*.yaml, the format of
 * scripts/render-cases.mjs) with our engine the way the generator runs Helm: one chart `cases`,
 * every case a template `cases/templates/<name>.yaml` wrapped in markers, all cases and the
 * file's extra templates in one template set. Shared by renderCases.test.ts (the checked-in
 * files) and renderGenerated.test.ts (freshly generated ones).
 */
import YAML from 'yaml';
import { renderTemplates, type EngineTemplate } from '../../../server/src/analysis/render/engine';
import { functionLibrary } from '../../../server/src/analysis/render/functions/index';
import { capabilitiesObject, filesObject, releaseObject } from '../../../server/src/analysis/render/context/objects';
import { metadataAsMap, readChartYaml } from '../../../server/src/analysis/render/context/chartMetadata';
import { namedGoType, type GoMap, type Value } from '../../../server/src/analysis/render/value';

export interface Case {
  readonly name: string;
  readonly template: string;
  readonly expect?: string;
  readonly error?: string;
}

export interface CaseFile {
  readonly values?: unknown;
  readonly files?: Record<string, string>;
  readonly cases: readonly Case[];
}

/** What our renderer gives a case: its output between the markers, or Helm's message of its error. */
export type CaseResult = { readonly output: string } | { readonly error: string } | { readonly broken: string };

/** Values as Helm reads values.yaml (YAML 1.1 through JSON): every number a float64. */
function toValue(value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(toValue);
  if (typeof value === 'object') return new Map(Object.entries(value as object).map(([k, v]) => [k, toValue(v)]));
  if (typeof value === 'bigint') return Number(value);
  return value as Value;
}

const begin = (name: string): string => `#<<<case:${name}>>>`;
const end = (name: string): string => `<<<end:${name}>>>`;

/** The generator's messageAfterPosition: Helm's message without the template position. */
export function messageAfterPosition(text: string): string {
  const forms = [
    /^execution error at \([^)]*\): ([\s\S]*)$/,
    /^parse error at \([^)]*\): ([\s\S]*)$/,
    /^template: [^\s:]+:\d+:\d+: executing "[^"]*" at <[\s\S]*?>: ([\s\S]*)$/,
    /^[^\s:]+:\d+:\d+\n {2}executing "[^"]*" at <[\s\S]*?>:\n {4}([\s\S]*)$/,
  ];
  for (const form of forms) {
    const match = form.exec(text);
    if (match) return match[1];
  }
  return text;
}

export function parseCaseFile(text: string): CaseFile {
  return YAML.parse(text, { version: '1.1' }) as CaseFile;
}

/** The Chart.yaml scripts/render-cases.mjs writes. */
const caseChartYaml = 'apiVersion: v2\nname: cases\nversion: 0.1.0\n';

/** Every case of the file rendered in one template set, by case name. */
export function renderCaseFile(doc: CaseFile): Map<string, CaseResult> {
  // The `.` Helm gives the chart `cases`: .Values a common.Values, the file's other files in .Files.
  const read = toValue(doc.values ?? {});
  const values = read instanceof Map ? namedGoType(read, 'common.Values') : read;
  const files = Object.entries(doc.files ?? {}).filter(([path]) => !path.startsWith('templates/')).map(([name, text]) => ({ name, text }));
  const context: GoMap = new Map<string, Value>([
    ['Values', values],
    ['Files', filesObject(files)],
    ['Release', releaseObject({})],
    ['Capabilities', capabilitiesObject({}).capabilities],
    ['Chart', metadataAsMap(readChartYaml(caseChartYaml).metadata, true)],
  ]);
  const templates: EngineTemplate[] = doc.cases.map((c) => ({ name: `cases/templates/${c.name}.yaml`, text: `${begin(c.name)}${c.template}${end(c.name)}`, context }));
  for (const [path, text] of Object.entries(doc.files ?? {})) {
    if (path.startsWith('templates/')) templates.push({ name: `cases/${path}`, text, context });
  }
  const result = renderTemplates(templates, functionLibrary);
  const results = new Map<string, CaseResult>();
  for (const c of doc.cases) {
    const name = `cases/templates/${c.name}.yaml`;
    const parseError = result.parseErrors.find((e) => e.template === name);
    const rendered = result.templates.find((t) => t.name === name);
    const error = parseError ?? rendered?.error;
    if (error) results.set(c.name, { error: messageAfterPosition(error.helmMessage) });
    else {
      const output = rendered?.output ?? '';
      results.set(c.name, output.startsWith(begin(c.name)) && output.endsWith(end(c.name)) ? { output: output.slice(begin(c.name).length, output.length - end(c.name).length) } : { broken: output });
    }
  }
  return results;
}

/** One sentence saying how our result differs from Helm's (the case's expect or error), or undefined when equal. */
export function caseDifference(c: Case, result: CaseResult | undefined): string | undefined {
  if (!result) return 'not rendered';
  if ('broken' in result) return `the markers around the output are missing: ${JSON.stringify(result.broken)}`;
  if (c.error !== undefined) {
    if ('error' in result) return result.error === c.error ? undefined : `Helm fails with ${JSON.stringify(c.error)}; we fail with ${JSON.stringify(result.error)}`;
    return `Helm fails with ${JSON.stringify(c.error)}; we render ${JSON.stringify(result.output)}`;
  }
  if ('error' in result) return `Helm renders ${JSON.stringify(c.expect)}; we fail with ${JSON.stringify(result.error)}`;
  return result.output === c.expect ? undefined : `Helm renders ${JSON.stringify(c.expect)}; we render ${JSON.stringify(result.output)}`;
}
