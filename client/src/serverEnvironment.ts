/**
 * What the extension changes in the environment it starts the language server with: only what
 * costs the server time for nothing. Kept apart from extension.ts (no editor import) so the
 * benchmark and the soak start the server the same way.
 *
 * NODE_EXTRA_CA_CERTS names a certificate bundle that Node reads and parses before any JavaScript
 * runs: on the benchmark's VM a 220 KB bundle is about 40 ms of CPU, a tenth of the server's start
 * to complete diagnostics. The server opens no network connection, so it never uses the bundle.
 * An entry set to `undefined` is left out of the child's environment (Node's child_process skips
 * such entries, and vscode-languageclient applies these over the extension host's environment).
 */
export const serverEnvironmentChanges: Readonly<Record<string, undefined>> = { NODE_EXTRA_CA_CERTS: undefined };

/** `base` as the server gets it: a copy with `serverEnvironmentChanges` applied. */
export function serverEnvironment(base: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined && !(key in serverEnvironmentChanges)) result[key] = value;
  return result;
}
