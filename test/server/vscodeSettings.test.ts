/**
 * The settings VS Code really sends: `workspace/configuration` answers every `helmHooks.*`
 * setting, the package.json defaults included, as if the user had chosen them. With them the
 * editor must report what the CLI reports: the same findings at the same severities, for
 * every rule (each rule's fixtures are the charts).
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'url';
import { rules } from '../../server/src/analysis';
import { ruleFixtures } from '../unit/support/fixtures';
import { chartYaml } from './support/charts';
import type { Diagnostic } from 'vscode-languageserver/node';
import { TestClient } from './support/lspClient';

const cliPath = path.resolve(__dirname, '../../server/src/cli/main.js');

/** The `helmHooks` section as VS Code returns it when the user set nothing: every default of package.json, nested at the dots. */
export function vscodeDefaultSettings(): Record<string, unknown> {
  const manifest = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default?: unknown }> } } };
  const section: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties)) {
    if (!key.startsWith('helmHooks.')) continue;
    const parts = key.slice('helmHooks.'.length).split('.');
    let target = section;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]] = schema.default;
  }
  return section;
}

/** One line per finding: `file line:col-line:col severity rule`, sorted. */
type Line = string;

interface CliFinding {
  readonly file: string;
  readonly rule: string;
  readonly severity: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

function line(file: string, range: CliFinding['range'], severity: string, rule: string): Line {
  return `${file} ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character} ${severity} ${rule}`;
}

const severityNames = ['', 'error', 'warning', 'information', 'hint'];

/** Copies every rule fixture that expects findings into its own chart folder under `root`; the caret lines stay (they are comments). */
function writeFixtureCharts(root: string): void {
  for (const fixture of ruleFixtures()) {
    const name = path.basename(fixture.path).replace(/\.ya?ml$|\.tpl$/, '');
    if (name.startsWith('ok')) continue;
    const chart = path.join(root, fixture.rule, name);
    if (fs.statSync(fixture.path).isFile()) {
      fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
      fs.copyFileSync(fixture.path, path.join(chart, 'templates', path.basename(fixture.path)));
    } else {
      fs.cpSync(fixture.path, chart, { recursive: true, filter: (source) => !source.endsWith('.fixed') });
    }
    if (!fs.existsSync(path.join(chart, 'Chart.yaml'))) fs.writeFileSync(path.join(chart, 'Chart.yaml'), chartYaml(name.replace(/[^a-z0-9-]/g, '-')));
  }
}

describe('server: the settings VS Code sends give the CLI\'s severities', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-vscode-settings-'));
  let client!: TestClient;
  let cli: CliFinding[] = [];

  before(async () => {
    writeFixtureCharts(root);
    // Both render each chart (the CLI's default), judging resources on the rendered documents.
    const run = spawnSync(process.execPath, [cliPath, 'check', '--format', 'json', '--exit-zero', root], { encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 2, `the CLI failed: ${run.stderr}`);
    cli = (JSON.parse(run.stdout) as { findings: CliFinding[] }).findings;
    client = await TestClient.start({ settings: vscodeDefaultSettings() });
  });
  after(async () => {
    try {
      if (client) await client.shutdown();
    } finally {
      client?.kill();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('the VS Code defaults name every rule and set none of them', () => {
    const settings = vscodeDefaultSettings();
    assert.equal(settings.enable, true);
    const ruleDefaults = settings.rules as Record<string, unknown>;
    assert.deepEqual(Object.keys(ruleDefaults).sort(), rules.map((rule) => rule.id).sort());
    for (const [id, value] of Object.entries(ruleDefaults)) assert.equal(value, 'default', `helmHooks.rules.${id} defaults to a severity, which VS Code would send as chosen`);
  });

  it('every rule is covered, and some findings are below their rule\'s default severity', () => {
    // Rendered, this rule's fixtures tie hooks whose rendered names fix Helm's order for every release: no finding (issue 12's precision).
    const silentWhenRendered = ['ambiguous-hook-order'];
    const found = new Set(cli.map((finding) => finding.rule));
    for (const id of silentWhenRendered) assert.ok(!found.has(id), `${id} now has a rendered finding in its fixtures: compare it here again`);
    assert.deepEqual([...found].sort(), rules.map((rule) => rule.id).filter((id) => !silentWhenRendered.includes(id)).sort(), 'a rule has no finding in its fixtures');
    const lowered = cli.filter((finding) => finding.severity !== rules.find((rule) => rule.id === finding.rule)?.defaultSeverity);
    assert.ok(lowered.some((finding) => finding.rule === 'unweighted-hook' && finding.severity === 'information'), 'a lone unweighted hook is information from the CLI');
  });

  it('publishes, file by file, exactly the CLI\'s findings and severities', async () => {
    const files = [...new Set(cli.map((finding) => finding.file))].sort();
    const expected: Line[] = cli.map((finding) => line(finding.file, finding.range, finding.severity, finding.rule)).sort();
    const published: Line[] = [];
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      const want = expected.filter((item) => item.startsWith(`${file} `)).join('\n');
      const describe = (diagnostics: Diagnostic[]): string => diagnostics.map((diagnostic) => line(file, diagnostic.range, severityNames[diagnostic.severity ?? 0], String(diagnostic.code))).sort().join('\n');
      // A first look at a new chart may publish the open file's part first; the whole-chart analysis follows.
      let last: Diagnostic[] = [];
      const settled = client.nextDiagnostics(uri, (diagnostics) => {
        last = diagnostics;
        return describe(diagnostics) === want;
      });
      await client.open(uri, fs.readFileSync(file, 'utf8'), 'yaml');
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      published.push(...describe(last).split('\n').filter(Boolean));
      await client.close(uri);
    }
    assert.deepEqual(published.sort(), expected);
  });
});
