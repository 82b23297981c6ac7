/**
 * The `helm-hooks` command, run as a process on the fixture charts under test/fixtures/cli:
 * exact output in each format, exit codes, `--fix` on a temporary copy, and bad input that
 * must be named while the other paths are still checked.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { after, describe, it } from 'node:test';
import { analyzeChart, buildRenderedPlan, formatPlanText, getExecutionPlan, rules } from '../../server/src/analysis';
import { formatText } from '../../server/src/cli/formatText';
import { formatPlanJson } from '../../server/src/cli/plan';
import { loadChart } from '../../server/src/node/chartLoader';

// The compiled CLI next to this compiled test (tsc keeps the folder layout).
const cliPath = path.join(__dirname, '../../server/src/cli/main.js');
const small = 'test/fixtures/cli/small';
const clean = 'test/fixtures/cli/clean';
const rule = 'unknown-hook-event';
/** Every other rule off, so exact outputs do not change when rules are added to the catalogue. */
const onlyRule = rules.filter((other) => other.id !== rule).flatMap((other) => ['--rule', `${other.id}=off`]);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-cli-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], cwd = process.cwd()): Run {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The core's own message for a finding, so these tests pin the CLI's formatting, not the rule's wording. */
function coreMessage(chartDir: string, file: string): string {
  const finding = analyzeChart(loadChart(chartDir)).findings.find((candidate) => candidate.rule === rule && candidate.file === file);
  assert.ok(finding, `the core finds no ${rule} in ${chartDir}/${file}`);
  return finding.message;
}

/** The text output's list of rule docs links: the shipped docs/rules.md, which the compiled CLI finds above it. */
const docsBlock = (...ids: string[]): string => `Rule docs:\n${ids.map((id) => `  ${id}: ${pathToFileURL(path.resolve('docs/rules.md')).href}#${id}\n`).join('')}`;

const jobMessage = coreMessage(small, 'templates/job.yaml');
const notifyMessage = coreMessage(small, 'templates/notify.yaml');

describe('helm-hooks check: output formats', () => {
  it('text: one 1-based line per finding and a summary', () => {
    const result = run(['check', ...onlyRule, small]);
    assert.equal(result.stderr, '');
    assert.equal(
      result.stdout,
      [
        `${small}/templates/job.yaml:6:21 error ${rule} ${jobMessage}`,
        // Column 69 counts UTF-16 code units: the emoji before it is two of them.
        `${small}/templates/notify.yaml:5:69 error ${rule} ${notifyMessage}`,
        docsBlock(rule) + '2 errors, 0 warnings, 0 information, 0 hints in 1 chart (3 files)',
        '',
      ].join('\n'),
    );
    assert.equal(result.status, 1);
  });

  it('text: colour only when asked for', () => {
    const report = { findings: [{ file: 'a.yaml', rule, severity: 'error' as const, message: 'm', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, fixes: [], related: [] }], charts: 1, files: 1, problems: [], internalErrors: [] };
    assert.ok(formatText(report, { color: true }).includes('\u001b[31merror\u001b[0m'));
    assert.ok(!formatText(report, { color: false }).includes('\u001b'));
    assert.ok(!run(['check', ...onlyRule, small]).stdout.includes('\u001b'), 'no colour when stdout is not a terminal');
  });

  it('json: 0-based LSP ranges, fixes with edits', () => {
    const result = run(['check', '--format', 'json', ...onlyRule, small]);
    assert.equal(result.status, 1);
    const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });
    const parsed = JSON.parse(result.stdout);
    assert.deepEqual(parsed, {
      version: 1,
      findings: [
        {
          file: `${small}/templates/job.yaml`,
          rule,
          severity: 'error',
          message: jobMessage,
          range: range(5, 20, 30),
          related: [],
          fixes: [{ title: 'Change to "pre-install"', isPreferred: true, edits: [{ file: `${small}/templates/job.yaml`, range: range(5, 20, 30), newText: 'pre-install' }] }],
        },
        {
          file: `${small}/templates/notify.yaml`,
          rule,
          severity: 'error',
          message: notifyMessage,
          range: range(4, 68, 79),
          related: [],
          fixes: [{ title: 'Change to "pre-rollback"', isPreferred: true, edits: [{ file: `${small}/templates/notify.yaml`, range: range(4, 68, 79), newText: 'pre-rollback' }] }],
        },
      ],
      render: [{ chart: small, mode: 'rendered' }],
    });
  });

  it('sarif: a valid SARIF 2.1.0 log with 1-based regions', () => {
    const result = run(['check', '--format', 'sarif', ...onlyRule, small]);
    assert.equal(result.status, 1);
    const log = JSON.parse(result.stdout);
    assert.deepEqual(sarifProblems(log), []);
    const sarifRun = log.runs[0];
    assert.equal(sarifRun.tool.driver.name, 'helm-hooks');
    assert.deepEqual(sarifRun.tool.driver.rules.map((descriptor: { id: string }) => descriptor.id), rules.map((each) => each.id));
    assert.equal(sarifRun.tool.driver.informationUri, undefined, 'no invented URL');
    assert.deepEqual(
      sarifRun.results.map((result: SarifResult) => [result.ruleId, result.level, result.message.text, result.locations[0].physicalLocation.artifactLocation.uri, result.locations[0].physicalLocation.region]),
      [
        [rule, 'error', jobMessage, `${small}/templates/job.yaml`, { startLine: 6, startColumn: 21, endLine: 6, endColumn: 31 }],
        [rule, 'error', notifyMessage, `${small}/templates/notify.yaml`, { startLine: 5, startColumn: 69, endLine: 5, endColumn: 80 }],
      ],
    );
    assert.deepEqual(sarifRun.results[0].fixes[0].artifactChanges[0].replacements[0], { deletedRegion: { startLine: 6, startColumn: 21, endLine: 6, endColumn: 31 }, insertedContent: { text: 'pre-install' } });
  });

  it('sarif: hint and information become note; every rule has help from its rationale', () => {
    const result = run(['check', '--format', 'sarif', ...onlyRule, '--rule', `${rule}=hint`, small]);
    assert.equal(result.status, 0);
    const log = JSON.parse(result.stdout);
    assert.deepEqual(sarifProblems(log), []);
    assert.deepEqual(log.runs[0].results.map((each: SarifResult) => each.level), ['note', 'note']);
    for (const descriptor of log.runs[0].tool.driver.rules) {
      const source = rules.find((each) => each.id === descriptor.id)!;
      assert.ok(descriptor.help.markdown.includes(source.rationale));
      assert.equal(descriptor.shortDescription.text, source.summary);
    }
  });

  it('the sarif checker itself rejects broken logs', () => {
    assert.notDeepEqual(sarifProblems({ version: '2.0.0', runs: [] }), []);
    assert.notDeepEqual(sarifProblems({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ message: {}, locations: [{ physicalLocation: { artifactLocation: { uri: 'a' }, region: { startLine: 0 } } }] }] }] }), []);
  });
});

