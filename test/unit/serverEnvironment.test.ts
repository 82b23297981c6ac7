/**
 * The language server starts without NODE_EXTRA_CA_CERTS (client/src/serverEnvironment.ts): Node
 * parses that bundle before any JavaScript runs, and the server never opens a connection. Both
 * ways the environment reaches a server are checked: the extension's (vscode-languageclient copies
 * the extension host's environment and applies the changes over it, then forks) and the
 * benchmark's (`serverEnvironment`).
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { serverEnvironment, serverEnvironmentChanges } from '../../client/src/serverEnvironment';
import { repositoryRoot } from '../support/corpus';

const printEnvironment = 'process.stdout.write(JSON.stringify({ certs: process.env.NODE_EXTRA_CA_CERTS ?? null, kept: process.env.HELM_HOOKS_KEPT ?? null }))';
const parent = { ...process.env, NODE_EXTRA_CA_CERTS: '/nonexistent/extra-certs.pem', HELM_HOOKS_KEPT: 'yes' };

function childSees(env: NodeJS.ProcessEnv): unknown {
  const run = spawnSync(process.execPath, ['-e', printEnvironment], { env, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

describe('the language server\'s environment', () => {
  it('the parent used here does pass NODE_EXTRA_CA_CERTS on unchanged (the check can fail)', () => {
    assert.deepEqual(childSees(parent), { certs: '/nonexistent/extra-certs.pem', kept: 'yes' });
  });

  it('applied as vscode-languageclient applies options.env, the server does not see NODE_EXTRA_CA_CERTS and sees the rest', () => {
    assert.deepEqual(childSees({ ...parent, ...serverEnvironmentChanges }), { certs: null, kept: 'yes' });
  });

  it('serverEnvironment (the benchmark\'s and the soak\'s launch) leaves it out too', () => {
    const env = serverEnvironment(parent);
    assert.equal('NODE_EXTRA_CA_CERTS' in env, false);
    assert.equal(env.HELM_HOOKS_KEPT, 'yes');
    assert.deepEqual(childSees(env), { certs: null, kept: 'yes' });
  });

  it('the extension passes the changes to both its run and debug launches', () => {
    const root = repositoryRoot();
    assert.ok(root);
    const extension = fs.readFileSync(path.join(root, 'client/src/extension.ts'), 'utf8');
    assert.equal(extension.match(/options: \{ env: serverEnvironmentChanges[ ,}]/g)?.length, 2, 'run and debug both start the server with serverEnvironmentChanges');
  });
});
