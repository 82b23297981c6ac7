/**
 * `helm-hooks`: the command-line adapter over the analysis core. Parses arguments, reads
 * charts, prints findings in the chosen format and sets the exit status (0 clean, 1 error
 * findings, 2 bad usage or unreadable input). Helm knowledge lives in the core only.
 */
import * as fs from 'fs';
import * as os from 'os';
import { isMainThread, workerData } from 'worker_threads';
import { rules, type RenderedPlanOptions, type Severity } from '../analysis';
import { decodeText, describeError, type LoadProblem } from '../node/chartLoader';
import { ruleDocsHref } from '../node/ruleDocs';
import { parseArgs, usage, type CheckCommand, type PlanCommand, type RulesCommand, type TemplateCommand } from './args';
import { runCheck, type ChartRenderStatus, type CheckReport } from './check';
import { isCheckWorker, serveCheckJobs } from './checkThreads';
import { isRenderWorker, serveRender } from './renderThread';
import { formatGithub } from './formatGithub';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { fixedLine, formatText } from './formatText';
import { runPlan } from './planCommand';
import { readRenderOptions } from './renderInput';
import { ruleList, ruleSection } from './ruleDocs';
import { sourceRoot } from './sourceRoot';
import { runTemplate } from './templateCommand';
import { formatDiff } from './unifiedDiff';
import { toolVersion } from './version';
import { writeReportFile } from './writeFixed';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Colour the text output (see colorWanted). */
  readonly colorOutput: boolean;
  /** stdout is a terminal: the text output groups findings by file. */
  readonly terminal?: boolean;
  /** The bytes of stdin, for `check --stdin`. */
  readonly readStdin?: () => Buffer;
  /** Check many charts on worker threads started from this script (the CLI's own entry); absent: on this thread. */
  readonly threads?: { readonly script: string; readonly count: number };
}

/** Worker threads for `check` of many charts: HELM_HOOKS_THREADS when it is a positive number (1: none), else one per available core. */
export function threadCount(setting: string | undefined): number {
  const asked = Number(setting);
  if (setting !== undefined && setting !== '' && Number.isInteger(asked) && asked >= 1) return asked;
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Whether to colour: never when stdout is not a terminal; on a terminal, FORCE_COLOR=0 turns it
 * off and any other non-empty FORCE_COLOR on, and otherwise a non-empty NO_COLOR turns it off.
 */
export function colorWanted(terminal: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (!terminal) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  return !env.NO_COLOR;
}

export const exitClean = 0;
export const exitErrorFindings = 1;
export const exitUsageOrInput = 2;

export function main(argv: readonly string[], io: Io): number {
  const parsed = parseArgs(argv, { ruleIds: new Set(rules.map((rule) => rule.id)) });
  if (!parsed.ok) {
    io.stderr(`helm-hooks: ${parsed.error}\nRun 'helm-hooks --help' for usage.\n`);
    return exitUsageOrInput;
  }
  const command = parsed.value;
  if (command.command === 'help') {
    io.stdout(usage());
    return exitClean;
  }
  if (command.command === 'version') {
    io.stdout(`${toolVersion()}\n`);
    return exitClean;
  }
  if (command.command === 'plan') return plan(command, io);
  if (command.command === 'template') return template(command, io);
  if (command.command === 'rules') return listRules(command, io);
  return check(command, io);
}

function listRules(command: RulesCommand, io: Io): number {
  const rule = rules.find((each) => each.id === command.explain);
  io.stdout(rule ? `${ruleSection(rule)}\n` : ruleList(rules));
  return exitClean;
}

/** How far up a severity is, for --fail-on: hints never fail a check. */
const severityRank: Readonly<Record<Severity, number>> = { hint: 0, information: 1, warning: 2, error: 3 };

function check(command: CheckCommand, io: Io): number {
  let stdin: { filename: string; text: string } | undefined;
  if (command.stdinFilename !== undefined) {
    const problems: LoadProblem[] = [];
    const text = readStdin(io, problems);
    for (const problem of problems) io.stderr(`helm-hooks: ${problem.path}: ${problem.message}\n`);
    if (text === undefined) return exitUsageOrInput;
    stdin = { filename: command.stdinFilename, text };
  }
  let render: RenderedPlanOptions | undefined;
  if (!command.noRender) {
    const problems: LoadProblem[] = [];
    // A chart checked out before `helm dependency build` is judged on what it renders itself (helm template would refuse it).
    // The rules judge hooks and the objects they name: other rendered documents are read for their identity only.
    // A chart that fails to render is checked as written: the templates after the failing one need not execute.
    // Nothing reads the text helm template would print.
    render = { ...readRenderOptions(command, problems), missingDependencies: 'skip', documents: 'identity', untilError: true, print: false };
    for (const problem of problems) io.stderr(`helm-hooks: ${problem.path}: ${problem.message}\n`);
    if (problems.length > 0) return exitUsageOrInput;
  }
  const report = runCheck({ paths: command.paths, config: { rules: command.ruleSettings, helmVersion: command.helmVersion }, configFile: command.configFile, fix: command.fix, diff: command.diff, fixRules: command.fixRules, stdin, profiles: command.profiles, ...(render ? { render } : {}), ...(io.threads ? { threads: io.threads } : {}) });
  // Machine formats carry it in the report; one line says when a chart was read as written instead.
  for (const chart of report.renders ?? []) if (chart.mode === 'literal' && command.format === 'text') io.stderr(`helm-hooks: ${chart.chart}${profileOf(chart)}: not rendered, checked as written: ${firstLine(chart.error)}\n`);
  for (const chart of report.renders ?? []) if (chart.mode === 'rendered' && chart.skippedDependencies && command.format === 'text' && chart.profile === undefined) io.stderr(`helm-hooks: ${chart.chart}: rendered without ${chart.skippedDependencies.join(', ')} (missing from charts/; run helm dependency build to judge their hooks too)\n`);
  for (const problem of report.problems) io.stderr(`helm-hooks: ${problem.path}: ${problem.message}\n`);
  for (const error of report.internalErrors) io.stderr(`helm-hooks: internal error (please report it): ${error}\n`);
  const shown: CheckReport = command.quiet ? { ...report, findings: report.findings.filter((finding) => finding.severity === 'error') } : report;
  const toFile = command.output !== undefined;
  const output = command.diff ? formatDiff(report.diffs ?? []) : formatReport(shown, command, { color: !toFile && io.colorOutput, grouped: !toFile && io.terminal === true });
  if (command.output !== undefined) {
    const outcome = writeReportFile(command.output, output);
    if (!outcome.written) {
      io.stderr(`helm-hooks: ${command.output}: cannot write the report: ${outcome.reason}\n`);
      return exitUsageOrInput;
    }
  } else io.stdout(output);
  // The machine formats keep stdout parseable, so the fix summary goes to stderr there.
  if (report.fixed && (command.format !== 'text' || toFile)) io.stderr(`helm-hooks: ${fixedLine(report.fixed)}\n`);
  if (report.problems.length > 0 || report.internalErrors.length > 0) return exitUsageOrInput;
  if (command.diff) return (report.diffs ?? []).length > 0 && !command.exitZero ? exitErrorFindings : exitClean;
  const failing = report.findings.some((finding) => severityRank[finding.severity] >= severityRank[command.failOn]);
  const warnings = report.findings.filter((finding) => finding.severity === 'warning').length;
  const tooManyWarnings = command.maxWarnings !== undefined && warnings > command.maxWarnings;
  if (tooManyWarnings) io.stderr(`helm-hooks: ${warnings} warning findings, more than --max-warnings ${command.maxWarnings}\n`);
  return (failing || tooManyWarnings) && !command.exitZero ? exitErrorFindings : exitClean;
}

function formatReport(report: CheckReport, command: CheckCommand, text: { color: boolean; grouped: boolean }): string {
  if (command.format === 'json') return formatJson(report);
  if (command.format === 'sarif') return formatSarif(report, { rules, toolVersion: toolVersion(), root: sourceRoot() });
  if (command.format === 'github') return formatGithub(report, sourceRoot());
  return formatText(report, { ...text, quiet: command.quiet, docsLink: ruleDocsHref });
}

/** ` (profile ci/a-values.yaml)` for a render under a values profile; nothing for the default values. */
function profileOf(chart: ChartRenderStatus): string {
  return chart.profile === undefined ? '' : ` (profile ${chart.profile})`;
}

/** The template text on stdin, as strictly as a file is read (UTF-8 only, a leading BOM dropped). */
function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}

