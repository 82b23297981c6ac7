/**
 * The language server's warm run for its V8 code cache (scripts/build.mjs): starts SERVER over
 * stdio as an editor would, with the first CHART as its workspace, and opens each TEMPLATE in
 * turn, waiting for its chart's whole diagnostics (the second publish of the file) before the
 * next; then shuts the server down. The server's loader writes the cache at exit
 * (HELM_HOOKS_WRITE_CODE_CACHE, passed on in the environment), so it holds the code every
 * chart's first analysis ran.
 *
 *   node scripts/warm-server.mjs SERVER CHART TEMPLATE [CHART TEMPLATE ...]
 *
 * Exits 1 when the server does not publish twice for each template within the time limit or does not exit.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [server, ...charts] = process.argv.slice(2);
const templates = charts.filter((_, index) => index % 2 === 1);
const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
let uri;
const limit = setTimeout(() => {
  child.kill();
  console.error(`warm-server: no complete diagnostics of ${uri} from ${server}`);
  process.exit(1);
}, 60_000);

let nextId = 1;
const pending = new Map();
function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  child.stdin.write(body);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}

let publishes = 0;
let whole;
function received(message) {
  if (message.id !== undefined && message.method === undefined) {
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  } else if (message.id !== undefined) {
    // A request of the server's (configuration, capability registration): no settings, no objection.
    send({ id: message.id, result: message.method === 'workspace/configuration' ? message.params.items.map(() => null) : null });
  } else if (message.method === 'textDocument/publishDiagnostics' && message.params.uri === uri && ++publishes === 2) whole();
}

let buffered = Buffer.alloc(0);
child.stdout.on('data', (chunk) => {
  buffered = Buffer.concat([buffered, chunk]);
  for (;;) {
    const headerEnd = buffered.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffered.subarray(0, headerEnd).toString('ascii'))?.[1]);
    if (buffered.length < headerEnd + 4 + length) return;
    received(JSON.parse(buffered.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')));
    buffered = buffered.subarray(headerEnd + 4 + length);
  }
});

await request('initialize', { processId: process.pid, rootUri: pathToFileURL(charts[0]).toString(), capabilities: {} });
send({ method: 'initialized', params: {} });
for (const template of templates) {
  uri = pathToFileURL(template).toString();
  publishes = 0;
  const complete = new Promise((resolve) => (whole = resolve));
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'helm', version: 1, text: readFileSync(template, 'utf8') } } });
  await complete;
}
await request('shutdown', null);
send({ method: 'exit' });
child.on('exit', (code) => {
  clearTimeout(limit);
  process.exit(code === 0 ? 0 : 1);
});
