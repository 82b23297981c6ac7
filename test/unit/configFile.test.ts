/**
 * `.helm-hooks.yaml` on the command line, on the fixture trees under test/fixtures/config:
 * found from the chart upward, its severities under `--rule`, its `ignore` globs, `--config`
 * and `--no-config`, and a bad file named with its keys (exit 2, the valid keys still applied).
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { findConfigFile, isIgnoredByConfig, parseConfig } from '../../server/src/node/configFile';

const repo = 'test/fixtures/config/repo';
const bad = 'test/fixtures/config/bad';

function run(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = main(['check', '--format', 'json', ...args], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), colorOutput: false });
  return { status, stdout, stderr };
}

const findings = (stdout: string): string[] => (JSON.parse(stdout) as { findings: { file: string; rule: string; severity: string }[] }).findings.map((finding) => `${finding.file} ${finding.severity} ${finding.rule}`);
const appJob = `${repo}/charts/app/templates/job.yaml`;
const vendorJob = `${repo}/charts/vendor/templates/job.yaml`;

describe('config file on the command line', () => {
  it('is found above the chart: its severity applies and its ignored chart is skipped', () => {
    const result = run([repo]);
    assert.equal(result.stderr, '');
    assert.deepEqual(findings(result.stdout), [`${appJob} warning unknown-hook-event`]);
    assert.equal(result.status, 0, 'the error was lowered to a warning');
  });

  it('--rule wins over the file', () => {
    const result = run(['--rule', 'unknown-hook-event=error', repo]);
    assert.deepEqual(findings(result.stdout), [`${appJob} error unknown-hook-event`]);
    assert.equal(result.status, 1);
  });

  it('a chart named on the command line is checked even when the file ignores it', () => {
    assert.deepEqual(findings(run([`${repo}/charts/vendor`]).stdout), [`${vendorJob} warning unknown-hook-event`]);
  });

  it('--no-config reads no file', () => {
    const result = run(['--no-config', repo]);
    assert.deepEqual(findings(result.stdout), [`${appJob} error unknown-hook-event`, `${vendorJob} error unknown-hook-event`]);
    assert.equal(result.status, 1);
  });

  it('--config FILE applies that file to every chart', () => {
    const result = run(['--config', `${repo}/.helm-hooks.yaml`, `${bad}/chart`]);
    assert.equal(result.stderr, '');
    assert.deepEqual(findings(result.stdout), [`${bad}/chart/templates/job.yaml warning unknown-hook-event`]);
  });

  it('--config of a missing file is exit 2, naming it', () => {
    const result = run(['--config', `${repo}/missing.yaml`, repo]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /missing\.yaml: cannot read the config file/);
  });

  it('a bad file: every bad key named with the file, exit 2, the good keys still applied', () => {
    const result = run([bad]);
    assert.equal(result.status, 2);
    const file = path.join(bad, '.helm-hooks.yaml');
    assert.deepEqual(result.stderr.trim().split('\n'), [
      `helm-hooks: ${file}: ignores: is not a setting (the keys are rules, ignore, charts)`,
      `helm-hooks: ${file}: rules.unknown-hook-evnt: names no rule (did you mean unknown-hook-event?)`,
      `helm-hooks: ${file}: rules.unweighted-hook: should be one of default, off, hint, information, warning, error, got "loud"`,
      `helm-hooks: ${file}: charts.chart.set[0]: should be KEY=VALUE, got 'no-equals-sign'`,
      `helm-hooks: ${file}: charts.chart.namespace: should be a non-empty string, got 3`,
    ]);
    // hook-restart-policy: off was valid and applies; the misspelt id turned nothing off.
    assert.deepEqual(findings(result.stdout), [`${bad}/chart/templates/job.yaml error unknown-hook-event`]);
  });
});

describe('config file parsing', () => {
  it('reads every key, `off` as the word (YAML 1.2), chart folders normalised', () => {
    const { config, problems } = parseConfig(fs.readFileSync(`${repo}/.helm-hooks.yaml`, 'utf8'), '/x/.helm-hooks.yaml');
    assert.deepEqual(problems, []);
    assert.deepEqual(config?.rules, { 'unknown-hook-event': 'warning', 'unweighted-hook': 'off' });
    assert.deepEqual(config?.ignore, ['charts/vendor']);
    assert.deepEqual(config?.charts, { 'charts/app': { values: ['values-prod.yaml'], set: ['migrations.enabled=true'], setString: [], setJson: [], releaseName: 'app', namespace: 'apps' } });
  });

  it('names broken YAML and an empty file is no problem', () => {
    assert.match(parseConfig('rules: [', 'c.yaml').problems[0].message, /^is not valid YAML: /);
    assert.deepEqual(parseConfig('', 'c.yaml').problems, []);
    assert.deepEqual(parseConfig('rules: 3', 'c.yaml').problems.map((problem) => problem.key), ['rules']);
  });

  it('ignore globs: * within a segment, ** across, a folder covers what is under it', () => {
    const config = { path: '/r/.helm-hooks.yaml', dir: '/r', rules: {}, charts: {}, ignore: ['charts/*/templates/tests', '**/generated-*.yaml'] };
    assert.ok(isIgnoredByConfig(config, '/r/charts/app/templates/tests/t.yaml'));
    assert.ok(isIgnoredByConfig(config, '/r/a/b/templates/generated-x.yaml'));
    assert.ok(isIgnoredByConfig(config, '/r/generated-x.yaml'));
    assert.ok(!isIgnoredByConfig(config, '/r/charts/app/templates/job.yaml'));
    assert.ok(!isIgnoredByConfig(config, '/elsewhere/charts/app/templates/tests/t.yaml'));
  });
});

describe('config file search', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-config-'));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('stops at the folder that holds .git, after looking in it', () => {
    fs.mkdirSync(path.join(scratch, 'outer/repo/.git/'), { recursive: true });
    fs.mkdirSync(path.join(scratch, 'outer/repo/charts/app'), { recursive: true });
    fs.writeFileSync(path.join(scratch, 'outer/.helm-hooks.yaml'), 'rules: {}\n');
    assert.equal(findConfigFile(path.join(scratch, 'outer/repo/charts/app')), undefined, 'a file above the repository is not read');
    fs.writeFileSync(path.join(scratch, 'outer/repo/.helm-hooks.yaml'), 'rules: {}\n');
    assert.equal(findConfigFile(path.join(scratch, 'outer/repo/charts/app')), path.join(scratch, 'outer/repo/.helm-hooks.yaml'));
  });
});
