/**
 * Reading charts from disk into the core's plain `ChartInput`. Shared by the CLI and the
 * language server; the only place that knows how a chart is laid out in folders.
 */
import { isUtf8 } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';
import { isIgnored, parseHelmignore, type ChartFile, type ChartInput, type HelmignoreRules, type SourceFile } from '../analysis';
import { readTgz } from './tar';

export interface LoadProblem {
  readonly path: string;
  readonly message: string;
}

/** Files larger than this are not read: no template is that big, and the editor would stall. */
export const maxFileBytes = 16 * 1024 * 1024;

/** Chart folders at or below `root` (folders with a Chart.yaml), not descending into a chart's own `charts/`. */
export function findChartRoots(root: string, problems: LoadProblem[] = []): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (error) {
      problems.push({ path: dir, message: describeError(error) });
      return;
    }
    if (seen.has(real)) return; // A symlink loop or a folder reached twice.
    seen.add(real);
    if (fs.existsSync(path.join(dir, 'Chart.yaml'))) {
      found.push(dir);
      return;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: dir, message: describeError(error) });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      if (entry.isDirectory() || entry.isSymbolicLink()) {
        const full = path.join(dir, entry.name);
        if (entry.isSymbolicLink() && !isDirectory(full)) continue;
        walk(full);
      }
    }
  };
  walk(root);
  return found;
}

