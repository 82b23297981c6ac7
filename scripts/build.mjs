/**
 * Bundles the extension, the language server and the CLI with esbuild into dist/.
 *
 *   node scripts/build.mjs [--production] [--outdir DIR] [--only cli,server,extension]
 *
 * --production minifies; --only builds just the named bundles. An entry whose source does not exist yet is skipped with a
 * warning, so a partial checkout still builds what it has. docs/rules.md is not copied:
 * it ships from where it is (package.json's settings link to docs/rules.md#<id>).
 */
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
const production = args.includes('--production');
const outdirIndex = args.indexOf('--outdir');
const outdir = outdirIndex >= 0 ? resolve(args[outdirIndex + 1]) : join(root, 'dist');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1].split(',')) : undefined;
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

/**
 * The `yaml` library reads `process.env.LOG_TOKENS` for every token its parser sees and
 * `process.env.LOG_STREAM` for every token its composer sees (debug switches: each read is a
 * call into Node's environment, not a property load). Bundled, both are `false`, and esbuild
 * drops the dead branches. A version of `yaml` without these exact reads fails the build, so the
 * saving is never lost silently (bench/README.md, "Upstream report", has the figures).
 */
const yamlDebugReads = [
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/, read: 'node_process.env.LOG_TOKENS' },
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]compose[\\/]composer\.js$/, read: 'node_process.env.LOG_STREAM' },
];
const yamlWithoutEnvReads = {
  name: 'yaml-without-env-reads',
  setup(build) {
    for (const { file, read } of yamlDebugReads) {
      build.onLoad({ filter: file }, async (loaded) => {
        const text = readFileSync(loaded.path, 'utf8');
        if (!text.includes(read)) return { errors: [{ text: `${loaded.path} no longer reads ${read}: update scripts/build.mjs (yamlDebugReads)` }] };
        return { contents: text.split(read).join('false'), loader: 'js' };
      });
    }
  },
};

const entries = [
  { source: 'client/src/extension.ts', output: 'extension.js' },
  { source: 'server/src/main.ts', output: 'server.js' },
  { source: 'server/src/cli/main.ts', output: 'cli.js', banner: '#!/usr/bin/env node', executable: true },
];

let failed = false;
for (const entry of entries) {
  if (only && !only.has(entry.output.replace(/\.js$/, ''))) continue;
  const source = join(root, entry.source);
  if (!existsSync(source)) {
    console.warn(`build: skipping ${entry.output}: ${entry.source} does not exist yet`);
    continue;
  }
  const outfile = join(outdir, entry.output);
  try {
    await esbuild.build({
      entryPoints: [source],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      minify: production,
      sourcemap: !production,
      logLevel: 'warning',
      define: { __HELM_HOOKS_VERSION__: JSON.stringify(version) },
      plugins: [yamlWithoutEnvReads],
      ...(entry.banner ? { banner: { js: entry.banner } } : {}),
    });
    if (entry.executable) chmodSync(outfile, 0o755);
    console.log(`build: ${entry.source} -> ${outfile}`);
  } catch {
    // esbuild has already printed the errors.
    failed = true;
  }
}

if (!existsSync(join(root, 'docs/rules.md'))) console.warn('build: docs/rules.md is missing; run `npm run generate` so the extension ships the rule docs');
if (failed) process.exit(1);
