/**
 * The differential harness: renders a chart with our renderer exactly as the CLI does
 * (`helm-hooks template` arguments) and compares the output with what `helm template`
 * printed, document by document.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { parseAllDocuments } from 'yaml';
import { parseArgs, type TemplateCommand } from '../../../server/src/cli/args';
import { runTemplate } from '../../../server/src/cli/templateCommand';
import { dropDependencies } from '../../support/corpus';

export const repoRoot = path.join(__dirname, '..', '..', '..', '..');

/** The charts the render tests run over: the render fixtures, the examples, the rendered-findings fixtures, and the corpus when HELM_HOOKS_CORPUS names it. */
export function renderTestCharts(): string[] {
  const chartsIn = (dir: string): string[] =>
    fs.existsSync(dir) ? fs.readdirSync(dir).sort().map((name) => path.join(dir, name)).filter((chart) => fs.existsSync(path.join(chart, 'Chart.yaml'))) : [];
  const corpus = process.env.HELM_HOOKS_CORPUS;
  return [
    ...chartsIn(path.join(repoRoot, 'test', 'fixtures', 'render', 'charts')),
    ...chartsIn(path.join(repoRoot, 'examples')),
    ...chartsIn(path.join(repoRoot, 'test', 'fixtures', 'rendered', 'findings')),
    ...(corpus ? chartsIn(path.resolve(corpus)) : []),
  ];
}

/** The Helm binary the live comparison runs, when it is installed (`npm run setup:helm`) or named by HELM_BIN. */
export function helmBinary(): string | undefined {
  const candidate = process.env.HELM_BIN || path.join(repoRoot, '.cache', 'helm', 'helm');
  return fs.existsSync(candidate) ? candidate : undefined;
}

export interface TemplateRun {
  readonly stdout: string;
  /** What follows `Error: ` when the render failed. */
  readonly error?: string;
}