/** The chart folder that holds `file` (the nearest ancestor with a Chart.yaml above a `templates/`). */
export function chartRootOf(file: string): string | undefined {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'Chart.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Unpacked size above which a packaged subchart is not read. */
export const maxArchiveBytes = 64 * 1024 * 1024;

/** Files Helm reads into other parts of a chart than its templates, values and `.Files`. */
const notChartFiles = new Set(['Chart.yaml', 'values.yaml', 'values.schema.json', 'Chart.lock', 'requirements.yaml', 'requirements.lock']);

/** A file found for a chart: its path below the chart root and how to get its bytes. */
interface FoundFile {
  readonly relative: string;
  /** Where to report problems with it. */
  readonly shown: string;
  /** `sized`: told the file's size before its bytes are read (a file on disk; an archive's entries are read already). */
  read(problems: LoadProblem[], sized?: (bytes: number) => void): Buffer | undefined;
}

export interface LoadOptions {
  /**
   * Told the size in bytes of each template file (of the chart and its unpacked subcharts) just
   * before it is read: the CLI starts the render worker of a big chart as soon as the templates
   * reach its threshold, so that the worker starts while the rest is read.
   */
  readonly templateSized?: (bytes: number) => void;
}

/**
 * Reads a chart and its subcharts (unpacked under `charts/<folder>/` or packaged as
 * `charts/*.tgz`), leaving out what the chart's `.helmignore` leaves out, as Helm does: the top
 * chart's rules apply to every path below it, subcharts included. Unreadable files are
 * reported, the rest is read.
 * Only the chart's own files are read: a symbolic link that resolves outside the chart's folder
 * is reported once, with its target, and not followed (a template linked to `/etc` must not make
 * the checker read, or `--fix` write, anything outside the chart).
 */
export function loadChart(root: string, problems: LoadProblem[] = [], prefix = '', options: LoadOptions = {}): ChartInput {
  const boundary = realFolder(root);
  const ignoreFile = path.join(root, '.helmignore');
  const rules = parseHelmignore(fs.existsSync(ignoreFile) && staysInside(ignoreFile, boundary, problems) ? readTextFile(ignoreFile, problems) : undefined);
  if (rules.error) problems.push({ path: ignoreFile, message: `Helm refuses to load this chart: ${rules.error}` });
  const found = walkChart(root, rules, boundary, problems).map((relative): FoundFile => {
    const full = path.join(root, relative);
    return { relative, shown: full, read: (readProblems, sized) => readBytes(full, readProblems, sized) };
  });
  return assembleChart(found, { prefix, fallbackName: path.basename(path.resolve(root)), root, templateSized: options.templateSized }, problems) ?? { name: path.basename(path.resolve(root)), prefix, templates: [] };
}

/** Groups a chart's files into Chart.yaml, values, templates, `.Files` and subcharts. */
function assembleChart(found: readonly FoundFile[], where: { prefix: string; fallbackName: string; root?: string; archive?: string; templateSized?: (bytes: number) => void }, problems: LoadProblem[]): ChartInput | undefined {
  const { prefix } = where;
  let chartYaml: SourceFile | undefined;
  let values: SourceFile | undefined;
  const templates: SourceFile[] = [];
  const files: ChartFile[] = [];
  const groups = new Map<string, FoundFile[]>();
  for (const file of found) {
    const { relative } = file;
    if (relative.startsWith('charts/')) {
      const rest = relative.slice('charts/'.length);
      const group = rest.split('/')[0];
      if (!rest.includes('/') && group.endsWith('.prov')) files.push(...readChartFile(file, prefix, problems));
      else if (!group.startsWith('_') && !group.startsWith('.')) groups.set(group, [...(groups.get(group) ?? []), file]);
    } else if (relative === 'Chart.yaml') chartYaml = readSourceFile(file, prefix, problems);
    else if (relative === 'values.yaml') values = readSourceFile(file, prefix, problems);
    else if (relative.startsWith('templates/')) {
      const source = readSourceFile(file, prefix, problems, where.templateSized);
      if (source) templates.push(source);
    } else if (!notChartFiles.has(relative)) files.push(...readChartFile(file, prefix, problems));
  }
  if (!chartYaml && !found.some((file) => file.relative === 'Chart.yaml') && where.archive) {
    problems.push({ path: where.archive, message: 'skipped: the archive holds no Chart.yaml' });
    return undefined;
  }
  const subcharts: ChartInput[] = [];
  for (const [group, members] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const subPrefix = `${prefix}charts/${group}/`;
    if (members.length === 1 && members[0].relative === `charts/${group}` && group.endsWith('.tgz')) {
      const sub = loadArchive(members[0], subPrefix, problems);
      if (sub) subcharts.push(sub);
      continue;
    }
    const inside = members.filter((file) => file.relative.startsWith(`charts/${group}/`)).map((file) => ({ ...file, relative: file.relative.slice(`charts/${group}/`.length) }));
    if (!inside.some((file) => file.relative === 'Chart.yaml')) continue; // Not a chart: Helm would refuse it; the checks leave it out.
    const sub = assembleChart(inside, { prefix: subPrefix, fallbackName: group, ...(where.root ? { root: path.join(where.root, 'charts', group) } : {}), ...(where.archive ? { archive: where.archive } : {}), templateSized: where.templateSized }, problems);
    if (sub) subcharts.push(sub);
  }
  return {
    name: chartName(chartYaml?.text) ?? where.fallbackName,
    prefix,
    chartYaml,
    values,
    templates,
    files,
    ...(where.archive ? { archive: where.archive } : {}),
    subcharts,
  };
}

/** A packaged subchart: the archive's files without their first folder (`db/templates/…` → `templates/…`), as Helm reads them. */
function loadArchive(file: FoundFile, prefix: string, problems: LoadProblem[]): ChartInput | undefined {
  const bytes = file.read(problems);
  if (!bytes) return undefined;
  const result = readTgz(bytes, maxArchiveBytes);
  if ('error' in result) {
    problems.push({ path: file.shown, message: `skipped: ${result.error}` });
    return undefined;
  }
  const found: FoundFile[] = [];
  for (const entry of result.entries) {
    const relative = entry.path.split('/').slice(1).filter((part) => part !== '' && part !== '.').join('/');
    if (relative === '' || relative.split('/').includes('..')) continue;
    found.push({ relative, shown: `${file.shown}:${entry.path}`, read: () => entry.bytes });
  }
  const archive = prefix.slice(0, -1);
  return assembleChart(found, { prefix, fallbackName: path.basename(file.relative, '.tgz'), archive }, problems);
}

function readSourceFile(file: FoundFile, prefix: string, problems: LoadProblem[], sized?: (bytes: number) => void): SourceFile | undefined {
  const bytes = file.read(problems, sized);
  const text = bytes && decodeText(bytes, file.shown, problems);
  return text === undefined ? undefined : { path: prefix + file.relative, text };
}

/**
 * A `.Files` entry: text when it is UTF-8 without NUL bytes, otherwise base64 marked binary. A
 * leading UTF-8 BOM is dropped, as Helm's loader drops it from every file of a chart (directory
 * or archive: `bytes.TrimPrefix(data, utf8bom)`), so `.Files.Get`, `len` and `AsSecrets` never see it.
 */
function readChartFile(file: FoundFile, prefix: string, problems: LoadProblem[]): ChartFile[] {
  const read = file.read(problems);
  if (!read) return [];
  const bytes = read[0] === 0xef && read[1] === 0xbb && read[2] === 0xbf ? read.subarray(3) : read;
  const chartPath = prefix + file.relative;
  // UTF-8 is text; anything else is kept as bytes.
  if (!bytes.includes(0) && isUtf8(bytes)) return [{ path: chartPath, text: bytes.toString('utf8') }];
  return [{ path: chartPath, text: bytes.toString('base64'), binary: true }];
}

/**
 * Chart-relative paths of the regular files below `root` that `.helmignore` keeps, sorted as
 * Helm walks them. A folder the rules ignore is not entered.
 * Each folder is listed with its entries' types, so an entry that is not a symbolic link needs no
 * `lstat` (is it a link?) nor `stat` (is it a folder?), and a folder reached without a link has
 * its parent's real path plus its name, without `realpath` (which reads every component again):
 * the three calls per entry were most of walking the corpus's 437 files.
 */
function walkChart(root: string, rules: HelmignoreRules, boundary: string, problems: LoadProblem[]): string[] {
  const result: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string, relative: string, known?: string): void => {
    let real: string;
    try {
      real = known ?? fs.realpathSync(dir);
    } catch (error) {
      problems.push({ path: dir, message: describeError(error) });
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of safeReaddirEntries(dir, problems)) {
      const name = entry.name;
      const full = path.join(dir, name);
      const childRelative = relative ? `${relative}/${name}` : name;
      const link = entry.isSymbolicLink();
      if (link && !staysInside(full, boundary, problems)) continue;
      const directory = link ? isDirectory(full) : entry.isDirectory();
      if (isIgnored(rules, childRelative, directory)) continue;
      if (directory) walk(full, childRelative, link ? undefined : path.join(real, name));
      else result.push(childRelative);
    }
  };
  walk(root, '');
  return result;
}

