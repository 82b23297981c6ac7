/**
 * Where the shared corpus of real charts is, for the benchmark, the soak and the fuzz seeds
 * (the one lookup they all import). The corpus is not part of the repository: it is the folder
 * named by the environment variable HELM_HOOKS_CORPUS, else `../shared/corpus` beside the
 * repository's root. No machine's absolute path is written here or anywhere in the repository.
 */
import * as fs from 'fs';
import * as path from 'path';

export const corpusVariable = 'HELM_HOOKS_CORPUS';

/** The corpus folder, or undefined when there is none (see corpusAbsence for what was looked at). */
export function corpusRoot(): string | undefined {
  const candidate = corpusCandidate();
  return candidate !== undefined && isDirectory(candidate) ? candidate : undefined;
}

/** One sentence saying where the corpus was looked for and how to provide it. */
export function corpusAbsence(): string {
  const named = process.env[corpusVariable];
  if (named) return `no corpus: ${corpusVariable} names ${named}, which is not a folder`;
  const beside = corpusCandidate();
  return `no corpus: ${beside ?? '../shared/corpus beside the repository'} does not exist (set ${corpusVariable} to the folder of the shared chart corpus)`;
}

function corpusCandidate(): string | undefined {
  const named = process.env[corpusVariable];
  if (named) return path.resolve(named);
  const root = repositoryRoot();
  return root === undefined ? undefined : path.resolve(root, '..', 'shared', 'corpus');
}

/** The repository's root: the nearest folder above this module (compiled or not) whose package.json is helm-hooks'. */
export function repositoryRoot(): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      if (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name === 'helm-hooks') return dir;
    } catch {
      // No package.json here, or not ours: look further up.
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Chart.yaml without its top-level `dependencies:` block: the corpus charts' dependencies are not
 * in the corpus, and neither Helm nor we render a chart whose dependencies are missing.
 */
export function dropDependencies(text: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^dependencies:/.test(line));
  if (start < 0) return text;
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || /^[\s-]/.test(lines[end]))) end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}
