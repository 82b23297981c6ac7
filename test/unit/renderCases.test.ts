/**
 * The renderer (Go template evaluator, Helm's engine, the function library) against the
 * template cases real Helm rendered
 * (test/fixtures/render/cases/*.yaml, written by scripts/render-cases.mjs), rendered the way the
 * generator runs Helm: one chart `cases`, every case a template `cases/templates/<name>.yaml`
 * wrapped in markers, all cases and the file's extra templates in one template set.
 *
 * Every case file runs, with the function library: the evaluator's families (control, trim,
 * printing, …) and the function families alike.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, test } from 'node:test';
import YAML from 'yaml';
import { renderTemplates, type EngineTemplate } from '../../server/src/analysis/render/engine';
import { changingFunctions, engineFunctionNames, functionLibrary, helmFunctionNames } from '../../server/src/analysis/render/functions/index';
import type { GoMap, Value } from '../../server/src/analysis/render/value';

const casesDir = join(__dirname, '../../../test/fixtures/render/cases');

/** Values as Helm reads values.yaml (YAML 1.1 through JSON): every number a float64. */
function toValue(value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(toValue);
  if (typeof value === 'object') return new Map(Object.entries(value as object).map(([k, v]) => [k, toValue(v)]));
  if (typeof value === 'bigint') return Number(value);
  return value as Value;
}

interface Case {
  readonly name: string;
  readonly template: string;
  readonly expect?: string;
  readonly error?: string;
}

const begin = (name: string): string => `#<<<case:${name}>>>`;
const end = (name: string): string => `<<<end:${name}>>>`;

/** The generator's messageAfterPosition: Helm's message without the template position. */
function messageAfterPosition(text: string): string {
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

for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.yaml')).sort()) {
  const doc = YAML.parse(readFileSync(join(casesDir, file), 'utf8'), { version: '1.1' });
  const values = toValue(doc.values ?? {});
  const context: GoMap = new Map([['Values', values]]);
  const cases = doc.cases as Case[];
  const templates: EngineTemplate[] = cases.map((c) => ({ name: `cases/templates/${c.name}.yaml`, text: `${begin(c.name)}${c.template}${end(c.name)}`, context }));
  for (const [path, text] of Object.entries((doc.files ?? {}) as Record<string, string>)) {
    if (path.startsWith('templates/')) templates.push({ name: `cases/${path}`, text, context });
  }
  const result = renderTemplates(templates, functionLibrary);

  describe(`render cases: ${file}`, () => {
    for (const c of cases) {
      it(c.name, () => {
        const name = `cases/templates/${c.name}.yaml`;
        const parseError = result.parseErrors.find((e) => e.template === name);
        const rendered = result.templates.find((t) => t.name === name);
        const error = parseError ?? rendered?.error;
        if (c.error !== undefined) {
          assert.ok(error, `Helm fails with ${JSON.stringify(c.error)}; we render ${JSON.stringify(rendered?.output)}`);
          assert.equal(messageAfterPosition(error.helmMessage), c.error);
          return;
        }
        assert.equal(error, undefined, `Helm renders ${JSON.stringify(c.expect)}`);
        const output = rendered!.output;
        assert.ok(output.startsWith(begin(c.name)) && output.endsWith(end(c.name)), output);
        assert.equal(output.slice(begin(c.name).length, output.length - end(c.name).length), c.expect);
      });
    }
  });
}

test('every function of Helm 4.1.4 is in the library or the engine', () => {
  for (const name of helmFunctionNames) assert.ok(functionLibrary.has(name) || engineFunctionNames.has(name), name);
  assert.equal(functionLibrary.size + engineFunctionNames.size, helmFunctionNames.length);
  for (const name of changingFunctions) assert.ok(functionLibrary.has(name), name);
});
