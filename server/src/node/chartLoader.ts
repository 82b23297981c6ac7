/**
 * Reading charts from disk into the core's plain `ChartInput`. Shared by the CLI and the
 * language server; the only place that knows how a chart is laid out in folders.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ChartInput, SourceFile } from '../analysis';

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

/**
 * Reads a chart and its subcharts (unpacked under `charts/`). Unreadable files are reported, the rest is read.
 * Only the chart's own files are read: a symbolic link that resolves outside the chart's folder
 * is reported once, with its target, and not followed (a template linked to `/etc` must not make
 * the checker read, or `--fix` write, anything outside the chart).
 */
export function loadChart(root: string, problems: LoadProblem[] = [], prefix = '', boundary = realFolder(root)): ChartInput {
  const own = (full: string) => staysInside(full, boundary, problems);
  const chartYaml = own(path.join(root, 'Chart.yaml')) ? readSource(root, 'Chart.yaml', prefix, problems) : undefined;
  const valuesFile = path.join(root, 'values.yaml');
  const values = fs.existsSync(valuesFile) && own(valuesFile) ? readSource(root, 'values.yaml', prefix, problems) : undefined;
  const templates: SourceFile[] = [];
  const templatesDir = path.join(root, 'templates');
  for (const relative of own(templatesDir) ? listFiles(templatesDir, 'templates', boundary, problems) : []) {
    const source = readSource(root, relative, prefix, problems);
    if (source) templates.push(source);
  }
  const subcharts: ChartInput[] = [];
  const chartsDir = path.join(root, 'charts');
  if (isDirectory(chartsDir) && own(chartsDir)) {
    for (const name of safeReaddir(chartsDir, problems).sort()) {
      const subRoot = path.join(chartsDir, name);
      if (isDirectory(subRoot) && fs.existsSync(path.join(subRoot, 'Chart.yaml')) && own(subRoot)) subcharts.push(loadChart(subRoot, problems, `${prefix}charts/${name}/`, boundary));
    }
  }
  return { name: chartName(chartYaml?.text) ?? path.basename(path.resolve(root)), chartYaml, values, templates, subcharts };
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

function listFiles(dir: string, relative: string, boundary: string, problems: LoadProblem[], seen = new Set<string>()): string[] {
  if (!isDirectory(dir)) return [];
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch (error) {
    problems.push({ path: dir, message: describeError(error) });
    return [];
  }
  if (seen.has(real)) return [];
  seen.add(real);
  const result: string[] = [];
  for (const name of safeReaddir(dir, problems).sort()) {
    const full = path.join(dir, name);
    if (!staysInside(full, boundary, problems)) continue;
    if (isDirectory(full)) result.push(...listFiles(full, `${relative}/${name}`, boundary, problems, seen));
    else result.push(`${relative}/${name}`);
  }
  return result;
}

function readSource(root: string, relative: string, prefix: string, problems: LoadProblem[]): SourceFile | undefined {
  const text = readTextFile(path.join(root, relative), problems);
  return text === undefined ? undefined : { path: prefix + relative, text };
}

/** Reads one UTF-8 text file (a leading BOM is dropped); too large, binary or undecodable files are reported instead. */
export function readTextFile(full: string, problems: LoadProblem[]): string | undefined {
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
    const bytes = fs.readFileSync(full);
    const encoding = wideEncoding(bytes);
    if (encoding) {
      problems.push({ path: full, message: `skipped: ${encoding} text; helm-hooks reads only UTF-8` });
      return undefined;
    }
    if (bytes.includes(0)) {
      problems.push({ path: full, message: 'skipped: binary file (it contains NUL bytes)' });
      return undefined;
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    problems.push({ path: full, message: error instanceof TypeError ? 'skipped: not valid UTF-8' : describeError(error) });
    return undefined;
  }
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

function safeReaddir(dir: string, problems: LoadProblem[]): string[] {
  try {
    return fs.readdirSync(dir);
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
