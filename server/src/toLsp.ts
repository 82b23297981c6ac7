/**
 * The only place that builds LSP types from the core's plain data: offsets become ranges,
 * findings become diagnostics, fixes become code actions, completion items and hovers
 * get their LSP shape.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  type CodeAction,
  type Command,
  type CompletionItem,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Hover,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { ruleDocsHref } from './node/ruleDocs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CompletionEntry, type Finding, type Fix, type HoverResult, type LineIndex, type Severity, type Span } from './analysis';

export const diagnosticSource = 'helm-hooks';

/** Resolves a chart-relative file to its URI and line index; undefined when the file is unknown. */
export type FileResolver = (file: string) => { uri: string; lines: LineIndex } | undefined;

/**
 * An open document's own line offsets as the core's LineIndex: TextDocument keeps them
 * current through incremental edits, so a keystroke in a large file costs no new index.
 */
export function documentLines(doc: TextDocument): LineIndex {
  return {
    positionAt: (offset) => doc.positionAt(offset),
    offsetAt: (position) => doc.offsetAt(position),
    get lineCount() {
      return doc.lineCount;
    },
  };
}

export function toRange(index: LineIndex, span: Span): Range {
  return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
}

export function toDiagnostic(finding: Finding, index: LineIndex, resolve: FileResolver): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(index, finding.span),
    severity: toSeverity(finding.severity),
    code: finding.rule,
    source: diagnosticSource,
    message: finding.message,
  };
  const href = ruleDocsHref(finding.rule);
  if (href) diagnostic.codeDescription = { href };
  const related: DiagnosticRelatedInformation[] = [];
  for (const location of finding.related) {
    const target = resolve(location.file);
    if (!target) continue;
    related.push({ location: { uri: target.uri, range: toRange(target.lines, location.span) }, message: location.message });
  }
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

/** A fix as a quick fix; `diagnostic` is absent when the rule is off but its fix is still offered. */
export function toCodeAction(fix: Fix, resolve: FileResolver, diagnostic?: Diagnostic): CodeAction | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of fix.edits) {
    const target = resolve(edit.file);
    if (!target) return undefined; // A fix is all of its edits or nothing.
    (changes[target.uri] ??= []).push({ range: toRange(target.lines, edit.span), newText: edit.newText });
  }
  const edit: WorkspaceEdit = { changes };
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, edit };
  if (diagnostic) action.diagnostics = [diagnostic];
  if (fix.isPreferred) action.isPreferred = true;
  return action;
}

/** "Disable rule <id> in settings": a client command that sets `helmHooks.rules.<id>` to `off`. */
export function toDisableRuleAction(rule: string, command: string, scopeUri: string, diagnostic: Diagnostic): CodeAction {
  const run: Command = { title: `Disable rule ${rule} in settings`, command, arguments: [`helmHooks.rules.${rule}`, 'off', scopeUri] };
  return { title: run.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: run };
}

const completionKinds: Record<CompletionEntry['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  event: CompletionItemKind.EnumMember,
  policy: CompletionItemKind.EnumMember,
  weight: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
};

export function toCompletionItem(entry: CompletionEntry, index: LineIndex): CompletionItem {
  const item: CompletionItem = {
    label: entry.label,
    kind: completionKinds[entry.kind],
    sortText: entry.sortText,
    insertTextFormat: entry.insertTextFormat === 'snippet' ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: toRange(index, entry.replaceSpan), newText: entry.insertText },
    documentation: { kind: MarkupKind.Markdown, value: entry.documentation },
  };
  if (entry.detail) item.detail = entry.detail;
  if (entry.filterText) item.filterText = entry.filterText;
  return item;
}

export function toHover(result: HoverResult, index: LineIndex): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: toRange(index, result.span) };
}

export function toSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'information':
      return DiagnosticSeverity.Information;
    default:
      return DiagnosticSeverity.Hint;
  }
}

