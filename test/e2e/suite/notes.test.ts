/**
 * templates/NOTES.txt in the real VS Code: its own language (`helm-notes`, whose grammar colours only the
 * template actions; test/e2e/ui/smoke.ts looks at the colours), a template syntax error reported and cleared
 * as it is typed, and nothing of hooks: its hook-like text gets no finding, completion or hover, while the
 * same line in the chart's Job does (so each check here can fail).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { diagnosticsOf, open, positionAt, ruleOf, waitForDiagnostics } from './helpers';

const notesFile = 'notes/templates/NOTES.txt';
const jobFile = 'notes/templates/job.yaml';
const hookValue = 'helm.sh/hook: «pre-instal';
const hookKey = 'helm.sh/ho«ok: pre-instal';

/** Our completion labels at the locator (word-based suggestions left out). */
async function completionLabels(document: vscode.TextDocument, locator: string): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, positionAt(document, locator));
  return list.items.filter((item) => item.kind !== vscode.CompletionItemKind.Text).map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

async function hoverText(document: vscode.TextDocument, locator: string): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionAt(document, locator));
  return hovers.flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : part.value))).join('\n');
}

async function type(text: string): Promise<void> {
  for (const ch of text) await vscode.commands.executeCommand('type', { text: ch });
}

describe('NOTES.txt', () => {
  it('opens in the Helm NOTES language, not Plain Text', async () => {
    const { document } = await open(notesFile);
    assert.strictEqual(document.languageId, 'helm-notes');
  });

  it('reports a template syntax error as it is typed and clears it when the action is closed again; no hook finding', async () => {
    const job = (await open(jobFile)).document;
    await waitForDiagnostics(job.uri, (diagnostics) => diagnostics.some((d) => ruleOf(d) === 'unknown-hook-event'), 'the unknown event in the Job');
    const editor = await open(notesFile);
    const original = editor.document.getText();
    const close = positionAt(editor.document, '{{ .Chart.Name «}}');
    editor.selection = new vscode.Selection(close, close);
    await vscode.commands.executeCommand('deleteRight');
    await vscode.commands.executeCommand('deleteRight');
    const broken = await waitForDiagnostics(editor.document.uri, (diagnostics) => diagnostics.length > 0, 'a finding for the unclosed action');
    assert.deepStrictEqual(broken.map((d) => `${ruleOf(d)} ${d.range.start.line}`), ['template-syntax-error 0']);
    await type('}}');
    assert.strictEqual(editor.document.getText(), original);
    await waitForDiagnostics(editor.document.uri, (diagnostics) => diagnostics.length === 0, 'no finding once the action is closed');
    assert.deepStrictEqual(diagnosticsOf(editor.document.uri), []);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('an action typed at the end gives its braces once', async () => {
    const editor = await open(notesFile);
    const end = editor.document.positionAt(editor.document.getText().length);
    editor.selection = new vscode.Selection(end, end);
    await type('Release: {{ .Release.Name }}');
    assert.ok(editor.document.getText().endsWith('\nRelease: {{ .Release.Name }}'), editor.document.getText());
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('offers no hook completion or hover on hook-like text, as the Job does on the same line', async () => {
    const job = (await open(jobFile)).document;
    assert.ok((await completionLabels(job, hookValue)).includes('pre-install'), 'the Job offers the events');
    assert.notStrictEqual(await hoverText(job, hookKey), '', 'the Job has a hover on its hook key');
    const notes = (await open(notesFile)).document;
    assert.deepStrictEqual(await completionLabels(notes, hookValue), []);
    assert.strictEqual(await hoverText(notes, hookKey), '');
  });
});