/** `helm template release-name <chart> <args>` run in the chart's folder. */
export function runHelm(helm: string, chartDir: string, args: readonly string[], cwd = chartDir): TemplateRun {
  const result = spawnSync(helm, ['template', 'release-name', chartDir, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const errorLine = result.stderr.split('\n').findIndex((line) => line.startsWith('Error: '));
  const error = result.status === 0 ? undefined : errorLine >= 0 ? result.stderr.split('\n').slice(errorLine).join('\n').slice('Error: '.length).replace(/\n$/, '') : result.stderr;
  return { stdout: result.stdout, ...(error !== undefined ? { error } : {}) };
}

/** Our renderer through the CLI's own argument parsing; `-f` paths are resolved against `cwd`. */
export function runOurs(chartDir: string, args: readonly string[], cwd = chartDir): TemplateRun {
  const parsed = parseArgs(['template', ...args, chartDir], { ruleIds: new Set() });
  if (!parsed.ok) throw new Error(`bad case arguments ${JSON.stringify(args)}: ${parsed.error}`);
  const command = parsed.value as TemplateCommand;
  const outcome = runTemplate({ ...command, valueFiles: command.valueFiles.map((file) => path.resolve(cwd, file)) });
  if (outcome.problems.length > 0) throw new Error(`cannot read ${chartDir}: ${outcome.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`);
  return { stdout: outcome.output, ...(outcome.error !== undefined ? { error: outcome.error } : {}) };
}

/**
 * The chart itself, or (when its Chart.yaml declares dependencies, which the corpus does not
 * hold and without which Helm cannot render) a copy at `scratch` with the `dependencies:` block
 * of its Chart.yaml removed. The render corpus test and the benchmark both render that.
 */
export function renderableCopy(chartDir: string, scratch: string): string {
  const chartYaml = fs.readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8');
  const withoutDependencies = dropDependencies(chartYaml);
  if (withoutDependencies === chartYaml) return chartDir;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.cpSync(chartDir, scratch, { recursive: true });
  fs.writeFileSync(path.join(scratch, 'Chart.yaml'), withoutDependencies);
  return scratch;
}

/** The printed documents: each `---` block with its `# Source:` line. */
export function printedDocuments(text: string): string[] {
  const documents: string[] = [];
  for (const piece of text.split(/^---\n/m)) if (piece.trim() !== '') documents.push(piece);
  return documents;
}

export interface Comparison {
  /** Documents (or the one error) that are byte-equal. */
  readonly equal: number;
  /** Documents that differ in bytes but parse to the same YAML. */
  readonly yamlEqual: number;
  /** Documents from an excepted source that differ only in the values of some `key: value` lines. */
  readonly excepted: number;
  /** Helm's documents (or 1 for an error). */
  readonly total: number;
  /** One line per difference, for the failure message. */
  readonly differences: readonly string[];
}

/**
 * Compares our run with Helm's, document by document in order. A document whose `# Source:` is in
 * `exceptedSources` (a value Helm makes up anew each run) counts as excepted, not different, when
 * only the values of some `key: value` lines differ.
 */
export function compareRuns(ours: TemplateRun, helm: TemplateRun, exceptedSources: ReadonlySet<string> = new Set()): Comparison {
  if (helm.error !== undefined) {
    const same = ours.error === helm.error;
    return { equal: same ? 1 : 0, yamlEqual: 0, excepted: 0, total: 1, differences: same ? [] : [`Helm fails with ${JSON.stringify(helm.error)}; we ${ours.error === undefined ? 'render' : `fail with ${JSON.stringify(ours.error)}`}`] };
  }
  const theirs = printedDocuments(helm.stdout);
  const mine = printedDocuments(ours.stdout);
  const differences: string[] = [];
  if (ours.error !== undefined) differences.push(`we fail with ${JSON.stringify(ours.error)}; Helm renders`);
  let equal = 0;
  let yamlEqual = 0;
  let excepted = 0;
  for (let index = 0; index < theirs.length; index++) {
    const expected = theirs[index];
    const actual = mine[index];
    if (actual === expected) {
      equal++;
      continue;
    }
    if (actual !== undefined && exceptedSources.has(sourceOf(expected)) && differOnlyInValues(actual, expected)) {
      excepted++;
      continue;
    }
    if (actual !== undefined && sameYaml(actual, expected)) {
      yamlEqual++;
      differences.push(`document ${index + 1} (${sourceOf(expected)}): same YAML, different bytes`);
      continue;
    }
    differences.push(`document ${index + 1} (${sourceOf(expected)}): ${actual === undefined ? 'missing' : `we print ${sourceOf(actual)} ${firstDifference(actual, expected)}`}`);
  }
  if (mine.length > theirs.length) differences.push(`${mine.length - theirs.length} extra documents, the first from ${sourceOf(mine[theirs.length])}`);
  return { equal, yamlEqual, excepted, total: theirs.length, differences };
}

function sourceOf(document: string): string {
  return /^# Source: (.*)$/m.exec(document)?.[1] ?? '(no source)';
}

/** Same lines, except that some `key: value` lines have another value after the same key. */
function differOnlyInValues(a: string, b: string): boolean {
  const linesA = a.split('\n');
  const linesB = b.split('\n');
  if (linesA.length !== linesB.length) return false;
  const key = (line: string) => /^\s*[^\s:][^:]*: /.exec(line)?.[0];
  return linesA.every((line, index) => line === linesB[index] || (key(line) !== undefined && key(line) === key(linesB[index])));
}

function sameYaml(a: string, b: string): boolean {
  try {
    const parse = (text: string) => parseAllDocuments(text).map((doc) => ('toJS' in doc ? doc.toJS() : undefined));
    return isDeepStrictEqual(parse(a), parse(b));
  } catch {
    return false;
  }
}

/** Where two texts first differ, as a short quote of both. */
export function firstDifference(actual: string, expected: string): string {
  let index = 0;
  while (index < actual.length && actual[index] === expected[index]) index++;
  const line = actual.slice(0, index).split('\n').length;
  const quote = (text: string) => JSON.stringify(text.slice(index, index + 60));
  return `(line ${line}: ${quote(actual)} where Helm has ${quote(expected)})`;
}
