/**
 * The terminal format: one `file:line:col severity rule-id message` line per finding
 * (1-based, as editors and terminals link them), then a summary line.
 */
import type { Severity } from '../analysis';
import type { CheckReport } from './check';

export interface TextOptions {
  /** Colour the severities (only when stdout is a terminal and NO_COLOR is unset). */
  readonly color: boolean;
}

const severityColors: Readonly<Record<Severity, string>> = { error: '31', warning: '33', information: '34', hint: '2' };

export function formatText(report: CheckReport, options: TextOptions): string {
  const paint = (code: string, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  if (report.fixed) lines.push(fixedLine(report.fixed));
  for (const finding of report.findings) {
    const where = `${finding.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
    lines.push(`${where} ${paint(severityColors[finding.severity], finding.severity)} ${paint('2', finding.rule)} ${finding.message}`);
  }
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
}

export function fixedLine(fixed: NonNullable<CheckReport['fixed']>): string {
  return `fixed ${plural(fixed.findings, 'finding')} in ${plural(fixed.files.length, 'file')}`;
}

export function summaryLine(report: CheckReport): string {
  const count = (severity: Severity): number => report.findings.filter((finding) => finding.severity === severity).length;
  const totals = `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('information')} information, ${plural(count('hint'), 'hint')}`;
  const scope = report.charts > 0 ? `${plural(report.charts, 'chart')} (${plural(report.files, 'file')})` : plural(report.files, 'file');
  return `${totals} in ${scope}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
