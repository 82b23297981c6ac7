/** Completion and hover through VS Code's provider commands, at the places a user types hook annotations. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { open, positionAt } from './helpers';

const allEvents = ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'pre-delete', 'post-delete', 'test'];

/** Our completion items at the locator, by sort text (word-based suggestions and snippets left out). */
async function labelsAt(file: string, locator: string, triggerCharacter?: string): Promise<string[]> {
  const { document } = await open(file);
  const position = positionAt(document, locator);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, triggerCharacter);
  return list.items
    .filter((item) => item.kind !== vscode.CompletionItemKind.Text && item.kind !== vscode.CompletionItemKind.Snippet)
    .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))
    .map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

async function hoverAt(file: string, locator: string): Promise<{ text: string; range: vscode.Range | undefined; document: vscode.TextDocument }> {
  const { document } = await open(file);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionAt(document, locator));
  const text = hovers.flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : part.value))).join('\n---\n');
  return { text, range: hovers[0]?.range, document };
}

describe('completion', () => {
  it('offers every hook event for an empty hook value', async () => {
    assert.deepStrictEqual(await labelsAt('completion/templates/empty-hook.yaml', 'helm.sh/hook: «'), allEvents);
  });

  it('offers the events not yet listed after a comma', async () => {
    assert.deepStrictEqual(await labelsAt('completion/templates/job.yaml', 'helm.sh/hook: pre-install,', ','), allEvents.filter((e) => e !== 'pre-install'));
  });

  it('offers the delete policies', async () => {
    assert.deepStrictEqual(await labelsAt('completion/templates/job.yaml', 'helm.sh/hook-delete-policy: «'), ['before-hook-creation', 'hook-succeeded', 'hook-failed']);
  });

  it('lists no snippet among values: events and weights (VS Code appended contributed snippets to every list)', async () => {
    for (const [file, locator, expected] of [
      ['completion/templates/empty-hook.yaml', 'helm.sh/hook: «', 'pre-install'],
      ['plan/templates/hooks.yaml', 'helm.sh/hook-weight: "«0"', '-4'],
    ]) {
      const { document } = await open(file);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, positionAt(document, locator));
      const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      assert.ok(labels.includes(expected), `${locator}: ${labels.join(', ')}`);
      const snippets = list.items.filter((item) => item.kind === vscode.CompletionItemKind.Snippet).map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      assert.deepStrictEqual(snippets, [], locator);
    }
  });

  it('offers the hook annotation keys not yet present', async () => {
    assert.deepStrictEqual(await labelsAt('completion/templates/keys.yaml', 'helm.sh/«\ndata'), [
      'helm.sh/hook-weight',
      'helm.sh/hook-delete-policy',
      'helm.sh/hook-output-log-policy',
    ]);
  });
});

describe('hover', () => {
  /** The plan position the hover adds for db-migrate, which runs after migrate-account (weight -5) in both its events. */
  const placement = [
    "**Where it runs** (Helm sorts each event's hooks by weight, then name, then kind):",
    '- pre-install: 2 of 2, after `migrate-account` (weight -5)',
    '- pre-upgrade: 2 of 2, after `migrate-account` (weight -5)',
  ].join('\n');

  it('explains the helm.sh/hook key, with the hook\'s plan position', async () => {
    const { text, range, document } = await hoverAt('plan/templates/hooks.yaml', 'name: db-migrate\n  annotations:\n    helm.sh/h«ook: pre-install');
    assert.strictEqual(range && document.getText(range), 'helm.sh/hook');
    assert.match(text, /^\*\*helm\.sh\/hook\*\*\n/);
    assert.ok(text.includes('**Any unknown or empty event makes Helm skip the whole resource**'), text);
    assert.ok(text.endsWith(placement), text);
  });

  it('explains an event value, with the hook\'s plan position', async () => {
    const { text, range, document } = await hoverAt('plan/templates/hooks.yaml', 'name: db-migrate\n  annotations:\n    helm.sh/hook: pre-in«stall');
    assert.strictEqual(range && document.getText(range), 'pre-install');
    assert.ok(text.startsWith('**pre-install** — Runs on `helm install` after the templates are rendered and before any release resource is created.'), text);
    assert.ok(text.endsWith(placement), text);
  });

  it('shows the weight as Helm parses it', async () => {
    const { text, range, document } = await hoverAt('plan/templates/hooks.yaml', 'helm.sh/hook-weight: "«0"');
    assert.strictEqual(range && document.getText(range), '"0"');
    assert.ok(text.startsWith('Helm reads this weight as **0**.'), text);
    assert.ok(text.endsWith(placement), text);
  });

  it('names the first hook of a phase as running first', async () => {
    const { text } = await hoverAt('plan/templates/hooks.yaml', 'helm.sh/hook-weight: "-«5"');
    assert.ok(text.startsWith('Helm reads this weight as **-5**.'), text);
    assert.ok(text.endsWith('- pre-install: 1 of 2, before `db-migrate` (weight 0)\n- pre-upgrade: 1 of 2, before `db-migrate` (weight 0)'), text);
  });
});