describe('helm-hooks check: exit status and options', () => {
  it('exits 0 when no finding is an error', () => {
    const result = run(['check', clean]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^0 errors, \d+ warnings?, \d+ information, \d+ hints? in 1 chart \(1 file\)\n$/m);
  });

  it('--rule changes a severity, so error findings become warnings', () => {
    const result = run(['check', ...onlyRule, '--rule', `${rule}=warning`, small]);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /job\.yaml:6:21 warning unknown-hook-event /);
    assert.match(result.stdout, /^0 errors, 2 warnings, /m);
  });

  it('--rule off silences a rule', () => {
    const result = run(['check', ...onlyRule, `--rule=${rule}=off`, small]);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '0 errors, 0 warnings, 0 information, 0 hints in 1 chart (3 files)\n');
  });

  it('--exit-zero keeps error findings from failing, but not bad input', () => {
    assert.equal(run(['check', '--exit-zero', small]).status, 0);
    assert.equal(run(['check', '--exit-zero', small, path.join(scratch, 'missing')]).status, 2);
  });

  it('--helm-version chooses whose behaviour a message describes where Helm 3 and 4 differ (default 4)', () => {
    const ttl = 'test/fixtures/rules/ttl-on-hook-job/literal.yaml';
    const messages = (...args: string[]): string[] => JSON.parse(run(['check', '--format', 'json', ...args, ttl]).stdout).findings
      .filter((finding: { rule: string }) => finding.rule === 'ttl-on-hook-job').map((finding: { message: string }) => finding.message);
    const helm4 = 'ttlSecondsAfterFinished "0" can delete the Job before Helm 4 sees it done ("status: NotFound").';
    const helm3 = 'ttlSecondsAfterFinished "0" can delete the Job before Helm 3 sees it; Helm then waits until --timeout.';
    assert.deepEqual(messages(), [helm4]);
    assert.deepEqual(messages('--helm-version', '4'), [helm4]);
    assert.deepEqual(messages('--helm-version=3'), [helm3]);
  });

  for (const [args, expected] of [
    [['check', '--rule', 'no-such-rule=error', small], /unknown rule 'no-such-rule'/],
    [['check', '--rule', `${rule}=loud`, small], /severity must be one of default\|off\|hint\|information\|warning\|error, not 'loud'/],
    [['check', '--rule', rule, small], /--rule needs ID=SEVERITY/],
    [['check', '--format', 'xml', small], /--format must be text, json, sarif or github, not 'xml'/],
    [['check', '--helm-version', '2', small], /--helm-version must be 3 or 4, not '2'/],
    [['check', '--frobnicate', small], /unknown option '--frobnicate'/],
    [['check'], /check needs at least one PATH/],
    [['lint', small], /unknown command 'lint'/],
    [[], /missing command/],
  ] as const) {
    it(`exits 2 on bad usage: ${args.join(' ') || '(no arguments)'}`, () => {
      const result = run(args);
      assert.equal(result.status, 2);
      assert.match(result.stderr, expected);
      assert.equal(result.stdout, '');
    });
  }

  it('--help and --version', () => {
    const help = run(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /helm-hooks check \[options\] PATH/);
    assert.match(help.stdout, /--rule ID=SEVERITY/);
    assert.match(help.stdout, /helm-hooks plan \[options\] CHART/);
    const version = run(['--version']);
    assert.equal(version.status, 0);
    assert.equal(version.stdout, `${JSON.parse(fs.readFileSync('package.json', 'utf8')).version}\n`);
  });
});

