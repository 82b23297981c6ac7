/**
 * The same chart checked with the same settings gives the same findings from the CLI and the
 * language server: every template and values file of the chart is opened in the server, and its
 * diagnostics must equal the CLI's JSON findings in that file (rule, severity, range, message,
 * related locations, and the rule's docs link the editor shows on the code). Two charts: the
 * example chart users try first (under Helm 4 and under Helm 3, chosen by the `helmVersion`
 * setting and `--helm-version`), and a chart with a values-prod.yaml and a subchart's
 * values-ci.yaml whose hook keys are wrong only there. Both render the chart (the CLI's default),
 * so charts whose mistakes show only in the rendered output are compared too. The example chart
 * is also opened as the server's workspace with no file open: the files its background check
 * publishes (on the worker thread, and on the server's own thread) must show the CLI's findings.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { pathToFileURL } from 'url';
import { messageOf, TestClient, writeChart } from './support/lspClient';

const cliPath = path.resolve(__dirname, '../../server/src/cli/main.js');
/** LSP's DiagnosticSeverity, which the editor maps one to one onto its own. */
const severities: Readonly<Record<string, number>> = { error: 1, warning: 2, information: 3, hint: 4 };

interface Seen {
  readonly rule: string;
  readonly severity: number;
  readonly range: unknown;
  readonly message: string;
  readonly related: readonly { readonly file: string; readonly range: unknown; readonly message: string }[];
  readonly docs: boolean;
}

interface JsonFinding {
  readonly file: string;
  readonly rule: string;
  readonly severity: string;
  readonly range: unknown;
  readonly message: string;
  readonly related: readonly { readonly file: string; readonly range: unknown; readonly message: string }[];
}

function filesOf(root: string, relative = ''): string[] {
  return fs.readdirSync(path.join(root, relative), { withFileTypes: true }).flatMap((entry) => {
    const file = relative ? `${relative}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesOf(root, file) : [file];
  });
}

const sorted = (seen: Seen[]): Seen[] => seen.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The CLI's JSON findings of the chart in `root`, by chart-relative file, and how many there are. */
function cliFindings(root: string, helmVersion: '3' | '4'): { byFile: Map<string, Seen[]>; count: number; stdout: string } {
  const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  // Both render the chart as `helm template` does with its default values (the CLI's default, no `--no-render`).
  const cli = spawnSync(process.execPath, [cliPath, 'check', '--format', 'json', '--helm-version', helmVersion, root], { encoding: 'utf8' });
  assert.equal(cli.stderr, '');
  const byFile = new Map<string, Seen[]>();
  const findings = JSON.parse(cli.stdout).findings as JsonFinding[];
  for (const finding of findings) {
    const file = relative(finding.file);
    const related = finding.related.map((location) => ({ file: relative(location.file), range: location.range, message: location.message }));
    byFile.set(file, [...(byFile.get(file) ?? []), { rule: finding.rule, severity: severities[finding.severity], range: finding.range, message: finding.message, related, docs: true }]);
  }
  return { byFile, count: findings.length, stdout: cli.stdout };
}

/** The server's diagnostics of a file of the chart in `root` as the CLI's findings are compared. */
function seenOf(root: string, diagnostics: Diagnostic[]): Seen[] {
  const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  return sorted(diagnostics.map((diagnostic) => ({
    rule: String(diagnostic.code),
    severity: diagnostic.severity ?? 0,
    range: diagnostic.range,
    message: messageOf(diagnostic),
    related: (diagnostic.relatedInformation ?? []).map((info) => ({ file: relative(fileURLToPath(info.location.uri)), range: info.location.range, message: info.message })),
    docs: diagnostic.codeDescription?.href.endsWith(`#${String(diagnostic.code)}`) === true,
  })));
}

