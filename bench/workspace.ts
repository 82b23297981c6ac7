/**
 * Whole-workspace diagnostics through the real server (dist/server.js over stdio): a folder of
 * synthetic charts (bench/synthetic.ts) written to the git-ignored bench/tmp/, opened as the
 * workspace. Measures the time from `initialize` until every file with findings has been
 * published (nothing open), and the edit → diagnostics latency of an open file typed into
 * while that background work runs, against the same typing with `diagnostics.scope: openFiles`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { analyzeChart, sourcesOf } from '../server/src/analysis';
import { LspClient, type Message } from './lspClient';
import { now } from './stats';
import { syntheticChart } from './synthetic';

export interface SyntheticWorkspace {
  readonly folder: string;
  /** URIs of the files that have findings: the background must publish each. */
  readonly expected: readonly string[];
  /** The hook template typed into, and its text. */
  readonly typed: { readonly uri: string; readonly text: string };
  readonly charts: number;
  readonly files: number;
}

/** Writes `charts` synthetic charts of `templates` templates each under `folder` (emptied first). */
export function writeSyntheticWorkspace(folder: string, charts: number, templates: number): SyntheticWorkspace {
  fs.rmSync(folder, { recursive: true, force: true });
  const chart = syntheticChart(templates);
  const withFindings = [...new Set(analyzeChart(chart).findings.map((finding) => finding.file))];
  const expected: string[] = [];
  let files = 0;
  for (let index = 0; index < charts; index++) {
    const root = path.join(folder, `chart-${String(index).padStart(3, '0')}`);
    // sourcesOf gives the templates and values; Chart.yaml makes the folder a chart.
    for (const source of [...(chart.chartYaml ? [chart.chartYaml] : []), ...sourcesOf(chart)]) {
      const full = path.join(root, source.path);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, source.text);
      files++;
    }
    for (const file of withFindings) expected.push(pathToFileURL(path.join(root, file)).href);
  }
  // The first hook Job of the last chart, so the background reaches its chart last.
  const typedPath = path.join(folder, `chart-${String(charts - 1).padStart(3, '0')}`, 'templates', 'file-0000.yaml');
  return { folder, expected, typed: { uri: pathToFileURL(typedPath).href, text: fs.readFileSync(typedPath, 'utf8') }, charts, files };
}

/** Start to the last background publish of a file with findings, nothing open. */
export async function workspacePublish(serverJs: string, workspace: SyntheticWorkspace): Promise<{ allMs: number; firstMs: number }> {
  const client = LspClient.node(serverJs);
  try {
    const pending = new Set(workspace.expected);
    let first: number | undefined;
    const done = new Promise<void>((resolve) => {
      client.listeners.push((message) => {
        if (message.method !== 'textDocument/publishDiagnostics') return;
        const { uri, diagnostics } = message.params as { uri: string; diagnostics: unknown[] };
        if (diagnostics.length === 0 || !pending.delete(uri)) return;
        first ??= now();
        if (pending.size === 0) resolve();
      });
    });
    const started = now();
    await client.initialize(pathToFileURL(workspace.folder).href, {});
    await withTimeout(done, 600_000, () => `${pending.size} of ${workspace.expected.length} files not published`);
    return { allMs: now() - started, firstMs: (first ?? NaN) - started };
  } finally {
    await client.shutdown();
  }
}

export interface TypingResult {
  /** Edit → that version's diagnostics, every edit. */
  readonly latencies: number[];
  /** Files with findings of other charts published while typing. */
  readonly backgroundPublished: number;
}

/**
 * Opens the typed file right after `initialize` and types into it, one edit every `everyMs`
 * (a character typed, then deleted), `edits` times; each edit waits for its diagnostics.
 */
export async function typingDuringWorkspace(serverJs: string, workspace: SyntheticWorkspace, scope: 'workspace' | 'openFiles', edits: number, everyMs: number): Promise<TypingResult> {
  const client = LspClient.node(serverJs);
  try {
    const expected = new Set(workspace.expected);
    let backgroundPublished = 0;
    client.listeners.push((message: Message) => {
      if (message.method !== 'textDocument/publishDiagnostics') return;
      const { uri } = message.params as { uri: string };
      if (uri !== workspace.typed.uri && expected.delete(uri)) backgroundPublished++;
    });
    await client.initialize(pathToFileURL(workspace.folder).href, { diagnostics: { scope } });
    const { uri, text } = workspace.typed;
    const opened = client.waitForDiagnostics(uri, 60_000);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
    await opened;
    const lines = text.split('\n');
    const line = lines.findIndex((content) => /helm\.sh\/hook["']?\s*:/.test(content));
    const at = { line, character: lines[line].length };
    const latencies: number[] = [];
    for (let edit = 0; edit < edits; edit++) {
      const version = edit + 2;
      const typing = edit % 2 === 0;
      const range = typing ? { start: at, end: at } : { start: at, end: { line: at.line, character: at.character + 1 } };
      const published = client.waitFor((message) => message.method === 'textDocument/publishDiagnostics' && (message.params as { uri: string }).uri === uri && ((message.params as { version?: number }).version ?? version) >= version, 60_000);
      const sent = now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: typing ? ',' : '' }] });
      await published;
      const took = now() - sent;
      latencies.push(took);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - took)));
    }
    return { latencies, backgroundPublished };
  } finally {
    await client.shutdown();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
