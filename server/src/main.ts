#!/usr/bin/env node
/**
 * Entry point of the language server (dist/server.js, the `helm-hooks-language-server`
 * command). The transport comes from the command line: `--stdio` for editors that spawn
 * servers (Neovim, Helix, Zed, Emacs), `--node-ipc` for VS Code, `--socket=<port>`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const usage = `Usage: helm-hooks-language-server --stdio | --node-ipc | --socket=<port>

The Helm Hooks language server: diagnostics, completion, hover and quick fixes for
Helm hook annotations (helm.sh/hook, -weight, -delete-policy, -output-log-policy).`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (!args.some((arg) => arg === '--stdio' || arg === '--node-ipc' || arg.startsWith('--socket=') || arg.startsWith('--pipe='))) {
  process.stderr.write(`${usage}\n\nNo transport given.\n`);
  process.exit(2);
}

startServer(createConnection(ProposedFeatures.all));
