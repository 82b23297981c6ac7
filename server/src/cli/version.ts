/**
 * The tool's version, never typed twice: the bundle gets it from package.json at build time
 * (scripts/build.mjs defines it); an unbundled build reads the package.json above it.
 */
import * as fs from 'fs';
import * as path from 'path';

declare const __HELM_HOOKS_VERSION__: string | undefined;

export function toolVersion(): string {
  if (typeof __HELM_HOOKS_VERSION__ === 'string') return __HELM_HOOKS_VERSION__;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'helm-hooks' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No readable package.json here; keep walking up.
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