describe('helm-hooks check: what a PATH can be', () => {
  it('a folder holding charts is searched for them', () => {
    const result = run(['check', ...onlyRule, 'test/fixtures/cli']);
    const charts = fs.readdirSync('test/fixtures/cli').filter((name) => fs.existsSync(path.join('test/fixtures/cli', name, 'Chart.yaml')));
    assert.match(result.stdout, new RegExp(`in ${charts.length} charts \\(`));
    assert.match(result.stdout, /test\/fixtures\/cli\/small\/templates\/job\.yaml:6:21 error/);
  });

  it('a template inside a chart is checked with its chart, its findings only', () => {
    const file = `${small}/templates/notify.yaml`;
    const result = run(['check', ...onlyRule, file]);
    assert.equal(result.stdout, `${file}:5:69 error ${rule} ${notifyMessage}\n${docsBlock(rule)}1 error, 0 warnings, 0 information, 0 hints in 1 chart (1 file)\n`);
  });

  it('values-<x>.yaml files are checked read in place of their values.yaml, as the server checks them', () => {
    const variants = 'test/fixtures/cli/variants';
    const onlyEvent = run(['check', ...onlyRule, variants]);
    assert.equal(onlyEvent.status, 1);
    assert.match(onlyEvent.stdout, /^test\/fixtures\/cli\/variants\/values-prod\.yaml:3:21 error unknown-hook-event Unknown hook event "pre-instal"/m);
    assert.equal(onlyEvent.stdout.split('\n').filter((line) => line.includes(' error ')).length, 1, 'values.yaml itself is fine');
    const one = run(['check', `${variants}/charts/db/values-ci.yaml`]);
    assert.match(one.stdout, /^test\/fixtures\/cli\/variants\/charts\/db\/values-ci\.yaml:4:28 warning invalid-hook-weight /);
    assert.match(one.stdout, /in 1 chart \(1 file\)\n$/);
  });

  it('a file outside any chart is checked alone, under the path given', () => {
    const lone = path.join(scratch, 'lone.yaml');
    fs.copyFileSync(`${small}/templates/job.yaml`, lone);
    const result = run(['check', ...onlyRule, lone]);
    assert.equal(result.status, 1);
    assert.equal(result.stdout, `${lone}:6:21 error ${rule} ${jobMessage}\n${docsBlock(rule)}1 error, 0 warnings, 0 information, 0 hints in 1 file\n`);
  });
});

