/**
 * A minimal LSP client for the server tests: spawns the server as an editor does
 * (`node main.js --stdio`), speaks real JSON-RPC over its pipes, answers the server's own
 * requests (configuration, capability registration) and lets tests wait for notifications
 * instead of sleeping.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';

/** The compiled server entry, next to the compiled tests (out/server/src/main.js), unless HELM_HOOKS_SERVER names a bundle. */
export const serverPath = process.env.HELM_HOOKS_SERVER ?? path.resolve(__dirname, '../../../server/src/main.js');

export interface ClientOptions {
  /** Whether the client advertises `workspace.configuration` (pulls settings). */
  readonly configuration?: boolean;
  /** The `helmHooks` section answered for every scope. */
  readonly settings?: unknown;
  readonly initializationOptions?: unknown;
  /** The server script to run; `serverPath` by default. */
  readonly server?: string;
  /** Environment variables set for the server besides this process's. */
  readonly env?: Readonly<Record<string, string>>;
  /** Workspace folder URIs sent with `initialize` (none by default: the server then checks open files only). */
  readonly workspaceFolders?: readonly string[];
}

interface Waiter {
  readonly uri: string;
  readonly accept: (params: PublishDiagnosticsParams) => boolean;
  readonly resolve: (params: PublishDiagnosticsParams) => void;
}

export class TestClient {
  readonly logs: string[] = [];
  readonly configurationRequests: { scopeUri?: string; section?: string }[] = [];
  readonly registrations: unknown[] = [];
  /** How many diagnostics notifications arrived per URI. */
  readonly publishCounts = new Map<string, number>();
  /** Every diagnostics notification's diagnostics per URI, in order of arrival. */
  readonly published = new Map<string, Diagnostic[][]>();
  settings: unknown;
  /** `window/showMessage` notifications, in order. */
  readonly shownMessages: { type: number; message: string }[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private exited: Promise<number | null>;

  private constructor(
    private readonly process: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {
    this.exited = new Promise((resolve) => process.on('exit', (code) => resolve(code)));
  }

  static async start(options: ClientOptions = {}): Promise<TestClient> {
    const child = spawn(process.execPath, [options.server ?? serverPath, '--stdio'], { stdio: 'pipe', env: { ...process.env, ...options.env } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new TestClient(child, connection);
    client.settings = options.settings;
    child.stderr.on('data', (chunk: Buffer) => client.logs.push(chunk.toString()));
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      client.logs.push(params.message);
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      client.shownMessages.push(params);
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => client.deliver(params));
    connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) => {
      client.configurationRequests.push(...params.items);
      return params.items.map(() => client.settings ?? null);
    });
    connection.onRequest('client/registerCapability', (params: { registrations: unknown[] }) => {
      client.registrations.push(...params.registrations);
      return null;
    });
    connection.listen();
    const capabilities = {
      workspace: { configuration: options.configuration ?? true, didChangeWatchedFiles: { dynamicRegistration: true }, ...(options.workspaceFolders ? { workspaceFolders: true } : {}) },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true } },
    };
    const result: InitializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.workspaceFolders?.[0] ?? null,
      ...(options.workspaceFolders ? { workspaceFolders: options.workspaceFolders.map((uri, index) => ({ uri, name: `folder-${index}` })) } : {}),
      capabilities,
      initializationOptions: options.initializationOptions,
    });
    client.initializeResult = result;
    await connection.sendNotification('initialized', {});
    return client;
  }

  initializeResult!: InitializeResult;

  /** Resolves with the next diagnostics for `uri` that satisfy `accept` (published after this call; `version`: the document version they are for). */
  nextDiagnostics(uri: string, accept: (diagnostics: Diagnostic[], version: number | undefined) => boolean = () => true): Promise<Diagnostic[]> {
    return new Promise((resolve) => {
      this.waiters.push({ uri, accept: (params) => accept(params.diagnostics, params.version), resolve: (params) => resolve(params.diagnostics) });
    });
  }

  /** The version of the document the client last sent. */
  versionOf(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  async open(uri: string, text: string, languageId = 'helm'): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends an incremental change that replaces `range` with `text`. */
  async change(uri: string, range: Range, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, applyTextEdits(this.text(uri), [{ range, newText: text }]));
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  /** Replaces the first occurrence of `search` in the document, as an incremental change. */
  async replace(uri: string, search: string, replacement: string): Promise<void> {
    const text = this.text(uri);
    const start = text.indexOf(search);
    if (start < 0) throw new Error(`"${search}" not found in ${uri}`);
    await this.change(uri, { start: positionAt(text, start), end: positionAt(text, start + search.length) }, replacement);
  }

  /** Tells the server that files changed on disk (`workspace/didChangeWatchedFiles`, 1 created, 2 changed, 3 deleted). */
  async filesChanged(changes: readonly { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  text(uri: string): string {
    const text = this.texts.get(uri);
    if (text === undefined) throw new Error(`${uri} is not open`);
    return text;
  }

  completion(uri: string, position: Position): Promise<CompletionItem[] | null> {
    return this.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[] | null> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  /** Applies a workspace edit to the open documents, as incremental changes (last edit first). */
  async applyEdit(edit: WorkspaceEdit): Promise<void> {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      const ordered = [...edits].sort((a, b) => compare(b.range.start, a.range.start));
      for (const item of ordered) await this.change(uri, item.range, item.newText);
    }
  }

  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** Ends the server if a test failed before shutting it down. */
  kill(): void {
    if (this.process.exitCode === null) this.process.kill();
    this.connection.dispose();
  }

  private deliver(params: PublishDiagnosticsParams): void {
    this.publishCounts.set(params.uri, (this.publishCounts.get(params.uri) ?? 0) + 1);
    this.published.set(params.uri, [...(this.published.get(params.uri) ?? []), params.diagnostics]);
    for (let index = 0; index < this.waiters.length; index++) {
      const waiter = this.waiters[index];
      if (waiter.uri !== params.uri || !waiter.accept(params)) continue;
      this.waiters.splice(index--, 1);
      waiter.resolve(params);
    }
  }
}

/** A diagnostic's message as text (LSP 3.18 also allows markup). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function offsetAt(text: string, position: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let line = 0; line < position.line; line++) offset += lines[line].length + 1;
  return offset + position.character;
}

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => compare(b.range.start, a.range.start));
  let result = text;
  for (const edit of ordered) result = result.slice(0, offsetAt(result, edit.range.start)) + edit.newText + result.slice(offsetAt(result, edit.range.end));
  return result;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Splits fixture text at its `<|>` cursor marker. */
export function cursor(textWithMarker: string): { text: string; position: Position; offset: number } {
  const offset = textWithMarker.indexOf('<|>');
  if (offset < 0) throw new Error('no <|> marker');
  const text = textWithMarker.slice(0, offset) + textWithMarker.slice(offset + 3);
  return { text, position: positionAt(text, offset), offset };
}

/** Writes a chart into a fresh temporary folder: `files` maps chart-relative paths to text. */
export function writeChart(files: Record<string, string>): { root: string; uri: (file: string) => string; write: (file: string, text: string) => void; remove: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-server-'));
  const write = (file: string, text: string): void => {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  };
  for (const [file, text] of Object.entries(files)) write(file, text);
  return { root, uri: (file) => pathToFileURL(path.join(root, file)).href, write, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}
