/**
 * SARIF 2.1.0 output for code-scanning services (GitHub accepts it): one run, the rule
 * catalogue as the driver's rules, findings as results with 1-based regions. Files under the
 * source root (sourceRoot.ts) are URIs relative to `%SRCROOT%`, which `originalUriBaseIds` sets
 * to that root, so code scanning maps them to the repository; files outside it are file URIs.
 * Checked against the OASIS SARIF 2.1.0 schema in test/schemas/.
 */
import { pathToFileURL } from 'url';
import type { Rule, Severity } from '../analysis';
import type { CheckReport, Range, ReportedEdit } from './check';
import { relativeToRoot } from './sourceRoot';

export interface SarifOptions {
  readonly rules: readonly Rule[];
  readonly toolVersion: string;
  /** The source root: an absolute folder. */
  readonly root: string;
}

const rootId = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

const levels: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(report: CheckReport, options: SarifOptions): string {
  const artifact = (file: string) => artifactLocation(file, options.root);
  const location = (file: string, range: Range) => ({ physicalLocation: { artifactLocation: artifact(file), region: region(range) } });
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));
  const sarif = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'helm-hooks', version: options.toolVersion, rules: options.rules.map(describeRule) } },
        originalUriBaseIds: { [rootId]: { uri: folderUri(options.root) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: report.problems.length === 0 && report.internalErrors.length === 0,
            toolExecutionNotifications: [
              ...report.problems.map((problem) => ({ level: 'error', message: { text: problem.message }, locations: [{ physicalLocation: { artifactLocation: artifact(problem.path) } }] })),
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
          ...(finding.fixes.length > 0 ? { fixes: finding.fixes.map((fix) => ({ description: { text: fix.title }, artifactChanges: artifactChanges(fix.edits, artifact) })) } : {}),
          // SARIF's property bag: the values profiles the result holds in, when its chart has several.
          ...(finding.profiles ? { properties: { profiles: finding.profiles } } : {}),
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

/** SARIF regions are 1-based; the end column is exclusive, like the range's end character. */
function region(range: Range) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

function artifactChanges(edits: readonly ReportedEdit[], artifact: (file: string) => ReturnType<typeof artifactLocation>) {
  const byFile = new Map<string, ReportedEdit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  return [...byFile].map(([file, fileEdits]) => ({
    artifactLocation: artifact(file),
    replacements: fileEdits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
  }));
}

/** A file under the root as a URI relative to %SRCROOT%; any other as a file URI. */
function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const relative = relativeToRoot(file, root);
  if (relative === undefined) return { uri: pathToFileURL(file).href };
  return { uri: relative.split('/').map((segment) => encodeURIComponent(segment)).join('/'), uriBaseId: rootId };
}

/** A base URI must end with a slash, or the relative URIs would resolve against its parent. */
function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Markdown as readable plain text: no emphasis or code markers, links as "text (target)". */
function plainText(markdown: string): string {
  return linksAsText(markdown).replace(/\*\*|__|`/g, '');
}

/**
 * `markdown.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')` in one pass: the regex searched for
 * the closing `]` again from every `[` (quadratic on a run of `[`); the next `]` and `)` are kept.
 */
export function linksAsText(markdown: string): string {
  let out = '';
  let copied = 0;
  let close = -1;
  let paren = -1;
  for (let open = markdown.indexOf('['); open >= 0; open = markdown.indexOf('[', open + 1)) {
    if (close <= open) close = markdown.indexOf(']', open + 1);
    if (close < 0) break;
    if (close === open + 1 || markdown[close + 1] !== '(') continue;
    if (paren <= close + 1) paren = markdown.indexOf(')', close + 2);
    if (paren < 0) break;
    if (paren === close + 2) continue;
    out += `${markdown.slice(copied, open)}${markdown.slice(open + 1, close)} (${markdown.slice(close + 2, paren)})`;
    copied = paren + 1;
    open = paren;
  }
  return out + markdown.slice(copied);
}
