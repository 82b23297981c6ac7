/**
 * The linter habits of `helm-hooks check`, each flag run as a process with its exit status and
 * output: --quiet, --max-warnings, --fail-on, --output, --stdin/--stdin-filename, --list-rules,
 * --explain, --diff, --fix-rule; colour and grouping on a terminal; the rule docs links.
 * The fixture `mixed` has one error (unknown-hook-event) and one warning
 * (missing-before-hook-creation), both with a preferred fix.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { rules } from '../../server/src/analysis';
import { colorWanted, main } from '../../server/src/cli/main';

const cliPath = path.join(__dirname, '../../server/src/cli/main.js');
const mixed = 'test/fixtures/cli/mixed';
const job = `${mixed}/templates/job.yaml`;
const unknown = 'unknown-hook-event';
const policy = 'missing-before-hook-creation';
/** Every rule but these off, so outputs do not change when rules are added. */
const only = (...ids: string[]): string[] => rules.filter((rule) => !ids.includes(rule.id)).flatMap((rule) => ['--rule', `${rule.id}=off`]);
const both = only(unknown, policy);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-cli-habits-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI's main in this process (the status it returns is the exit status), or as a process
 * when the test needs another working folder.
 */
function run(args: readonly string[], options: { input?: string; cwd?: string } = {}): Run {
  if (options.cwd !== undefined) {
    const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: options.cwd, input: options.input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  let stdout = '';
  let stderr = '';
  const readStdin = (): Buffer => Buffer.from(options.input ?? '', 'utf8');
  const status = main(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), colorOutput: false, terminal: false, readStdin });
  return { status, stdout, stderr };
}

/** Each finding line of the plain text output: `file:line:col severity rule`. */
const findingLines = (stdout: string): string[] => stdout.split('\n').filter((line) => /:\d+:\d+ /.test(line)).map((line) => line.split(' ').slice(0, 3).join(' '));

/** A one-line usage error: exit 2, nothing on stdout, the message and the usage hint on stderr. */
function assertUsageError(args: readonly string[], expected: RegExp, input?: string): void {
  const result = run(args, { input });
  assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
  assert.equal(result.stdout, '');
  const [line, hint, ...rest] = result.stderr.split('\n');
  assert.match(line, expected);
  assert.equal(hint, "Run 'helm-hooks --help' for usage.");
  assert.deepEqual(rest, ['']);
}

describe('check --quiet', () => {
  it('reports error findings only, and counts only them', () => {
    const result = run(['check', '--quiet', ...both, mixed]);
    assert.equal(result.status, 1);
    assert.deepEqual(findingLines(result.stdout), [`${job}:6:21 error ${unknown}`]);
    assert.match(result.stdout, /\n1 error in 1 chart \(1 file\) \(--quiet: other severities not shown\)\n$/);
    assert.ok(!result.stdout.includes(policy), 'no warning, and no docs link for it');
  });

  it('exits 0 when only warnings remain', () => {
    const result = run(['check', '--quiet', ...only(policy), mixed]);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '0 errors in 1 chart (1 file) (--quiet: other severities not shown)\n');
  });

  it('keeps JSON to the errors too', () => {
    const result = run(['check', '--quiet', '--format', 'json', ...both, mixed]);
    assert.deepEqual(JSON.parse(result.stdout).findings.map((finding: { rule: string }) => finding.rule), [unknown]);
  });

  it('takes no value', () => assertUsageError(['check', '--quiet=yes', mixed], /^helm-hooks: --quiet takes no value, not 'yes'$/));
});

describe('check --max-warnings N', () => {
  it('exits 1 when more warnings than N remain, and says so', () => {
    const result = run(['check', '--max-warnings', '0', ...only(policy), mixed]);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, 'helm-hooks: 1 warning findings, more than --max-warnings 0\n');
    assert.deepEqual(findingLines(result.stdout), [`${job}:8:35 warning ${policy}`]);
  });

  it('exits 0 when the warnings are within N', () => {
    const result = run(['check', '--max-warnings=1', ...only(policy), mixed]);
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '');
  });

  it('still fails on errors', () => assert.equal(run(['check', '--max-warnings', '5', ...both, mixed]).status, 1));

  for (const bad of ['-1', 'ten', '1.5', '']) {
    it(`refuses '${bad}'`, () => assertUsageError(['check', `--max-warnings=${bad}`, mixed], new RegExp(`^helm-hooks: --max-warnings needs a whole number of warnings \\(0 or more\\), not '${bad.replace('.', '\\.')}'$`)));
  }
  it('refuses a missing value', () => assertUsageError(['check', '--max-warnings'], /^helm-hooks: --max-warnings needs a whole number of warnings \(0 or more\)$/));
});

