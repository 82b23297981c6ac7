/**
 * Measurements through the real language server (dist/server.js over stdio): keystroke
 * latency (edit → publishDiagnostics, completion request → response) and start-up time
 * (process start → first diagnostics of an open template).
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { cpuMs, LspClient } from './lspClient';
import { median, now } from './stats';

export interface LatencyResult {
  readonly file: string;
  readonly bytes: number;
  readonly edits: number;
  readonly diagnosticsMs: number[];
  readonly completionMs: number[];
}

/** Where to type: the end of the first hook annotation line, else the end of the middle line. */
function typingPosition(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  let line = lines.findIndex((content) => /helm\.sh\/hook["']?\s*:/.test(content));
  if (line < 0) line = Math.floor(lines.length / 2);
  return { line, character: lines[line].replace(/\r$/, '').length };
}

/** `initializationOptions`: what the server is started with (`{ validationDelayMs: 0 }`: no debounce, every edit checked at once). */
export async function keystrokeLatency(serverJs: string, chartRoot: string, file: string, edits: number, initializationOptions: Record<string, unknown> = {}): Promise<LatencyResult> {
  const client = LspClient.node(serverJs);
  try {
    const uri = pathToFileURL(file).toString();
    const text = fs.readFileSync(file, 'utf8');
    await client.initialize(pathToFileURL(chartRoot).toString(), initializationOptions);
    // Typing starts once the whole chart is analysed: an edit sent after the first (open files only)
    // publish would wait for the first whole-chart analysis, which is start-up, not typing.
    const opened = completeDiagnostics(client, uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
    await opened;
    const at = typingPosition(text);
    const diagnosticsMs: number[] = [];
    const completionMs: number[] = [];
    for (let edit = 0; edit < edits; edit++) {
      const version = edit + 2;
      // Type a character, then delete it: the document alternates between two texts, as when typing and correcting.
      const typing = edit % 2 === 0;
      const range = typing ? { start: at, end: at } : { start: at, end: { line: at.line, character: at.character + 1 } };
      const published = client.waitFor((message) => message.method === 'textDocument/publishDiagnostics' && (message.params as { uri: string; version?: number }).uri === uri && ((message.params as { version?: number }).version ?? version) >= version, 60000);
      const sent = now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: typing ? ',' : '' }] });
      await published;
      diagnosticsMs.push(now() - sent);
      const position = { line: at.line, character: at.character + (typing ? 1 : 0) };
      const asked = now();
      await client.call('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 1 } });
      completionMs.push(now() - asked);
    }
    return { file, bytes: Buffer.byteLength(text), edits, diagnosticsMs, completionMs };
  } finally {
    await client.shutdown();
  }
}

/**
 * The publish of `uri` that follows the first analysis of its whole chart. On its first look at a
 * chart the server publishes an open file twice (server/src/validation.ts): first what the open
 * files alone show, then the whole chart's analysis; this waits for the second.
 */
export function completeDiagnostics(client: LspClient, uri: string, timeoutMs = 60000): Promise<unknown> {
  let seen = 0;
  return client.waitFor((message) => message.method === 'textDocument/publishDiagnostics' && (message.params as { uri: string }).uri === uri && ++seen === 2, timeoutMs);
}

export interface StartupResult {
  /** Process start → the first publish (the open files alone), per run. */
  readonly runs: number[];
  readonly medianMs: number;
  /** Process start → the publish of the whole chart's analysis (complete diagnostics), per run. */
  readonly completeRuns: number[];
  readonly completeMedianMs: number;
  /** CPU time the server used until its complete diagnostics (median): what start-up costs without waiting for a busy machine. */
  readonly medianCpuMs: number;
  readonly bundleBytes: number;
}

/** Process start to the first and to the complete diagnostics of `file`, opened right after `initialized`. */
export async function startup(serverJs: string, chartRoot: string, file: string, runs: number): Promise<StartupResult> {
  const timings: number[] = [];
  const complete: number[] = [];
  const cpu: number[] = [];
  const uri = pathToFileURL(file).toString();
  const text = fs.readFileSync(file, 'utf8');
  for (let run = 0; run < runs + 1; run++) {
    const started = now();
    const client = LspClient.node(serverJs);
    try {
      await client.initialize(pathToFileURL(chartRoot).toString(), {});
      const published = client.waitForDiagnostics(uri, 60000);
      const whole = completeDiagnostics(client, uri);
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
      await published;
      const firstMs = now() - started;
      await whole;
      if (run > 0) {
        // The first start warms the disk cache.
        timings.push(firstMs);
        complete.push(now() - started);
        cpu.push(cpuMs(client.process.pid) ?? NaN);
      }
    } finally {
      await client.shutdown();
    }
  }
  return { runs: timings, medianMs: median(timings), completeRuns: complete, completeMedianMs: median(complete), medianCpuMs: median(cpu), bundleBytes: fs.statSync(bundleOf(serverJs)).size };
}

