/**
 * Helpers shared by the extension-host tests. Waiting is always on VS Code events
 * (diagnostics changes, editor changes) with a deadline that fails with what was last seen;
 * nothing sleeps for a fixed time to "let the server catch up".
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PlanTreeItem, PlanTreeResult } from '../../../server/src/protocol';

export const extensionId = 'helm-hooks.helm-hooks';
export const diagnosticSource = 'helm-hooks';
const defaultTimeoutMs = 20_000;

export function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(extensionId);
  assert.ok(found, `extension ${extensionId} is not loaded`);
  return found;
}

/**
 * The repository root, for golden files outside the workspace copy: the suite runs bundled from
 * `.e2e/out/suite/`. (Not the extension's path, which a run may point at a staged build elsewhere.)
 */
export function repoRoot(): string {
  return path.resolve(__dirname, '../../..');
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

/** Copies examples/demo-chart into the workspace as `demo-chart` (once) and returns its folder. */
export function demoChart(): string {
  const target = workspaceUri('demo-chart').fsPath;
  if (!fs.existsSync(target)) fs.cpSync(path.join(repoRoot(), 'examples/demo-chart'), target, { recursive: true });
  return target;
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Our diagnostics for a document (other extensions' are ignored). */
export function diagnosticsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === diagnosticSource);
}

/**
 * Resolves with the document's diagnostics once `accept` holds for them, checking now and after
 * each diagnostics change of that document. Fails after the deadline, showing the last set seen.
 */
export function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = defaultTimeoutMs): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = diagnosticsOf(uri);
      if (!accept(current)) return false;
      finish();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; last seen:\n${describeAll(diagnosticsOf(uri)).join('\n') || '(none)'}`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/** Waits until the diagnostics, described one per line, equal `expected` (order ignored), then asserts it. */
export async function expectDiagnostics(uri: vscode.Uri, expected: string[], timeoutMs = defaultTimeoutMs): Promise<vscode.Diagnostic[]> {
  const want = [...expected].sort();
  const same = (diagnostics: vscode.Diagnostic[]) => JSON.stringify(describeAll(diagnostics).sort()) === JSON.stringify(want);
  const found = await waitForDiagnostics(uri, same, `exactly ${want.length} diagnostics`, timeoutMs).catch((error: Error) => {
    assert.deepStrictEqual(describeAll(diagnosticsOf(uri)).sort(), want, error.message);
    throw error;
  });
  return found;
}

/**
 * One line per diagnostic: `severity rule-id line:col-line:col "covered text"`, with VS Code's
 * 0-based positions; the covered text makes a wrong range obvious in a diff.
 */
export function show(diagnostic: vscode.Diagnostic, document?: vscode.TextDocument): string {
  const { start, end } = diagnostic.range;
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  const text = document ? ` ${JSON.stringify(document.getText(diagnostic.range))}` : '';
  return `${severityName(diagnostic.severity)} ${code} ${start.line}:${start.character}-${end.line}:${end.character}${text}`;
}

export function describeAll(diagnostics: vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => show(d));
}

export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === undefined ? undefined : String(code);
}

export function severityName(severity: vscode.DiagnosticSeverity): string {
  return ['error', 'warning', 'information', 'hint'][severity];
}

/**
 * The range a locator names in the document. A locator is text that occurs once in the document,
 * with the range marked by « and » when it is only part of it: `'hook-weight: «5»'`.
 */
export function rangeOf(document: vscode.TextDocument, locator: string): vscode.Range {
  const open = locator.indexOf('«');
  const close = locator.indexOf('»');
  const marked = open >= 0 && close > open;
  const needle = marked ? locator.replace('«', '').replace('»', '') : locator;
  const text = document.getText();
  const at = text.indexOf(needle);
  const name = vscode.workspace.asRelativePath(document.uri);
  assert.ok(at >= 0, `'${needle}' is not in ${name}`);
  assert.strictEqual(text.indexOf(needle, at + 1), -1, `'${needle}' occurs more than once in ${name}`);
  const start = at + (marked ? open : 0);
  const end = marked ? at + close - 1 : at + needle.length;
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

/** The position right after a locator's text (or at « when the locator has one and no »). */
export function positionAt(document: vscode.TextDocument, locator: string): vscode.Position {
  if (locator.includes('«') && !locator.includes('»')) return rangeOf(document, locator.replace('«', '«»')).start;
  return rangeOf(document, locator).end;
}

/** `severity rule line:col-line:col` for the range a locator names, in the form `show` prints. */
export function expected(document: vscode.TextDocument, severity: string, rule: string, locator: string): string {
  const { start, end } = rangeOf(document, locator);
  return `${severity} ${rule} ${start.line}:${start.character}-${end.line}:${end.character}`;
}

/** Sets `helmHooks.rules.<rule>` in the workspace settings; undefined removes it. */
export async function setRuleSeverity(rule: string, severity: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('helmHooks').update(`rules.${rule}`, severity, vscode.ConfigurationTarget.Workspace);
}

/** Resolves when `accept` holds for some visible editor, checking on every visible-editors change. */
export function waitForEditor(accept: (editor: vscode.TextEditor) => boolean, what: string, timeoutMs = defaultTimeoutMs): Promise<vscode.TextEditor> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const found = vscode.window.visibleTextEditors.find(accept);
      if (!found) return false;
      finish();
      resolve(found);
      return true;
    };
    const subscriptions = [vscode.window.onDidChangeVisibleTextEditors(() => check()), vscode.workspace.onDidChangeTextDocument(() => check())];
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; visible: ${vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()).join(', ')}`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
    };
    check();
  });
}

/** Reads a golden file; when missing (or HELM_HOOKS_E2E_UPDATE is set) writes `actual` there and fails, so it gets reviewed. */
export function expectGolden(relative: string, actual: string): void {
  const file = path.join(repoRoot(), relative);
  if (process.env.HELM_HOOKS_E2E_UPDATE || !fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    assert.fail(`wrote ${relative}: review it, then run again`);
  }
  assert.strictEqual(actual, fs.readFileSync(file, 'utf8'), `document differs from ${relative}`);
}

/** The plan tree item with `id`, searched depth-first. */
export function findPlanItem(items: readonly PlanTreeItem[], id: string): PlanTreeItem | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const found = findPlanItem(item.children ?? [], id);
    if (found) return found;
  }
  return undefined;
}

/** The labels of the hooks under the phase `phaseId`. */
export function hooksOf(result: PlanTreeResult, phaseId: string): string[] {
  return (findPlanItem(result.items, phaseId)?.children ?? []).map((item) => item.label);
}
