#!/usr/bin/env node
/**
 * Entry point of the language server (dist/server.js, the `helm-hooks-language-server`
 * command). The transport comes from the command line (see transport.ts).
 */
import { startServer } from './server';
import { connect, transportOf } from './transport';

const usage = `Usage: helm-hooks-language-server --stdio | --node-ipc | --socket=<port> | --pipe=<name>

The Helm Hooks language server: diagnostics, completion, hover and quick fixes for
Helm hook annotations (helm.sh/hook, -weight, -delete-policy, -output-log-policy).`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const transport = transportOf(args);
if (!transport) {
  process.stderr.write(`${usage}\n\nNo transport given.\n`);
  process.exit(2);
}
startServer(connect(transport));
