'use strict';
/**
 * What `helm hooks ARGS...` runs (plugin.yaml): the helm-hooks CLI bundle, dist/cli.js.
 * Helm keeps its own global flags, -n/--namespace among them, and hands the namespace over as
 * HELM_NAMESPACE (the flag, else the kubeconfig context's, else "default", as `helm template`
 * picks it); `template` gets it back as --namespace. Everything else reaches the CLI as typed.
 * The CLI runs in a child process because its bundle starts only as the main module.
 */
const { spawnSync } = require('child_process');
const path = require('path');

const args = process.argv.slice(2);
if (args[0] === 'template' && process.env.HELM_NAMESPACE) args.splice(1, 0, '--namespace', process.env.HELM_NAMESPACE);
const run = spawnSync(process.execPath, [path.join(__dirname, 'dist', 'cli.js'), ...args], { stdio: 'inherit' });
if (run.error) process.stderr.write(`helm hooks: cannot run the CLI: ${run.error.message}\n`);
// A CLI killed by a signal has no status; 2 is the CLI's "could not check" status.
process.exitCode = run.status ?? 2;
