#!/usr/bin/env node
/**
 * Entry point of the language server (dist/server.js, the `helm-hooks-language-server`
 * command). The transport comes from the command line (see transport.ts). The same file, started
 * as a worker thread, checks the workspace's closed charts (workspaceWorker.ts).
 */
import { setFlagsFromString } from 'v8';
import { isMainThread, workerData } from 'worker_threads';
import { startServer } from './server';
import { connect, transportOf } from './transport';
import { isWorkspaceWorker, serveWorkspaceJobs } from './workspaceWorker';

const usage = `Usage: helm-hooks-language-server --stdio | --node-ipc | --socket=<port> | --pipe=<name>

The Helm Hooks language server: diagnostics, completion, hover and quick fixes for
Helm hook annotations (helm.sh/hook, -weight, -delete-policy, -output-log-policy).`;

/**
 * The young generation during start-up. Memory touched for the first time costs a page fault
 * per 4 KiB (12-16 us each on the VM the benchmark ran on), and most of what a first analysis
 * allocates lives on (the chart's parses, models and renders), so V8 growing the young
 * generation then (its default doubles it, up to 16 MiB a semi-space, whenever much survives)
 * touches fresh pages for objects that are promoted anyway. A growth factor of 1 keeps it at its
 * first size (V8 reads the flag at each growth: min(maximum, factor × capacity)). Once the first
 * whole analysis is done the default comes back: while typing in issue 16's 8 MB file a young
 * generation kept small cost 1.4-1.6x the CPU per edit. Set after the loader compiled the bundle,
 * so the code cache (made at the warm run's exit, by then back to the default) is not rejected
 * for other flags. Measured: bench/README.md, "Reading section 4".
 */
const startUpHeap = { starting: '--semi-space-growth-factor=1', started: '--semi-space-growth-factor=2' };

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
  // Start-up keeps the young generation at its first size; the first whole analysis gives it back V8's growth (startUpHeap).
  setFlagsFromString(startUpHeap.starting);
  startServer(connect(transport), { workerScript: workerScriptOf(process.env.HELM_HOOKS_THREADS), startedUp: () => setFlagsFromString(startUpHeap.started) });
}

/** This file runs the workspace worker, unless HELM_HOOKS_THREADS is 1 (no thread but this one, as for `check`). */
function workerScriptOf(threads: string | undefined): string | undefined {
  return threads !== undefined && threads.trim() === '1' ? undefined : __filename;
}
