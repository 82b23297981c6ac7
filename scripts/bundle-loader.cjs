#!/usr/bin/env node
'use strict';
/*
 * The loader scripts/build.mjs writes in front of a bundle (dist/cli.js runs dist/cli.bundle.js):
 * it compiles the bundle with the V8 code cache the build wrote beside it, made after a warm run,
 * so a short-lived process neither parses the bundle nor compiles the functions that run used
 * (bench/README.md, "Reading section 10"). A cache that is missing, or that V8 rejects (another
 * Node or V8 version, other V8 flags, or damaged: the build's flags include
 * `--verify-snapshot-checksum`, without which V8 takes damaged bytes of the right length and
 * crashes), costs nothing: the bundle compiles as `require` would.
 * The bundle runs as this file's own module (its __filename, require, module), so it behaves as
 * if it were this file: `require.main === module`, worker threads started from `__filename`.
 * The build fills in the constants below. V8 accepts a cache for any source of the same length,
 * so the cache's name carries a hash of the bundle it was made from: an old cache is never read.
 *
 * Memory touched for the first time costs a page fault per 4 KiB, 12-16 us each on the VM the
 * benchmark ran on (bench/README.md, "Reading section 4"), so the bundle is read the cheapest
 * way: the build wraps it in the module function already (a string built here would be copied
 * again whole when V8 compiles it), writes it in ASCII where it can, read then as Latin-1 into a
 * one-byte string (UTF-8 text gives a two-byte one of twice the size), and the cache is read into
 * the buffer the bundle was read into.
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
/**
 * Set once the bundle is compiled, and back to V8's defaults before a cache is made, so that no
 * cache is made or read under them: starting a worker thread puts them back to V8's defaults for
 * the whole process (review13 D19), and a worker compiling under other flags than the cache's
 * would compile from source.
 */
const runFlags = __RUN_FLAGS__;
/**
 * The flags were measured on the V8 the build ran (and made the cache) on. Another V8 rejects
 * the cache anyway, may not know a flag (V8 12, in Node 22, has no --interrupt-budget, and
 * setFlagsFromString writes "Error: unrecognized flag" on every start: review13 D14), and was
 * never measured with them: there they are left unset.
 */
const flagsApply = isMainThread && process.versions.v8 === '__BUILD_V8__';
/** 'latin1' when the build wrote the bundle in ASCII (the same text, read faster), else 'utf8'. */
const sourceEncoding = '__SOURCE_ENCODING__';
/** How many characters the build put in front of the bundle's first line (the module function's head). */
const wrapperColumns = __WRAPPER_COLUMNS__;

if (flagsApply) for (const flag of v8Flags) v8.setFlagsFromString(flag);
const bundle = path.join(__dirname, bundleName);
const cacheFile = path.join(__dirname, cacheName);

/** `file`'s bytes, read into `buffer` when they fit (its pages already touched), else into a new buffer. */
function readBytes(file, buffer) {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const into = buffer !== undefined && buffer.length >= size ? buffer : Buffer.allocUnsafeSlow(size);
    let read = 0;
    for (let n = -1; read < size && n !== 0; read += n) n = fs.readSync(fd, into, read, size - read, read);
    return into.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

let cacheBytes = 0;
try {
  cacheBytes = fs.statSync(cacheFile).size;
} catch {
  // No cache: compile from source.
}
const sourceBuffer = Buffer.allocUnsafeSlow(Math.max(cacheBytes, fs.statSync(bundle).size));
const sourceBytes = readBytes(bundle, sourceBuffer);
const source = sourceEncoding === 'latin1' ? sourceBytes.latin1Slice(0, sourceBytes.length) : sourceBytes.utf8Slice(0, sourceBytes.length);
let cachedData;
try {
  if (cacheBytes > 0) cachedData = readBytes(cacheFile, sourceBuffer);
} catch {
  // Unreadable: compile from source.
}
// The bundle's lines are the source map's; only its first line starts after the module function's head.
const script = new vm.Script(source, { filename: bundle, columnOffset: -wrapperColumns, cachedData });
// NODE_DEBUG=helm-hooks says whether V8 took the cache (tests and benchmarks ask).
debuglog('helm-hooks')('code cache %s: %s', cacheName, cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted');
// The build asks for the cache: written at exit, so it holds every function the warm run compiled.
const cacheOut = process.env.HELM_HOOKS_WRITE_CODE_CACHE;
if (cacheOut && isMainThread) {
  process.on('exit', () => {
    if (flagsApply) for (const [flag] of runFlags) v8.setFlagsFromString(flag);
    fs.writeFileSync(cacheOut, script.createCachedData());
  });
}
if (flagsApply) for (const [, flag] of runFlags) v8.setFlagsFromString(flag);
script.runInThisContext()(exports, require, module, __filename, __dirname);
