/**
 * The JSON format (version 1): findings with 0-based lines and UTF-16 characters, as LSP
 * counts them, so editors and scripts can use the ranges directly; `related` holds the other
 * places a message speaks of, as the editor shows them under the diagnostic.
 */
import type { CheckReport } from './check';

export function formatJson(report: CheckReport): string {
  const findings = report.findings.map((finding) => ({
    file: finding.file,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    range: finding.range,
    related: finding.related.map((related) => ({ file: related.file, range: related.range, message: related.message })),
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      isPreferred: fix.isPreferred,
      edits: fix.edits.map((edit) => ({ file: edit.file, range: edit.range, newText: edit.newText })),
    })),
  }));
  return JSON.stringify({ version: 1, findings }, null, 2) + '\n';
}
