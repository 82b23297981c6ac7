/**
 * Builds the npm package of the CLI and the language server: production bundles in a staged
 * folder with its own package.json, then `npm pack` there.
 *
 *   node scripts/npm-package.mjs [--out-dir DIR]     prints the tarball's path on stdout
 *
 * Why a staged folder and not the repository's package.json: that file is the VS Code
 * extension's manifest. Its `dependencies` are inputs of the bundles, so `npm i -g` of it
 * would download them (and fail offline) although nothing needs them at run time; its
 * README is the repository's, with developer commands and links to files a tarball would not
 * hold; its `contributes` block (30 KB) means nothing to npm. The staged package.json has no
 * dependencies, no scripts and a `files` list, so the tarball holds only the two bundles, the
 * rule docs the findings link to, its README (packaging/npm/README.md) and the license. The
 * bundles are built here, right before `npm pack`, so a tarball is never older than the
 * sources; the repository stays `private`, so the extension manifest is never published.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out-dir');
const outDir = resolve(outIndex >= 0 ? args[outIndex + 1] : root);
const stage = join(root, '.out-npm');

rmSync(stage, { recursive: true, force: true });
// No V8 code cache: it holds only for the Node that made it, and npm users run many.
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production', '--only', 'cli,server', '--no-code-cache', '--outdir', join(stage, 'dist')], { stdio: ['ignore', 'ignore', 'inherit'] });
mkdirSync(join(stage, 'docs'), { recursive: true });
// The server's findings link to ../docs/rules.md beside its bundle.
cpSync(join(root, 'docs/rules.md'), join(stage, 'docs/rules.md'));
cpSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
cpSync(join(root, 'packaging/npm/README.md'), join(stage, 'README.md'));

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npmManifest = {
  name: manifest.name,
  version: manifest.version,
  description: 'Checks Helm hook annotations: a command-line checker for CI and a language server for any editor.',
  license: manifest.license,
  keywords: ['helm', 'helm-hooks', 'kubernetes', 'lint', 'language-server', 'lsp'],
  bin: manifest.bin,
  files: ['dist/cli.js', 'dist/cli.bundle.js', 'dist/server.js', 'dist/server.bundle.js', 'docs/rules.md'],
  engines: { node: manifest.engines.node },
};
writeFileSync(join(stage, 'package.json'), JSON.stringify(npmManifest, null, 2) + '\n');

mkdirSync(outDir, { recursive: true });
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
rmSync(stage, { recursive: true, force: true });
console.log(join(outDir, packed[0].filename));
