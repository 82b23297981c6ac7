/**
 * Every hook snippet, taken from the server's completion list where it is offered and inserted by
 * VS Code's own snippet engine into a template of a fresh chart, gives no diagnostic.
 *
 * Waiting for "no diagnostics" needs a publish that is known to come after the insertion, so each template
 * also holds a sentinel document with an error, removed with the insertion: the first diagnostics without
 * the sentinel are those of the snippet alone.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { hookSnippets, type HookSnippet } from '../../../server/src/analysis/ide/snippets';
import { describeAll, ruleOf, waitForDiagnostics, workspaceUri } from './helpers';

const sentinel = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: sentinel', '  annotations:', '    helm.sh/hook: sentinel-event', ''].join('\n');

/** Where each snippet is typed: the text before the cursor and after it (the sentinel follows). */
const hosts: Record<HookSnippet['place'], { before: string; after: string }> = {
  document: { before: '', after: '\n' },
  metadata: { before: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  ', after: '\ndata:\n  mode: fast\n' },
};

describe('snippets', () => {
  it('exist', () => {
    assert.ok(hookSnippets.length > 0);
  });

  hookSnippets.forEach((snippet, index) => {
    it(`"${snippet.prefix}" offered by completion and inserted into a template of a new chart gives no diagnostic`, async () => {
      const chart = `snippets/case-${index}`;
      await vscode.workspace.fs.writeFile(workspaceUri(`${chart}/Chart.yaml`), Buffer.from(`apiVersion: v2\nname: case-${index}\nversion: 0.1.0\n`));
      const uri = workspaceUri(`${chart}/templates/snippet.yaml`);
      const host = hosts[snippet.place];
      await vscode.workspace.fs.writeFile(uri, Buffer.from(`${host.before}${host.after}---\n${sentinel}`));
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      assert.strictEqual(editor.document.languageId, 'helm');
      await waitForDiagnostics(uri, (all) => all.some(isSentinel), 'the sentinel diagnostic');
      const cursor = editor.document.positionAt(host.before.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, cursor);
      const item = list.items.find((candidate) => candidate.label === snippet.prefix && candidate.kind === vscode.CompletionItemKind.Snippet);
      assert.ok(item && item.insertText instanceof vscode.SnippetString, `"${snippet.prefix}" is not offered at ${host.before.length}`);
      const sentinelStart = editor.document.getText().lastIndexOf('---\n');
      await editor.edit((edit) => edit.delete(new vscode.Range(editor.document.positionAt(sentinelStart), editor.document.positionAt(editor.document.getText().length))));
      assert.ok(await editor.insertSnippet(item.insertText, cursor));
      await vscode.commands.executeCommand('leaveSnippet');
      const text = editor.document.getText();
      const after = await waitForDiagnostics(uri, (all) => !all.some(isSentinel), `diagnostics after inserting "${snippet.prefix}"`);
      assert.deepStrictEqual(describeAll(after), [], `diagnostics for the snippet's text:\n${text}`);
      await editor.document.save();
    });
  });
});

function isSentinel(diagnostic: vscode.Diagnostic): boolean {
  return ruleOf(diagnostic) === 'unknown-hook-event' && diagnostic.message.includes('sentinel-event');
}