describe('check --fail-on', () => {
  it('warning: a warning finding makes the exit status 1', () => {
    assert.equal(run(['check', ...only(policy), mixed]).status, 0, 'by default only errors fail');
    const result = run(['check', '--fail-on', 'warning', ...only(policy), mixed]);
    assert.equal(result.status, 1);
    assert.deepEqual(findingLines(result.stdout), [`${job}:8:35 warning ${policy}`]);
  });

  it('information: information findings fail, hints never do', () => {
    assert.equal(run(['check', '--fail-on=information', ...only(policy), '--rule', `${policy}=information`, mixed]).status, 1);
    assert.equal(run(['check', '--fail-on=information', ...only(policy), '--rule', `${policy}=hint`, mixed]).status, 0);
  });

  it('error (the default): warnings pass', () => assert.equal(run(['check', '--fail-on', 'error', ...only(policy), mixed]).status, 0));

  it('--exit-zero still wins', () => assert.equal(run(['check', '--fail-on', 'warning', '--exit-zero', ...both, mixed]).status, 0));

  it('refuses hint and other words', () => {
    assertUsageError(['check', '--fail-on', 'hint', mixed], /^helm-hooks: --fail-on must be error, warning or information, not 'hint'$/);
    assertUsageError(['check', '--fail-on'], /^helm-hooks: --fail-on must be error, warning or information$/);
  });
});

describe('check --output FILE', () => {
  it('writes the report to FILE instead of stdout, with the same exit status', () => {
    const file = path.join(scratch, 'report.txt');
    const result = run(['check', '--output', file, ...both, mixed]);
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, '');
    assert.equal(fs.readFileSync(file, 'utf8'), run(['check', ...both, mixed]).stdout);
  });

  it('replaces an existing file whole, keeps its mode, and leaves no temporary file', () => {
    const folder = path.join(scratch, 'replace');
    fs.mkdirSync(folder);
    const file = path.join(folder, 'report.json');
    fs.writeFileSync(file, 'x'.repeat(100_000));
    fs.chmodSync(file, 0o640);
    const result = run(['check', '--format=json', `--output=${file}`, ...both, mixed]);
    assert.equal(result.status, 1);
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).findings.length, 2);
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(fs.readdirSync(folder), ['report.json']);
  });

  it('a report it cannot write is one line and exit 2, even under --exit-zero', () => {
    const file = path.join(scratch, 'no-such-folder', 'report.txt');
    const result = run(['check', '--exit-zero', '--output', file, mixed]);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`^helm-hooks: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot write the report: no such file or folder\\n$`));
  });

  it('refuses an empty path', () => assertUsageError(['check', '--output=', mixed], /^helm-hooks: --output needs a file path$/));
});

