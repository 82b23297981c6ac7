/**
 * `check --profiles auto|none` and `plan --profile NAME` on the values-profiles fixture
 * (test/fixtures/profiles/ci-profiles: ci/migrate-values.yaml switches a hook on,
 * ci/weights-values.yaml sets a bad weight). The JSON report is the golden `check.json` beside
 * the chart (its path written `<chart>`).
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { assertGolden } from './support/goldens';
import { repoRoot } from './support/renderHarness';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'profiles', 'ci-profiles');
const chartDir = path.join(fixture, 'chart');

function run(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = main(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), colorOutput: false, terminal: false });
  return { status, stdout: stdout.split(chartDir).join('<chart>'), stderr };
}

interface JsonFinding {
  readonly file: string;
  readonly rule: string;
  readonly message: string;
  readonly profiles?: readonly string[];
}

describe('check --profiles', () => {
  it('auto (the default): each finding lists the profiles it holds in', () => {
    const result = run(['check', '--format', 'json', '--no-config', chartDir]);
    assert.equal(result.stderr, '');
    assertGolden(path.join(fixture, 'check.json'), result.stdout, 'check --format json');
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
    assert.ok(findings.every((finding) => finding.profiles !== undefined && finding.profiles.length > 0));
    assert.deepEqual(run(['check', '--profiles', 'auto', '--format', 'json', '--no-config', chartDir]).stdout, result.stdout);
  });

  it('none: the default values only, and no profile lists', () => {
    const auto = (JSON.parse(run(['check', '--format', 'json', '--no-config', chartDir]).stdout) as { findings: JsonFinding[] }).findings;
    const none = (JSON.parse(run(['check', '--profiles', 'none', '--format', 'json', '--no-config', chartDir]).stdout) as { findings: JsonFinding[] }).findings;
    assert.ok(none.every((finding) => finding.profiles === undefined));
    assert.deepEqual(
      none.map((finding) => [finding.file, finding.rule, finding.message]),
      auto.filter((finding) => finding.profiles!.includes('default')).map((finding) => [finding.file, finding.rule, finding.message]),
    );
  });

  it('text names the profiles of a finding only when it does not hold in all of them', () => {
    const lines = run(['check', '--no-config', chartDir]).stdout.split('\n');
    const line = (file: string, rule: string): string[] => lines.filter((text) => text.startsWith(`<chart>/${file}:`) && text.includes(` ${rule} `));
    assert.match(line('templates/migrate-job.yaml', 'implicit-delete-policy')[0]!, /the next run\. \(only in profile ci\/migrate-values\.yaml\)$/);
    assert.match(line('templates/settings-hook.yaml', 'implicit-delete-policy')[0]!, /until the next run\.$/);
    assert.match(line('ci/weights-values.yaml', 'invalid-hook-weight')[0]!, /\(only in profile ci\/weights-values\.yaml\)$/);
    assert.match(line('templates/settings-hook.yaml', 'unweighted-hook').join('\n'), /\(only in profiles default, ci\/weights-values\.yaml\)/);
  });

  it('sarif carries the profiles in each result’s properties', () => {
    const sarif = JSON.parse(run(['check', '--format', 'sarif', '--no-config', chartDir]).stdout) as { runs: { results: { ruleId: string; properties?: { profiles?: string[] } }[] }[] };
    const results = sarif.runs[0]!.results;
    assert.equal(results.length, 5);
    assert.deepEqual(results.find((result) => result.ruleId === 'invalid-hook-weight')?.properties, { profiles: ['ci/weights-values.yaml'] });
    assert.ok(results.every((result) => (result.properties?.profiles ?? []).length > 0));
  });

  it('the fixes of a finding in one profile only are applied too', () => {
    const diff = run(['check', '--diff', '--no-config', chartDir]).stdout;
    assert.match(diff, /^\+\+\+ .*templates\/migrate-job\.yaml$/m);
    assert.match(diff, /^\+    helm\.sh\/hook-delete-policy: before-hook-creation,hook-succeeded$/m);
  });

  it('a bad --profiles value is a usage error', () => {
    const result = run(['check', '--profiles', 'all', chartDir]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--profiles must be auto or none, not 'all'/);
  });
});

describe('plan --profile', () => {
  it('shows the plan under that profile: the hook it switches on is there', () => {
    const withProfile = run(['plan', '--format', 'json', '--profile', 'ci/migrate-values.yaml', chartDir]);
    const plain = run(['plan', '--format', 'json', chartDir]);
    assert.equal(withProfile.status, 0);
    assert.match(withProfile.stdout, /release-name-migrate/);
    assert.doesNotMatch(plain.stdout, /release-name-migrate/);
    assert.deepEqual(run(['plan', '--format', 'json', '--profile', 'default', chartDir]).stdout, plain.stdout);
  });

  it('an unknown profile names the chart’s profiles', () => {
    const result = run(['plan', '--profile', 'ci/nope-values.yaml', chartDir]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no values profile 'ci\/nope-values\.yaml' in this chart \(its profiles: default, ci\/migrate-values\.yaml, ci\/weights-values\.yaml\)/);
  });
});
