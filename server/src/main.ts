#!/usr/bin/env node
/**
 * Entry point of the language server (dist/server.js, the `helm-hooks-language-server`
 * command). The transport comes from the command line (see transport.ts). The same file, started
 * as a worker thread, checks the workspace's closed charts (workspaceWorker.ts).
 */
import { isMainThread, workerData } from 'worker_threads';
import { startServer } from './server';
import { connect, transportOf } from './transport';
import { isWorkspaceWorker, serveWorkspaceJobs } from './workspaceWorker';

const usage = `Usage: helm-hooks-language-server --stdio | --node-ipc | --socket=<port> | --pipe=<name>

The Helm Hooks language server: diagnostics, completion, hover and quick fixes for
Helm hook annotations (helm.sh/hook, -weight, -delete-policy, -output-log-policy).`;

if (!isMainThread && isWorkspaceWorker(workerData)) {
  serveWorkspaceJobs();
} else {
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
  startServer(connect(transport), { workerScript: workerScriptOf(process.env.HELM_HOOKS_THREADS) });
}

/** This file runs the workspace worker, unless HELM_HOOKS_THREADS is 1 (no thread but this one, as for `check`). */
function workerScriptOf(threads: string | undefined): string | undefined {
  return threads !== undefined && threads.trim() === '1' ? undefined : __filename;
}
