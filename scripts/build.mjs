/**
 * Bundles the extension, the language server and the CLI with esbuild into dist/.
 *
 *   node scripts/build.mjs [--production] [--outdir DIR] [--only cli,server,extension] [--no-code-cache]
 *
 * --production minifies; --only builds just the named bundles. The CLI and the language server
 * are bundled into cli.bundle.js and server.bundle.js behind small loaders, cli.js and server.js
 * (scripts/bundle-loader.cjs), and a V8 code cache for this Node is made beside each by a warm
 * run (`check` of examples/demo-chart and scripts/warm-chart; the server opened on a hook template
 * of each, scripts/warm-server.mjs), named <bundle>.<hash>.codecache; such a bundle is written wrapped in
 * Node's module function, as the loader compiles it (wrapBundle); --no-code-cache skips the cache, for
 * packages that other Nodes run. An entry whose source does not exist yet is skipped with a
 * warning, so a partial checkout still builds what it has. docs/rules.md is not copied:
 * it ships from where it is (package.json's settings link to docs/rules.md#<id>).
 */
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { yamlTypesOnPrototypes } from './yamlTypesOnPrototypes.mjs';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
const production = args.includes('--production');
const outdirIndex = args.indexOf('--outdir');
const outdir = outdirIndex >= 0 ? resolve(args[outdirIndex + 1]) : join(root, 'dist');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1].split(',')) : undefined;
const codeCache = !args.includes('--no-code-cache');
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

/**
 * `vscode-jsonrpc` and `vscode-languageserver` load `node:crypto` (random pipe names, request ids
 * of the UUID kind) and `node:child_process` (resolving global npm/yarn modules) at their top
 * level, and the language server uses neither while it starts: loading them took 12–13 ms of the
 * server's main thread before it could answer `initialize` (bench/README.md, "Reading section 4").
 * Bundled, each becomes an object that loads the module on its first property read, the same
 * module and properties then. A version whose line differs fails the build, so the saving is
 * never lost silently.
 */
const lazyBuiltins = [
  { file: /[\\/]node_modules[\\/]vscode-jsonrpc[\\/]lib[\\/]node[\\/]main\.js$/, binding: 'crypto_1', module: 'crypto' },
  { file: /[\\/]node_modules[\\/]vscode-languageserver[\\/]lib[\\/]node[\\/]files\.js$/, binding: 'child_process_1', module: 'child_process' },
];
/**
 * `vscode-jsonrpc` loads `node:crypto` in the language server only for `randomUUID`: the ids of
 * dynamic registrations and progress tokens, asked for at `initialized`, before the first publish,
 * where loading `node:crypto` took 5-8 ms of the main thread (bench/README.md, "Reading section
 * 4"). Those ids need only be unique within the connection, so they are version-4 UUIDs from
 * `Math.random` (122 random bits) and the module is not loaded. A version of the file with other
 * uses of `node:crypto`, or another line, fails the build.
 */
const uuidWithoutCrypto = {
  name: 'uuid-without-crypto',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]vscode-jsonrpc[\\/]lib[\\/]node[\\/]ril\.js$/ }, async (loaded) => {
      const text = readFileSync(loaded.path, 'utf8');
      const load = 'const crypto_1 = require("crypto");';
      const use = 'randomUUID: () => (0, crypto_1.randomUUID)()';
      if (text.split('crypto_1').length !== 3 || !text.includes(load) || !text.includes(use)) return { errors: [{ text: `${loaded.path} no longer uses node:crypto as \`${use}\` alone: update scripts/build.mjs (uuidWithoutCrypto)` }] };
      const digit = 'Math.floor(Math.random() * 16)';
      const uuid = `randomUUID: () => { const hex = Array.from({ length: 32 }, (_, i) => (i === 12 ? 4 : i === 16 ? 8 + (${digit} & 3) : ${digit}).toString(16)).join(''); return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-'); }`;
      return { contents: text.replace(load, '').replace(use, uuid), loader: 'js' };
    });
  },
};

