/**
 * The connection to the client over the transport the command line names, with the protocol
 * gate in front of the server: `--stdio` for editors that spawn servers (Neovim, Helix, Zed,
 * Emacs), `--node-ipc` for VS Code, `--socket=<port>`, `--pipe=<name>`. A frame that cannot be
 * read is logged and ends the process with an error, so the client restarts the server.
 */
import {
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { ProtocolGate } from './protocolGate';

/** The reader and writer for the transport in `args`, or undefined when none is named. */
export function transportOf(args: readonly string[]): { reader: MessageReader; writer: MessageWriter; stdio: boolean } | undefined {
  for (const arg of args) {
    if (arg === '--stdio') return { reader: new StreamMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout), stdio: true };
    if (arg === '--node-ipc') return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
    const [name, value] = arg.split('=', 2);
    if (name === '--socket' && /^\d+$/.test(value ?? '')) {
      const [reader, writer] = createServerSocketTransport(Number(value));
      return { reader, writer, stdio: false };
    }
    if (name === '--pipe' && value) {
      const [reader, writer] = createServerPipeTransport(value);
      return { reader, writer, stdio: false };
    }
  }
  return undefined;
}

export function connect(transport: { reader: MessageReader; writer: MessageWriter; stdio: boolean }): Connection {
  let connection: Connection | undefined;
  const gate = new ProtocolGate(transport.reader, transport.writer, {
    fatal(error) {
      const line = `helm-hooks-language-server: cannot read the client's messages (${error.message.split('\n')[0]}); exiting so the client can restart the server.`;
      process.stderr.write(`${line}\n`);
      // Say it in the client's log as well when the writer still works; exit either way.
      const logged = transport.writer.write({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: 1, message: line } } as never).catch(() => undefined);
      void Promise.race([logged, new Promise((resolve) => setTimeout(resolve, 500))]).then(() => process.exit(1));
    },
    refused(message) {
      connection?.console.warn(message);
    },
  });
  // The end of the input ends the server: cleanly after shutdown, as a failure otherwise.
  gate.onClose(() => process.exit(gate.shutDown ? 0 : 1));
  if (transport.stdio) {
    // stdout carries the protocol: anything printed with console.log goes to stderr instead.
    for (const method of ['log', 'info', 'debug'] as const) console[method] = (...args: unknown[]) => console.error(...args);
  }
  connection = createConnection(ProposedFeatures.all, gate, transport.writer);
  return connection;
}
