/**
 * `--format github`: one GitHub Actions workflow command per finding
 * (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), which annotates the
 * pull request at the finding. Columns are 1-based and the end column is the last character's,
 * inclusive. Files are named relative to the source root (sourceRoot.ts).
 */
import type { Severity } from '../analysis';
import type { CheckReport } from './check';
import { profilesNote } from './formatText';
import { relativeToRoot } from './sourceRoot';

const commands: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

export function formatGithub(report: CheckReport, root: string): string {
  return report.findings
    .map((finding) => {
      const { start, end } = finding.range;
      const properties: [string, string | number][] = [
        ['file', relativeToRoot(finding.file, root) ?? finding.file],
        ['line', start.line + 1],
        ['col', start.character + 1],
        ['endLine', end.line + 1],
        // The range's end is exclusive and 0-based, so it is the 1-based inclusive end; an empty range ends where it starts.
        ['endColumn', end.line === start.line ? Math.max(end.character, start.character + 1) : Math.max(end.character, 1)],
        ['title', finding.rule],
      ];
      return `::${commands[finding.severity]} ${properties.map(([name, value]) => `${name}=${escapeProperty(String(value))}`).join(',')}::${escapeData(finding.message + profilesNote(finding))}\n`;
    })
    .join('');
}

/** The message of a workflow command: `%`, CR and LF are escaped, as the Actions runner reads them. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: also `:` and `,`, which would end the value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
