/**
 * Turns the PATHs given on the command line into analysis units: whole charts, one file of
 * a chart, or a lone template file. Problems with a path are collected, never thrown, so
 * the other paths are still checked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chartsOf, mapCharts, sourcesOf, type ChartInput, type SourceFile } from '../analysis';
import { templatePath } from '../chartLayout';
import { chartRootOf, describeError, findChartRoots, loadChart, readTextFile, type LoadProblem } from '../node/chartLoader';
import { alternateValuesFiles } from '../valuesVariants';

export interface Target {
  /** The chart folder (as the user would write it) whose files the findings name, or the lone file's folder. */
  readonly root: string;
  readonly chart: ChartInput;
  /** Whether this is a real chart (it has a Chart.yaml), not a lone file. */
  readonly isChart: boolean;
  /** Report only findings on this chart-relative file (a single file was given). */
  readonly onlyFile?: string;
  /** Chart-relative path → path to show and to write, for files whose shown path is not root/file. */
  readonly displayOverride?: Readonly<Record<string, string>>;
}

export function resolveTargets(paths: readonly string[], problems: LoadProblem[]): Target[] {
  const targets: Target[] = [];
  const seen = new Set<string>();
  const add = (target: Target, identity: string): void => {
    if (seen.has(identity)) return;
    seen.add(identity);
    targets.push(target);
  };
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      problems.push({ path: given, message: describeError(error) });
      continue;
    }
    if (stat.isDirectory()) {
      const roots = findChartRoots(given, problems);
      if (roots.length === 0) problems.push({ path: given, message: 'no chart found (no Chart.yaml in this folder or below it)' });
      for (const root of roots) add(loadTarget(root, problems), realIdentity(root));
      continue;
    }
    if (!stat.isFile()) {
      problems.push({ path: given, message: 'not a file or folder' });
      continue;
    }
    const fileTarget = singleFileTarget(given, problems);
    if (fileTarget) add(fileTarget, `${realIdentity(fileTarget.root)}\0${fileTarget.onlyFile}`);
  }
  return targets;
}

function loadTarget(root: string, problems: LoadProblem[]): Target {
  return { root, chart: loadChart(root, problems), isChart: true };
}

/** A file inside a chart is checked with its whole chart; anything else is checked alone. */
function singleFileTarget(given: string, problems: LoadProblem[]): Target | undefined {
  const chartRoot = chartRootOf(given);
  if (chartRoot !== undefined) {
    const relative = path.relative(chartRoot, path.resolve(given)).split(path.sep).join('/');
    const chartProblems: LoadProblem[] = [];
    const chart = loadChart(chartRoot, chartProblems);
    if (hasSource(chart, relative) || alternateValuesFiles(chart).some((file) => file.path === relative)) {
      // Problems elsewhere in the chart are not the user's question; problems with this file are.
      problems.push(...chartProblems.filter((problem) => path.resolve(problem.path) === path.resolve(given)));
      const root = path.relative(process.cwd(), chartRoot) || '.';
      return { root, chart, isChart: true, onlyFile: relative, displayOverride: { [relative]: given } };
    }
    const own = chartProblems.filter((problem) => path.resolve(problem.path) === path.resolve(given));
    if (own.length > 0) {
      problems.push(...own);
      return undefined;
    }
  }
  const text = readTextFile(given, problems);
  if (text === undefined) return undefined;
  const relative = `templates/${path.basename(given)}`;
  const chart: ChartInput = { name: path.basename(given), templates: [{ path: relative, text }] };
  return { root: path.dirname(given), chart, isChart: false, onlyFile: relative, displayOverride: { [relative]: given } };
}

/**
 * `--stdin --stdin-filename PATH`: `text` judged as the template at PATH. Inside a chart it
 * takes the place of that template (or joins the chart as a new one) and the chart's other files
 * are read from disk; outside any chart it is checked alone, as a lone file would be.
 */
export function stdinTarget(filename: string, text: string, problems: LoadProblem[]): Target | undefined {
  const chartRoot = chartRootOf(filename);
  if (chartRoot === undefined) {
    const relative = `templates/${path.basename(filename)}`;
    return { root: path.dirname(filename), chart: { name: path.basename(filename), templates: [{ path: relative, text }] }, isChart: false, onlyFile: relative, displayOverride: { [relative]: filename } };
  }
  const relative = path.relative(chartRoot, path.resolve(filename)).split(path.sep).join('/');
  const root = path.relative(process.cwd(), chartRoot) || '.';
  // Problems with the chart's other files are not the question asked; the text itself is read.
  const loaded = loadChart(chartRoot, []);
  const folder = templatePath.exec(relative)?.[0];
  const prefix = folder?.slice(0, -'templates/'.length);
  if (prefix === undefined || !chartsOf(loaded).some((entry) => entry.prefix === prefix && entry.chart.archive === undefined)) {
    problems.push({ path: filename, message: `--stdin-filename must name a template (a file under templates/) of the chart at ${root}` });
    return undefined;
  }
  const chart = mapCharts(loaded, (each, entry) => (entry.prefix === prefix ? { ...each, templates: withTemplate(each.templates, { path: relative, text }) } : each));
  return { root, chart, isChart: true, onlyFile: relative, displayOverride: { [relative]: filename } };
}

function withTemplate(templates: readonly SourceFile[], source: SourceFile): SourceFile[] {
  return [...templates.filter((template) => template.path !== source.path), source].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function hasSource(chart: ChartInput, relative: string): boolean {
  return sourcesOf(chart).some((source) => source.path === relative);
}

function realIdentity(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}
