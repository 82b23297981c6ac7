/**
 * Whole-workspace diagnostics: a template that no test opens shows its findings (the server
 * checks every chart of the workspace), and `helmHooks.diagnostics.scope: openFiles` takes them
 * away again, at run time.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { ruleOf, waitForDiagnostics, workspaceUri } from './helpers';

/** The template no test opens, and what tells that its finding is shown. Called in tests only: the suite file also loads in the no-chart session. */
function neverOpened(): { uri: vscode.Uri; isOpen: () => boolean; showsTypo: (diagnostics: vscode.Diagnostic[]) => boolean } {
  const uri = workspaceUri('workspace/templates/never-opened.yaml');
  // Read from disk: opening it as a document would tell the server it is open.
  const typoLine = fs.readFileSync(uri.fsPath, 'utf8').split('\n').findIndex((line) => line.includes('post-instal'));
  assert.ok(typoLine > 0);
  return {
    uri,
    isOpen: () => vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString()),
    showsTypo: (diagnostics) => diagnostics.some((diagnostic) => ruleOf(diagnostic) === 'unknown-hook-event' && diagnostic.range.start.line === typoLine && /"post-instal"/.test(diagnostic.message)),
  };
}

describe('workspace diagnostics', () => {
  it('shows the findings of a template that was never opened', async () => {
    const { uri, isOpen, showsTypo } = neverOpened();
    assert.ok(!isOpen(), 'the template is open');
    await waitForDiagnostics(uri, showsTypo, 'the unknown event of the closed template');
    assert.ok(!isOpen(), 'the template was opened while waiting');
  });

  it('clears them under helmHooks.diagnostics.scope openFiles, and shows them again under workspace', async () => {
    const { uri, isOpen, showsTypo } = neverOpened();
    const configuration = () => vscode.workspace.getConfiguration('helmHooks');
    try {
      await configuration().update('diagnostics.scope', 'openFiles', vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, (diagnostics) => diagnostics.length === 0, 'no diagnostics under openFiles');
    } finally {
      await configuration().update('diagnostics.scope', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(uri, showsTypo, 'the unknown event again under the default scope');
    assert.ok(!isOpen(), 'the template was opened while waiting');
  });
});