/** Checks the chart in `fixture` with the CLI and the server; returns how many findings were compared. */
async function compare(fixture: string, helmVersion: '3' | '4', mustFind: readonly string[]): Promise<number> {
  const files = Object.fromEntries(filesOf(fixture).map((file) => [file, fs.readFileSync(path.join(fixture, file), 'utf8')]));
  const chart = writeChart(files);
  const client = await TestClient.start({ settings: helmVersion === '3' ? { helmVersion: '3' } : {} });
  try {
    const { byFile, count, stdout } = cliFindings(chart.root, helmVersion);
    for (const file of mustFind) assert.ok(byFile.has(file), `the CLI finds mistakes in ${file}: ${stdout}`);
    const opened = Object.keys(files).filter((file) => file.includes('templates/') || /(^|\/)values[^/]*\.yaml$/.test(file));
    for (const file of opened) {
      const expected = sorted(byFile.get(file) ?? []);
      let last: Seen[] = [];
      const same = client.nextDiagnostics(chart.uri(file), (diagnostics: Diagnostic[]) => {
        last = seenOf(chart.root, diagnostics);
        return JSON.stringify(last) === JSON.stringify(expected);
      });
      await client.open(chart.uri(file), files[file], file.includes('templates/') ? 'helm' : 'yaml');
      // The server may publish a first look before the whole-chart analysis; the last of them must match.
      // The wait only bounds a failure: a matching publish ends it at once. 15 s ran out on a machine at load 16.
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 60_000).unref());
      if ((await Promise.race([same, timeout])) === 'timeout') assert.deepEqual(last, expected, `${file}: the server's diagnostics differ from the CLI's findings`);
    }
    await client.shutdown();
    return count;
  } finally {
    client.kill();
    chart.remove();
  }
}

/**
 * Opens the chart in `fixture` as the server's workspace folder with no file open: every file
 * the CLI finds mistakes in gets the same diagnostics from the background check, and no other
 * file of the chart gets any. Returns how many findings were compared.
 */
async function compareClosed(fixture: string, env: Readonly<Record<string, string>>): Promise<number> {
  const files = Object.fromEntries(filesOf(fixture).map((file) => [file, fs.readFileSync(path.join(fixture, file), 'utf8')]));
  const chart = writeChart(files);
  const client = await TestClient.start({ settings: {}, env, workspaceFolders: [pathToFileURL(chart.root).href] });
  try {
    const { byFile, count } = cliFindings(chart.root, '4');
    const lasts = new Map<string, Seen[]>();
    const all = Promise.all([...byFile].map(([file, findings]) => client.nextDiagnostics(chart.uri(file), (diagnostics) => {
      lasts.set(file, seenOf(chart.root, diagnostics));
      return JSON.stringify(lasts.get(file)) === JSON.stringify(sorted(findings));
    })));
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 60_000).unref());
    if ((await Promise.race([all, timeout])) === 'timeout') {
      for (const [file, findings] of byFile) assert.deepEqual(lasts.get(file), sorted(findings), `${file}: the background's diagnostics differ from the CLI's findings`);
    }
    for (const file of Object.keys(files).filter((name) => !byFile.has(name))) {
      const published = client.published.get(chart.uri(file)) ?? [];
      assert.deepEqual(published.at(-1) ?? [], [], `${file} has no findings in the CLI, but the background published some`);
    }
    await client.shutdown();
    return count;
  } finally {
    client.kill();
    chart.remove();
  }
}

describe('the CLI and the server agree', () => {
  it('on every template and values file of a chart with values-<x>.yaml files', async () => {
    await compare(path.resolve('test/fixtures/cli/variants'), '4', ['values-prod.yaml', 'charts/db/values-ci.yaml']);
  });

  // Their findings are on the rendered chart only: a values.yaml value printed as the hook's event, an event written in an included helper.
  it('on charts whose mistakes show only when rendered, at the value and the helper', async () => {
    await compare(path.resolve('test/fixtures/rendered/findings/computed-hook'), '4', ['values.yaml']);
    await compare(path.resolve('test/fixtures/rendered/findings/define-hook'), '4', ['templates/_helpers.tpl']);
  });

  for (const [where, env] of [['on the worker thread', {}], ['on the server thread', { HELM_HOOKS_THREADS: '1' }]] as const) {
    it(`on the example chart's files never opened, checked in the background ${where}`, async () => {
      const compared = await compareClosed(path.resolve('examples/demo-chart'), env);
      assert.ok(compared >= 5, `the example chart shows its mistakes (${compared} findings)`);
    });
  }

  for (const helmVersion of ['4', '3'] as const) {
    it(`on the example chart, findings, severities, texts and related locations (Helm ${helmVersion})`, async () => {
      const compared = await compare(path.resolve('examples/demo-chart'), helmVersion, ['templates/migrate-job.yaml']);
      assert.ok(compared >= 5, `the example chart shows its mistakes (${compared} findings)`);
    });
  }
});