describe('check --stdin --stdin-filename PATH', () => {
  const text = fs.readFileSync(job, 'utf8');

  it('judges stdin as the template at PATH in its chart, named by PATH', () => {
    const fixed = text.replace('pre-instal', 'pre-install');
    const result = run(['check', '--stdin', '--stdin-filename', job, ...both], { input: fixed });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(findingLines(result.stdout), [`${job}:8:35 warning ${policy}`]);
    assert.match(result.stdout, /in 1 chart \(1 file\)\n$/);
  });

  it('a new file of the chart is checked with the chart around it', () => {
    const cwd = path.join(scratch, 'stdin-new');
    fs.mkdirSync(path.join(cwd, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(cwd, 'Chart.yaml'), 'apiVersion: v2\nname: dep\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(cwd, 'templates/config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dep-config\n');
    // A pre-install hook that reads the chart's ConfigMap: wrong only because of the other file.
    const hook = ['kind: Job', 'metadata:', '  name: dep-migrate', '  annotations:', '    "helm.sh/hook": pre-install', 'spec:', '  template:', '    spec:', '      restartPolicy: Never', '      containers:', '        - name: m', '          envFrom:', '            - configMapRef:', '                name: dep-config', ''].join('\n');
    const rule = 'hook-depends-on-release-resource';
    const inChart = run(['check', '--stdin', '--stdin-filename', 'templates/hook.yaml', ...only(rule)], { input: hook, cwd });
    assert.equal(inChart.status, 1);
    assert.deepEqual(findingLines(inChart.stdout), [`templates/hook.yaml:14:23 error ${rule}`]);
    assert.match(inChart.stdout, /in 1 chart \(1 file\)\n$/);
    assert.ok(!fs.existsSync(path.join(cwd, 'templates/hook.yaml')), 'nothing written');
    const alone = run(['check', '--stdin', '--stdin-filename', path.join(scratch, 'no-chart', 'hook.yaml'), ...only(rule)], { input: hook });
    assert.equal(alone.status, 0, 'alone, the hook needs nothing it lacks');
  });

  it('outside any chart the text is checked alone', () => {
    const lone = path.join(scratch, 'lone', 'job.yaml');
    const result = run(['check', '--stdin', '--stdin-filename', lone, ...both], { input: text });
    assert.equal(result.status, 1);
    assert.deepEqual(findingLines(result.stdout), [`${lone}:6:21 error ${unknown}`, `${lone}:8:35 warning ${policy}`]);
    assert.match(result.stdout, /in 1 file\n$/);
  });

  it('refuses input that is not UTF-8 text', () => {
    const result = spawnSync(process.execPath, [cliPath, 'check', '--stdin', '--stdin-filename', job], { input: Buffer.from([0x6b, 0xff, 0x0a]) });
    assert.equal(result.status, 2);
    assert.equal(result.stderr.toString(), 'helm-hooks: stdin: skipped: not valid UTF-8\n');
  });

  it('refuses a PATH that is no template of its chart', () => {
    const result = run(['check', '--stdin', '--stdin-filename', `${mixed}/notes.yaml`], { input: text });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, `helm-hooks: ${mixed}/notes.yaml: --stdin-filename must name a template (a file under templates/) of the chart at ${mixed}\n`);
  });

  for (const [args, expected] of [
    [['check', '--stdin'], /^helm-hooks: --stdin needs --stdin-filename PATH \(where the text would be in its chart\)$/],
    [['check', '--stdin-filename', job, mixed], /^helm-hooks: --stdin-filename needs --stdin$/],
    [['check', '--stdin', '--stdin-filename', job, mixed], /^helm-hooks: --stdin reads no PATH, got 'test\/fixtures\/cli\/mixed'$/],
    [['check', '--stdin', '--stdin-filename', job, '--fix'], /^helm-hooks: --fix cannot write to stdin; use --diff to see the changes$/],
    [['check', '--stdin', '--stdin-filename='], /^helm-hooks: --stdin-filename needs a file path$/],
  ] as const) {
    it(`usage: ${args.join(' ')}`, () => assertUsageError(args, expected, text));
  }
});

describe('check --list-rules and --explain', () => {
  it('--list-rules: one line per rule with its default severity and summary, exit 0', () => {
    const result = run(['check', '--list-rules']);
    assert.equal(result.status, 0);
    const lines = result.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.map((line) => line.split(/\s+/)[0]), rules.map((rule) => rule.id));
    lines.forEach((line, index) => assert.match(line, new RegExp(`^${rules[index].id} +${rules[index].defaultSeverity} +${rules[index].summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)));
  });

  it('--explain: the rule\'s section of the shipped docs/rules.md, exactly', () => {
    const docs = fs.readFileSync('docs/rules.md', 'utf8');
    for (const rule of [unknown, rules.at(-1)!.id]) {
      const result = run(['check', '--explain', rule]);
      assert.equal(result.status, 0);
      const start = docs.indexOf(`\n## ${rule}\n`) + 1;
      const end = docs.indexOf('\n## ', start);
      assert.equal(result.stdout, docs.slice(start, end === -1 ? undefined : end + 1).replace(/\n+$/, '\n'));
    }
  });

  it('refuse a PATH, each other, and unknown rules', () => {
    assertUsageError(['check', '--list-rules', mixed], /^helm-hooks: --list-rules reads no PATH, got 'test\/fixtures\/cli\/mixed'$/);
    assertUsageError(['check', '--list-rules', '--explain', unknown], /^helm-hooks: --list-rules and --explain cannot be combined$/);
    assertUsageError(['check', '--explain', 'no-such-rule'], /^helm-hooks: unknown rule 'no-such-rule' in --explain \(known rules: /);
    assertUsageError(['check', '--explain'], /^helm-hooks: --explain needs a rule id$/);
  });
});

describe('check --diff and --fix-rule', () => {
  /** A copy of `mixed` at <scratch>/<name>/chart; the CLI runs in <scratch>/<name>, so the chart is `chart`. */
  const copyToRun = (name: string): { cwd: string; file: string; before: string } => {
    const cwd = path.join(scratch, name);
    fs.cpSync(mixed, path.join(cwd, 'chart'), { recursive: true });
    const file = path.join(cwd, 'chart/templates/job.yaml');
    return { cwd, file, before: fs.readFileSync(file, 'utf8') };
  };

  it('--diff prints a unified diff that patch applies to give what --fix writes, and changes nothing', () => {
    const { cwd, file, before } = copyToRun('diff');
    const result = run(['check', '--diff', ...both, 'chart'], { cwd });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '');
    assert.equal(fs.readFileSync(file, 'utf8'), before, '--diff writes nothing');
    assert.ok(result.stdout.startsWith('--- chart/templates/job.yaml\n+++ chart/templates/job.yaml\n@@ -3,9 +3,9 @@\n'), result.stdout);
    assert.ok(result.stdout.includes('\n-    "helm.sh/hook": pre-instal\n+    "helm.sh/hook": pre-install\n'));
    const patched = spawnSync('patch', ['-p0', '--quiet'], { cwd, input: result.stdout, encoding: 'utf8' });
    assert.equal(patched.status, 0, patched.stderr + patched.stdout);
    const viaPatch = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, before);
    assert.equal(run(['check', '--fix', ...both, 'chart'], { cwd }).status, 0);
    assert.equal(viaPatch, fs.readFileSync(file, 'utf8'));
    assert.notEqual(viaPatch, before);
  });

  it('--diff prints nothing and exits 0 when there is nothing to fix', () => {
    const result = run(['check', '--diff', ...only('hook-restart-policy'), mixed]);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '');
  });

  it('--diff keeps CRLF line ends and says when the last line has no newline', () => {
    const { cwd, file, before } = copyToRun('diff-crlf');
    const crlf = before.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    fs.writeFileSync(file, crlf);
    const result = run(['check', '--diff', ...both, 'chart'], { cwd });
    assert.ok(result.stdout.includes('-    "helm.sh/hook": pre-instal\r\n+    "helm.sh/hook": pre-install\r\n'), JSON.stringify(result.stdout));
    const patched = spawnSync('patch', ['-p0', '--quiet'], { cwd, input: result.stdout, encoding: 'utf8' });
    assert.equal(patched.status, 0, patched.stderr + patched.stdout);
    const viaPatch = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, crlf);
    run(['check', '--fix', ...both, 'chart'], { cwd });
    assert.equal(viaPatch, fs.readFileSync(file, 'utf8'));
  });

  it('--fix-rule fixes only that rule\'s findings, and implies --fix', () => {
    const { cwd, file, before } = copyToRun('fix-rule');
    const result = run(['check', '--fix-rule', policy, ...both, 'chart'], { cwd });
    assert.equal(result.status, 1, 'the unknown event is left, an error');
    assert.match(result.stdout, /^fixed 1 finding in 1 file\n/);
    assert.deepEqual(findingLines(result.stdout), [`chart/templates/job.yaml:6:21 error ${unknown}`]);
    assert.equal(fs.readFileSync(file, 'utf8'), before.replace('"helm.sh/hook-delete-policy": hook-succeeded', '"helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded'));
  });

  it('--fix-rule with --diff shows only that rule\'s changes', () => {
    const result = run(['check', '--diff', '--fix-rule', unknown, ...both, mixed]);
    assert.equal(result.status, 1);
    assert.equal(result.stdout.split('\n').filter((line) => /^[-+][^-+]/.test(line)).join('\n'), '-    "helm.sh/hook": pre-instal\n+    "helm.sh/hook": pre-install');
  });

  it('--diff works on stdin, naming the file by --stdin-filename', () => {
    const result = run(['check', '--stdin', '--stdin-filename', job, '--diff', ...both], { input: fs.readFileSync(job, 'utf8') });
    assert.equal(result.status, 1);
    assert.ok(result.stdout.startsWith(`--- ${job}\n+++ ${job}\n`));
  });

  for (const [args, expected] of [
    [['check', '--diff', '--fix', mixed], /^helm-hooks: --diff and --fix cannot be combined: --diff changes nothing$/],
    [['check', '--diff', '--format', 'json', mixed], /^helm-hooks: --diff prints a unified diff, not --format json$/],
    [['check', '--fix-rule', 'no-such-rule', mixed], /^helm-hooks: unknown rule 'no-such-rule' in --fix-rule \(known rules: /],
    [['check', '--fix-rule'], /^helm-hooks: --fix-rule needs a rule id$/],
    [['check', '--diff=yes', mixed], /^helm-hooks: --diff takes no value, not 'yes'$/],
  ] as const) {
    it(`usage: ${args.join(' ')}`, () => assertUsageError(args, expected));
  }
});

