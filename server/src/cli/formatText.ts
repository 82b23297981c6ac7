/**
 * The terminal format. Into a pipe or a file: one `file:line:col severity rule-id message` line
 * per finding (1-based, as editors and terminals link them), stable for tools. On a terminal:
 * the findings grouped under their file, coloured when allowed. A finding that holds in some values
 * profiles of its chart only says which. Then, either way, each rule found
 * with a link to its docs (when the shipped docs are there), and a summary line.
 */
import type { Severity } from '../analysis';
import type { CheckReport, ReportedFinding } from './check';

export interface TextOptions {
  /** Colour the severities (only when stdout is a terminal and the environment allows it: see colorWanted). */
  readonly color: boolean;
  /** Group the findings under their file (stdout is a terminal). */
  readonly grouped?: boolean;
  /** `--quiet`: the findings are the errors only, and the summary counts only them. */
  readonly quiet?: boolean;
  /** The link to a rule's docs, or undefined when there is none to give. */
  readonly docsLink?: (rule: string) => string | undefined;
}

const severityColors: Readonly<Record<Severity, string>> = { error: '31', warning: '33', information: '34', hint: '2' };

export function formatText(report: CheckReport, options: TextOptions): string {
  const paint = (code: string, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  if (report.fixed) lines.push(fixedLine(report.fixed));
  if (options.grouped) lines.push(...groupedLines(report.findings, paint));
  else {
    for (const finding of report.findings) {
      const where = `${finding.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      lines.push(`${where} ${paint(severityColors[finding.severity], finding.severity)} ${paint('2', finding.rule)} ${finding.message}${profilesNote(finding)}`);
    }
  }
  lines.push(...docsLines(report.findings, options.docsLink));
  lines.push(options.quiet ? quietSummaryLine(report) : summaryLine(report));
  return lines.join('\n') + '\n';
}

/** Each file once, underlined, its findings indented below it with aligned columns, a blank line after each file. */
function groupedLines(findings: readonly ReportedFinding[], paint: (code: string, text: string) => string): string[] {
  const byFile = new Map<string, ReportedFinding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  const lines: string[] = [];
  for (const [file, own] of byFile) {
    const wheres = own.map((finding) => `${finding.range.start.line + 1}:${finding.range.start.character + 1}`);
    const whereWidth = Math.max(...wheres.map((where) => where.length));
    const severityWidth = Math.max(...own.map((finding) => finding.severity.length));
    lines.push(paint('4', file));
    own.forEach((finding, index) => {
      const severity = paint(severityColors[finding.severity], finding.severity.padEnd(severityWidth));
      lines.push(`  ${wheres[index].padEnd(whereWidth)}  ${severity}  ${finding.message}${profilesNote(finding)}  ${paint('2', finding.rule)}`);
    });
    lines.push('');
  }
  return lines;
}

/** ` (only in profiles default, ci/a-values.yaml)` for a finding that holds in some of its chart's values profiles only; nothing otherwise. */
export function profilesNote(finding: ReportedFinding): string {
  if (!finding.profiles || finding.inEveryProfile) return '';
  return ` (only in profile${finding.profiles.length === 1 ? '' : 's'} ${finding.profiles.join(', ')})`;
}

/** `rule-id: link` for each rule that has findings, in order of first finding; nothing when no link exists. */
function docsLines(findings: readonly ReportedFinding[], docsLink: TextOptions['docsLink']): string[] {
  if (!docsLink) return [];
  const links = [...new Set(findings.map((finding) => finding.rule))].flatMap((rule) => {
    const link = docsLink(rule);
    return link === undefined ? [] : [`  ${rule}: ${link}`];
  });
  return links.length > 0 ? ['Rule docs:', ...links] : [];
}

export function fixedLine(fixed: NonNullable<CheckReport['fixed']>): string {
  return `fixed ${plural(fixed.findings, 'finding')} in ${plural(fixed.files.length, 'file')}`;
}

export function summaryLine(report: CheckReport): string {
  const count = (severity: Severity): number => report.findings.filter((finding) => finding.severity === severity).length;
  const totals = `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('information')} information, ${plural(count('hint'), 'hint')}`;
  return `${totals} in ${scopeOf(report)}`;
}

/** Under --quiet only errors are shown, so only errors are counted: "0 warnings" would not be true. */
function quietSummaryLine(report: CheckReport): string {
  return `${plural(report.findings.filter((finding) => finding.severity === 'error').length, 'error')} in ${scopeOf(report)} (--quiet: other severities not shown)`;
}

function scopeOf(report: CheckReport): string {
  return report.charts > 0 ? `${plural(report.charts, 'chart')} (${plural(report.files, 'file')})` : plural(report.files, 'file');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
