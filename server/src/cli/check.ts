/**
 * `helm-hooks check`: analyses each target with the core, applies preferred fixes when
 * asked, and turns the core's offsets into display paths and 0-based line/character ranges
 * that every output format shares.
 */
import * as path from 'path';
import { analyzeChart, applyFixes, chartsOf, createLineIndex, mapSources, preferredFixEdits, sourcesOf, type AnalysisConfig, type ChartInput, type Finding, type LineIndex, type Position, type Severity, type Span } from '../analysis';
import type { LoadProblem } from '../node/chartLoader';
import { TargetConfigs } from './targetConfigs';
import { resolveTargets, type Target } from './targets';
import { writeFixedFile } from './writeFixed';

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface ReportedEdit {
  readonly file: string;
  readonly range: Range;
  readonly newText: string;
}

export interface ReportedFix {
  readonly title: string;
  readonly isPreferred: boolean;
  readonly edits: readonly ReportedEdit[];
}

export interface ReportedFinding {
  /** The path as given on the command line joined with the path inside the chart. */
  readonly file: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** 0-based lines, UTF-16 characters (LSP's counting). */
  readonly range: Range;
  readonly fixes: readonly ReportedFix[];
  readonly related: readonly { readonly file: string; readonly range: Range; readonly message: string }[];
}

export interface CheckReport {
  readonly findings: readonly ReportedFinding[];
  readonly charts: number;
  readonly files: number;
  readonly problems: readonly LoadProblem[];
  /** Rules that failed inside the core: a bug in helm-hooks, not in the chart. */
  readonly internalErrors: readonly string[];
  readonly fixed?: { readonly findings: number; readonly files: readonly string[] };
}

export interface CheckOptions {
  readonly paths: readonly string[];
  /** The `--rule` severities: they win over the config file's. */
  readonly config: AnalysisConfig;
  /** `.helm-hooks.yaml`: searched from each chart upward when undefined, this file (`--config`), or none (`--no-config`, false). */
  readonly configFile?: string | false;
  readonly fix: boolean;
}

/** Fix passes per target: a fix may uncover another (a skipped overlapping one), but never loop forever. */
const maxFixPasses = 10;

export function runCheck(options: CheckOptions): CheckReport {
  let problems: LoadProblem[] = [];
  const configs = new TargetConfigs(options);
  const resolve = (found: LoadProblem[]): Target[] => resolveTargets(options.paths, found).filter((target) => !configs.skips(target));
  let targets = resolve(problems);
  let fixed: CheckReport['fixed'];
  if (options.fix) {
    const writeProblems: LoadProblem[] = [];
    fixed = fixTargets(targets, configs, writeProblems);
    // Re-read from disk so the report is about what the files now hold.
    problems = [];
    targets = resolve(problems);
    problems.push(...writeProblems);
  }
  const findings: ReportedFinding[] = [];
  const internalErrors: string[] = [];
  let files = 0;
  for (const target of targets) {
    const result = analyzeChart(target.chart, configs.analysisConfig(target));
    internalErrors.push(...result.internalErrors.map((error) => `${target.root}: ${error}`));
    const shown = configs.shown(target, result.findings);
    const locate = locator(target);
    findings.push(...shown.map((finding) => toReported(finding, locate)));
    files += target.onlyFile === undefined ? sourcesOf(target.chart).length : 1;
  }
  return { findings, charts: targets.filter((target) => target.isChart).length, files, problems: [...configs.problems, ...problems], internalErrors, fixed };
}

/** Where a chart-relative file lives on disk, as the user would write it. */
export function displayPath(target: Target, file: string): string {
  return target.displayOverride?.[file] ?? path.join(target.root, file);
}

function fixTargets(targets: readonly Target[], configs: TargetConfigs, problems: LoadProblem[]): CheckReport['fixed'] {
  let fixedFindings = 0;
  const changedFiles: string[] = [];
  for (const target of targets) {
    const originals = new Map(allSources(target.chart).map((source) => [source.path, source.text]));
    const current = new Map(originals);
    /** Fixes applied to each file's text so far; they count only once the file is written. */
    const appliedByFile = new Map<string, number>();
    for (let pass = 0; pass < maxFixPasses; pass++) {
      const chart = withTexts(target.chart, current);
      const findings = configs.shown(target, analyzeChart(chart, configs.analysisConfig(target)).findings);
      let appliedThisPass = 0;
      for (const file of filesWithPreferredFixes(findings)) {
        const text = current.get(file);
        if (text === undefined) continue;
        const result = applyFixes(text, preferredFixEdits(findings, file));
        if (result.appliedFixes === 0 || result.text === text) continue;
        current.set(file, result.text);
        appliedByFile.set(file, (appliedByFile.get(file) ?? 0) + result.appliedFixes);
        appliedThisPass += result.appliedFixes;
      }
      if (appliedThisPass === 0) break;
    }
    const packaged = packagedFiles(target.chart);
    for (const [file, text] of current) {
      if (text === originals.get(file)) continue;
      const diskPath = displayPath(target, file);
      if (packaged.has(file)) {
        problems.push({ path: diskPath, message: 'not fixed: the file is inside a packaged subchart' });
        continue;
      }
      const outcome = writeFixedFile(diskPath, target.root, originals.get(file) ?? '', text);
      if (outcome.written) {
        changedFiles.push(diskPath);
        fixedFindings += appliedByFile.get(file) ?? 0;
      } else {
        problems.push({ path: diskPath, message: `not fixed: ${outcome.reason}` });
      }
    }
  }
  return { findings: fixedFindings, files: changedFiles };
}

function filesWithPreferredFixes(findings: readonly Finding[]): string[] {
  const files = new Set<string>();
  for (const finding of findings) {
    for (const edit of finding.fixes.find((fix) => fix.isPreferred)?.edits ?? []) files.add(edit.file);
  }
  return [...files].sort();
}

function allSources(chart: ChartInput) {
  return sourcesOf(chart, { withChartYaml: true });
}

function withTexts(chart: ChartInput, texts: ReadonlyMap<string, string>): ChartInput {
  return mapSources(chart, (source) => ({ path: source.path, text: texts.get(source.path) ?? source.text }));
}

/** Paths of files that came out of a `charts/*.tgz`: there is no file on disk to write. */
function packagedFiles(chart: ChartInput): Set<string> {
  return new Set(chartsOf(chart).filter((entry) => entry.chart.archive !== undefined).flatMap((entry) => sourcesOf({ ...entry.chart, subcharts: [] }, { withChartYaml: true }).map((source) => source.path)));
}

type Locate = (file: string, span: Span) => { file: string; range: Range };

/** Maps a chart-relative file and span to its display path and line/character range. */
function locator(target: Target): Locate {
  const texts = new Map(allSources(target.chart).map((source) => [source.path, source.text]));
  const indexes = new Map<string, LineIndex>();
  return (file, span) => {
    let index = indexes.get(file);
    if (!index) {
      index = createLineIndex(texts.get(file) ?? '');
      indexes.set(file, index);
    }
    return { file: displayPath(target, file), range: { start: index.positionAt(span.start), end: index.positionAt(span.end) } };
  };
}

function toReported(finding: Finding, locate: Locate): ReportedFinding {
  const { file, range } = locate(finding.file, finding.span);
  return {
    file,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    range,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      isPreferred: fix.isPreferred,
      edits: fix.edits.map((edit) => ({ ...locate(edit.file, edit.span), newText: edit.newText })),
    })),
    related: finding.related.map((related) => ({ ...locate(related.file, related.span), message: related.message })),
  };
}