describe('text output on a terminal', () => {
  const runMain = (args: readonly string[], io: { terminal: boolean; colorOutput: boolean }): { status: number; stdout: string } => {
    let stdout = '';
    const status = main(args, { stdout: (text) => (stdout += text), stderr: () => undefined, ...io });
    return { status, stdout };
  };

  it('groups findings under their file, coloured when allowed', () => {
    const plain = runMain(['check', ...both, mixed], { terminal: true, colorOutput: false });
    assert.equal(plain.status, 1);
    const [header, first, second, blank] = plain.stdout.split('\n');
    assert.equal(header, job);
    assert.match(first, /^  6:21  error    Unknown hook event "pre-instal".*  unknown-hook-event$/);
    assert.match(second, /^  8:35  warning  "hook-succeeded" lacks before-hook-creation.*  missing-before-hook-creation$/);
    assert.equal(blank, '');
    assert.ok(!plain.stdout.includes('\u001b'));
    const coloured = runMain(['check', ...both, mixed], { terminal: true, colorOutput: true });
    assert.ok(coloured.stdout.includes('\u001b[31merror  \u001b[0m') && coloured.stdout.includes('\u001b[4m' + job), coloured.stdout);
    assert.equal(coloured.stdout.replace(/\u001b\[\d+m/g, ''), plain.stdout);
  });

  it('into a pipe or --output: plain lines, never colour', () => {
    const piped = run(['check', ...both, mixed]);
    const forced = spawnSync(process.execPath, [cliPath, 'check', ...both, mixed], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '1' } });
    assert.equal(forced.stdout, piped.stdout, 'FORCE_COLOR does not colour a pipe');
    assert.ok(!piped.stdout.includes('\u001b'));
    assert.deepEqual(findingLines(piped.stdout), [`${job}:6:21 error ${unknown}`, `${job}:8:35 warning ${policy}`]);
  });

  it('colour follows NO_COLOR and FORCE_COLOR, on a terminal only', () => {
    const cases: [boolean, Record<string, string | undefined>, boolean][] = [
      [true, {}, true],
      [true, { NO_COLOR: '1' }, false],
      [true, { NO_COLOR: '' }, true],
      [true, { FORCE_COLOR: '0' }, false],
      [true, { NO_COLOR: '1', FORCE_COLOR: '1' }, true],
      [false, {}, false],
      [false, { FORCE_COLOR: '1' }, false],
    ];
    for (const [terminal, env, expected] of cases) assert.equal(colorWanted(terminal, env), expected, `${terminal} ${JSON.stringify(env)}`);
  });

  it('lists each rule found once with a link to its section of the shipped docs, which exists', () => {
    const result = run(['check', ...both, mixed]);
    const links = result.stdout.split('\n').filter((line) => line.startsWith('  ') && line.includes('docs/rules.md#'));
    assert.deepEqual(links.map((line) => line.trim().split(':')[0]), [unknown, policy]);
    const docs = fs.readFileSync('docs/rules.md', 'utf8');
    for (const line of links) {
      const url = new URL(line.slice(line.indexOf('file:')));
      assert.equal(fs.realpathSync(url.pathname), fs.realpathSync('docs/rules.md'));
      assert.ok(docs.includes(`\n## ${url.hash.slice(1)}\n`), url.hash);
    }
  });
});

describe('check --help', () => {
  it('documents every option', () => {
    const help = run(['check', '--help']);
    assert.equal(help.status, 0);
    for (const option of ['--quiet', '--max-warnings N', '--fail-on error|warning|information', '--output FILE', '--stdin --stdin-filename PATH', '--list-rules', '--explain ID', '--diff', '--fix-rule ID', 'json|sarif|github', 'NO_COLOR', 'FORCE_COLOR', '%SRCROOT%']) {
      assert.ok(help.stdout.includes(option), option);
    }
  });
});