/** The bundle a loader (`dist/server.js`, scripts/bundle-loader.cjs) compiles: `server.bundle.js` beside it; an older build's server.js is the bundle itself. */
export function bundleOf(serverJs: string): string {
  const bundle = serverJs.replace(/\.js$/, '.bundle.js');
  return fs.existsSync(bundle) ? bundle : serverJs;
}

/** The server's debounce before it analyses a changed chart, read from the bundle (`validationDelayMs`), if it can be found. */
export function debounceMs(serverJs: string): number | undefined {
  const match = /validationDelayMs\s*=\s*(\d+)/.exec(fs.readFileSync(bundleOf(serverJs), 'utf8'));
  return match ? Number(match[1]) : undefined;
}

/** The chart folder holding `file`: the nearest ancestor with a Chart.yaml. */
export function chartRootOf(file: string): string {
  let dir = path.dirname(file);
  while (!fs.existsSync(path.join(dir, 'Chart.yaml')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export interface BigFileKeystrokeResult {
  readonly bytes: number;
  /** Process start and open of the file to its first diagnostics. */
  readonly openMs: number;
  /** Each edit's didChange to the diagnostics published for its version. */
  readonly diagnosticsMs: number[];
  /** The server's CPU time over each edit (10 ms steps): what a keystroke costs without waiting for a busy machine. */
  readonly cpuMs: number[];
}

/**
 * Keystrokes in a file of many hooks (issue 16's 8 MB file): open it, then type into one hook's
 * weight at a time (a different hook each edit, spread over the file) and time each didChange
 * to the publishDiagnostics of that document version. Every edit changes the file's length, as a
 * real keystroke does (everything after it moves): even edits insert a `1` before a weight's
 * digits (`"5"` → `"15"`), odd ones delete the `-` of a negative weight (`"-3"` → `"3"`), so every
 * weight stays valid and the findings alike.
 */
export async function bigFileKeystrokes(serverJs: string, chartRoot: string, file: string, edits: number, nodeArgs: readonly string[] = []): Promise<BigFileKeystrokeResult> {
  const started = now();
  const client = LspClient.node(serverJs, ['--stdio'], { nodeArgs });
  try {
    const uri = pathToFileURL(file).toString();
    const text = fs.readFileSync(file, 'utf8');
    await client.initialize(pathToFileURL(chartRoot).toString(), {});
    const opened = client.waitForDiagnostics(uri, 600000);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
    await opened;
    const openMs = now() - started;
    const lines = text.split('\n');
    const weight = /^(\s*"helm\.sh\/hook-weight":\s*")(-?)\d+"\s*$/;
    const weightLines = lines.flatMap((content, line) => (weight.test(content) ? [line] : []));
    const diagnosticsMs: number[] = [];
    const cpu: number[] = [];
    for (let edit = 0; edit < edits && weightLines.length > 0; edit++) {
      const version = edit + 2;
      const inserts = edit % 2 === 0;
      // A weight somewhere in the file each time; a deletion takes the first negative weight from there on.
      let at = Math.floor(((edit + 0.5) / edits) * weightLines.length);
      while (!inserts && at < weightLines.length - 1 && weight.exec(lines[weightLines[at]])![2] !== '-') at++;
      const line = weightLines[at];
      const match = weight.exec(lines[line])!;
      const character = match[1].length + (inserts ? match[2].length : 0);
      const range = inserts ? { start: { line, character }, end: { line, character } } : { start: { line, character }, end: { line, character: character + match[2].length } };
      const inserted = inserts ? '1' : '';
      lines[line] = lines[line].slice(0, range.start.character) + inserted + lines[line].slice(range.end.character);
      const published = client.waitFor((message) => message.method === 'textDocument/publishDiagnostics' && (message.params as { uri: string }).uri === uri && ((message.params as { version?: number }).version ?? version) >= version, 600000);
      const cpuBefore = cpuMs(client.process.pid) ?? NaN;
      const sent = now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: inserted }] });
      await published;
      diagnosticsMs.push(now() - sent);
      cpu.push((cpuMs(client.process.pid) ?? NaN) - cpuBefore);
    }
    return { bytes: Buffer.byteLength(text), openMs, diagnosticsMs, cpuMs: cpu };
  } finally {
    await client.shutdown();
  }
}
