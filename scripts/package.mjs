/**
 * Builds the .vsix: production bundles, then `vsce package --no-dependencies` on a staged
 * copy that holds only what the extension needs at run time (dist bundles, docs/rules.md,
 * grammar, language configuration, package.json, the Marketplace README with its
 * pictures, the icon, CHANGELOG, LICENSE).
 *
 *   node scripts/package.mjs [--out helm-hooks.vsix]
 *   node scripts/package.mjs --stage DIR      stage into DIR and stop (for `vsce ls` in tests)
 *
 * Why a staged copy: vsce refuses a package whose @types/vscode is newer than
 * engines.vscode, and the extension supports VS Code 1.91 while the repository type-checks
 * against newer typings. The staged package.json drops the development-only fields.
 * The package's README is packaging/vscode/README.md, not the repository's: the Marketplace
 * page and the Extensions view open with what the extension does, and every link in it points
 * at a file in the package. Its pictures (images/NAME.png) are the e2e screenshots
 * test/e2e/screenshots/NAME.png; the icon is packaging/vscode/icon.png (from icon.svg, see
 * scripts/render-icon.sh), shipped as images/icon.png.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(outIndex >= 0 ? args[outIndex + 1] : join(root, 'helm-hooks.vsix'));
const stageIndex = args.indexOf('--stage');
const stage = stageIndex >= 0 ? resolve(args[stageIndex + 1]) : join(root, '.out-package');
if (stageIndex < 0) rmSync(stage, { recursive: true, force: true });
else if (existsSync(stage) && readdirSync(stage).length > 0) {
  console.error(`package: ${stage} is not empty; --stage needs a new or empty folder`);
  process.exit(2);
}

// No V8 code cache: VS Code's Electron is another V8 than the Node that builds, and rejects it.
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production', '--no-code-cache', '--outdir', join(stage, 'dist')], { stdio: 'inherit' });

const shipped = ['docs/rules.md', 'schemas/helm-hooks-config.schema.json', 'syntaxes', 'language-configuration.json', 'language-configuration-notes.json', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md'];
for (const item of shipped) {
  const from = join(root, item);
  if (!existsSync(from)) continue;
  mkdirSync(dirname(join(stage, item)), { recursive: true });
  cpSync(from, join(stage, item), { recursive: true });
}
// The README's pictures ship beside it, so the Extensions view shows them offline.
mkdirSync(join(stage, 'images'), { recursive: true });
const readme = readFileSync(join(root, 'packaging/vscode/README.md'), 'utf8');
for (const [, name] of readme.matchAll(/\]\(images\/([^)\s]+\.png)\)/g)) cpSync(join(root, 'test/e2e/screenshots', name), join(stage, 'images', name));
writeFileSync(join(stage, 'README.md'), readme);
cpSync(join(root, 'packaging/vscode/icon.png'), join(stage, 'images/icon.png'));
// The CLI (its loader, bundle and code cache) is for npm users, not for the extension.
for (const name of readdirSync(join(stage, 'dist'))) if (name.startsWith('cli.')) rmSync(join(stage, 'dist', name), { force: true });

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const field of ['devDependencies', 'scripts', 'bin', 'private']) delete manifest[field];
manifest.icon = 'images/icon.png';
writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
writeFileSync(join(stage, '.vscodeignore'), readFileSync(join(root, '.vscodeignore'), 'utf8'));
if (stageIndex >= 0) process.exit(0);

const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
const extra = existsSync(join(stage, 'LICENSE')) || existsSync(join(stage, 'LICENSE.md')) ? [] : ['--skip-license'];
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', ...extra, '--out', out], { cwd: stage, stdio: 'inherit' });
rmSync(stage, { recursive: true, force: true });
console.log(`package: ${out} (${statSync(out).size} bytes)`);
