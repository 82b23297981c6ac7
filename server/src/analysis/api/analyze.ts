/**
 * Runs the rule catalogue over one chart state's facts with the caller's settings. Each rule
 * runs in isolation: a rule that fails on odd input is recorded in `internalErrors`, never
 * thrown, and the other rules still report.
 */
import type { ChartModel } from '../model/chart';
import type { ChartFacts } from './facts';
import { rules } from '../rules';
import type { Rule } from '../rules/rule';
import { severities, type AnalysisConfig, type AnalysisResult, type Finding, type Fix, type Severity, type Span } from '../types';

/** The findings of `catalogue` (the shipped rules unless a test passes others); the files the model could not read are internal errors too. Never throws. */
export function findingsOf(facts: ChartFacts, config: AnalysisConfig, catalogue: readonly Rule[] = rules): AnalysisResult {
  try {
    return checkChart(facts, config ?? {}, catalogue);
  } catch (error) {
    return { findings: [], internalErrors: [`rules: ${describe(error)}`] };
  }
}

function checkChart(facts: ChartFacts, config: AnalysisConfig, catalogue: readonly Rule[]): AnalysisResult {
  const chart = facts.model;
  const findings: Finding[] = [];
  const internalErrors: string[] = [...chart.internalErrors];
  const annotationSites = facts.annotationSites();
  const unreadable = unreadableDocuments(chart);
  for (const rule of catalogue) {
    const configured = config.rules?.[rule.id];
    if (configured === 'off') continue;
    try {
      rule.check({
        chart,
        annotationSites,
        plan: facts.plan,
        dependencies: facts.dependencies,
        releaseDependencies: facts.releaseDependencies,
        report(report) {
          findings.push({
            rule: rule.id,
            severity: severityOf(rule, configured, report.severity),
            message: report.message,
            file: report.file,
            span: report.span,
            fixes: safeFixes(report.fixes ?? [], unreadable),
            related: report.related ?? [],
          });
        },
      });
    } catch (error) {
      internalErrors.push(`${rule.id}: ${describe(error)}`);
    }
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start || a.span.end - b.span.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)));
  return { findings, internalErrors };
}

/** Spans of documents whose masked YAML did not parse, by file. */
function unreadableDocuments(chart: ChartModel): Map<string, Span[]> {
  const result = new Map<string, Span[]>();
  for (const file of chart.files) {
    const spans = file.documents.filter((doc) => !doc.yamlReadable).map((doc) => doc.span);
    if (spans.length > 0) result.set(file.path, spans);
  }
  return result;
}

/**
 * A fix that edits a document the YAML parser could not read is offered, but never as the
 * preferred (safe) one: the model of that document may be missing what the user wrote.
 */
function safeFixes(fixes: readonly Fix[], unreadable: Map<string, Span[]>): readonly Fix[] {
  if (unreadable.size === 0) return fixes;
  const touchesUnreadable = (fix: Fix): boolean => fix.edits.some((edit) => (unreadable.get(edit.file) ?? []).some((doc) => edit.span.start >= doc.start && edit.span.start <= doc.end));
  return fixes.map((fix) => (fix.isPreferred && touchesUnreadable(fix) ? { ...fix, isPreferred: false } : fix));
}

function severityOf(rule: Rule, configured: string | undefined, reported: Severity | undefined): Severity {
  // Settings come from users; `default`, or anything but a known severity, leaves the rule's own choice.
  if ((severities as readonly (string | undefined)[]).includes(configured)) return configured as Severity;
  return reported ?? rule.defaultSeverity;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}` : String(error);
}