const builtinsOnFirstUse = {
  name: 'builtins-on-first-use',
  setup(build) {
    for (const { file, binding, module } of lazyBuiltins) {
      build.onLoad({ filter: file }, async (loaded) => {
        const text = readFileSync(loaded.path, 'utf8');
        const line = `const ${binding} = require("${module}");`;
        if (text.split(line).length !== 2) return { errors: [{ text: `${loaded.path} no longer has the line ${line}: update scripts/build.mjs (lazyBuiltins)` }] };
        const lazy = `let ${binding}_loaded; const ${binding} = new Proxy({}, { get: (_, key) => (${binding}_loaded ??= require("${module}"))[key] });`;
        return { contents: text.replace(line, lazy), loader: 'js' };
      });
    }
  },
};

/**
 * A code cache damaged on disk but of the right length crashed V8 with no message (SIGSEGV or
 * SIGTRAP in the deserializer, review10 D1): release builds write no checksum into a cache and
 * check none unless this flag is set when the cache is made and when it is read (both under the
 * loader's flags), and then a damaged cache is rejected like a stale one and the bundle compiles
 * from source. Measured on Node 20 (bench/README.md, "Reading section 10"): the checksum of the
 * 0.9 / 1.3 MB caches costs nothing measurable at compile (CPU median 11.50 -> 11.52 ms and
 * 16.81 -> 16.83 ms, 25 interleaved pairs), but the first worker thread a process starts then
 * checks Node's own snapshot too, once: +30 to 40 ms CPU on that thread (60.7 -> 89.2 ms, 20 pairs).
 * A checksum of our own costs more where it matters most: FNV over 32-bit words in the cold loader
 * 7-13 ms, node:crypto or node:zlib (crc32) 6-11 ms with their loading.
 */
const verifyCodeCache = '--verify-snapshot-checksum';

const entries = [
  { source: 'client/src/extension.ts', output: 'extension.js' },
  {
    source: 'server/src/main.ts',
    output: 'server.js',
    loader: {
      /**
       * The CLI's budget (below) for the server too. At start-up V8's default sends most of what
       * runs once to the optimising compiler: its helper threads used more CPU than the main
       * thread (ingress-nginx opened: 360 of 710 ms) and competed with it for two cores. With 4×
       * the budget they used 30 ms, the main thread the same 340 ms, start → complete diagnostics
       * 764 → 423 ms (4 rounds, load 5); keystrokes in a 1.3 MB CRD 0.8× the CPU, in issue 16's
       * 8 MB file within 3% (bench/README.md, "Reading section 4").
       */
      v8Flags: ['--interrupt-budget=524288', verifyCodeCache],
      /**
       * Warmed as an editor starts it: a hook template opened, the whole chart's diagnostics
       * published; of the demo chart, then of scripts/warm-chart (the CLI's second warm chart,
       * below), whose Chart.yaml, values, helpers and tied hooks run code the demo chart's do not
       * (a first analysis would compile it again from source): bench/README.md, "Reading section 4".
       */
      /** warm-server.mjs exits 1 when a chart's whole diagnostics never came or the server did not exit cleanly. */
      warmExitCodes: [0],
      warmRun: (loader) => [join(root, 'scripts/warm-server.mjs'), loader, join(root, 'examples/demo-chart'), join(root, 'examples/demo-chart/templates/migrate-job.yaml'), join(root, 'scripts/warm-chart'), join(root, 'scripts/warm-chart/templates/hooks/migrate-job.yaml')],
    },
  },
  {
    source: 'server/src/cli/main.ts',
    output: 'cli.js',
    loader: {
      /**
       * V8 tunes for long runs: a function gets optimised after a small budget of work, on a
       * background thread, and the CLI is over before most of that code pays back. Four times the
       * default budget (132 KiB, Node 20's V8) measured 0.80× the CPU of `check` on the corpus and
       * 0.65× on a single chart, identical output; only the hostile 8 MB, 13,548-hook file of
       * issue 16 pays, 1.12× (bench/README.md, "V8 flags"). `--no-opt` measured 0.85× on the
       * corpus but 2.3× on that file. The language server takes the same budget (above).
       * The loader sets it before compiling: V8 rejects a code cache made under other flags.
       *
       * `--semi-space-growth-factor=1` keeps the young generation at the size V8 starts it with
       * (1 MB semi-spaces) instead of doubling it up to 16 MB as most of what `check` allocates
       * survives a scavenge: on this kind of VM a first touch of a fresh page costs 12-16 us, and
       * the grown young generation was a third of the process's page faults. More scavenges, each
       * smaller; corpus `check --no-render` 16,000 -> 12,000 page faults, CPU 0.885x (12 pairs,
       * load 12; bench/README.md, "Reading section 10"). Unlike `--max-semi-space-size`, which
       * V8 reads only when the heap is made, this one is read each time the young generation
       * would grow, so the loader can set it. The loader sets it after compiling the bundle and
       * puts V8's default (2) back before it makes a cache: the first worker thread puts the
       * default back for the whole process (review13 D19), and a worker compiling under a flag
       * other than the cache's compiled from source (D16). So it holds until the first worker
       * starts: in a run of one chart without a render worker, as `check --no-render` of the corpus.
       */
      v8Flags: ['--interrupt-budget=524288', verifyCodeCache],
      /** [the flag V8 starts with, the flag to run with]: set after compiling (scripts/bundle-loader.cjs). */
      runFlags: [['--semi-space-growth-factor=2', '--semi-space-growth-factor=1']],
      /**
       * The cache holds the functions this run compiled; a start compiles the others from source
       * as they are first called. The demo chart is small, so scripts/warm-chart adds a chart
       * written in the idioms real charts use most (helpers, `include … | sha256sum`, `tpl`,
       * `semverCompare`, `toYaml | nindent`, a subchart, a template writing into the values, hooks
       * whose tie is rendered again under other release names): bench/README.md, "The V8 code cache".
       */
      /** `check` exits 1 on the demo chart's error findings; 2 would be a crash or bad input. */
      warmExitCodes: [0, 1],
      warmRun: (loader) => [loader, 'check', '--format', 'json', join(root, 'examples/demo-chart'), join(root, 'scripts/warm-chart')],
    },
  },
];

