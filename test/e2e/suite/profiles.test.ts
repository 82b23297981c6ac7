/**
 * Values profiles in the editor (issue 12): the status-bar item shows the profile the active
 * chart is viewed in, and switching it through its command (the one the item and the quick pick
 * run) changes the diagnostics, the hover and the plan view. The chart `profiles` turns its
 * migration hook on only in `ci/migrate-values.yaml`.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import type { HelmHooksApi } from '../../../client/src/extension';
import type { PlanTreeResult } from '../../../server/src/protocol';
import { describeAll, extension, hooksOf, open, positionAt, ruleOf, waitForDiagnostics } from './helpers';

const migrateProfile = 'ci/migrate-values.yaml';

describe('values profiles', () => {
  it('are listed in the status bar, and switching changes diagnostics, hover and plan', async () => {
    const editor = await open('profiles/templates/migrate-job.yaml');
    const uri = editor.document.uri;
    await vscode.commands.executeCommand('helmHooks.planView.focus');
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    const shown = await waitFor(() => api().valuesProfile(), (profile) => profile.chartName === 'profiles', 'the status bar showing the chart profiles');
    assert.strictEqual(shown.active, 'default');
    assert.deepStrictEqual(shown.profiles.map((profile) => profile.name), ['default', migrateProfile]);

    // default: the migration Job renders nothing, so nothing is reported on it and the plan leaves it out.
    await waitForDiagnostics(uri, (diagnostics) => diagnostics.length === 0, 'no diagnostics in the default profile');
    await waitForPlan((plan) => plan.title === 'profiles' && !hooksOf(plan, 'install/pre-install').some((hook) => hook.includes('migrate')), 'the default plan');
    const hoverBefore = await hoverText(uri, positionAt(editor.document, 'helm.sh/«hook»: pre-install'));

    await vscode.commands.executeCommand('helmHooks.selectValuesProfile', migrateProfile);
    assert.strictEqual(api().valuesProfile()?.active, migrateProfile, 'the status bar shows the chosen profile');
    const found = await waitForDiagnostics(uri, (diagnostics) => diagnostics.some((diagnostic) => ruleOf(diagnostic) === 'implicit-delete-policy'), 'implicit-delete-policy in the migrate profile');
    assert.deepStrictEqual(found.map(ruleOf), ['implicit-delete-policy'], describeAll(found).join('\n'));
    const plan = await waitForPlan((result) => hooksOf(result, 'install/pre-install').some((hook) => hook.includes('release-name-migrate')), 'the migrate Job in pre-install');
    assert.deepStrictEqual(hooksOf(plan, 'install/pre-install'), ['-5  Job release-name-migrate', '0  ConfigMap release-name-settings']);
    const hoverAfter = await hoverText(uri, positionAt(editor.document, 'helm.sh/«hook»: pre-install'));
    assert.notStrictEqual(hoverAfter, hoverBefore, 'the hover follows the profile');
    assert.match(hoverAfter, /release-name-settings/, hoverAfter);

    await vscode.commands.executeCommand('helmHooks.selectValuesProfile', 'default');
    await waitForDiagnostics(uri, (diagnostics) => diagnostics.length === 0, 'no diagnostics back in the default profile');
    await waitForPlan((result) => !hooksOf(result, 'install/pre-install').some((hook) => hook.includes('migrate')), 'the default plan again');
    assert.strictEqual(await hoverText(uri, positionAt(editor.document, 'helm.sh/«hook»: pre-install')), hoverBefore);
  });
});

function api(): HelmHooksApi {
  return extension().exports as HelmHooksApi;
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers.flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : 'value' in part ? part.value : ''))).join('\n');
}

/** Polls `read` until `accept` holds (the status bar has no change event). */
async function waitFor<T>(read: () => T | undefined, accept: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function waitForPlan(accept: (result: PlanTreeResult) => boolean, what: string, timeoutMs = 20_000): Promise<PlanTreeResult> {
  return new Promise((resolve, reject) => {
    const view = api().planView;
    const check = (result: PlanTreeResult | undefined): void => {
      if (!result || !accept(result)) return;
      finish();
      resolve(result);
    };
    const subscription = view.onDidChange(check);
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the view shows ${JSON.stringify(view.current()?.items.map((item) => item.label))}`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check(view.current());
  });
}
