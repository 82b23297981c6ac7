/**
 * Turns the PATHs given on the command line into analysis units: whole charts, one file of
 * a chart, or a lone template file. Problems with a path are collected, never thrown, so
 * the other paths are still checked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chartsOf, mapCharts, sourcesOf, type ChartInput, type SourceFile } from '../analysis';
import { templatePath } from '../chartLayout';
import { chartRootOf, describeError, findChartRoots, loadChart, readTextFile, type LoadOptions, type LoadProblem } from '../node/chartLoader';
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

/** Where a target is, all that the config file's `ignore` needs: known before its chart is read. */
export type TargetPlace = Pick<Target, 'root' | 'onlyFile' | 'displayOverride'>;

/**
 * One target met on the command line, in order, with the problems met there. A chart folder is
 * read only when `take` is called, so `check` reads each chart just before it is checked and
 * drops it after its report: memory holds a few charts, not all of them.
 */
export class TargetSlot {
  /** Problems with this path, then with reading its chart (after `take`). */
  readonly problems: LoadProblem[] = [];
  /** Where the target is; undefined when there is none (only problems). */
  readonly place: TargetPlace | undefined;
  private target: Target | undefined;
  private chartRoot: string | undefined;

  /**
   * `source`: the target, the folder of a chart to read later, or nothing (only problems).
   * `repeated`: the same chart or file as an earlier slot; it is read (its problems count as
   * before) but never checked twice.
   */
  constructor(
    source: Target | string | undefined,
    readonly repeated = false,
  ) {
    if (typeof source === 'string') {
      this.chartRoot = source;
      this.place = { root: source };
    } else {
      this.target = source;
      this.place = source;
    }
  }

  /**
   * The target (its chart read from disk the first time), handed over: the slot keeps no reference to it. Defined once for a slot with a place.
   * `load`: how its chart is read (chartLoader.ts), when it is read here.
   */
  take(load?: LoadOptions): Target | undefined {
    if (this.chartRoot !== undefined) {
      this.target = loadTarget(this.chartRoot, this.problems, load);
      this.chartRoot = undefined;
    }
    const target = this.target;
    this.target = undefined;
    return target;
  }
}

/** The targets the paths name, in order, their charts not read yet. */
export function listTargets(paths: readonly string[]): TargetSlot[] {
  const slots: TargetSlot[] = [];
  const seen = new Set<string>();
  const repeats = (identity: string): boolean => {
    if (seen.has(identity)) return true;
    seen.add(identity);
    return false;
  };
  for (const given of paths) {
    const problems: LoadProblem[] = [];
    const problemsOnly = (): void => {
      if (problems.length === 0) return;
      const slot = new TargetSlot(undefined);
      slot.problems.push(...problems);
      slots.push(slot);
    };
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      problems.push({ path: given, message: describeError(error) });
      problemsOnly();
      continue;
    }
    if (stat.isDirectory()) {
      const roots = findChartRoots(given, problems);
      if (roots.length === 0) problems.push({ path: given, message: 'no chart found (no Chart.yaml in this folder or below it)' });
      problemsOnly();
      for (const root of roots) slots.push(new TargetSlot(root, repeats(realIdentity(root))));
      continue;
    }
    if (!stat.isFile()) {
      problems.push({ path: given, message: 'not a file or folder' });
      problemsOnly();
      continue;
    }
    const fileTarget = singleFileTarget(given, problems);
    const slot = new TargetSlot(fileTarget, fileTarget !== undefined && repeats(`${realIdentity(fileTarget.root)}\0${fileTarget.onlyFile}`));
    slot.problems.push(...problems);
    slots.push(slot);
  }
  return slots;
}

function loadTarget(root: string, problems: LoadProblem[], load?: LoadOptions): Target {
  return { root, chart: loadChart(root, problems, '', load), isChart: true };
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
