/**
 * A minimal LSP client over a child process's stdio, for the benchmark and the soak test:
 * Content-Length framing, requests with ids, notifications, and waiting for server
 * notifications such as `textDocument/publishDiagnostics`. It answers the server's own
 * requests (configuration, registration) so the server never waits on us.
 */
import { spawn, type ChildProcess } from 'child_process';
import { serverEnvironment } from '../client/src/serverEnvironment';

export interface Message {
  readonly jsonrpc: '2.0';
  readonly id?: number | string | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { code: number; message: string };
}

type Waiter = { match: (message: Message) => boolean; resolve: (message: Message) => void };

export class LspClient {
  readonly process: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (message: Message) => void; method: string }>();
  private waiters: Waiter[] = [];
  /** Handlers for server notifications, called for every one received. */
  readonly listeners: ((message: Message) => void)[] = [];
  /** Answers to `workspace/configuration`, by section. */
  configuration: (section: string | undefined) => unknown = () => null;
  exited: { code: number | null; signal: string | null } | undefined;
  stderr = '';

  constructor(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.process = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    this.process.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-20000);
    });
    this.process.on('exit', (code, signal) => {
      this.exited = { code, signal };
      for (const [, request] of this.pending) request.resolve({ jsonrpc: '2.0', error: { code: -1, message: `server exited (${code ?? signal}) before answering ${request.method}` } });
      this.pending.clear();
    });
    this.process.stdin!.on('error', () => undefined);
  }

  /** The server started as the VS Code extension starts it: with the extension's environment changes (client/src/serverEnvironment.ts). */
  static node(script: string, args: readonly string[] = ['--stdio'], options: { cwd?: string; nodeArgs?: readonly string[] } = {}): LspClient {
    return new LspClient(process.execPath, [...(options.nodeArgs ?? []), script, ...args], { ...options, env: serverEnvironment(process.env) });
  }

  /** Sends a request; `id` is returned at once so a caller can cancel it. */
  request(method: string, params: unknown): { id: number; response: Promise<Message> } {
    const id = this.nextId++;
    const response = new Promise<Message>((resolve) => this.pending.set(id, { resolve, method }));
    if (this.exited) this.pending.get(id)!.resolve({ jsonrpc: '2.0', id, error: { code: -1, message: 'server has exited' } });
    else this.send({ jsonrpc: '2.0', id, method, params });
    return { id, response };
  }

  async call(method: string, params: unknown): Promise<unknown> {
    const message = await this.request(method, params).response;
    if (message.error) throw new Error(`${method}: ${message.error.message}`);
    return message.result;
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first server notification that `match` accepts (from now on). */
  waitFor(match: (message: Message) => boolean, timeoutMs = 30000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a server message`));
      }, timeoutMs);
      const entry: Waiter = {
        match,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      this.waiters.push(entry);
    });
  }

  waitForDiagnostics(uri: string, timeoutMs?: number): Promise<Message> {
    return this.waitFor((message) => message.method === 'textDocument/publishDiagnostics' && (message.params as { uri: string }).uri === uri, timeoutMs);
  }

  async initialize(rootUri: string | null, settings: unknown = {}): Promise<unknown> {
    this.configuration = () => settings;
    const result = await this.call('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          synchronization: { didSave: true },
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        },
      },
    });
    this.notify('initialized', {});
    return result;
  }

  async shutdown(timeoutMs = 5000): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    await Promise.race([this.call('shutdown', null).catch(() => undefined), delay(timeoutMs)]);
    this.notify('exit', null);
    await Promise.race([done, delay(timeoutMs)]);
    if (!this.exited) this.process.kill();
  }

  private send(message: Message): void {
    if (this.exited || !this.process.stdin!.writable) return;
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length:\s*(\d+)/i.exec(header)?.[1] ?? NaN);
      if (!Number.isFinite(length)) throw new Error(`bad header from server: ${header}`);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined && message.method === undefined) {
      const request = this.pending.get(message.id as number);
      this.pending.delete(message.id as number);
      request?.resolve(message);
      return;
    }
    if (message.method !== undefined && message.id !== undefined) {
      this.answerServerRequest(message);
      return;
    }
    for (const listener of this.listeners) listener(message);
    // Every waiter sees every notification (one may count them), and all that accept it resolve.
    const accepted = this.waiters.filter((candidate) => candidate.match(message));
    if (accepted.length > 0) {
      this.waiters = this.waiters.filter((candidate) => !accepted.includes(candidate));
      for (const waiter of accepted) waiter.resolve(message);
    }
  }

  private answerServerRequest(message: Message): void {
    let result: unknown = null;
    if (message.method === 'workspace/configuration') {
      const items = (message.params as { items?: { section?: string }[] }).items ?? [];
      result = items.map((item) => this.configuration(item.section));
    } else if (message.method === 'workspace/workspaceFolders') {
      result = [];
    }
    this.send({ jsonrpc: '2.0', id: message.id, result });
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resident memory of a process from /proc, in bytes (undefined where /proc is not there). */
export function residentBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const status = (require('fs') as typeof import('fs')).readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s*(\d+)\s*kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used so far, from /proc, in milliseconds (10 ms steps). */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stat = (require('fs') as typeof import('fs')).readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted after the command name; clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
