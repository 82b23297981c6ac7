/**
 * Every preferred quick fix, applied the way VS Code applies it: the code action's WorkspaceEdit.
 * One case per template in charts/fixes/templates/, named after the rule it triggers; the document
 * after the fix must equal charts/fixes/expected/<same name> (written on first run, then reviewed).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { expectGolden, open, ruleOf, show, waitForDiagnostics } from './helpers';

const casesFolder = 'fixes/templates';
const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
const caseFiles = fs.existsSync(path.join(workspaceFolder, casesFolder)) ? fs.readdirSync(path.join(workspaceFolder, casesFolder)).filter((name) => name.endsWith('.yaml')).sort() : [];

describe('preferred quick fixes', () => {
  it('has a case for each fixable rule it is meant to cover', () => {
    assert.ok(caseFiles.length >= 15, `only ${caseFiles.length} cases in ${casesFolder}`);
  });

  for (const file of caseFiles) {
    const rule = file.replace(/(--.*)?\.yaml$/, '');
    it(`${rule}: applying the preferred fix removes the diagnostic and gives the expected text`, async () => {
      const { document } = await open(`${casesFolder}/${file}`);
      const found = await waitForDiagnostics(document.uri, (all) => all.some((d) => ruleOf(d) === rule), `a ${rule} diagnostic`);
      const target = found.find((d) => ruleOf(d) === rule)!;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, target.range, vscode.CodeActionKind.QuickFix.value);
      // The command's result carries no diagnostics, so the case file has this rule's finding alone at that range.
      const preferred = actions.filter((action) => action.isPreferred);
      assert.strictEqual(preferred.length, 1, `preferred fixes for ${show(target)}: ${JSON.stringify(actions.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`))}`);
      const [fix] = preferred;
      assert.ok(fix.edit, `"${fix.title}" has no edit`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit), `VS Code refused the edit of "${fix.title}"`);
      await waitForDiagnostics(document.uri, (all) => !all.some((d) => ruleOf(d) === rule), `the ${rule} diagnostic to go after "${fix.title}"`);
      expectGolden(`test/e2e/workspace/charts/fixes/expected/${file}`, document.getText());
      await document.save();
    });
  }
});
