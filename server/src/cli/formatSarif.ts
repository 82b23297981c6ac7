/**
 * SARIF 2.1.0 output for code-scanning services (GitHub accepts it): one run, the rule
 * catalogue as the driver's rules, findings as results with 1-based regions.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Rule, Severity } from '../analysis';
import type { CheckReport, Range, ReportedEdit } from './check';

export interface SarifOptions {
  readonly rules: readonly Rule[];
  readonly toolVersion: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

const levels: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(report: CheckReport, options: SarifOptions): string {
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'helm-hooks', version: options.toolVersion, rules: options.rules.map(describeRule) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: report.problems.length === 0 && report.internalErrors.length === 0,
            toolExecutionNotifications: [
              ...report.problems.map((problem) => ({ level: 'error', message: { text: problem.message }, locations: [{ physicalLocation: { artifactLocation: { uri: toUri(problem.path) } } }] })),
              ...report.internalErrors.map((error) => ({ level: 'error', message: { text: `internal error: ${error}` } })),
            ],
          },
        ],
        results: report.findings.map((finding) => ({
          ruleId: finding.rule,
          ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {}),
          level: levels[finding.severity],
          message: { text: finding.message },
          locations: [location(finding.file, finding.range)],
          ...(finding.related.length > 0 ? { relatedLocations: finding.related.map((related, index) => ({ id: index, ...location(related.file, related.range), message: { text: related.message } })) } : {}),
          ...(finding.fixes.length > 0 ? { fixes: finding.fixes.map((fix) => ({ description: { text: fix.title }, artifactChanges: artifactChanges(fix.edits) })) } : {}),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function describeRule(rule: Rule) {
  const helpMarkdown = rule.fixDescription ? `${rule.rationale}\n\n**Fix:** ${rule.fixDescription}` : rule.rationale;
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.summary },
    fullDescription: { text: plainText(rule.rationale) },
    help: { text: plainText(helpMarkdown), markdown: helpMarkdown },
    defaultConfiguration: { level: levels[rule.defaultSeverity] },
  };
}

function location(file: string, range: Range) {
  return { physicalLocation: { artifactLocation: { uri: toUri(file) }, region: region(range) } };
}

/** SARIF regions are 1-based; the end column is exclusive, like the range's end character. */
function region(range: Range) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

function artifactChanges(edits: readonly ReportedEdit[]) {
  const byFile = new Map<string, ReportedEdit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  return [...byFile].map(([file, fileEdits]) => ({
    artifactLocation: { uri: toUri(file) },
    replacements: fileEdits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
  }));
}

/** Relative paths stay relative (code scanning resolves them against the checkout); absolute ones become file URIs. */
function toUri(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(path.sep).map((segment) => encodeURIComponent(segment)).join('/');
}

/** Markdown as readable plain text: no emphasis or code markers, links as "text (target)". */
function plainText(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)').replace(/\*\*|__|`/g, '');
}