/** The real path of the chart's folder: the boundary its files must resolve inside. */
function realFolder(root: string): string {
  try {
    return fs.realpathSync(root);
  } catch {
    return path.resolve(root);
  }
}

/** Whether `real` is `boundary` or lies below it. */
export function isInside(real: string, boundary: string): boolean {
  const relative = path.relative(boundary, real);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Whether `full` may be read as part of the chart: anything but a symbolic link, or a link that
 * resolves inside `boundary`. A link that cannot be resolved (a loop, a missing target) is let
 * through, so reading it names the reason.
 */
function staysInside(full: string, boundary: string, problems: LoadProblem[]): boolean {
  let real: string;
  try {
    if (!fs.lstatSync(full).isSymbolicLink()) return true;
    real = fs.realpathSync(full);
  } catch {
    return true;
  }
  if (isInside(real, boundary)) return true;
  problems.push({ path: full, message: `skipped: a symbolic link to ${real}, outside the chart` });
  return false;
}

function readBytes(full: string, problems: LoadProblem[], sized?: (bytes: number) => void): Buffer | undefined {
  try {
    const stat = fs.statSync(full);
    if (!stat.isFile()) {
      problems.push({ path: full, message: 'skipped: not a regular file' });
      return undefined;
    }
    if (stat.size > maxFileBytes) {
      problems.push({ path: full, message: `skipped: ${stat.size} bytes is larger than the ${maxFileBytes}-byte limit` });
      return undefined;
    }
    sized?.(stat.size);
    return fs.readFileSync(full);
  } catch (error) {
    problems.push({ path: full, message: describeError(error) });
    return undefined;
  }
}

/** UTF-8 text of a source file (a leading BOM is dropped); binary or undecodable bytes are reported instead. */
export function decodeText(bytes: Buffer, shown: string, problems: LoadProblem[]): string | undefined {
  const encoding = wideEncoding(bytes);
  if (encoding) {
    problems.push({ path: shown, message: `skipped: ${encoding} text; helm-hooks reads only UTF-8` });
    return undefined;
  }
  if (bytes.includes(0)) {
    problems.push({ path: shown, message: 'skipped: binary file (it contains NUL bytes)' });
    return undefined;
  }
  if (!isUtf8(bytes)) {
    problems.push({ path: shown, message: 'skipped: not valid UTF-8' });
    return undefined;
  }
  return withoutBom(bytes.toString('utf8'));
}

/**
 * What a fatal `TextDecoder('utf-8')` gives for valid UTF-8: the text without one leading BOM.
 * Checked with `isUtf8` and decoded with `toString` (both native, one pass each): a decoder made
 * and run per file was a twentieth of loading the corpus.
 */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads one UTF-8 text file (a leading BOM is dropped); too large, binary or undecodable files are reported instead. */
export function readTextFile(full: string, problems: LoadProblem[]): string | undefined {
  const bytes = readBytes(full, problems);
  return bytes && decodeText(bytes, full, problems);
}

/** How many leading bytes the NUL pattern of a file without a byte-order mark is judged on. */
const encodingSample = 4096;

/**
 * UTF-16 or UTF-32 text, told by its byte-order mark or, without one, by where its NUL bytes
 * sit: text in those encodings that is mostly ASCII has a NUL in every other (UTF-16) or in
 * three of every four bytes (UTF-32), always at the same places, which binary data does not.
 */
export function wideEncoding(bytes: Uint8Array): string | undefined {
  const starts = (...prefix: number[]) => bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
  if (starts(0xff, 0xfe, 0, 0)) return 'UTF-32 (little-endian, with a byte-order mark)';
  if (starts(0, 0, 0xfe, 0xff)) return 'UTF-32 (big-endian, with a byte-order mark)';
  if (starts(0xff, 0xfe)) return 'UTF-16 (little-endian, with a byte-order mark)';
  if (starts(0xfe, 0xff)) return 'UTF-16 (big-endian, with a byte-order mark)';
  const length = Math.min(bytes.length, encodingSample);
  if (length < 4) return undefined;
  // NUL counts by position modulo 4, over whole groups of four bytes.
  const groups = Math.floor(length / 4);
  // Text without a NUL in the sample (every chart file) is none of these; the native search saves a loop per byte.
  if (bytes.subarray(0, groups * 4).indexOf(0) < 0) return undefined;
  const nuls = [0, 0, 0, 0];
  for (let index = 0; index < groups * 4; index++) if (bytes[index] === 0) nuls[index % 4]++;
  const mostly = (count: number) => count >= groups * 0.9;
  const rarely = (count: number) => count <= groups * 0.1;
  if (rarely(nuls[0]) && mostly(nuls[1]) && mostly(nuls[2]) && mostly(nuls[3])) return 'UTF-32 (little-endian)';
  if (mostly(nuls[0]) && mostly(nuls[1]) && mostly(nuls[2]) && rarely(nuls[3])) return 'UTF-32 (big-endian)';
  if (rarely(nuls[0]) && rarely(nuls[2]) && mostly(nuls[1]) && mostly(nuls[3])) return 'UTF-16 (little-endian)';
  if (mostly(nuls[0]) && mostly(nuls[2]) && rarely(nuls[1]) && rarely(nuls[3])) return 'UTF-16 (big-endian)';
  return undefined;
}

function chartName(chartYaml: string | undefined): string | undefined {
  const match = chartYaml?.match(/^name:\s*["']?([^"'\s#]+)/m);
  return match?.[1];
}

/** A folder's entries with their types, sorted by name as `readdirSync(dir).sort()` sorts them. */
function safeReaddirEntries(dir: string, problems: LoadProblem[]): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    problems.push({ path: dir, message: describeError(error) });
    return [];
  }
}

function isDirectory(full: string): boolean {
  try {
    return fs.statSync(full).isDirectory();
  } catch {
    return false;
  }
}

/** A short, readable reason for a file-system error. */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'ENOSPC') return 'no space left on device';
  if (code === 'EFBIG') return 'file too large (over the file-size limit)';
  return error instanceof Error ? error.message : String(error);
}
