/**
 * The function library against the template cases real Helm rendered
 * (test/fixtures/render/cases/*.yaml, written by scripts/render-cases.mjs). Until the evaluator
 * lands, the cases run through a small stand-in (support/miniTemplate.ts); a case it cannot read
 * is counted, and the test requires that most cases run.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import YAML from 'yaml';
import { functionLibrary, helmFunctionNames, engineFunctionNames, changingFunctions } from '../../server/src/analysis/render/functions/index';
import { GoError, UnsupportedFunction, Value } from '../../server/src/analysis/render/value';
import { NeedsEngine, renderMini } from './support/miniTemplate';

const casesDir = join(__dirname, '../../../test/fixtures/render/cases');

/** Values as Helm reads values.yaml: every number a float64, maps with string keys. */
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

let ran = 0;
let needsEngine = 0;
for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.yaml')).sort()) {
  const doc = YAML.parse(readFileSync(join(casesDir, file), 'utf8'), { version: '1.1', intAsBigInt: false });
  const values = toValue(doc.values ?? {});
  for (const c of doc.cases as Case[]) {
    test(`${file}: ${c.name}`, () => {
      let output: string;
      try {
        output = renderMini(c.template, values, functionLibrary);
      } catch (error) {
        if (error instanceof NeedsEngine) {
          needsEngine++;
          return;
        }
        ran++;
        if (error instanceof UnsupportedFunction || !(error instanceof GoError)) throw error;
        assert.ok(c.error !== undefined, `Helm renders ${JSON.stringify(c.expect)}, we fail: ${error.message}`);
        assert.equal(error.message.replace(/^error calling \w+: /, ''), c.error.replace(/^error calling \w+: /, ''));
        return;
      }
      ran++;
      assert.equal(output, c.expect, c.error !== undefined ? `Helm fails with ${c.error}` : undefined);
    });
  }
}

test('most cases run without the evaluator', () => {
  assert.ok(ran >= 60, `${ran} cases ran, ${needsEngine} need the evaluator`);
});

test('every function of Helm 4.1.4 is in the library or the engine', () => {
  for (const name of helmFunctionNames) assert.ok(functionLibrary.has(name) || engineFunctionNames.has(name), name);
  assert.equal(functionLibrary.size + engineFunctionNames.size, helmFunctionNames.length);
  for (const name of changingFunctions) assert.ok(functionLibrary.has(name), name);
});
