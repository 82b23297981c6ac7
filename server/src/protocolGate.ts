/**
 * The protocol's rules kept at the door, before any handler sees a message: requests before
 * `initialize` are answered with ServerNotInitialized, requests after `shutdown` with
 * InvalidRequest, notifications before `initialize` or after `shutdown` are dropped (`exit`
 * always passes), and a document change whose version does not move forward is ignored.
 * A frame the reader cannot read (a bad or missing Content-Length, a body that is not JSON)
 * leaves the stream at an unknown position: the gate reports it as fatal, so the server can
 * log it and exit for the client to restart it, instead of going deaf.
 */
import { ErrorCodes, Message, type DataCallback, type Disposable, type Event, type MessageReader, type MessageWriter, type NotificationMessage, type PartialMessageInfo, type RequestMessage } from 'vscode-languageserver/node';

type Lifecycle = 'new' | 'running' | 'shut down';

export interface GateEvents {
  /** The reader failed: the connection cannot go on. */
  fatal(error: Error): void;
  /** A message was refused or ignored; one line for the log. */
  refused(message: string): void;
}

export class ProtocolGate implements MessageReader {
  private state: Lifecycle = 'new';
  /** The version of each open document, as its last accepted didOpen or didChange gave it. */
  private readonly versions = new Map<string, number>();
  private failed = false;

  constructor(
    private readonly reader: MessageReader,
    private readonly writer: MessageWriter,
    private readonly events: GateEvents,
  ) {
    reader.onError((error) => {
      if (this.failed) return;
      this.failed = true;
      events.fatal(error);
    });
  }

  /** Whether `shutdown` was received: closing the stream now is a clean end. */
  get shutDown(): boolean {
    return this.state === 'shut down';
  }

  // The connection reports reader errors itself too; the gate has handled them already.
  get onError(): Event<Error> {
    return this.reader.onError;
  }

  get onClose(): Event<void> {
    return this.reader.onClose;
  }

  get onPartialMessage(): Event<PartialMessageInfo> {
    return this.reader.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.reader.listen((message) => {
      if (this.admit(message)) callback(message);
    });
  }

  dispose(): void {
    this.reader.dispose();
  }

  private admit(message: Message): boolean {
    if (Message.isRequest(message)) return this.admitRequest(message);
    if (Message.isNotification(message)) return this.admitNotification(message);
    return true; // Responses to the server's own requests.
  }

  private admitRequest(request: RequestMessage): boolean {
    if (this.state === 'new' && request.method !== 'initialize') {
      this.answerError(request, ErrorCodes.ServerNotInitialized, `The server is not initialized yet: ${request.method} before initialize.`);
      return false;
    }
    if (this.state === 'shut down') {
      this.answerError(request, ErrorCodes.InvalidRequest, `The server is shutting down: ${request.method} after shutdown.`);
      return false;
    }
    if (request.method === 'initialize') this.state = 'running';
    else if (request.method === 'shutdown') this.state = 'shut down';
    return true;
  }

  private admitNotification(notification: NotificationMessage): boolean {
    if (notification.method === 'exit') return true;
    if (this.state !== 'running') {
      this.events.refused(`Ignored ${notification.method}: ${this.state === 'new' ? 'it came before initialize' : 'it came after shutdown'}.`);
      return false;
    }
    const document = (notification.params as { textDocument?: { uri?: unknown; version?: unknown } } | undefined)?.textDocument;
    if (!document || typeof document.uri !== 'string') return true;
    if (notification.method === 'textDocument/didOpen' && typeof document.version === 'number') this.versions.set(document.uri, document.version);
    else if (notification.method === 'textDocument/didClose') this.versions.delete(document.uri);
    else if (notification.method === 'textDocument/didChange' && typeof document.version === 'number') {
      const known = this.versions.get(document.uri);
      if (known !== undefined && document.version <= known) {
        this.events.refused(`Ignored a change to ${document.uri}: version ${document.version} does not follow version ${known}.`);
        return false;
      }
      if (known !== undefined) this.versions.set(document.uri, document.version);
    }
    return true;
  }

  private answerError(request: RequestMessage, code: number, message: string): void {
    this.writer.write({ jsonrpc: '2.0', id: request.id, error: { code, message } } as Message).catch(() => undefined);
  }
}
