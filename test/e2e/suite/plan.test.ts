/**
 * The execution plan in the editor: the Explorer's "Helm Hook Plan" view on the example chart
 * (its phases, an update after a weight edit, a click that opens the hook's line) and the command
 * `Helm Hooks: Show Execution Plan`, whose text follows edits in the editor that already shows it.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import type { HelmHooksApi } from '../../../client/src/extension';
import type { PlanTreeItem, PlanTreeResult } from '../../../server/src/protocol';
import { demoChart, extension, findPlanItem, hooksOf, open, rangeOf, waitForEditor } from './helpers';

/** Milliseconds the view may take to show a weight edit (the bound). */
const updateBoundMs = 500;

describe('execution plan view', () => {
  it('is contributed to the Explorer as "Helm Hook Plan"', () => {
    const views = (extension().packageJSON as { contributes: { views: Record<string, { id: string; name: string }[]> } }).contributes.views;
    assert.deepStrictEqual(views.explorer.map((view) => `${view.id}: ${view.name}`), ['helmHooks.planView: Helm Hook Plan']);
  });

  it("shows the example chart's phases and hooks in Helm's order", async () => {
    await openDemoChart('templates/migrate-job.yaml');
    const shown = await waitForPlan((result) => result.title === 'demo-chart', 'the plan of demo-chart');
    assert.deepStrictEqual(rows(shown.items, 2), [
      'rendered',
      'install',
      '  pre-install',
      "  create the release's resources",
      '  post-install',
      'upgrade',
      '  pre-upgrade',
      "  update the release's resources",
      '  post-upgrade',
      'rollback',
      '  pre-rollback',
      "  restore the release's resources",
      '  post-rollback',
      'uninstall',
      '  pre-delete',
      "  delete the release's resources",
      '  post-delete',
      'test',
      '  test',
      'dropped by Helm',
      '  Job release-name-demo-chart-notify',
    ]);
    assert.deepStrictEqual(hooksOf(shown, 'install/pre-install'), ['-5  ConfigMap release-name-demo-chart-setup-script', '0  Job release-name-demo-chart-setup', '5  Job release-name-demo-chart-migrate']);
  });

  it(`shows a weight edit within ${updateBoundMs} ms`, async () => {
    const editor = await openDemoChart('templates/migrate-job.yaml');
    await waitForPlan((result) => result.title === 'demo-chart', 'the plan of demo-chart');
    // Timed from the moment the document changed, as when a key is pressed.
    let started = 0;
    const changed = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === editor.document && !started) started = Date.now();
    });
    await editor.edit((edit) => edit.replace(rangeOf(editor.document, '"helm.sh/hook-weight": «5»'), '-10')).then(() => changed.dispose());
    const updated = await waitForPlan((result) => hooksOf(result, 'install/pre-install')[0]?.startsWith('-10  Job'), 'the migrate Job first in pre-install');
    const elapsed = Date.now() - started;
    assert.deepStrictEqual(hooksOf(updated, 'install/pre-install'), ['-10  Job release-name-demo-chart-migrate', '-5  ConfigMap release-name-demo-chart-setup-script', '0  Job release-name-demo-chart-setup']);
    console.log(`      (the view showed the edit ${elapsed} ms after it)`);
    assert.ok(elapsed <= updateBoundMs, `the view showed the edit after ${elapsed} ms`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it("opens the hook's line when its row is clicked", async () => {
    await openDemoChart('templates/deployment.yaml');
    const shown = await waitForPlan((result) => result.title === 'demo-chart', 'the plan of demo-chart');
    const row = findPlanItem(shown.items, 'install/pre-install')!.children!.find((item) => item.label.includes('setup-script'))!;
    // What VS Code runs on a click: the tree item's command (the UI test clicks the row itself).
    const command = planView().getTreeItem(row).command;
    assert.ok(command, 'the hook row has a command');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = await waitForEditor((e) => e.document.uri.path.endsWith('/demo-chart/templates/setup-hooks.yaml') && e === vscode.window.activeTextEditor, 'setup-hooks.yaml active');
    const line = editor.document.lineAt(editor.selection.active.line).text;
    assert.strictEqual(line.trim(), '"helm.sh/hook": pre-install,pre-upgrade');
    assert.ok(row.location && editor.selection.active.line === row.location.line);
  });
});

