/**
 * Builds the .vsix: production bundles, then `vsce package --no-dependencies` on a staged
 * copy that holds only what the extension needs at run time (dist bundles, docs/rules.md,
 * snippets, grammar, language configuration, package.json, README with its pictures, LICENSE).
 *
 *   node scripts/package.mjs [--out helm-hooks.vsix]
 *
 * Why a staged copy: vsce refuses a package whose @types/vscode is newer than
 * engines.vscode, and the extension supports VS Code 1.91 while the repository type-checks
 * against newer typings. The staged package.json drops the development-only fields.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(outIndex >= 0 ? args[outIndex + 1] : join(root, 'helm-hooks.vsix'));
const stage = join(root, '.out-package');

execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production', '--outdir', join(stage, 'dist')], { stdio: 'inherit' });

const shipped = ['docs/rules.md', 'snippets', 'syntaxes', 'language-configuration.json', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md'];
for (const item of shipped) {
  const from = join(root, item);
  if (!existsSync(from)) continue;
  mkdirSync(dirname(join(stage, item)), { recursive: true });
  cpSync(from, join(stage, item), { recursive: true });
}
// The README's pictures ship beside it, so the Extensions view shows them offline.
mkdirSync(join(stage, 'images'), { recursive: true });
const readme = readFileSync(join(stage, 'README.md'), 'utf8').replace(/\]\(test\/e2e\/screenshots\/([^)\s]+\.png)\)/g, (_, name) => {
  cpSync(join(root, 'test/e2e/screenshots', name), join(stage, 'images', name));
  return `](images/${name})`;
});
writeFileSync(join(stage, 'README.md'), readme);
// The CLI bundle is for npm users, not for the extension.
rmSync(join(stage, 'dist/cli.js'), { force: true });

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const field of ['devDependencies', 'scripts', 'bin', 'private']) delete manifest[field];
writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
writeFileSync(join(stage, '.vscodeignore'), readFileSync(join(root, '.vscodeignore'), 'utf8'));

const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
const extra = existsSync(join(stage, 'LICENSE')) || existsSync(join(stage, 'LICENSE.md')) ? [] : ['--skip-license'];
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', ...extra, '--out', out], { cwd: stage, stdio: 'inherit' });
rmSync(stage, { recursive: true, force: true });
console.log(`package: ${out} (${statSync(out).size} bytes)`);
