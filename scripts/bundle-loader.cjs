#!/usr/bin/env node
'use strict';
/*
 * The loader scripts/build.mjs writes in front of a bundle (dist/cli.js runs dist/cli.bundle.js):
 * it compiles the bundle with the V8 code cache the build wrote beside it, made after a warm run,
 * so a short-lived process neither parses the bundle nor compiles the functions that run used
 * (bench/README.md, "Reading section 10"). A cache that is missing, or that V8 rejects (another
 * Node or V8 version, other V8 flags), costs nothing: the bundle compiles as `require` would.
 * The bundle runs as this file's own module (its __filename, require, module), so it behaves as
 * if it were this file: `require.main === module`, worker threads started from `__filename`.
 * The build fills in the constants below. V8 accepts a cache for any source of the same length,
 * so the cache's name carries a hash of the bundle it was made from: an old cache is never read.
 */
const fs = require('fs');
const path = require('path');
const { debuglog } = require('util');
const v8 = require('v8');
const vm = require('vm');
const { isMainThread } = require('worker_threads');

const bundleName = '__BUNDLE__';
const cacheName = '__CACHE__';
/** Set before compiling: V8 rejects a cache made under other flags. */
const v8Flags = __V8_FLAGS__;

if (isMainThread) for (const flag of v8Flags) v8.setFlagsFromString(flag);
const bundle = path.join(__dirname, bundleName);
const cacheFile = path.join(__dirname, cacheName);
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  // No cache: compile from source.
}
// Node's own module wrapper (a `#!` line kept as a comment); the bundle's first line stays line 1 of its file.
const source = fs.readFileSync(bundle, 'utf8');
const wrapped = `(function (exports, require, module, __filename, __dirname) {\n${source.startsWith('#!') ? `//${source.slice(2)}` : source}\n})`;
const script = new vm.Script(wrapped, { filename: bundle, lineOffset: -1, cachedData });
// NODE_DEBUG=helm-hooks says whether V8 took the cache (tests and benchmarks ask).
debuglog('helm-hooks')('code cache %s: %s', cacheName, cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted');
// The build asks for the cache: written at exit, so it holds every function the warm run compiled.
const cacheOut = process.env.HELM_HOOKS_WRITE_CODE_CACHE;
if (cacheOut && isMainThread) process.on('exit', () => fs.writeFileSync(cacheOut, script.createCachedData()));
script.runInThisContext()(exports, require, module, __filename, __dirname);
