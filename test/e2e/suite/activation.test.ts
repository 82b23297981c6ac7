/**
 * Activation. The "without a chart" tests run in their own extension host on test/e2e/workspace/no-chart
 * (see test/e2e/sessions.json): activation happens once per host, and a workspace with a Chart.yaml
 * activates the extension at startup (`workspaceContains:**\/Chart.yaml`).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { expectDiagnostics, expected, extension, open } from './helpers';

describe('activation without a chart', () => {
  it('stays inactive when an unrelated YAML file is opened', async () => {
    assert.strictEqual(extension().isActive, false, 'active before any file was opened');
    const { document } = await open('config/app.yaml');
    assert.strictEqual(document.languageId, 'yaml');
    // A hover request is a round trip through the workbench, which has sent any activation event that opening
    // the file raised before it answers. "Not activated" can only be observed over time, so the state is
    // then watched for one more second.
    await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, new vscode.Position(4, 8));
    const until = Date.now() + 1000;
    while (Date.now() < until) {
      assert.strictEqual(extension().isActive, false, 'activated by an unrelated YAML file');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('activates on a template under templates/ and checks it', async () => {
    const { document } = await open('templates/job.yaml');
    assert.strictEqual(document.languageId, 'helm');
    await expectDiagnostics(document.uri, [expected(document, 'error', 'unknown-hook-event', 'hook: «pre-instal»')]);
    assert.strictEqual(extension().isActive, true);
  });
});

describe('activation in a chart', () => {
  it('is active in a workspace with a chart and checks hook annotations in values.yaml', async () => {
    const { document } = await open('values/values.yaml');
    assert.strictEqual(document.languageId, 'yaml');
    await expectDiagnostics(document.uri, [expected(document, 'error', 'unknown-hook-event', 'hook: «pre-instal»')]);
    assert.strictEqual(extension().isActive, true);
  });
});
