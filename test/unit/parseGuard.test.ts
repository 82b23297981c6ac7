/**
 * Deeply nested flow collections once aborted the whole process (V8 out of memory inside the
 * `yaml` package, which no `catch` stops). The guard must keep the analysis alive; the check
 * runs in a child process because the failure it guards against cannot be caught.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { describe, it } from 'node:test';
import { flowDepthExceeds } from '../../server/src/analysis/yaml/parseGuard';

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
});