const loaderSource = readFileSync(join(root, 'scripts/bundle-loader.cjs'), 'utf8');

/** The head of Node's module function, which the loader calls the bundle's text as. */
const moduleHead = '(function (exports, require, module, __filename, __dirname) {';

/**
 * Rewrites a loader's bundle as the loader compiles it, so that it compiles the file's text as
 * read (bench/README.md, "Reading section 4": each copy of 1.5 MB is page faults on a cold heap):
 * wrapped in the module function, the head put in front of the first line (a `#!` line becomes
 * a comment) so every line keeps its number in the source map, and in ASCII. esbuild writes code
 * in ASCII (its default charset) but keeps doc comments as written, so a character beyond ASCII
 * on a comment line is written as its `\u` escape, which changes only the comment; anywhere else
 * the text stays as it is and the loader reads it as UTF-8. Returns the loader's constants.
 */
function wrapBundle(bundleFile) {
  const text = readFileSync(bundleFile, 'utf8');
  const lines = text.split('\n').map((line) => (/^\s*(\/\/|\/\*|\*)/.test(line) ? line.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`) : line));
  const body = lines.join('\n');
  const wrapped = `${moduleHead}${body.startsWith('#!') ? `//${body.slice(2)}` : body}\n})`;
  writeFileSync(bundleFile, wrapped);
  // No longer a script of its own (the loader runs it), so not a command either.
  chmodSync(bundleFile, 0o644);
  return { sourceEncoding: /^[\x00-\x7f]*$/.test(wrapped) ? 'latin1' : 'utf8', wrapperColumns: moduleHead.length };
}

/**
 * Writes `output` as the loader of `bundleFile` and, unless --no-code-cache, the bundle's code
 * cache: the loader run once with `warmRun` writes it at exit (HELM_HOOKS_WRITE_CODE_CACHE). The
 * cache's name carries the bundle's hash (V8 itself checks only the source's length).
 */
function writeLoader(entry, outfile, bundleFile) {
  const { sourceEncoding, wrapperColumns } = wrapBundle(bundleFile);
  const bundleName = bundleFile.slice(outdir.length + 1);
  const hash = createHash('sha256').update(readFileSync(bundleFile)).digest('hex').slice(0, 12);
  const cacheName = bundleName.replace(/\.js$/, `.${hash}.codecache`);
  const stem = bundleName.replace(/\.js$/, '.');
  for (const name of readdirSync(outdir)) if (name.startsWith(stem) && name.endsWith('.codecache')) rmSync(join(outdir, name));
  const text = loaderSource.replace("'__BUNDLE__'", JSON.stringify(bundleName)).replace("'__CACHE__'", JSON.stringify(cacheName)).replace('__V8_FLAGS__', JSON.stringify(entry.loader.v8Flags)).replace('__RUN_FLAGS__', JSON.stringify(entry.loader.runFlags ?? [])).replace("'__BUILD_V8__'", JSON.stringify(process.versions.v8)).replace("'__SOURCE_ENCODING__'", JSON.stringify(sourceEncoding)).replace('__WRAPPER_COLUMNS__', String(wrapperColumns));
  writeFileSync(outfile, text);
  if (!codeCache) return;
  const cacheFile = join(outdir, cacheName);
  // A warm run that failed half-way may still write a cache, of less code: a build that hides it
  // ships a slower start with no sign of why.
  const run = spawnSync(process.execPath, entry.loader.warmRun(outfile), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, HELM_HOOKS_WRITE_CODE_CACHE: cacheFile, HELM_HOOKS_THREADS: '1' } });
  if (!entry.loader.warmExitCodes.includes(run.status)) throw new Error(`the warm run of ${outfile} exited with ${run.status ?? run.signal}${run.error ? ` (${run.error.message})` : ''}; the end of its stderr:\n${run.stderr.trim().split('\n').slice(-5).join('\n')}`);
  if (!existsSync(cacheFile)) throw new Error(`no code cache was written by the warm run of ${outfile}`);
}

let failed = false;
for (const entry of entries) {
  if (only && !only.has(entry.output.replace(/\.js$/, ''))) continue;
  const source = join(root, entry.source);
  if (!existsSync(source)) {
    console.warn(`build: skipping ${entry.output}: ${entry.source} does not exist yet`);
    continue;
  }
  const outfile = join(outdir, entry.output);
  const bundleFile = entry.loader ? outfile.replace(/\.js$/, '.bundle.js') : outfile;
  try {
    await esbuild.build({
      entryPoints: [source],
      outfile: bundleFile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      minify: production,
      sourcemap: !production,
      logLevel: 'warning',
      define: { __HELM_HOOKS_VERSION__: JSON.stringify(version) },
      // The built-ins loaded on first use only in the language server, whose start-up they were measured on (the client's bundle keeps the libraries as written).
      plugins: [yamlWithoutEnvReads, yamlTypesOnPrototypes, ...(entry.source === 'server/src/main.ts' ? [builtinsOnFirstUse, uuidWithoutCrypto] : [])],
      ...(entry.banner ? { banner: { js: entry.banner } } : {}),
    });
    if (entry.loader) writeLoader(entry, outfile, bundleFile);
    // A loader is run as a command (the package's bins) as the bundle it stands for was.
    if (entry.executable || entry.loader) chmodSync(outfile, 0o755);
    console.log(`build: ${entry.source} -> ${outfile}`);
  } catch (error) {
    // esbuild has already printed its errors.
    if (!(error instanceof Error && 'errors' in error)) console.error(`build: ${entry.output}: ${error instanceof Error ? error.message : String(error)}`);
    failed = true;
  }
}

if (!existsSync(join(root, 'docs/rules.md'))) console.warn('build: docs/rules.md is missing; run `npm run generate` so the extension ships the rule docs');
if (failed) process.exit(1);
