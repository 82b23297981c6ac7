/**
 * Stages the Helm plugin (`helm hooks check|plan|template …`) in a folder that
 * `helm plugin install <folder>` accepts: packaging/helm-plugin/plugin.yaml and run.js, the
 * production CLI bundle in dist/ with the rule docs in docs/ (the layout of the npm package, so
 * the CLI finds docs/rules.md one folder above its bundle) and the license.
 *
 *   node scripts/helm-plugin.mjs [--out-dir DIR]     prints the plugin folder (DIR/helm-hooks)
 *
 * Helm installs a local folder as a symbolic link to it, so the folder must stay where it is
 * (the default DIR is .out-helm-plugin in the repository).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out-dir');
const plugin = join(resolve(outIndex >= 0 ? args[outIndex + 1] : join(root, '.out-helm-plugin')), 'helm-hooks');

rmSync(plugin, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production', '--only', 'cli', '--outdir', join(plugin, 'dist')], { stdio: ['ignore', 'ignore', 'inherit'] });
for (const file of ['plugin.yaml', 'run.js']) cpSync(join(root, 'packaging/helm-plugin', file), join(plugin, file));
mkdirSync(join(plugin, 'docs'), { recursive: true });
cpSync(join(root, 'docs/rules.md'), join(plugin, 'docs/rules.md'));
cpSync(join(root, 'LICENSE'), join(plugin, 'LICENSE'));
console.log(plugin);
