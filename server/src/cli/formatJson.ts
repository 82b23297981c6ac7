/**
 * The JSON format (version 1): findings with 0-based lines and UTF-16 characters, as LSP
 * counts them, so editors and scripts can use the ranges directly; `related` holds the other
 * places a message speaks of, as the editor shows them under the diagnostic; `profiles` the values
 * profiles a finding holds in (only for a chart judged under more than its default values).
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
    // The values profiles it holds in, when its chart has more than its default values (ci/*-values.yaml).
    ...(finding.profiles ? { profiles: finding.profiles } : {}),
  }));
  // How each chart was read, when check rendered them: `rendered`, or `literal` with Helm's error.
  const render = report.renders?.map((chart) => ({ chart: chart.chart, ...(chart.profile !== undefined ? { profile: chart.profile } : {}), mode: chart.mode, ...(chart.mode === 'literal' ? { error: chart.error } : {}) }));
  return JSON.stringify({ version: 1, findings, ...(render ? { render } : {}) }, null, 2) + '\n';
}
