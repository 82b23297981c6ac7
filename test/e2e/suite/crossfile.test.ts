/**
 * Diagnostics follow edits in another file of the chart: turning the normal ConfigMap a pre-install hook
 * needs into a hook (unsaved, in its own editor) updates the hook's diagnostics in job.yaml.
 */
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { expectDiagnostics, expected, open } from './helpers';

describe('cross-file analysis', () => {
  it('editing a normal ConfigMap into a hook updates the diagnostics of the hook that needs it', async () => {
    const { document: job } = await open('crossfile/templates/job.yaml');
    const reference = 'configMapRef:\n                name: «seed-settings»';
    await expectDiagnostics(job.uri, [expected(job, 'error', 'hook-depends-on-release-resource', reference)]);

    // A hook of the same event, but created after the Job (weight 5 > 0): the Job still runs without it.
    const { document: configMap } = await open('crossfile/templates/configmap.yaml');
    const annotations = (weight: string) => `  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "${weight}"\n    helm.sh/hook-delete-policy: before-hook-creation\n`;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(configMap.uri, new vscode.Position(4, 0), annotations('5'));
    await vscode.workspace.applyEdit(edit);
    await expectDiagnostics(job.uri, [expected(job, 'warning', 'hook-dependency-runs-later', reference)]);

    // Now created before the Job: nothing left to report.
    const lower = new vscode.WorkspaceEdit();
    const weightLine = configMap.getText().split('\n').findIndex((line) => line.includes('hook-weight'));
    lower.replace(configMap.uri, configMap.lineAt(weightLine).range, '    helm.sh/hook-weight: "-1"');
    await vscode.workspace.applyEdit(lower);
    await expectDiagnostics(job.uri, []);
  });
});
