/**
 * `helm-hooks`: the command-line adapter over the analysis core. Parses arguments, reads
 * charts, prints findings in the chosen format and sets the exit status (0 clean, 1 error
 * findings, 2 bad usage or unreadable input). Helm knowledge lives in the core only.
 */
import * as fs from 'fs';
import { rules } from '../analysis';
import { describeError } from '../node/chartLoader';
import { parseArgs, usage, type CheckCommand, type PlanCommand, type TemplateCommand } from './args';
import { runCheck } from './check';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { fixedLine, formatText } from './formatText';
import { runPlan } from './planCommand';
import { runTemplate } from './templateCommand';
import { toolVersion } from './version';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly colorOutput: boolean;
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
  return check(command, io);
}

function check(command: CheckCommand, io: Io): number {
  const report = runCheck({ paths: command.paths, config: { rules: command.ruleSettings }, configFile: command.configFile, fix: command.fix });
  for (const problem of report.problems) io.stderr(`helm-hooks: ${problem.path}: ${problem.message}\n`);
  for (const error of report.internalErrors) io.stderr(`helm-hooks: internal error (please report it): ${error}\n`);
  if (command.format === 'json') io.stdout(formatJson(report));
  else if (command.format === 'sarif') io.stdout(formatSarif(report, { rules, toolVersion: toolVersion() }));
  else io.stdout(formatText(report, { color: io.colorOutput }));
  // The machine formats keep stdout parseable, so the fix summary goes to stderr there.
  if (report.fixed && command.format !== 'text') io.stderr(`helm-hooks: ${fixedLine(report.fixed)}\n`);
  if (report.problems.length > 0 || report.internalErrors.length > 0) return exitUsageOrInput;
  const hasErrors = report.findings.some((finding) => finding.severity === 'error');
  return hasErrors && !command.exitZero ? exitErrorFindings : exitClean;
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

if (require.main === module) {
  process.stdout.on('error', outputFailed);
  const colorOutput = process.stdout.isTTY === true && !process.env.NO_COLOR;
  try {
    process.exitCode = main(process.argv.slice(2), {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      colorOutput,
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