describe('helm-hooks check --fix', () => {
  it('applies preferred fixes in place, keeping every other byte, CRLF and BOM included', () => {
    const chart = copyChart(small, 'fix');
    const job = path.join(chart, 'templates/job.yaml');
    const crlfWithBom = '\uFEFF' + fs.readFileSync(job, 'utf8').replace(/\n/g, '\r\n');
    fs.writeFileSync(job, crlfWithBom);
    const notify = path.join(chart, 'templates/notify.yaml');
    const notifyBefore = fs.readFileSync(notify, 'utf8');
    const valuesBefore = fs.readFileSync(path.join(chart, 'values.yaml'));

    const result = run(['check', '--fix', ...onlyRule, chart]);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'fixed 2 findings in 2 files\n0 errors, 0 warnings, 0 information, 0 hints in 1 chart (3 files)\n');
    assert.equal(result.status, 0);
    assert.equal(fs.readFileSync(job, 'utf8'), crlfWithBom.replace('"helm.sh/hook": pre-instal\r\n', '"helm.sh/hook": pre-install\r\n'));
    assert.equal(fs.readFileSync(notify, 'utf8'), notifyBefore.replace('pre-rolback', 'pre-rollback'));
    assert.deepEqual(fs.readFileSync(path.join(chart, 'values.yaml')), valuesBefore);

    const again = run(['check', '--fix', ...onlyRule, chart]);
    assert.equal(again.stdout, 'fixed 0 findings in 0 files\n0 errors, 0 warnings, 0 information, 0 hints in 1 chart (3 files)\n');
  });

  it('with a machine format, stdout stays parseable and the fix summary goes to stderr', () => {
    const chart = copyChart(small, 'fix-json');
    const result = run(['check', '--fix', '--format', 'json', ...onlyRule, chart]);
    assert.deepEqual(JSON.parse(result.stdout), { version: 1, findings: [], render: [{ chart, mode: 'rendered' }] });
    assert.equal(result.stderr, 'helm-hooks: fixed 2 findings in 2 files\n');
  });

  it('fixes only the findings of a single file given', () => {
    const chart = copyChart(small, 'fix-one');
    const notifyBefore = fs.readFileSync(path.join(chart, 'templates/notify.yaml'), 'utf8');
    const result = run(['check', '--fix', ...onlyRule, path.join(chart, 'templates/job.yaml')]);
    assert.match(result.stdout, /^fixed 1 finding in 1 file\n/);
    assert.equal(fs.readFileSync(path.join(chart, 'templates/notify.yaml'), 'utf8'), notifyBefore);
  });
});

