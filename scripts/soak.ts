/**
 * `npm run soak`: the language server under a long, random session over stdio.
 *
 * A copy of the corpus goes to a temporary folder; every template is opened; then SOAK_EDITS
 * (10,000) random edits, with completion, hover and code-action requests in between, some
 * cancelled at once, settings changes (some of them garbage, with unknown rule ids), requests
 * for documents never opened, documents closed while a request on them is in flight, and a
 * file deleted and recreated on disk (with the watched-files notifications an editor sends).
 *
 * Pass: the server never exits, every request is answered, and the memory it retains (heap in
 * use plus external memory, after a full collection) stays within 20% of the baseline at every
 * checkpoint (each 1000 edits and the end). The baseline is taken after a warm-up of a fixed
 * length, whatever SOAK_EDITS is: every template open, then 500 edits with their requests, so
 * every chart has been analysed and answered a few times over. Resident memory is printed too
 * but not judged: V8 keeps the heap it grew to for a peak (a chart re-read from disk), so
 * resident memory steps up once and stays while what the server retains stays flat.
 * Memory is read after a full collection in the server (a preloaded
 * SIGUSR2 hook), so the comparison is of what the server keeps, not of when V8 last collected;
 * the figures before the collection are printed too. Exits 1 on a failure. SOAK_SEED picks
 * the random sequence; SOAK_NODE_ARGS adds options for the server's node.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { delay, LspClient, residentBytes, type Message } from '../bench/lspClient';
import { createLineIndex } from '../server/src/analysis';
import { corpusAbsence, corpusRoot as sharedCorpus } from '../test/support/corpus';
import { randomSource } from '../test/support/random';

const repoRoot = process.cwd();
const serverJs = path.resolve(process.env.SOAK_SERVER ?? path.join(repoRoot, 'dist', 'server.js'));
const totalEdits = Number(process.env.SOAK_EDITS ?? 10000);
/** Edits before the memory baseline: fixed, so runs of any length compare the same warmed-up state. */
const warmupEdits = 500;
const checkpointEvery = 1000;
const growthLimit = 0.2;
const seed = Number(process.env.SOAK_SEED ?? 1);
const requestTimeoutMs = 60000;

const next = randomSource(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];

const insertions = [',', ' ', 'x', '-', '{{', '}}', '{{ .Values.a }}', '\n', '"', "'", ':', '#', 'pre-install', 'hook-succeeded', '😀', '漢', '\t'];

const garbageSettings: readonly unknown[] = [
  {},
  { rules: { 'unknown-hook-event': 'warning' } },
  { rules: { 'no-such-rule': 'error', 'unknown-hook-event': 'fatal' } },
  { enable: 'maybe', rules: 'everything' },
  42,
  null,
  [],
  { enable: false },
  { enable: true, rules: { 'implicit-delete-policy': 'off', 'unweighted-hook': 'hint' } },
];

/** Runs in the server: on SIGUSR2, a full collection, then one stderr line with the memory figures. */
const gcHook = `process.on('SIGUSR2', () => {
  global.gc();
  const usage = process.memoryUsage();
  process.stderr.write('soak-memory ' + JSON.stringify({ rss: usage.rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external }) + '\\n');
});
`;

interface Memory {
  /** Resident memory as the system sees it, before the collection. */
  readonly rss: number | undefined;
  /** After a full collection. */
  readonly rssAfterGc: number | undefined;
  readonly heapUsedAfterGc: number | undefined;
  readonly heapTotalAfterGc: number | undefined;
  readonly externalAfterGc: number | undefined;
}

/** What the server retains: heap in use and external memory, after a full collection. */
function retained(memory: Memory | undefined): number | undefined {
  return memory?.heapUsedAfterGc === undefined || memory.externalAfterGc === undefined ? undefined : memory.heapUsedAfterGc + memory.externalAfterGc;
}

async function memoryOf(client: LspClient): Promise<Memory> {
  const rss = residentBytes(client.process.pid);
  const before = client.stderr.length;
  client.process.kill('SIGUSR2');
  for (let waited = 0; waited < 10000 && !client.stderr.slice(before).includes('soak-memory'); waited += 50) await delay(50);
  const line = /soak-memory (\{.*\})/.exec(client.stderr.slice(before))?.[1];
  const figures = line ? (JSON.parse(line) as { rss: number; heapUsed: number; heapTotal: number; external: number }) : undefined;
  return { rss, rssAfterGc: figures?.rss, heapUsedAfterGc: figures?.heapUsed, heapTotalAfterGc: figures?.heapTotal, externalAfterGc: figures?.external };
}

