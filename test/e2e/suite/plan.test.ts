/** The command `Helm Hooks: Show Execution Plan` opens the chart's hooks in Helm's order. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { extension, open, waitForEditor } from './helpers';

describe('execution plan command', () => {
  it('is contributed as "Helm Hooks: Show Execution Plan"', () => {
    const commands = (extension().packageJSON as { contributes: { commands: { command: string; title: string; category?: string }[] } }).contributes.commands;
    const plan = commands.find((c) => c.command === 'helmHooks.showExecutionPlan');
    assert.strictEqual(plan && `${plan.category}: ${plan.title}`, 'Helm Hooks: Show Execution Plan');
  });

  it('opens the plan of the active chart with its hooks in order', async () => {
    await open('plan/templates/warm-cache.yaml');
    await vscode.commands.executeCommand('helmHooks.showExecutionPlan');
    const editor = await waitForEditor((e) => e.document.uri.scheme === 'helm-hooks-view' && e.document.getText().includes('cache-warm'), 'the execution plan view');
    const plan = outline(editor.document.getText());
    assert.deepStrictEqual(plan.install, [
      'pre-install: 2 hooks',
      '-5 ServiceAccount migrate-account',
      '0 Job db-migrate',
      "create the release's normal resources: 1 document (1 ConfigMap)",
      'post-install: 1 hook',
      '10 Job cache-warm',
    ]);
    assert.deepStrictEqual(plan.upgrade.filter((line) => /^-?\d/.test(line)), ['-5 ServiceAccount migrate-account', '0 Job db-migrate', '10 Job cache-warm']);
    assert.deepStrictEqual(plan.test, ['test: no hooks']);
  });
});

/**
 * The plan text reduced to what it says about order: per lifecycle, its numbered steps and,
 * under each phase, its hooks as `weight kind name` in the order Helm runs them.
 */
function outline(text: string): Record<string, string[]> {
  const lifecycles: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const lifecycle = /^(install|upgrade|rollback|uninstall|test) \(/.exec(line);
    if (lifecycle) lifecycles[lifecycle[1]] = current = [];
    else if (/^\S/.test(line)) current = undefined;
    const step = /^ {2}\d+\. (.*)$/.exec(line);
    const hook = /^\s+\d+\)\s+(-?\d+)\s+(\S+)\s+(\S+)/.exec(line);
    if (current && step) current.push(step[1]);
    if (current && hook) current.push(`${hook[1]} ${hook[2]} ${hook[3]}`);
  }
  return lifecycles;
}
