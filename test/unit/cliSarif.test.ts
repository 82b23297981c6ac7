/**
 * The CI formats of `helm-hooks check`: SARIF validated against the official SARIF 2.1.0 schema
 * (test/schemas/) with repository-relative URIs under %SRCROOT%, and `--format github` workflow
 * commands parsed back with GitHub's escaping undone.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { after, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import { escapeData, escapeProperty, formatGithub } from '../../server/src/cli/formatGithub';
import type { CheckReport } from '../../server/src/cli/check';
import { relativeToRoot, sourceRoot } from '../../server/src/cli/sourceRoot';

const cliPath = path.join(__dirname, '../../server/src/cli/main.js');
const mixed = path.resolve('test/fixtures/cli/mixed');
const variants = path.resolve('test/fixtures/cli/variants');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-cli-ci-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function run(args: readonly string[], cwd = process.cwd()): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const schema = JSON.parse(fs.readFileSync('test/schemas/sarif-schema-2.1.0.json', 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const schemaErrors = (log: unknown): string[] => (validate(log) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));

describe('SARIF against the official SARIF 2.1.0 schema', () => {
  it('the schema rejects what it should (the validator is live)', () => {
    assert.notDeepEqual(schemaErrors({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), [], 'a driver needs a name');
    assert.notDeepEqual(schemaErrors({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }] }), [], 'lines start at 1');
  });

  for (const [name, args] of [
    ['findings with fixes, values variants included', ['--format', 'sarif', mixed, variants]],
    ['a read problem as a tool notification', ['--format', 'sarif', mixed, path.join(scratch, 'missing')]],
    ['no findings', ['--format', 'sarif', '--quiet', '--rule', 'unknown-hook-event=off', mixed]],
  ] as const) {
    it(`validates: ${name}`, () => {
      const result = run(['check', ...args]);
      assert.deepEqual(schemaErrors(JSON.parse(result.stdout)), []);
    });
  }

  it('names files relative to %SRCROOT%, the git root of the current folder', () => {
    const root = sourceRoot();
    assert.ok(fs.existsSync(path.join(root, '.git')), `${root} holds .git`);
    const log = JSON.parse(run(['check', '--format', 'sarif', mixed]).stdout);
    assert.deepEqual(log.runs[0].originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(root).href}/` } });
    const location = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.ok(!location.uri.startsWith('file:') && !location.uri.startsWith('/'), location.uri);
    assert.deepEqual(location, { uri: relativeToRoot(path.join(mixed, 'templates/job.yaml'), root), uriBaseId: '%SRCROOT%' });
    const change = log.runs[0].results[0].fixes[0].artifactChanges[0].artifactLocation;
    assert.equal(change.uriBaseId, '%SRCROOT%');
  });

  it('outside a git work tree the current folder is the root; a file outside the root is a file URI', () => {
    const chart = path.join(scratch, 'work', 'chart');
    fs.cpSync(mixed, chart, { recursive: true });
    const other = path.join(scratch, 'elsewhere');
    fs.cpSync(mixed, other, { recursive: true });
    const cwd = path.join(scratch, 'work');
    assert.equal(sourceRoot(cwd), cwd, 'the scratch folder is in no git work tree');
    const log = JSON.parse(run(['check', '--format', 'sarif', 'chart', other], cwd).stdout);
    assert.deepEqual(schemaErrors(log), []);
    assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(cwd).href}/`);
    const uris = log.runs[0].results.map((result: { locations: { physicalLocation: { artifactLocation: unknown } }[] }) => result.locations[0].physicalLocation.artifactLocation);
    assert.deepEqual(uris[0], { uri: 'chart/templates/job.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(uris.at(-1), { uri: pathToFileURL(path.join(other, 'templates/job.yaml')).href });
  });
});

/** A workflow command line parsed as the Actions runner reads it: `::name k=v,k=v::message`, escapes undone. */
function parseCommand(line: string): { name: string; properties: Record<string, string>; message: string } {
  const match = /^::([a-z]+) ([^:]*)::(.*)$/.exec(line);
  assert.ok(match, `not a workflow command: ${line}`);
  const unescape = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties = Object.fromEntries(match[2].split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), unescape(pair.slice(pair.indexOf('=') + 1))]));
  return { name: match[1], properties, message: unescape(match[3]) };
}

describe('--format github', () => {
  it('one workflow command per finding, parsed back to the JSON findings', () => {
    const github = run(['check', '--format', 'github', 'test/fixtures/cli/mixed', 'test/fixtures/cli/variants']);
    const json = run(['check', '--format', 'json', 'test/fixtures/cli/mixed', 'test/fixtures/cli/variants']);
    assert.equal(github.status, 1);
    assert.equal(github.stderr, '');
    const commands = github.stdout.split('\n').filter(Boolean).map(parseCommand);
    const findings = JSON.parse(json.stdout).findings;
    assert.equal(commands.length, findings.length);
    const names: Record<string, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };
    commands.forEach((command, index) => {
      const finding = findings[index];
      assert.deepEqual(command, {
        name: names[finding.severity],
        properties: {
          file: relativeToRoot(finding.file, sourceRoot()),
          line: String(finding.range.start.line + 1),
          col: String(finding.range.start.character + 1),
          endLine: String(finding.range.end.line + 1),
          endColumn: String(finding.range.end.character),
          title: finding.rule,
        },
        message: finding.message,
      });
    });
    assert.ok(commands.some((command) => command.name === 'warning') && commands.some((command) => command.name === 'error'));
  });

  it("escapes %, CR and LF in messages, and also : and , in properties, as GitHub's runner reads them", () => {
    assert.equal(escapeData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
    assert.equal(escapeProperty('dir:a,b/100%.yaml\n'), 'dir%3Aa%2Cb/100%25.yaml%0A');
    const report: CheckReport = {
      findings: [{ file: path.resolve('odd:dir,1/job%.yaml'), rule: 'unknown-hook-event', severity: 'hint', message: 'first line\nsecond: 100%', range: { start: { line: 0, character: 4 }, end: { line: 0, character: 4 } }, fixes: [], related: [] }],
      charts: 1,
      files: 1,
      problems: [],
      internalErrors: [],
    };
    const text = formatGithub(report, process.cwd());
    assert.equal(text, '::notice file=odd%3Adir%2C1/job%25.yaml,line=1,col=5,endLine=1,endColumn=5,title=unknown-hook-event::first line%0Asecond: 100%25\n');
    assert.deepEqual(parseCommand(text.trimEnd()).properties.file, 'odd:dir,1/job%.yaml');
  });
});