interface OpenDocument {
  uri: string;
  text: string;
  version: number;
}

interface Stats {
  edits: number;
  requests: Record<string, number>;
  cancelled: number;
  answered: number;
  errors: Record<string, number>;
  unanswered: number;
  closedMidRequest: number;
  settingsChanges: number;
  diskChanges: number;
  unopenedRequests: number;
  slowestMs: number;
}

function corpusRoot(): string {
  const found = sharedCorpus();
  if (!found) throw new Error(`the soak edits the corpus's templates; ${corpusAbsence()}`);
  return found;
}

function templatesUnder(root: string): string[] {
  const result: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (full.includes(`${path.sep}templates${path.sep}`)) result.push(full);
    }
  };
  walk(root);
  return result;
}

function mb(bytes: number | undefined): string {
  return bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

async function main(): Promise<void> {
  if (!fs.existsSync(serverJs)) throw new Error(`${serverJs} does not exist: run npm run build first`);
  if (!(totalEdits > warmupEdits)) throw new Error(`SOAK_EDITS must be more than the ${warmupEdits} edits of the warm-up, got ${process.env.SOAK_EDITS}`);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-soak-'));
  fs.cpSync(corpusRoot(), workspace, { recursive: true });
  for (const file of templatesUnder(workspace)) fs.chmodSync(file, 0o644);
  const stats: Stats = { edits: 0, requests: {}, cancelled: 0, answered: 0, errors: {}, unanswered: 0, closedMidRequest: 0, settingsChanges: 0, diskChanges: 0, unopenedRequests: 0, slowestMs: 0 };
  // A preloaded hook lets the soak ask the server for a full garbage collection before it reads
  // memory, so the figures compare what the server retains, not when V8 last collected.
  const preload = path.join(workspace, '.soak-gc.js');
  fs.writeFileSync(preload, gcHook);
  const client = LspClient.node(serverJs, ['--stdio'], { nodeArgs: ['--expose-gc', '--require', preload, ...(process.env.SOAK_NODE_ARGS ?? '').split(' ').filter(Boolean)] });
  let settings: unknown = {};
  const started = Date.now();
  const outstanding = new Set<Promise<void>>();
  try {
    await client.initialize(pathToFileURL(workspace).toString(), {});
    client.configuration = () => settings;

    const track = (method: string, request: { id: number; response: Promise<Message> }): void => {
      stats.requests[method] = (stats.requests[method] ?? 0) + 1;
      const sent = Date.now();
      const timeout = delay(requestTimeoutMs).then(() => 'timeout' as const);
      const done = Promise.race([request.response, timeout]).then((outcome) => {
        outstanding.delete(done);
        if (outcome === 'timeout') {
          stats.unanswered++;
          return;
        }
        stats.answered++;
        stats.slowestMs = Math.max(stats.slowestMs, Date.now() - sent);
        if (outcome.error && outcome.error.code !== -32800) stats.errors[`${method}: ${outcome.error.message}`] = (stats.errors[`${method}: ${outcome.error.message}`] ?? 0) + 1;
      });
      outstanding.add(done);
    };
    const drain = async (): Promise<void> => {
      while (outstanding.size > 0) await Promise.all([...outstanding]);
    };
    /** Waits until the server has been silent for `quietMs` (diagnostics settle after the debounce). */
    const settle = async (quietMs = 1000): Promise<void> => {
      await drain();
      let last = Date.now();
      const listener = (): void => {
        last = Date.now();
      };
      client.listeners.push(listener);
      while (Date.now() - last < quietMs) await delay(100);
      client.listeners.splice(client.listeners.indexOf(listener), 1);
    };

    // First pass: open every template of every chart.
    const files = templatesUnder(workspace);
    const documents: OpenDocument[] = files.map((file) => ({ uri: pathToFileURL(file).toString(), text: fs.readFileSync(file, 'utf8'), version: 1 }));
    for (const doc of documents) client.notify('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: 'helm', version: doc.version, text: doc.text } });
    console.log(`soak: ${documents.length} templates open from a copy of the corpus; ${totalEdits} edits, seed ${seed}`);
    await settle(2000);
    const afterOpen = await memoryOf(client);
    let baseline: Memory | undefined;
    /** Growth against the baseline at each checkpoint, after a full collection. */
    const checkpoints: { edits: number; growth: number }[] = [];
    const checkpoint = (edits: number, memory: Memory): void => {
      const before = retained(baseline);
      const now = retained(memory);
      if (!before || !now) return;
      const growth = now / before - 1;
      checkpoints.push({ edits, growth });
      console.log(`  ${edits} edits: ${mb(now)} retained after a collection (${(growth * 100).toFixed(1)}% against the baseline): heap ${mb(memory.heapUsedAfterGc)} used of ${mb(memory.heapTotalAfterGc)}, external ${mb(memory.externalAfterGc)}; ${mb(memory.rssAfterGc)} resident`);
    };

    const positionIn = (doc: OpenDocument): { offset: number; position: { line: number; character: number } } => {
      let offset = Math.floor(next() * (doc.text.length + 1));
      // Never between the halves of a surrogate pair: the editor would not put a cursor there.
      if (offset > 0 && offset < doc.text.length && /[\udc00-\udfff]/.test(doc.text[offset]) && /[\ud800-\udbff]/.test(doc.text[offset - 1])) offset--;
      return { offset, position: createLineIndex(doc.text).positionAt(offset) };
    };
    const deleted = new Set<string>();

    for (let edit = 0; edit < totalEdits; edit++) {
      // Edits favour small files, as people type in templates, not in CRDs; one in 50 goes anywhere.
      const doc = next() < 0.02 ? pick(documents) : pick(documents.filter((candidate) => candidate.text.length < 20000));
      const start = positionIn(doc);
      const removeLength = next() < 0.4 ? Math.min(doc.text.length - start.offset, Math.floor(next() * 4)) : 0;
      let endOffset = start.offset + removeLength;
      if (endOffset < doc.text.length && /[\udc00-\udfff]/.test(doc.text[endOffset]) && /[\ud800-\udbff]/.test(doc.text[endOffset - 1])) endOffset++;
      const end = createLineIndex(doc.text).positionAt(endOffset);
      const inserted = next() < 0.7 ? pick(insertions) : '';
      doc.text = doc.text.slice(0, start.offset) + inserted + doc.text.slice(endOffset);
      doc.version++;
      client.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: [{ range: { start: start.position, end }, text: inserted }] });
      stats.edits++;

      const at = positionIn(doc).position;
      const roll = next();
      if (roll < 0.3) track('completion', client.request('textDocument/completion', { textDocument: { uri: doc.uri }, position: at, context: { triggerKind: 1 } }));
      else if (roll < 0.5) track('hover', client.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: at }));
      else if (roll < 0.6) track('codeAction', client.request('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: { start: at, end: at }, context: { diagnostics: [] } }));
      else if (roll < 0.63) {
        const request = client.request('textDocument/completion', { textDocument: { uri: doc.uri }, position: at });
        client.notify('$/cancelRequest', { id: request.id });
        stats.cancelled++;
        track('completion (cancelled)', request);
      } else if (roll < 0.64) {
        // Closed while a request on it is in flight, then opened again as it was.
        track('hover (closed mid-request)', client.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: at }));
        client.notify('textDocument/didClose', { textDocument: { uri: doc.uri } });
        stats.closedMidRequest++;
        doc.version = 1;
        client.notify('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: 'helm', version: doc.version, text: doc.text } });
      } else if (roll < 0.645) {
        const never = pathToFileURL(path.join(workspace, 'argo-cd', 'templates', `never-opened-${edit}.yaml`)).toString();
        track('completion (never opened)', client.request('textDocument/completion', { textDocument: { uri: never }, position: at }));
        track('codeAction (never opened)', client.request('textDocument/codeAction', { textDocument: { uri: never }, range: { start: at, end: at }, context: { diagnostics: [] } }));
        stats.unopenedRequests++;
      }

      if (edit % 500 === 250) {
        settings = pick(garbageSettings);
        client.notify('workspace/didChangeConfiguration', { settings: { helmHooks: settings } });
        stats.settingsChanges++;
      }
      if (edit % 2000 === 1000) {
        // A file deleted on disk and recreated, as a git checkout does; one that is open, one that is not.
        const victim = pick(files.filter((file) => !deleted.has(file)));
        const text = fs.readFileSync(victim, 'utf8');
        const uri = pathToFileURL(victim).toString();
        fs.rmSync(victim);
        deleted.add(victim);
        client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
        await delay(50);
        fs.writeFileSync(victim, text);
        deleted.delete(victim);
        client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
        stats.diskChanges++;
      }
      if (edit % 25 === 24) await drain();
      if (edit + 1 === warmupEdits) {
        await settle();
        baseline = await memoryOf(client);
        console.log(`  ${edit + 1} edits (end of the warm-up): baseline ${mb(retained(baseline))} retained after a collection, ${mb(baseline.rssAfterGc)} resident`);
      } else if ((edit + 1) % checkpointEvery === 0 && edit + 1 < totalEdits) {
        await settle(500);
        checkpoint(edit + 1, await memoryOf(client));
      }
      if (client.exited) break;
    }
    await settle(2000);
    const afterRun = await memoryOf(client);
    checkpoint(stats.edits, afterRun);
    const exitedDuringRun = client.exited;
    const worst = checkpoints.reduce<{ edits: number; growth: number } | undefined>((max, point) => (max && max.growth >= point.growth ? max : point), undefined);
    const residentGrowth = baseline?.rssAfterGc && afterRun.rssAfterGc ? afterRun.rssAfterGc / baseline.rssAfterGc - 1 : NaN;
    const totalRequests = Object.values(stats.requests).reduce((sum, count) => sum + count, 0);
    console.log(`edits ${stats.edits}, requests ${totalRequests} (${Object.entries(stats.requests).map(([method, count]) => `${method} ${count}`).join(', ')})`);
    console.log(`answered ${stats.answered}, unanswered ${stats.unanswered}, slowest answer ${stats.slowestMs} ms; cancelled ${stats.cancelled}, closed mid-request ${stats.closedMidRequest}, settings changes ${stats.settingsChanges}, files deleted and recreated ${stats.diskChanges}, requests for unopened documents ${stats.unopenedRequests * 2}`);
    if (Object.keys(stats.errors).length > 0) console.log(`error answers: ${JSON.stringify(stats.errors)}`);
    const describeMemory = (memory: Memory | undefined): string => `${mb(memory?.rssAfterGc)} (${mb(memory?.rss)} before the collection, heap ${mb(memory?.heapUsedAfterGc)})`;
    console.log(`resident memory after a full collection: after opening ${describeMemory(afterOpen)}; after the warm-up ${describeMemory(baseline)}; after the run ${describeMemory(afterRun)}`);
    console.log(`retained memory against the baseline: ${checkpoints.map((point) => `${point.edits} edits ${(point.growth * 100).toFixed(1)}%`).join(', ') || 'n/a'} (resident memory at the end, not judged: ${Number.isFinite(residentGrowth) ? `${(residentGrowth * 100).toFixed(1)}%` : 'n/a'})`);
    const serverErrors = client.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('soak-memory'));
    console.log(`server stderr: ${serverErrors.length === 0 ? '(empty)' : serverErrors.slice(-5).join(' | ')}`);
    const failures: string[] = [];
    if (exitedDuringRun) failures.push(`the server exited (${exitedDuringRun.code ?? exitedDuringRun.signal})`);
    if (stats.unanswered > 0) failures.push(`${stats.unanswered} requests were not answered within ${requestTimeoutMs / 1000} s`);
    if (stats.answered !== totalRequests) failures.push(`${totalRequests - stats.answered} requests were never answered`);
    if (!worst) failures.push('no memory checkpoint after the warm-up: the server did not report its memory');
    else if (!(worst.growth <= growthLimit)) failures.push(`retained memory (heap used and external, after a full collection) grew ${(worst.growth * 100).toFixed(1)}% against the baseline at ${worst.edits} edits (limit ${growthLimit * 100}%)`);
    console.log(`${((Date.now() - started) / 1000).toFixed(0)} s; ${failures.length === 0 ? 'PASS' : `FAIL: ${failures.join('; ')}`}`);
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    await client.shutdown();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
