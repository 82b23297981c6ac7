/**
 * The Helm plugin (packaging/helm-plugin, staged by scripts/helm-plugin.mjs), end to end with
 * the real Helm binary ($HELM_BIN, else .cache/helm/helm from `npm run setup:helm`): installed
 * with `helm plugin install <folder>` into temporary Helm homes, `helm hooks check` prints
 * exactly what the CLI prints and exits with its status, and `helm hooks template -n NS` prints
 * what `helm template -n NS` prints although Helm keeps -n for itself. Without the binary it
 * says it compared nothing; the manifest checks run either way.
 */
import * as assert from 'assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { helmBinary } from './support/renderHarness';

const root = path.resolve(__dirname, '../../..');
const manifest = parse(fs.readFileSync(path.join(root, 'packaging/helm-plugin/plugin.yaml'), 'utf8'));

describe('Helm plugin manifest', () => {
  it('is a Helm 4 cli/v1 subprocess plugin named hooks, at the package version', () => {
    assert.deepEqual([manifest.apiVersion, manifest.type, manifest.runtime, manifest.name], ['v1', 'cli/v1', 'subprocess', 'hooks']);
    assert.equal(manifest.version, JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
    // Helm names the command after the first word of `usage`.
    assert.equal(manifest.config.usage.split(' ')[0], manifest.name);
    assert.deepEqual(manifest.runtimeConfig.platformCommand, [{ command: 'node', args: ['${HELM_PLUGIN_DIR}/run.js'] }]);
  });
});

const helm = helmBinary();
describe('Helm plugin with the real Helm', () => {
  if (!helm) {
    it('compares nothing: no Helm binary: run npm run setup:helm or set HELM_BIN', () => {
      console.log('helm plugin: not compared (no Helm binary)');
    });
    return;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-plugin-'));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const data = path.join(scratch, 'data');
  // Helm 4.1.4 installs a plugin under $HELM_DATA_HOME/plugins whatever $HELM_PLUGINS says, and
  // loads plugins from $HELM_PLUGINS, so the two must agree. No kubeconfig: the namespace
  // Helm hands over is "default" unless -n is given.
  const env = {
    ...process.env,
    HELM_DATA_HOME: data,
    HELM_PLUGINS: path.join(data, 'plugins'),
    HELM_CONFIG_HOME: path.join(scratch, 'config'),
    HELM_CACHE_HOME: path.join(scratch, 'cache'),
    KUBECONFIG: path.join(scratch, 'no-kubeconfig'),
    HELM_NAMESPACE: '',
    PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
  };
  const plugin = execFileSync(process.execPath, [path.join(root, 'scripts/helm-plugin.mjs'), '--out-dir', scratch], { encoding: 'utf8' }).trim();
  const helmRun = (args: string[]) => spawnSync(helm, args, { env, encoding: 'utf8' });
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(plugin, 'dist', 'cli.js'), ...args], { env, encoding: 'utf8' });

  it('helm plugin install <folder> installs it and helm plugin list shows it', () => {
    const install = helmRun(['plugin', 'install', plugin]);
    assert.equal(install.status, 0, install.stderr);
    assert.match(helmRun(['plugin', 'list']).stdout, /^hooks\s+0\.\d+\.\d+\s+cli\/v1\s+v1\b/m);
  });

  const demo = path.join(root, 'examples/demo-chart');
  for (const args of [['check', demo], ['check', '--format', 'json', demo], ['plan', demo], ['check', '--no-such-option', demo]]) {
    it(`helm hooks ${args.join(' ').replace(root + '/', '')}: the CLI's output and exit status`, () => {
      const viaHelm = helmRun(['hooks', ...args]);
      const direct = cli(args);
      assert.equal(viaHelm.stdout, direct.stdout);
      assert.equal(viaHelm.status, direct.status, viaHelm.stderr);
      assert.ok(direct.stdout.length > 0 || direct.status === 2, 'the CLI printed something');
    });
  }
  it('helm hooks check exits 1 on the demo chart\'s error findings', () => {
    const run = helmRun(['hooks', 'check', demo]);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /templates\/notify-job\.yaml:7:21 error unknown-hook-event /);
  });

  const chart = path.join(scratch, 'ns-chart');
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: ns-chart\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(chart, 'templates', 'job.yaml'), 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-job\n  namespace: {{ .Release.Namespace }}\n  annotations:\n    "helm.sh/hook": pre-install\n');
  for (const namespace of [[], ['-n', 'team-a'], ['--namespace=team-b']]) {
    it(`helm hooks template ${namespace.join(' ') || '(no -n)'} prints what helm template prints`, () => {
      const ours = helmRun(['hooks', 'template', ...namespace, chart]);
      const theirs = helmRun(['template', ...namespace, chart]);
      assert.equal(ours.status, 0, ours.stderr);
      assert.equal(ours.stdout, theirs.stdout);
      assert.match(ours.stdout, new RegExp(`namespace: ${namespace.length ? 'team-' : 'default'}`));
    });
  }
});