describe('execution plan view markers', () => {
  it('shows a tie by name, and an order that a random name leaves unknown, with their icons', async () => {
    await open('ties/templates/hooks.yaml');
    await vscode.commands.executeCommand('helmHooks.planView.focus');
    const shown = await waitForPlan((result) => result.title === 'ties', 'the plan of ties');
    const marked = (phase: string): string[] => (findPlanItem(shown.items, phase)?.children ?? []).map((item) => {
      const icon = planView().getTreeItem(item).iconPath;
      return `${item.label.replace(/ties-[a-z0-9]{5}$/, 'ties-<random>')} | ${item.description?.split(' · ')[0]} | ${icon instanceof vscode.ThemeIcon ? icon.id : String(icon)}`;
    });
    assert.deepStrictEqual(marked('install/pre-install'), [
      '5  ServiceAccount ties-account | before-hook-creation | debug-stackframe-dot',
      '5  Job ties-migrate | tie: by name | arrow-swap',
    ]);
    assert.deepStrictEqual(marked('install/post-install'), [
      '1  ConfigMap ties-<random> | order unknown: a name at this weight is random | question',
      '1  ConfigMap ties-notice | order unknown: a name at this weight is random | question',
    ]);
  });
});

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

  it('rewrites the plan text after an edit, in the editor that already shows it', async () => {
    const source = await open('plan/templates/warm-cache.yaml');
    await vscode.commands.executeCommand('helmHooks.showExecutionPlan');
    const view = await waitForEditor((e) => e.document.uri.scheme === 'helm-hooks-view' && e.document.getText().includes('cache-warm'), 'the execution plan view');
    assert.strictEqual(view.document.languageId, 'helm-hooks-plan');
    await source.edit((edit) => edit.replace(rangeOf(source.document, 'helm.sh/hook-weight: "«10»"'), '-20'));
    await waitForEditor((e) => e.document === view.document && outline(e.document.getText()).install.includes('-20 Job cache-warm'), 'the plan text with weight -20');
    await vscode.window.showTextDocument(source.document, source.viewColumn);
    await vscode.commands.executeCommand('helmHooks.showExecutionPlan');
    const planEditors = vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === 'helm-hooks-view');
    assert.deepStrictEqual(planEditors.map((e) => e.viewColumn), [view.viewColumn], 'one editor shows the plan');
    await vscode.window.showTextDocument(source.document, source.viewColumn);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

/** Copies examples/demo-chart into the workspace once and opens one of its files, with the plan view shown. */
async function openDemoChart(file: string): Promise<vscode.TextEditor> {
  demoChart();
  const editor = await open(`demo-chart/${file}`);
  await vscode.commands.executeCommand('helmHooks.planView.focus');
  // Focusing the view moves the keyboard away from the editor; edits go through the editor object.
  return editor;
}

function planView(): HelmHooksApi['planView'] {
  return (extension().exports as HelmHooksApi).planView;
}

/** Resolves with what the view shows once `accept` holds for it, checking now and on every change. */
function waitForPlan(accept: (result: PlanTreeResult) => boolean, what: string, timeoutMs = 20_000): Promise<PlanTreeResult> {
  return new Promise((resolve, reject) => {
    const check = (result: PlanTreeResult | undefined): void => {
      if (!result || !accept(result)) return;
      finish();
      resolve(result);
    };
    const subscription = planView().onDidChange(check);
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the view shows:\n${rows(planView().current()?.items ?? [], 3).join('\n')}`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check(planView().current());
  });
}

/** Labels of the rows down to `depth`, indented by level. */
function rows(items: readonly PlanTreeItem[], depth: number, level = 0): string[] {
  if (depth === 0) return [];
  return items.flatMap((item) => [`${'  '.repeat(level)}${item.label}`, ...rows(item.children ?? [], depth - 1, level + 1)]);
}


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
