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
import { changingFunctions, engineFunctionNames, functionLibrary, helmFunctionNames } from '../../server/src/analysis/render/functions/index';
import { caseDifference, parseCaseFile, renderCaseFile } from './support/renderCaseFile';

const casesDir = join(__dirname, '../../../test/fixtures/render/cases');

for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.yaml')).sort()) {
  const doc = parseCaseFile(readFileSync(join(casesDir, file), 'utf8'));
  const results = renderCaseFile(doc);

  describe(`render cases: ${file}`, () => {
    for (const c of doc.cases) {
      it(c.name, () => {
        assert.ok(c.expect !== undefined || c.error !== undefined, `${c.name} has no expect or error: run scripts/render-cases.mjs ${file}`);
        const difference = caseDifference(c, results.get(c.name));
        assert.equal(difference, undefined, `${c.name}: ${difference}`);
      });
    }
  });
}

test('every function of Helm 4.1.4 is in the library or the engine', () => {
  for (const name of helmFunctionNames) assert.ok(functionLibrary.has(name) || engineFunctionNames.has(name), name);
  assert.equal(functionLibrary.size + engineFunctionNames.size, helmFunctionNames.length);
  for (const name of changingFunctions) assert.ok(functionLibrary.has(name), name);
});
