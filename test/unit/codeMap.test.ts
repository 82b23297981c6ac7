/**
 * ARCHITECTURE.md's code map against the code: every source file under server/src and
 * client/src is named there, or its folder is named and none of that folder's files is (the
 * folder then stands for all of them); every file or folder the map names exists.
 *
 * The map is a nested list. A name is read relative to the folder its bullet opens (a bullet
 * whose first name is a folder opens it), else relative to the folders of the enclosing
 * bullets, else to the repository root. `<word>` in a name matches any file name part.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';

/** What the check needs of a tree of files; paths are relative to the root, with `/`. */
interface Tree {
  isFile(relative: string): boolean;
  isDir(relative: string): boolean;
  filesIn(relative: string): readonly string[];
}

interface CodeMap {
  /** Files the map names. */
  readonly files: ReadonlySet<string>;
  /** Folders the map names (without the trailing `/`; the root is ''). */
  readonly folders: ReadonlySet<string>;
  /** Names that are neither a file nor a folder of the tree. */
  readonly unknown: readonly string[];
}

describe('ARCHITECTURE.md: the code map names every module or its folder', () => {
  const markdown = fs.readFileSync('ARCHITECTURE.md', 'utf8');
  const map = readCodeMap(codeMapSection(markdown), diskTree());
  const sources = ['server/src', 'client/src'].flatMap(sourceFilesUnder);

  it('finds the code map and the sources', () => {
    assert.ok(map.files.size > 40, `the code map names only ${map.files.size} files`);
    assert.ok(sources.length > 40, `only ${sources.length} source files`);
  });

  it('every source file is covered by a module entry or a folder entry', () => {
    assert.deepEqual(uncovered(sources, map), []);
  });

  it('every file and folder it names exists', () => {
    assert.deepEqual(map.unknown, []);
  });

  it('the check sees a file named nowhere, a folder that names only some of its files, and a stale name', () => {
    const tree = fakeTree(['src/a.ts', 'src/b.ts', 'src/lib/x.ts', 'src/lib/y.ts', 'src/all/p.ts', 'src/all/q.ts', 'src/rules/one-rule.ts', 'src/rules/index.ts', 'src/other/z.ts']);
    const sample = [
      '- `src/` — the sources. `a.ts` and `gone.ts`.',
      '  - `lib/` — `x.ts` only.',
      '  - `all/` — every file of it.',
      '  - `rules/` — `<rule-id>.ts`, one each.',
      '- `src/lib/y.ts` — named from the root.',
    ].join('\n');
    const sampleMap = readCodeMap(sample, tree);
    assert.deepEqual([...sampleMap.unknown], ['gone.ts']);
    assert.deepEqual(uncovered(['src/a.ts', 'src/b.ts', 'src/lib/x.ts', 'src/lib/y.ts', 'src/all/p.ts', 'src/all/q.ts', 'src/rules/one-rule.ts', 'src/rules/index.ts', 'src/other/z.ts'], sampleMap), ['src/b.ts', 'src/other/z.ts']);
  });
});

/** The text of the `## Code map` section. */
function codeMapSection(markdown: string): string {
  const start = markdown.indexOf('\n## Code map');
  assert.ok(start >= 0, 'ARCHITECTURE.md has no "## Code map" section');
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

function readCodeMap(section: string, tree: Tree): CodeMap {
  const files = new Set<string>();
  const folders = new Set<string>();
  const unknown: string[] = [];
  /** The folder each open bullet opened, by indentation. */
  const open: { indent: number; folder: string }[] = [];
  for (const bullet of bulletsOf(section)) {
    while (open.length > 0 && open[open.length - 1].indent >= bullet.indent) open.pop();
    const enclosing = [...open.map((entry) => entry.folder).reverse(), ''];
    const names = [...bullet.text.matchAll(/`([^`]+)`/g)].map((match) => match[1]).filter(isPathLike);
    let bases = enclosing;
    names.forEach((name, index) => {
      const found = resolve(name, bases, tree);
      if (found === undefined) {
        unknown.push(name);
        return;
      }
      if (found.folder !== undefined) folders.add(found.folder);
      for (const file of found.files) files.add(file);
      if (index === 0 && found.folder !== undefined) bases = [found.folder, ...enclosing];
    });
    open.push({ indent: bullet.indent, folder: bases[0] });
  }
  return { files, folders, unknown };
}

/** The list items of a section, each with its continuation lines. */
function bulletsOf(section: string): { indent: number; text: string }[] {
  const bullets: { indent: number; text: string }[] = [];
  for (const line of section.split('\n')) {
    const item = /^(\s*)- (.*)$/.exec(line);
    if (item) bullets.push({ indent: item[1].length, text: item[2] });
    else if (bullets.length > 0 && line.trim() !== '') bullets[bullets.length - 1].text += ` ${line.trim()}`;
  }
  return bullets;
}

/** A name of a file or folder of the code, as opposed to an identifier, a setting or a command. */
function isPathLike(name: string): boolean {
  return /^[\w.<>-]+(\/[\w.<>-]+)*\/?$/.test(name) && (name.endsWith('/') || /\.(ts|mjs|js)$/.test(name));
}

function resolve(name: string, bases: readonly string[], tree: Tree): { folder?: string; files: string[] } | undefined {
  for (const base of bases) {
    const full = path.posix.join(base, name).replace(/\/$/, '');
    if (name.endsWith('/')) {
      if (tree.isDir(full)) return { folder: full, files: [] };
    } else if (full.includes('<')) {
      const dir = path.posix.dirname(full);
      const pattern = new RegExp(`^${escapeRegExp(path.posix.basename(full)).replace(/<[^>]*>/g, '[^/]+')}$`);
      const files = tree.isDir(dir) ? tree.filesIn(dir).filter((file) => pattern.test(path.posix.basename(file))) : [];
      if (files.length > 0) return { files };
    } else if (tree.isFile(full)) return { files: [full] };
  }
  return undefined;
}

/**
 * Source files covered by nothing: not named, and their folder either not named or naming
 * some of its files (then it stands for those only).
 */
function uncovered(sources: readonly string[], map: CodeMap): string[] {
  const foldersWithNamedFiles = new Set([...map.files].map((file) => path.posix.dirname(file)));
  return sources.filter((file) => {
    if (map.files.has(file)) return false;
    const folder = path.posix.dirname(file);
    return !(map.folders.has(folder) && !foldersWithNamedFiles.has(folder));
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sourceFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFilesUnder(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

function diskTree(): Tree {
  const stat = (relative: string) => fs.statSync(relative === '' ? '.' : relative, { throwIfNoEntry: false });
  return {
    isFile: (relative) => stat(relative)?.isFile() ?? false,
    isDir: (relative) => stat(relative)?.isDirectory() ?? false,
    filesIn: (relative) => fs.readdirSync(relative, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => `${relative}/${entry.name}`),
  };
}

function fakeTree(files: readonly string[]): Tree {
  const dirs = new Set(files.flatMap((file) => file.split('/').slice(0, -1).map((_, index, parts) => parts.slice(0, index + 1).join('/'))));
  return {
    isFile: (relative) => files.includes(relative),
    isDir: (relative) => dirs.has(relative),
    filesIn: (relative) => files.filter((file) => path.posix.dirname(file) === relative),
  };
}