describe('helm-hooks check: bad input is named, the rest is still checked', () => {
  const root = path.join(scratch, 'bad-input');
  const good = copyChart(small, 'bad-input/good');
  const broken = copyChart(clean, 'bad-input/broken');
  const templates = path.join(broken, 'templates');
  fs.writeFileSync(path.join(templates, 'latin1.yaml'), Buffer.from('metadata:\n  name: caf\xe9\n', 'latin1'));
  fs.writeFileSync(path.join(templates, 'binary.yaml'), Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x00, 0x01, 0x02]));
  fs.symlinkSync('self-loop.yaml', path.join(templates, 'self-loop.yaml'));
  fs.writeFileSync(path.join(templates, 'huge.yaml'), Buffer.alloc(17 * 1024 * 1024, 0x61));
  const looping = path.join(root, 'looping');
  fs.mkdirSync(path.join(looping, 'nested'), { recursive: true });
  fs.symlinkSync('..', path.join(looping, 'nested', 'back-up'));
  const noCharts = path.join(root, 'no-charts');
  fs.mkdirSync(path.join(noCharts, 'docs'), { recursive: true });
  const missing = path.join(root, 'missing');

  const result = run(['check', ...onlyRule, good, broken, looping, noCharts, missing]);

  it('exits 2', () => assert.equal(result.status, 2));

  for (const [name, file, reason] of [
    ['a non-UTF-8 file', path.join(templates, 'latin1.yaml'), 'not valid UTF-8'],
    ['a binary file', path.join(templates, 'binary.yaml'), 'binary file'],
    ['a symlink loop', path.join(templates, 'self-loop.yaml'), 'too many levels of symbolic links'],
    ['a huge file', path.join(templates, 'huge.yaml'), 'larger than the'],
    ['a folder without charts', looping, 'no chart found'],
    ['another folder without charts', noCharts, 'no chart found'],
    ['a missing path', missing, 'no such file or folder'],
  ]) {
    it(`names ${name}`, () => assert.ok(result.stderr.includes(`helm-hooks: ${file}: `) && result.stderr.split('\n').some((line) => line.startsWith(`helm-hooks: ${file}: `) && line.includes(reason)), result.stderr));
  }

  it('still checks the readable charts and files', () => {
    assert.ok(result.stdout.includes(`${good}/templates/job.yaml:6:21 error ${rule}`), result.stdout);
    assert.match(result.stdout, /^2 errors, .* in 2 charts \(4 files\)\n$/m);
  });

  it('a file of a chart is checked even when another file of the chart is unreadable', () => {
    const single = run(['check', ...onlyRule, path.join(templates, 'job.yaml')]);
    assert.equal(single.status, 0, single.stderr);
    assert.equal(single.stderr, '');
  });
});

describe('helm-hooks plan', () => {
  const plan = getExecutionPlan(loadChart(clean));

  it('prints the core\'s rendered plan as text, or as JSON with --format json', () => {
    const rendered = buildRenderedPlan(loadChart(clean));
    assert.equal(rendered.render?.mode, 'rendered');
    const text = run(['plan', clean]);
    assert.equal(text.status, 0, text.stderr);
    assert.equal(text.stdout, formatPlanText(rendered));
    assert.match(text.stdout, /pre-install: 1 hook\n[^]*clean-migrate/);
    const json = run(['plan', '--format=json', clean]);
    assert.equal(json.status, 0);
    assert.equal(json.stdout, formatPlanJson(rendered));
    assert.equal(JSON.parse(json.stdout).chart, 'clean');
  });

  it('--no-render prints the plan of the templates as written', () => {
    const json = run(['plan', '--no-render', '--format=json', clean]);
    assert.equal(json.status, 0, json.stderr);
    assert.equal(json.stdout, formatPlanJson({ ...plan, render: { mode: 'literal' } }));
  });

  for (const [args, expected] of [
    [['plan'], /plan needs exactly one CHART folder, got 0/],
    [['plan', small, clean], /plan needs exactly one CHART folder, got 2/],
    [['plan', '--format', 'sarif', small], /plan --format must be text or json, not 'sarif'/],
    [['plan', '--fix', small], /unknown option '--fix' for plan/],
    [['plan', `${small}/templates/job.yaml`], /not a chart folder/],
    [['plan', 'test/fixtures/cli'], /not a chart folder \(no Chart.yaml in it\)/],
    [['plan', 'test/fixtures/cli/no-such-chart'], /test\/fixtures\/cli\/no-such-chart: no such file or folder/],
  ] as const) {
    it(`exits 2: ${args.join(' ')}`, () => {
      const result = run(args);
      assert.equal(result.status, 2);
      assert.match(result.stderr, expected);
      assert.equal(result.stdout, '');
    });
  }
});

