/**
 * The `helm-hooks` command when its output cannot be written (`> /dev/full`, a descriptor
 * open only for reading): one line on stderr and exit 2, never a stack trace, whatever
 * --exit-zero asks; and input it will not read named for what it is.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';

const cliPath = path.join(__dirname, '../../server/src/cli/main.js');
const small = 'test/fixtures/cli/small';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-cli-output-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Runs the CLI with stdout on `stdoutFd`. */
function runTo(stdoutFd: number, args: readonly string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, ...args], { stdio: ['ignore', stdoutFd, 'pipe'], encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('helm-hooks: a failed write to stdout', () => {
  const readOnly = path.join(scratch, 'read-only');
  fs.writeFileSync(readOnly, '');
  const sinks: [string, string, RegExp][] = [[readOnly, 'r', /^helm-hooks: cannot write the output: EBADF: bad file descriptor, write\n$/]];
  // /dev/full is the reproduction; it exists on Linux only, the read-only descriptor everywhere.
  if (fs.existsSync('/dev/full')) sinks.push(['/dev/full', 'w', /^helm-hooks: cannot write the output: no space left on device\n$/]);

  for (const [sink, mode, expected] of sinks) {
    for (const args of [['check', small], ['check', '--exit-zero', small], ['check', '--format', 'sarif', '--exit-zero', small], ['plan', small], ['--help']]) {
      it(`${sink}: helm-hooks ${args.join(' ')} says so in one line and exits 2`, () => {
        const fd = fs.openSync(sink, mode);
        try {
          const result = runTo(fd, args);
          assert.match(result.stderr, expected);
          assert.equal(result.status, 2);
        } finally {
          fs.closeSync(fd);
        }
      });
    }
  }

  it('a reader that stops early (| head) is not an error', () => {
    // The SARIF log is larger than a pipe's buffer, so the CLI is still writing when head exits.
    const script = `"${process.execPath}" "${cliPath}" check --format sarif --exit-zero ${small} | head -c 1 >/dev/null; echo "status \${PIPESTATUS[0]}"`;
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'status 0\n');
  });
});

describe('helm-hooks check: files it will not read', () => {
  const chart = path.join(scratch, 'chart');
  fs.cpSync(small, chart, { recursive: true });
  const outside = path.join(scratch, 'outside.yaml');
  fs.writeFileSync(outside, fs.readFileSync(path.join(small, 'templates/job.yaml')));
  fs.symlinkSync(outside, path.join(chart, 'templates/linked.yaml'));
  fs.writeFileSync(path.join(chart, 'templates/wide.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: Job\n', 'utf16le')]));
  const result = spawnSync(process.execPath, [cliPath, 'check', chart], { encoding: 'utf8' });

  it('names a symbolic link that leaves the chart, with its target, and reads nothing through it', () => {
    assert.ok(result.stderr.includes(`helm-hooks: ${chart}/templates/linked.yaml: skipped: a symbolic link to ${fs.realpathSync(outside)}, outside the chart\n`), result.stderr);
    assert.ok(!result.stdout.includes('linked.yaml'), result.stdout);
  });

  it('names a UTF-16 file by its encoding', () => {
    assert.ok(result.stderr.includes(`helm-hooks: ${chart}/templates/wide.yaml: skipped: UTF-16 (little-endian, with a byte-order mark) text; helm-hooks reads only UTF-8\n`), result.stderr);
  });

  it('checks the rest and exits 2', () => {
    assert.match(result.stdout, /job\.yaml:6:21 error unknown-hook-event /);
    assert.equal(result.status, 2);
  });
});
