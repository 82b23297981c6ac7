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

/** Reads a chart and its subcharts (unpacked under `charts/`). Unreadable files are reported, the rest is read. */
export function loadChart(root: string, problems: LoadProblem[] = [], prefix = ''): ChartInput {
  const chartYaml = readSource(root, 'Chart.yaml', prefix, problems);
  const values = fs.existsSync(path.join(root, 'values.yaml')) ? readSource(root, 'values.yaml', prefix, problems) : undefined;
  const templates: SourceFile[] = [];
  for (const relative of listFiles(path.join(root, 'templates'), 'templates', problems)) {
    const source = readSource(root, relative, prefix, problems);
    if (source) templates.push(source);
  }
  const subcharts: ChartInput[] = [];
  const chartsDir = path.join(root, 'charts');
  if (isDirectory(chartsDir)) {
    for (const name of safeReaddir(chartsDir, problems).sort()) {
      const subRoot = path.join(chartsDir, name);
      if (isDirectory(subRoot) && fs.existsSync(path.join(subRoot, 'Chart.yaml'))) subcharts.push(loadChart(subRoot, problems, `${prefix}charts/${name}/`));
    }
  }
  return { name: chartName(chartYaml?.text) ?? path.basename(path.resolve(root)), chartYaml, values, templates, subcharts };
}

function listFiles(dir: string, relative: string, problems: LoadProblem[], seen = new Set<string>()): string[] {
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
    if (isDirectory(full)) result.push(...listFiles(full, `${relative}/${name}`, problems, seen));
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
  return error instanceof Error ? error.message : String(error);
}
