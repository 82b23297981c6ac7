/**
 * The quick fixes for a range of a document: the fixes of the findings there, the fixes rules
 * offer even when they are off (without a diagnostic, anywhere on the finding's line), one
 * "Suppress RULE on this line" per rule and line (a comment the core writes), and one
 * "Disable rule … in settings" per rule when the client can update settings.
 */
import type { CodeAction } from 'vscode-languageserver';
import { rules, suppressionFix, type AnalysisConfig, type AnalysisResult, type LineIndex, type SeveritySetting, type Span } from './analysis';
import { toCodeAction, toDiagnostic, toDisableRuleAction, type FileResolver } from './toLsp';

/** Rules whose fixes stay available as code actions on a hook even when the rule is off (the catalogue says which). */
const offeredWhenOff: ReadonlySet<string> = new Set(rules.filter((rule) => rule.fixOfferedWhenOff).map((rule) => rule.id));

/** The rules that judge suppression comments: a comment above a comment is no way to silence them. */
const reviewsSuppressions: ReadonlySet<string> = new Set(rules.filter((rule) => rule.reviewsSuppressions).map((rule) => rule.id));

/** The configuration to analyse with for code actions: as configured, but the offered-when-off rules run even when off. */
export function codeActionConfig(configured: Readonly<Record<string, SeveritySetting>>): AnalysisConfig {
  return { rules: Object.fromEntries(Object.entries(configured).filter(([id, severity]) => !(severity === 'off' && offeredWhenOff.has(id)))) };
}

export interface CodeActionRequest {
  readonly uri: string;
  readonly file: string;
  readonly range: Span;
  readonly lines: LineIndex;
  /** The document's text, for the suppression comment's edit. */
  readonly text: string;
  /** The user's rule severities; the analysis ran with codeActionConfig of them. */
  readonly configured: Readonly<Record<string, SeveritySetting>>;
  readonly resolve: FileResolver;
  readonly updateSettingCommand?: string;
}

export function codeActionsFor(analysis: AnalysisResult, request: CodeActionRequest): CodeAction[] {
  const actions: CodeAction[] = [];
  const suppressActions: CodeAction[] = [];
  const suppressed = new Set<string>();
  const disableActions: CodeAction[] = [];
  const disabledRules = new Set<string>();
  for (const finding of analysis.findings) {
    if (finding.file !== request.file) continue;
    const ruleOff = request.configured[finding.rule] === 'off';
    // A fix offered without a diagnostic has no squiggle to aim at: anywhere on its line will do.
    if (!touches(ruleOff ? lineSpan(request.lines, finding.span) : finding.span, request.range)) continue;
    const diagnostic = ruleOff ? undefined : toDiagnostic(finding, request.lines, request.resolve);
    for (const fix of finding.fixes) {
      const action = toCodeAction(fix, request.resolve, diagnostic);
      if (action) actions.push(action);
    }
    const suppressKey = `${finding.rule}:${request.lines.positionAt(finding.span.start).line}`;
    if (diagnostic && !reviewsSuppressions.has(finding.rule) && !suppressed.has(suppressKey)) {
      suppressed.add(suppressKey);
      const fix = suppressionFix(finding, request.text);
      const action = fix && toCodeAction(fix, request.resolve, diagnostic);
      if (action) suppressActions.push(action);
    }
    if (diagnostic && request.updateSettingCommand && !disabledRules.has(finding.rule)) {
      disabledRules.add(finding.rule);
      disableActions.push(toDisableRuleAction(finding.rule, request.updateSettingCommand, request.uri, diagnostic));
    }
  }
  return [...actions, ...suppressActions, ...disableActions];
}

function lineSpan(index: LineIndex, span: Span): Span {
  const start = index.positionAt(span.start).line;
  const end = index.positionAt(span.end).line;
  const lineStart = index.offsetAt({ line: start, character: 0 });
  // Up to the newline, so a cursor at the start of the next line does not count.
  return { start: lineStart, end: Math.max(lineStart, index.offsetAt({ line: end + 1, character: 0 }) - 1) };
}

/** Whether a finding's span meets the requested range (an empty range is the cursor). */
function touches(span: Span, range: Span): boolean {
  return span.start <= range.end && range.start <= span.end;
}
