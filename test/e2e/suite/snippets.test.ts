/**
 * Every contributed snippet, inserted through VS Code's own snippet command into a template of a fresh
 * chart, gives no diagnostic.
 *
 * Waiting for "no diagnostics" needs a publish that is known to come after the insertion, so each template
 * starts with a sentinel error and the snippet replaces the whole text: the first diagnostics without the
 * sentinel are those of the snippet alone, exactly as if it had been inserted into an empty template.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { describeAll, extension, ruleOf, waitForDiagnostics, workspaceUri } from './helpers';

const sentinel = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: sentinel', '  annotations:', '    helm.sh/hook: sentinel-event', ''].join('\n');

interface Contribution {
  language: string;
  path: string;
}

function contributedSnippets(): { language: string; name: string }[] {
  const packageJson = extension().packageJSON as { contributes?: { snippets?: Contribution[] } };
  const found: { language: string; name: string }[] = [];
  for (const contribution of packageJson.contributes?.snippets ?? []) {
    if (contribution.language !== 'helm') continue; // Templates are helm; the snippets are contributed for nothing else.
    const file = path.join(extension().extensionPath, contribution.path);
    for (const name of Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>)) found.push({ language: contribution.language, name });
  }
  return found;
}

describe('snippets', () => {
  const snippets = contributedSnippets();

  it('are contributed for Helm templates', () => {
    assert.ok(snippets.length > 0, 'no snippet is contributed for the helm language');
  });

  snippets.forEach((snippet, index) => {
    it(`"${snippet.name}" inserted into an empty template of a new chart gives no diagnostic`, async () => {
      const chart = `snippets/case-${index}`;
      await vscode.workspace.fs.writeFile(workspaceUri(`${chart}/Chart.yaml`), Buffer.from(`apiVersion: v2\nname: case-${index}\nversion: 0.1.0\n`));
      const uri = workspaceUri(`${chart}/templates/snippet.yaml`);
      await vscode.workspace.fs.writeFile(uri, Buffer.from(sentinel));
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      assert.strictEqual(editor.document.languageId, snippet.language);
      await waitForDiagnostics(uri, (all) => all.some(isSentinel), 'the sentinel diagnostic');
      editor.selection = new vscode.Selection(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length));
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: snippet.language, name: snippet.name });
      await vscode.commands.executeCommand('leaveSnippet');
      const text = editor.document.getText();
      assert.ok(!text.includes('sentinel'), `"${snippet.name}" was not inserted`);
      const after = await waitForDiagnostics(uri, (all) => !all.some(isSentinel), `diagnostics after inserting "${snippet.name}"`);
      assert.deepStrictEqual(describeAll(after), [], `diagnostics for the snippet's text:\n${text}`);
      await editor.document.save();
    });
  });
});

function isSentinel(diagnostic: vscode.Diagnostic): boolean {
  return ruleOf(diagnostic) === 'unknown-hook-event' && diagnostic.message.includes('sentinel-event');
}