describe('the bundled CLI', () => {
  it('builds to an executable script that runs', () => {
    const outdir = path.join(scratch, 'dist');
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', outdir, '--only', 'cli'], { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const bundle = path.join(outdir, 'cli.js');
    assert.ok(fs.readFileSync(bundle, 'utf8').startsWith('#!/usr/bin/env node\n'));
    assert.ok((fs.statSync(bundle).mode & 0o111) !== 0, 'cli.js is executable');
    const version = spawnSync(process.execPath, [bundle, '--version'], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'helm-hooks' } });
    assert.equal(version.stdout, `${JSON.parse(fs.readFileSync('package.json', 'utf8')).version}\n`);
    // The loader compiles the bundle with the V8 code cache the build made (its flags match the cache's).
    assert.match(version.stderr, /code cache cli\.bundle\.[0-9a-f]{12}\.codecache: accepted/);
    // Worker threads (here: check threads across ten charts) take the cache too: the loader sets
    // its run-time flags only after compiling, since the first worker puts V8's defaults back for
    // the whole process and a worker compiling under other flags was rejected (review13 D16).
    const many = path.join(scratch, 'many-small');
    for (let i = 0; i < 10; i++) fs.cpSync(small, path.join(many, `chart-${i}`), { recursive: true });
    const threaded = spawnSync(process.execPath, [bundle, 'check', '--format', 'json', many], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'helm-hooks', HELM_HOOKS_THREADS: '2' } });
    const cacheLines = threaded.stderr.split('\n').filter((line) => / code cache /.test(line));
    assert.ok(cacheLines.length >= 2, `a worker thread started: ${threaded.stderr}`);
    for (const line of cacheLines) assert.match(line, /codecache: accepted$/);
    fs.rmSync(many, { recursive: true, force: true });
    // On another V8 than the build's (Node 22, Electron) the loader sets no flag: V8 12 has no
    // --interrupt-budget and wrote "Error: unrecognized flag" on every run (review13 D14).
    const otherV8 = path.join(outdir, 'cli-other-v8.js');
    fs.writeFileSync(otherV8, fs.readFileSync(bundle, 'utf8').replace(JSON.stringify(process.versions.v8), JSON.stringify('0.0.0-other')));
    const recorder = path.join(scratch, 'record-flags.cjs');
    fs.writeFileSync(recorder, "const v8 = require('v8'); const set = v8.setFlagsFromString; v8.setFlagsFromString = (flags) => { process.stderr.write('flag set: ' + flags + '\\n'); return set(flags); };\n");
    const flagged = spawnSync(process.execPath, ['--require', recorder, bundle, '--version'], { encoding: 'utf8' });
    assert.match(flagged.stderr, /flag set: --interrupt-budget=/);
    const unflagged = spawnSync(process.execPath, ['--require', recorder, otherV8, '--version'], { encoding: 'utf8' });
    assert.equal(unflagged.status, 0, unflagged.stderr);
    assert.equal(unflagged.stdout, version.stdout);
    assert.doesNotMatch(unflagged.stderr, /flag set/);
    // Built outside the repository, the bundle links to the docs/rules.md one folder up from it,
    // not to the repository's. The scratch folder ships its own copy, so the answer does not
    // depend on what lies above the temporary folder (a /tmp/docs/rules.md once broke this).
    const shippedDocs = path.join(scratch, 'docs', 'rules.md');
    fs.mkdirSync(path.dirname(shippedDocs), { recursive: true });
    fs.copyFileSync('docs/rules.md', shippedDocs);
    try {
      const check = spawnSync(process.execPath, [bundle, 'check', ...onlyRule, small], { encoding: 'utf8' });
      assert.equal(check.status, 1);
      const shippedBlock = `Rule docs:\n  ${rule}: ${pathToFileURL(shippedDocs).href}#${rule}\n`;
      assert.equal(check.stdout, run(['check', ...onlyRule, small]).stdout.replace(docsBlock(rule), shippedBlock));
    } finally {
      fs.rmSync(path.dirname(shippedDocs), { recursive: true, force: true });
    }
  });

  it('ignores a code cache damaged on disk but of the right length: the same output, no crash (review10 D1)', () => {
    const outdir = path.join(scratch, 'dist-damaged');
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', outdir, '--only', 'cli'], { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const bundle = path.join(outdir, 'cli.js');
    const checkSmall = () => spawnSync(process.execPath, [bundle, 'check', ...onlyRule, small], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'helm-hooks' } });
    const intact = checkSmall();
    assert.match(intact.stderr, /code cache cli\.bundle\.[0-9a-f]{12}\.codecache: accepted/);
    // The reviewer's damage: every 997th byte after the header flipped, the length kept. Without a
    // checksum V8 deserialised it and died (SIGSEGV or SIGTRAP, no message).
    const cache = path.join(outdir, fs.readdirSync(outdir).find((name) => name.endsWith('.codecache'))!);
    const bytes = fs.readFileSync(cache);
    for (let i = 200; i < bytes.length; i += 997) bytes[i] ^= 0x5a;
    fs.writeFileSync(cache, bytes);
    const damaged = checkSmall();
    assert.equal(damaged.signal, null, damaged.stderr);
    assert.equal(damaged.status, intact.status, damaged.stderr);
    assert.match(damaged.stderr, /code cache cli\.bundle\.[0-9a-f]{12}\.codecache: rejected/);
    assert.equal(damaged.stdout, intact.stdout);
  });
});