function readStdin(io: Io, problems: LoadProblem[]): string | undefined {
  let bytes: Buffer;
  try {
    bytes = (io.readStdin ?? (() => fs.readFileSync(0)))();
  } catch (error) {
    problems.push({ path: 'stdin', message: describeError(error) });
    return undefined;
  }
  return decodeText(bytes, 'stdin', problems);
}

function plan(command: PlanCommand, io: Io): number {
  const outcome = runPlan(command);
  for (const problem of outcome.problems) io.stderr(`helm-hooks: ${problem.path}: ${problem.message}\n`);
  if (outcome.output !== undefined) io.stdout(outcome.output);
  return outcome.problems.length > 0 ? exitUsageOrInput : exitClean;
}

/** Helm's exit status when `helm template` fails. */
export const exitHelmFailed = 1;

function template(command: TemplateCommand, io: Io): number {
  const outcome = runTemplate(command);
  for (const problem of outcome.problems) io.stderr(`helm-hooks: ${problem.path}: ${problem.message}\n`);
  if (outcome.problems.length > 0) return exitUsageOrInput;
  for (const warning of outcome.warnings) io.stderr(`helm-hooks: warning: ${warning}\n`);
  io.stdout(outcome.output);
  if (outcome.error === undefined) return exitClean;
  io.stderr(`Error: ${outcome.error}\n`);
  return exitHelmFailed;
}

if (require.main === module && !isMainThread && isCheckWorker(workerData)) {
  // A worker thread of `check` (checkThreads.ts), started from this file.
  serveCheckJobs(workerData);
} else if (require.main === module && !isMainThread && isRenderWorker(workerData)) {
  // The render of one big chart for `check` (renderThread.ts), started from this file.
  serveRender(workerData);
} else if (require.main === module) {
  // V8 flags for this short-lived process are set by the loader in front of the bundle (scripts/build.mjs).
  process.stdout.on('error', outputFailed);
  const terminal = process.stdout.isTTY === true;
  try {
    process.exitCode = main(process.argv.slice(2), {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      colorOutput: colorWanted(terminal, process.env),
      terminal,
      threads: { script: __filename, count: threadCount(process.env.HELM_HOOKS_THREADS) },
    });
  } catch (error) {
    // A crash must never look like "error findings" (1), even under --exit-zero.
    process.stderr.write(`helm-hooks: internal error (please report it): ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = exitUsageOrInput;
  }
}

/**
 * stdout failed. `helm-hooks check … | head` closes the pipe early: that is not an error. Any
 * other failure (a full disk, `> /dev/full`) means the report was lost, so it is said in one
 * line and the exit status is 2, whatever --exit-zero asked: a lost report is never "clean".
 */
function outputFailed(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? exitClean);
  try {
    fs.writeSync(2, `helm-hooks: cannot write the output: ${describeError(error)}\n`);
  } catch {
    // stderr is gone too: the exit status is all that is left.
  }
  process.exit(exitUsageOrInput);
}
