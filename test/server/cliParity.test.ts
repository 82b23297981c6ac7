/**
 * The same chart checked with the same settings gives the same findings from the CLI and the
 * language server, values files other than values.yaml included: every template and values file
 * of the fixture chart is opened in the server, and its diagnostics must equal the CLI's findings
 * in that file (rule, severity, range, message). The chart has a values-prod.yaml and a
 * subchart's values-ci.yaml whose hook keys are wrong only there.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { messageOf, TestClient, writeChart } from './support/lspClient';

const cliPath = path.resolve(__dirname, '../../server/src/cli/main.js');
const fixture = path.resolve('test/fixtures/cli/variants');
const severities: Readonly<Record<string, number>> = { error: 1, warning: 2, information: 3, hint: 4 };

interface Seen {
  readonly rule: string;
  readonly severity: number;
  readonly range: unknown;
  readonly message: string;
}

function filesOf(root: string, relative = ''): string[] {
  return fs.readdirSync(path.join(root, relative), { withFileTypes: true }).flatMap((entry) => {
    const file = relative ? `${relative}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesOf(root, file) : [file];
  });
}

const sorted = (seen: Seen[]): Seen[] => seen.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('the CLI and the server agree', () => {
  it('on every template and values file of a chart with values-<x>.yaml files', async () => {
    const files = Object.fromEntries(filesOf(fixture).map((file) => [file, fs.readFileSync(path.join(fixture, file), 'utf8')]));
    const chart = writeChart(files);
    const client = await TestClient.start({ settings: {} });
    try {
      const cli = spawnSync(process.execPath, [cliPath, 'check', '--format', 'json', chart.root], { encoding: 'utf8' });
      assert.equal(cli.stderr, '');
      const byFile = new Map<string, Seen[]>();
      for (const finding of JSON.parse(cli.stdout).findings) {
        const file = path.relative(chart.root, finding.file).split(path.sep).join('/');
        byFile.set(file, [...(byFile.get(file) ?? []), { rule: finding.rule, severity: severities[finding.severity], range: finding.range, message: finding.message }]);
      }
      assert.ok(byFile.has('values-prod.yaml') && byFile.has('charts/db/values-ci.yaml'), `the CLI finds the values variants' mistakes: ${cli.stdout}`);
      const opened = Object.keys(files).filter((file) => file.includes('templates/') || /(^|\/)values[^/]*\.yaml$/.test(file));
      for (const file of opened) {
        const expected = sorted(byFile.get(file) ?? []);
        let last: Seen[] = [];
        const same = client.nextDiagnostics(chart.uri(file), (diagnostics: Diagnostic[]) => {
          last = sorted(diagnostics.map((diagnostic) => ({ rule: String(diagnostic.code), severity: diagnostic.severity ?? 0, range: diagnostic.range, message: messageOf(diagnostic) })));
          return JSON.stringify(last) === JSON.stringify(expected);
        });
        await client.open(chart.uri(file), files[file], file.includes('templates/') ? 'helm' : 'yaml');
        // The server may publish a first look before the whole-chart analysis; the last of them must match.
        const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000).unref());
        if ((await Promise.race([same, timeout])) === 'timeout') assert.deepEqual(last, expected, `${file}: the server's diagnostics differ from the CLI's findings`);
      }
      await client.shutdown();
    } finally {
      client.kill();
      chart.remove();
    }
  });
});
