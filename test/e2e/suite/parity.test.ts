/**
 * The editor and the CLI give the same findings for the example chart: every template and values file
 * of it (copied into the workspace) is opened in VS Code, and the diagnostics VS Code shows must equal
 * the findings of `helm-hooks check --format json` (the extension's own dist/cli.js) in that file: rule,
 * severity, range, message and related locations. test/server/cliParity.test.ts compares the CLI with
 * the server over JSON-RPC; this adds what the VS Code client makes of the server's answer.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { demoChart, diagnosticsOf, extension, open, ruleOf, waitForDiagnostics } from './helpers';

interface Seen {
  readonly rule: string;
  readonly severity: string;
  readonly range: string;
  readonly message: string;
  readonly related: readonly string[];
}

interface JsonRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

interface JsonFinding {
  readonly file: string;
  readonly rule: string;
  readonly severity: string;
  readonly range: JsonRange;
  readonly message: string;
  readonly related: readonly { readonly file: string; readonly range: JsonRange; readonly message: string }[];
}

const severityNames = ['error', 'warning', 'information', 'hint'];
const rangeText = (r: JsonRange): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const sorted = (seen: Seen[]): string[] => seen.map((s) => JSON.stringify(s)).sort();

function filesOf(root: string, relative = ''): string[] {
  return fs.readdirSync(path.join(root, relative), { withFileTypes: true }).flatMap((entry) => {
    const file = relative ? `${relative}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesOf(root, file) : [file];
  });
}

describe('the editor and the CLI agree', () => {
  it('on the example chart: findings, severities, ranges, texts and related locations', async function () {
    this.timeout(120_000);
    const root = demoChart();
    const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
    // The extension host runs on Node (ELECTRON_RUN_AS_NODE for a desktop VS Code's Electron).
    const cli = spawnSync(process.execPath, [path.join(extension().extensionPath, 'dist/cli.js'), 'check', '--format', 'json', root], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    assert.strictEqual(cli.stderr, '');
    const findings = (JSON.parse(cli.stdout) as { findings: JsonFinding[] }).findings;
    assert.ok(findings.length >= 5, `the example chart shows its mistakes: ${cli.stdout}`);
    const byFile = new Map<string, Seen[]>();
    for (const finding of findings) {
      const file = relative(path.resolve(finding.file));
      const related = finding.related.map((location) => `${relative(path.resolve(location.file))} ${rangeText(location.range)} ${location.message}`);
      byFile.set(file, [...(byFile.get(file) ?? []), { rule: finding.rule, severity: finding.severity, range: rangeText(finding.range), message: finding.message, related }]);
    }
    const shown = (diagnostics: vscode.Diagnostic[]): Seen[] => diagnostics.map((d) => ({
      rule: ruleOf(d) ?? '',
      severity: severityNames[d.severity],
      range: rangeText(d.range),
      message: d.message,
      related: (d.relatedInformation ?? []).map((info) => `${relative(info.location.uri.fsPath)} ${rangeText(info.location.range)} ${info.message}`),
    }));
    const files = filesOf(root).filter((file) => file.startsWith('templates/') || /^values[^/]*\.yaml$/.test(file));
    assert.ok(files.includes('templates/migrate-job.yaml') && byFile.has('templates/migrate-job.yaml'), `the CLI finds mistakes in migrate-job.yaml: ${[...byFile.keys()].join(', ')}`);
    for (const file of files) {
      const expected = sorted(byFile.get(file) ?? []);
      const { document } = await open(`demo-chart/${file}`);
      await waitForDiagnostics(document.uri, (diagnostics) => JSON.stringify(sorted(shown(diagnostics))) === JSON.stringify(expected), `the CLI's findings in ${file}`, 20_000).catch(() => undefined);
      assert.deepStrictEqual(sorted(shown(diagnosticsOf(document.uri))), expected, `${file}: VS Code's diagnostics differ from the CLI's findings`);
    }
  });
});
