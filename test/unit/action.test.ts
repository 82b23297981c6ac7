/**
 * action.yml, the composite GitHub Action: its check step's shell script runs as written (bash,
 * with the environment the step maps in) against a freshly built CLI, so the command it runs
 * must exist in the CLI and write SARIF with repository-relative URIs; its last step turns the
 * exit status into the job's result as its inputs say. The build step must put the CLI where
 * the check step looks for it.
 */
import * as assert from 'assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../../..');
interface Step { readonly id?: string; readonly name?: string; readonly uses?: string; readonly run?: string; readonly shell?: string; readonly if?: string; readonly env?: Record<string, string>; readonly with?: Record<string, string> }
const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { using: string; steps: Step[] } };
const steps = action.runs.steps;
const step = (name: string): Step => {
  const found = steps.find((candidate) => candidate.name === name);
  assert.ok(found, `action.yml has a step named ${name}`);
  return found;
};
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-action-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Runs a step's script as GitHub runs a `shell: bash` step: bash -e, the step's env, GITHUB_OUTPUT. */
function runStep(script: string, env: Record<string, string>): { status: number | null; stdout: string; outputs: Record<string, string> } {
  const outputFile = path.join(scratch, `output-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(outputFile, '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env, GITHUB_OUTPUT: outputFile } });
  const outputs = Object.fromEntries(fs.readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return { status: result.status, stdout: result.stdout, outputs };
}

describe('action.yml', () => {
  it('is a composite action whose run steps all name their shell', () => {
    assert.equal(action.runs.using, 'composite');
    for (const each of steps.filter((candidate) => candidate.run)) assert.equal(each.shell, 'bash', each.name);
  });

  it('builds the CLI where the check step runs it', () => {
    const build = step('Build helm-hooks').run ?? '';
    assert.match(build, /node scripts\/build\.mjs --production --only cli --outdir "\$RUNNER_TEMP\/helm-hooks\/dist"/);
    assert.equal(step('helm-hooks check').env?.HELM_HOOKS_CLI, '${{ runner.temp }}/helm-hooks/dist/cli.js');
  });

  const cli = path.join(scratch, 'dist', 'cli.js');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--only', 'cli', '--outdir', path.dirname(cli)], { stdio: 'pipe' });
  const check = (paths: string) => runStep(step('helm-hooks check').run ?? '', { HELM_HOOKS_CLI: cli, HELM_HOOKS_PATHS: paths, HELM_HOOKS_SARIF: path.join(scratch, 'out.sarif') });

  it('check step: prints the findings, writes SARIF with relative URIs and reports exit status 1 on error findings', () => {
    const run = check('examples/demo-chart');
    assert.equal(run.status, 0, 'the step itself succeeds; the Result step decides');
    assert.match(run.stdout, /examples\/demo-chart\/templates\/notify-job\.yaml:7:21 error unknown-hook-event/);
    assert.equal(run.outputs['exit-code'], '1');
    assert.equal(run.outputs['sarif-file'], path.join(scratch, 'out.sarif'));
    const sarif = JSON.parse(fs.readFileSync(run.outputs['sarif-file'], 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    const uris = sarif.runs[0].results.map((result: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => result.locations[0].physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes('examples/demo-chart/templates/notify-job.yaml'), uris.join(', '));
  });

  it('check step: several paths, and exit status 2 for a path that does not exist', () => {
    assert.equal(check('examples/demo-chart test/fixtures/no-such-chart').outputs['exit-code'], '2');
  });

  it('uploads SARIF only when the check produced a report (status 0 or 1)', () => {
    const upload = step('Upload SARIF');
    assert.match(upload.uses ?? '', /^github\/codeql-action\/upload-sarif@v\d+$/);
    assert.equal(upload.with?.sarif_file, '${{ steps.check.outputs.sarif-file }}');
    assert.match(upload.if ?? '', /steps\.check\.outputs\.exit-code == '0' \|\| steps\.check\.outputs\.exit-code == '1'/);
  });

  const cases: [status: string, failOnError: string, exit: number][] = [['0', 'true', 0], ['1', 'true', 1], ['1', 'false', 0], ['2', 'false', 2]];
  for (const [status, failOnError, exit] of cases) {
    it(`Result step: check status ${status} with fail-on-error ${failOnError} ends the job with ${exit}`, () => {
      assert.equal(runStep(step('Result').run ?? '', { STATUS: status, FAIL_ON_ERROR: failOnError }).status, exit);
    });
  }
  it('inputs default to checking the whole repository, uploading and failing on errors', () => {
    assert.deepEqual([action.inputs.paths.default, action.inputs['upload-sarif'].default, action.inputs['fail-on-error'].default], ['.', 'true', 'true']);
  });
});
