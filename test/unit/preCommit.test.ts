/**
 * The pre-commit hook (.pre-commit-hooks.yaml) as a chart repository uses it: a temporary git
 * repository with a chart and a .pre-commit-config.yaml whose `repo:` is a local git clone of
 * this repository (with the working tree's .pre-commit-hooks.yaml committed in it, so the file
 * under test is the one on disk), `pre-commit run --all-files` fails on a template with an
 * unknown hook event and passes once it is fixed. The hook runs `helm-hooks` from PATH: here a
 * link to a freshly built CLI bundle, as `npm install -g` makes one. Needs `pre-commit`
 * (Debian's package; .ci/run installs it); without it the test says it compared nothing.
 */
import * as assert from 'assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });

describe('pre-commit hook', () => {
  if (preCommit.status !== 0) {
    it('compares nothing: pre-commit is not installed (apt-get install -y pre-commit)', () => {
      console.log('pre-commit hook: not run (no pre-commit)');
    });
    return;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-pre-commit-'));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' }).trim();

  // `helm-hooks` on PATH, as npm installs it: a link to the bundle.
  const bin = path.join(scratch, 'bin');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--only', 'cli', '--outdir', path.join(scratch, 'dist')], { stdio: 'pipe' });
  fs.mkdirSync(bin);
  fs.symlinkSync(path.join(scratch, 'dist', 'cli.js'), path.join(bin, 'helm-hooks'));
  const env = {
    ...process.env,
    PATH: [bin, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
    PRE_COMMIT_HOME: path.join(scratch, 'pre-commit-home'),
    PRE_COMMIT_COLOR: 'never',
  };

  const hookRepo = path.join(scratch, 'hook-repo');
  git(scratch, 'clone', '--quiet', root, hookRepo);
  fs.copyFileSync(path.join(root, '.pre-commit-hooks.yaml'), path.join(hookRepo, '.pre-commit-hooks.yaml'));
  git(hookRepo, 'add', '.pre-commit-hooks.yaml');
  git(hookRepo, 'commit', '--quiet', '--allow-empty', '-m', 'the working tree\'s hooks file');
  const rev = git(hookRepo, 'rev-parse', 'HEAD');

  const charts = path.join(scratch, 'charts');
  const template = path.join(charts, 'charts', 'app', 'templates', 'job.yaml');
  fs.mkdirSync(path.dirname(template), { recursive: true });
  fs.writeFileSync(path.join(charts, 'charts', 'app', 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(charts, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: helm-hooks\n`);
  const job = (event: string) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    "helm.sh/hook": ${event}\n    "helm.sh/hook-weight": "0"\n    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: busybox\n`;
  git(scratch, 'init', '--quiet', charts);
  const run = () => {
    git(charts, 'add', '--all');
    return spawnSync('pre-commit', ['run', '--all-files'], { cwd: charts, env, encoding: 'utf8' });
  };

  it('flags a template with an unknown hook event', () => {
    fs.writeFileSync(template, job('pre-instal'));
    const result = run();
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^helm-hooks\.+Failed$/m);
    assert.match(result.stdout, /charts\/app\/templates\/job\.yaml:6:21 error unknown-hook-event Unknown hook event "pre-instal"/);
  });

  it('passes the fixed template', () => {
    fs.writeFileSync(template, job('pre-install'));
    const result = run();
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^helm-hooks\.+Passed$/m);
  });
});
