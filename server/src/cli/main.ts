/**
 * `helm-hooks`: the command-line adapter over the analysis core. Parses arguments, reads
 * charts, prints findings in the chosen format and sets the exit status (0 clean, 1 error
 * findings, 2 bad usage or unreadable input). Helm knowledge lives in the core only.
 */
import { rules } from '../analysis';
import { parseArgs, usage, type CheckCommand } from './args';
import { runCheck } from './check';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { fixedLine, formatText } from './formatText';
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
  const parsed = parseArgs(argv, { ruleIds: new Set(rules.map((rule) => rule.id)), planAvailable: false });
  if (!parsed.ok) {
    io.stderr(`helm-hooks: ${parsed.error}\nRun 'helm-hooks --help' for usage.\n`);
    return exitUsageOrInput;
  }
  const command = parsed.value;
  if (command.command === 'help') {
    io.stdout(usage({ planAvailable: false }));
    return exitClean;
  }
  if (command.command === 'version') {
    io.stdout(`${toolVersion()}\n`);
    return exitClean;
  }
  if (command.command === 'check') return check(command, io);
  io.stderr(`helm-hooks: '${command.command}' is not available in this build\n`);
  return exitUsageOrInput;
}

function check(command: CheckCommand, io: Io): number {
  const report = runCheck({ paths: command.paths, config: { rules: command.ruleSettings }, fix: command.fix });
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

if (require.main === module) {
  const colorOutput = process.stdout.isTTY === true && !process.env.NO_COLOR;
  process.exitCode = main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    colorOutput,
  });
}
