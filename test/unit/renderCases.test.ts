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

test('the clock is a stable placeholder: now and what reads it render the same every time, and are marked as changing', () => {
  const template = '{{ now }}|{{ now | date "2006-01-02" }}|{{ ago (now) }}|{{ htmlDate 1.5 }}|{{ durationRound (now) }}|{{ now | unixEpoch }}';
  const doc = { cases: [{ name: 'clock', template }] };
  const first = renderCaseFile(doc).get('clock');
  assert.deepEqual(first, { output: '1970-01-01 00:00:00 +0000 UTC|1970-01-01|0s|1970-01-01|0s|0' });
  assert.deepEqual(renderCaseFile(doc).get('clock'), first);
  for (const name of ['now', 'ago', 'date', 'htmlDate', 'durationRound']) assert.ok(changingFunctions.has(name), name);
});

test('what Go decides by int versus int64, or by the machine\'s time zone database, is reported unsupported', () => {
  const doc = { cases: [{ name: 'a', template: '{{ duration 90 }}' }, { name: 'b', template: '{{ durationRound 5 }}' }, { name: 'c', template: '{{ dateInZone "15:04" 0 "Europe/Berlin" }}' }] };
  const results = renderCaseFile(doc);
  for (const name of ['a', 'b', 'c']) {
    const result = results.get(name);
    assert.ok(result && 'error' in result && / is not supported /.test(result.error), `${name}: ${JSON.stringify(result)}`);
  }
});

test('randBytes is a placeholder of the length and padding base64 gives its count of bytes', () => {
  const results = renderCaseFile({ cases: [{ name: 'r', template: '{{ randBytes 0 }}|{{ randBytes 1 }}|{{ randBytes 2 }}|{{ randBytes 3 }}|{{ randBytes 4 | b64dec | len }}' }] });
  assert.deepEqual(results.get('r'), { output: '|AA==|AAA=|AAAA|4' });
  assert.ok(changingFunctions.has('randBytes'));
});

test('bcrypt, htpasswd and encryptAES are placeholders of the shape Sprig gives (random salt or IV)', () => {
  const results = renderCaseFile({ cases: [{ name: 'c', template: '{{ bcrypt "pw" | len }}|{{ htpasswd "me" "pw" | trunc 10 }}|{{ htpasswd "a:b" "pw" }}|{{ encryptAES "key" "" }}|{{ encryptAES "key" "hello" | b64dec | len }}|{{ encryptAES "key" "0123456789abcdef" | b64dec | len }}' }] });
  assert.deepEqual(results.get('c'), { output: '60|me:$2a$10$|invalid username: a:b||32|48' });
  for (const name of ['bcrypt', 'htpasswd', 'encryptAES']) assert.ok(changingFunctions.has(name), name);
});

test('a []byte of 300,000 bytes prints with %s (spread into one call it ran out of stack; Helm 4.1.4 prints 300000)', () => {
  const results = renderCaseFile({ files: { 'files/big.txt': 'x'.repeat(300_000) }, cases: [{ name: 'big', template: '{{ printf "%s" (.Files.GetBytes "files/big.txt") | len }}|{{ .Files.GetBytes "files/big.txt" | toString | len }}' }] });
  assert.deepEqual(results.get('big'), { output: '300000|300000' });
});
