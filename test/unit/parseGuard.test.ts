/**
 * Deeply nested flow collections once aborted the whole process (V8 out of memory inside the
 * `yaml` package, which no `catch` stops). The guard must keep the analysis alive; the check
 * runs in a child process because the failure it guards against cannot be caught.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { describe, it } from 'node:test';
import { flowDepthExceeds, parseDocumentSafely, parseNodesGuarded, rawBracketDepthExceeds } from '../../server/src/analysis/yaml/parseGuard';

describe('YAML parse guard', () => {
  it('survives 3,000 nested flow collections in a template and in values.yaml, twice', () => {
    const core = path.join(__dirname, '../../server/src/analysis');
    const script = `
      const { analyzeChart } = require(${JSON.stringify(core)});
      const deep = '['.repeat(3000) + ']'.repeat(3000);
      for (let round = 0; round < 2; round++) {
        const result = analyzeChart({ name: 'deep', templates: [{ path: 'templates/deep.yaml', text: deep }], values: { path: 'values.yaml', text: 'a: ' + deep } });
        if (result.internalErrors.length > 0) throw new Error(result.internalErrors.join('; '));
      }
      process.stdout.write('alive');`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.status, 0, child.stderr.slice(0, 2000));
    assert.equal(child.stdout, 'alive');
  });

  it('measures flow depth, not bracket count', () => {
    assert.equal(flowDepthExceeds('[a] '.repeat(1000), 128), false);
    assert.equal(flowDepthExceeds('{'.repeat(129), 128), true);
    assert.equal(flowDepthExceeds(']]]' + '['.repeat(128), 128), false);
  });

  it('counts only brackets outside comments and quoted scalars', () => {
    const deep = '['.repeat(129);
    assert.equal(flowDepthExceeds(`# ${deep}\na: "${deep}"\nb: '${deep}'\nc: ["${deep}", '${deep}'] # ${deep}\n- '${deep}'\n"${deep}": x`, 128), false);
    assert.equal(flowDepthExceeds(`a: "x \\" ${deep}"`, 128), false, 'an escaped quote does not close');
    assert.equal(flowDepthExceeds(`a: 'it''s ${deep}'`, 128), false, 'a doubled single quote does not close');
    // A quote inside a plain scalar opens nothing, so brackets after it may be real flow.
    for (const text of [`[a "b ${deep}`, `{a:"b ${deep}`, `a#b ${deep}`, `[x - "b ${deep}`, `a: "x" ${deep}`]) assert.equal(flowDepthExceeds(text, 128), true, text);
  });

  it('refuses brackets nested past the raw bound even in comments', () => {
    assert.equal(rawBracketDepthExceeds(`# ${'['.repeat(1025)}`, 1024), true);
    assert.equal(rawBracketDepthExceeds(`# ${'['.repeat(1024)}`, 1024), false);
  });

  it('reads the first document of a text and nothing after it, as go-yaml does for Helm', () => {
    for (const text of ['a: 1\n...\nb: 2\n', 'a: 1\n---\nb: [\n', 'a: 1\n--- x\n']) {
      const document = parseDocumentSafely(text, { version: '1.1', uniqueKeys: false });
      assert.deepEqual(document?.errors, [], JSON.stringify(text));
      assert.deepEqual(document?.toJSON(), { a: 1 }, JSON.stringify(text));
      const nodes = parseNodesGuarded(text, { version: '1.1', uniqueKeys: false });
      assert.ok('document' in nodes && nodes.document.errors.length === 0, JSON.stringify(text));
    }
  });
});