function copyChart(from: string, name: string): string {
  const target = path.join(scratch, name);
  fs.cpSync(from, target, { recursive: true });
  return target;
}

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
}

/**
 * What the SARIF 2.1.0 specification requires of the parts we write (sarifLog, run, tool,
 * toolComponent, reportingDescriptor, result, location, region, fix, invocation), plus
 * GitHub code scanning's needs: rule ids, and a location with a URI and a 1-based region.
 */
function sarifProblems(log: any): string[] {
  const problems: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (!ok) problems.push(what);
  };
  const isText = (value: any) => typeof value?.text === 'string' && value.text.length > 0;
  const checkRegion = (region: any, where: string) => {
    need(Number.isInteger(region?.startLine) && region.startLine >= 1, `${where}.startLine must be an integer >= 1`);
    need(Number.isInteger(region?.startColumn) && region.startColumn >= 1, `${where}.startColumn must be an integer >= 1`);
    need(Number.isInteger(region?.endLine) && region.endLine >= region?.startLine, `${where}.endLine must be >= startLine`);
    need(Number.isInteger(region?.endColumn) && region.endColumn >= 1 && (region.endLine > region.startLine || region.endColumn >= region.startColumn), `${where}.endColumn must not be before startColumn`);
  };
  const checkLocation = (location: any, where: string) => {
    need(typeof location?.physicalLocation?.artifactLocation?.uri === 'string' && location.physicalLocation.artifactLocation.uri.length > 0, `${where}.physicalLocation.artifactLocation.uri is required`);
    checkRegion(location?.physicalLocation?.region, `${where}.physicalLocation.region`);
  };
  need(log?.version === '2.1.0', 'version must be "2.1.0"');
  need(typeof log?.$schema === 'string', '$schema should name the SARIF 2.1.0 schema');
  need(Array.isArray(log?.runs) && log.runs.length === 1, 'runs must hold one run');
  for (const [runIndex, run] of (Array.isArray(log?.runs) ? log.runs : []).entries()) {
    const where = `runs[${runIndex}]`;
    const driver = run?.tool?.driver;
    need(typeof driver?.name === 'string' && driver.name.length > 0, `${where}.tool.driver.name is required`);
    const descriptors: any[] = Array.isArray(driver?.rules) ? driver.rules : [];
    const ids = descriptors.map((descriptor) => descriptor?.id);
    need(new Set(ids).size === ids.length, `${where}.tool.driver.rules ids must be unique`);
    descriptors.forEach((descriptor, index) => {
      const at = `${where}.tool.driver.rules[${index}]`;
      need(typeof descriptor?.id === 'string' && descriptor.id.length > 0, `${at}.id is required`);
      need(isText(descriptor?.shortDescription) && isText(descriptor?.fullDescription), `${at} needs shortDescription and fullDescription text`);
      need(isText(descriptor?.help) && typeof descriptor.help.markdown === 'string', `${at}.help needs text and markdown`);
      need(['none', 'note', 'warning', 'error'].includes(descriptor?.defaultConfiguration?.level), `${at}.defaultConfiguration.level is not a SARIF level`);
    });
    for (const [index, invocation] of (run?.invocations ?? []).entries()) {
      need(typeof invocation?.executionSuccessful === 'boolean', `${where}.invocations[${index}].executionSuccessful is required`);
      for (const notification of invocation?.toolExecutionNotifications ?? []) need(isText(notification?.message), `${where}.invocations[${index}] notification needs a message`);
    }
    need(Array.isArray(run?.results), `${where}.results must be an array`);
    for (const [index, result] of (Array.isArray(run?.results) ? run.results : []).entries()) {
      const at = `${where}.results[${index}]`;
      need(isText(result?.message), `${at}.message.text is required`);
      need(typeof result?.ruleId === 'string', `${at}.ruleId is required by code scanning`);
      if (result?.ruleIndex !== undefined) need(descriptors[result.ruleIndex]?.id === result.ruleId, `${at}.ruleIndex must point at its rule`);
      need(['none', 'note', 'warning', 'error'].includes(result?.level), `${at}.level is not a SARIF level`);
      need(Array.isArray(result?.locations) && result.locations.length > 0, `${at}.locations must hold a location`);
      for (const [locationIndex, location] of (result?.locations ?? []).entries()) checkLocation(location, `${at}.locations[${locationIndex}]`);
      for (const [relatedIndex, related] of (result?.relatedLocations ?? []).entries()) checkLocation(related, `${at}.relatedLocations[${relatedIndex}]`);
      for (const [fixIndex, fix] of (result?.fixes ?? []).entries()) {
        const fixAt = `${at}.fixes[${fixIndex}]`;
        need(Array.isArray(fix?.artifactChanges) && fix.artifactChanges.length > 0, `${fixAt}.artifactChanges must not be empty`);
        for (const change of fix?.artifactChanges ?? []) {
          need(typeof change?.artifactLocation?.uri === 'string', `${fixAt} artifactChange needs artifactLocation.uri`);
          need(Array.isArray(change?.replacements) && change.replacements.length > 0, `${fixAt} artifactChange needs replacements`);
          for (const replacement of change?.replacements ?? []) checkRegion(replacement?.deletedRegion, `${fixAt} deletedRegion`);
        }
      }
    }
  }
  return problems;
}
