/**
 * `helm-hooks template` as a command: its arguments, exit statuses and streams. What it prints
 * for each chart is checked against Helm in renderFixtures.test.ts.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { parseArgs } from '../../server/src/cli/args';
import { main } from '../../server/src/cli/main';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'render', 'charts');

function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), colorOutput: false });
  return { code, stdout, stderr };
}

describe('helm-hooks template', () => {
  it('reads helm template\'s value and release flags, repeatable ones in order', () => {
    const flags = ['-f', 'a.yaml', '--values=b.yaml', '--set', 'x=1', '--set-string', 'y=2', '--set-json', 'z=[1]', '--set-literal', 'w=a,b', '--release-name', 'rel', '-n', 'ns', '--is-upgrade'];
    const parsedFlags = { valueFiles: ['a.yaml', 'b.yaml'], set: ['x=1'], setString: ['y=2'], setJson: ['z=[1]'], setLiteral: ['w=a,b'], releaseName: 'rel', namespace: 'ns', isUpgrade: true };
    const parsed = parseArgs(['template', ...flags, '-s', 'templates/a.yaml', 'chart'], { ruleIds: new Set() });
    assert.deepEqual(parsed, { ok: true, value: { command: 'template', chart: 'chart', showOnly: ['templates/a.yaml'], ...parsedFlags } });
    // plan reads the same flags with the same parser.
    const plan = parseArgs(['plan', ...flags, '--format', 'json', 'chart'], { ruleIds: new Set() });
    assert.deepEqual(plan, { ok: true, value: { command: 'plan', chart: 'chart', format: 'json', noRender: false, ...parsedFlags } });
    assert.deepEqual(parseArgs(['plan', '-s', 'x', 'chart'], { ruleIds: new Set() }), { ok: false, error: "unknown option '-s' for plan" });
  });

  it('defaults to helm template\'s release name and namespace', () => {
    const parsed = parseArgs(['template', 'chart'], { ruleIds: new Set() });
    assert.ok(parsed.ok && parsed.value.command === 'template' && parsed.value.releaseName === 'release-name' && parsed.value.namespace === 'default');
  });

  it('takes the release name as its first argument, as helm template [NAME] CHART does', () => {
    const parse = (argv: string[]) => parseArgs(['template', ...argv], { ruleIds: new Set() });
    const positional = parse(['my-release', 'chart']);
    assert.ok(positional.ok && positional.value.command === 'template' && positional.value.releaseName === 'my-release' && positional.value.chart === 'chart');
    assert.deepEqual(parse(['my-release', '--release-name', 'other', 'chart']), { ok: false, error: "template got the release name twice: 'my-release' and --release-name" });
    assert.deepEqual(parse(['a', 'b', 'c']), { ok: false, error: 'template takes [NAME] CHART, got 3 arguments' });
    const packaged = path.join(fixtures, 'packaged');
    const byName = run(['template', 'my-release', packaged]);
    assert.equal(byName.code, 0, byName.stderr);
    assert.match(byName.stdout, /my-release/);
    assert.deepEqual(byName, run(['template', '--release-name', 'my-release', packaged]));
  });

  it('bad usage exits 2 and names the problem', () => {
    assert.deepEqual([run(['template']).code, run(['template']).stderr.split('\n')[0]], [2, 'helm-hooks: template needs exactly one CHART folder, got 0']);
    assert.match(run(['template', '--nope', 'x']).stderr, /unknown option '--nope' for template/);
    assert.match(run(['template', 'x', '--set']).stderr, /--set needs a value/);
  });

  it('an unreadable chart or values file exits 2 and renders nothing', () => {
    const missing = run(['template', path.join(fixtures, 'no-such-chart')]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    const badValues = run(['template', '-f', path.join(fixtures, 'no-such-values.yaml'), path.join(fixtures, 'documents')]);
    assert.equal(badValues.code, 2);
    assert.match(badValues.stderr, /no-such-values\.yaml: no such file or folder/);
  });

  it('a render Helm would refuse exits 1 with Helm\'s message after "Error: " on stderr', () => {
    const result = run(['template', '--show-only', 'templates/none.yaml', path.join(fixtures, 'documents')]);
    assert.deepEqual(result, { code: 1, stdout: '', stderr: fs.readFileSync(path.join(fixtures, 'documents', 'expected', 'show-only-missing.error.txt'), 'utf8') });
  });

  it('a chart that renders exits 0 with the output on stdout only', () => {
    const result = run(['template', path.join(fixtures, 'documents')]);
    assert.deepEqual(result, { code: 0, stdout: fs.readFileSync(path.join(fixtures, 'documents', 'expected', 'default.txt'), 'utf8'), stderr: '' });
  });
});
