/**
 * The folder that SARIF and GitHub annotations name files relative to: the root of the git work
 * tree holding the current folder (the nearest folder above it with a `.git` folder or file, as
 * a worktree or submodule has), or the current folder when there is none. Code scanning and
 * workflow annotations resolve such paths against the checked-out repository.
 */
import * as fs from 'fs';
import * as path from 'path';

export function sourceRoot(cwd: string = process.cwd()): string {
  const start = path.resolve(cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** `file` relative to `root` with `/` separators, or undefined when it lies outside `root`. */
export function relativeToRoot(file: string, root: string): string | undefined {
  const relative = path.relative(root, path.resolve(file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}
