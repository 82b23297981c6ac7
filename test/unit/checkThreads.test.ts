/**
 * `check` of many charts on worker threads (server/src/cli/checkThreads.ts): the compiled CLI as a
 * process over a folder of copies of the demo chart, on one thread and on two, must print the
 * same report, in the same order, as checking each chart alone in turn.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { minChartsForThreads } from '../../server/src/cli/check';
import { threadCount } from '../../server/src/cli/main';

// The compiled CLI next to this compiled test (tsc keeps the folder layout).
const cliPath = path.join(__dirname, '../../server/src/cli/main.js');
const demo = path.join(__dirname, '../../../examples/demo-chart');

function check(folder: string, threads: string): { stdout: string; status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, 'check', '--format', 'json', '--exit-zero', folder], { encoding: 'utf8', env: { ...process.env, HELM_HOOKS_THREADS: threads } });
  return { stdout: result.stdout, status: result.status, stderr: result.stderr };
}

describe('check on worker threads', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-threads-'));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));
  const charts = minChartsForThreads + 2;
  for (let index = 0; index < charts; index++) fs.cpSync(demo, path.join(folder, `chart-${String(index).padStart(2, '0')}`), { recursive: true });

  it('prints the report of one thread, in the charts’ order', () => {
    const one = check(folder, '1');
    const two = check(folder, '2');
    assert.equal(one.status, 0, one.stderr);
    assert.equal(two.status, 0, two.stderr);
    assert.equal(two.stdout, one.stdout);
    const files = (JSON.parse(one.stdout) as { findings: { file: string }[] }).findings.map((finding) => path.relative(folder, finding.file).split(path.sep)[0]);
    assert.equal(new Set(files).size, charts, 'every chart has findings');
    assert.deepEqual(files, [...files].sort(), 'the charts in order');
  });

  it('takes HELM_HOOKS_THREADS when it is a positive whole number, else one per core', () => {
    assert.equal(threadCount('1'), 1);
    assert.equal(threadCount('3'), 3);
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    for (const setting of [undefined, '', '0', '-2', '1.5', 'many']) assert.equal(threadCount(setting), cores, String(setting));
  });
});
