/**
 * Typing templates through the editor, one character at a time with VS Code's own `type` command
 * (what a keystroke does, auto-closing, overtyping and Enter's indentation included), and the
 * file compared byte for byte with what the author meant.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { hookSnippets } from '../../../server/src/analysis/ide/snippets';
import { expectGolden, positionAt, workspaceUri } from './helpers';

let fileCount = 0;

/** A new file in the typing chart with `text`, open in an editor, the cursor at the locator's « (or the end). */
async function fresh(name: string, text: string, locator?: string): Promise<vscode.TextEditor> {
  const uri = workspaceUri(`typing/templates/${fileCount++}-${name}`);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  const position = locator ? positionAt(editor.document, locator) : editor.document.positionAt(text.length);
  editor.selection = new vscode.Selection(position, position);
  return editor;
}

/** Types `text` character by character, as keystrokes (Enter is '\n'). */
async function type(text: string): Promise<void> {
  for (const ch of text) await vscode.commands.executeCommand('type', { text: ch });
}

/** Types `keys` into a new file holding `start`, at the locator's « (or the end); the text after. */
async function typed(name: string, start: string, keys: string, locator?: string): Promise<string> {
  const editor = await fresh(name, start, locator);
  await type(keys);
  return editor.document.getText();
}

/**
 * Runs `command` until the document changes (a suggestion accepted once the widget has its items), then
 * resolves; fails after the deadline. VS Code shows the suggest widget asynchronously and the extension
 * host cannot see it, so the command is repeated on a short interval rather than slept on once.
 */
function untilChanged(document: vscode.TextDocument, command: string, what: string, timeoutMs = 15_000): Promise<void> {
  const before = document.version;
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const attempt = (): void => {
      if (document.version !== before) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}; text:\n${document.getText()}`));
      void vscode.commands.executeCommand(command).then(() => setTimeout(attempt, 100), reject);
    };
    attempt();
  });
}

/** Opens the suggest widget at the cursor and accepts its first (best) item. */
async function acceptSuggestion(editor: vscode.TextEditor, what: string): Promise<void> {
  await vscode.commands.executeCommand('editor.action.triggerSuggest');
  await untilChanged(editor.document, 'acceptSelectedSuggestion', what);
}

async function nextPlaceholder(): Promise<void> {
  await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
}

describe('typing', () => {
  it('writes a migration Job from an empty template: snippet, completion and hand typing', async () => {
    const editor = await fresh('migrate-job.yaml', '');
    await type('{{- if .Values.migrations.enabled }}\n');
    await type('helm-hook-migration-job');
    await acceptSuggestion(editor, 'the migration Job snippet');
    await type('typing'); // the chart's name, mirrored into its labels helper
    await nextPlaceholder();
    await type('db-migrate');
    await nextPlaceholder(); // the events: the first choice
    await nextPlaceholder();
    await type('-5');
    await nextPlaceholder();
    await nextPlaceholder();
    await nextPlaceholder();
    await type('./migrate');
    await nextPlaceholder();
    await type('--to={{ .Values.migrations.target }}');
    await nextPlaceholder(); // the end of the snippet: a new line at column 0
    await type('{{- end }}\n');
    // One more hook annotation: the key and its value from the server's completion.
    const policy = positionAt(editor.document, 'before-hook-creation,hook-succeeded');
    editor.selection = new vscode.Selection(policy, policy);
    await type('\nhelm.sh/');
    await acceptSuggestion(editor, 'the output log policy key');
    await acceptSuggestion(editor, 'an output log policy');
    expectGolden('test/e2e/workspace/charts/typing/expected/migrate-job.yaml', editor.document.getText());
  });


  describe('template actions', () => {
    it('v: {{ .Values.x }} typed in full, closing braces included, gives the action once', async () => {
      assert.strictEqual(await typed('action.yaml', '', 'v: {{ .Values.x }}'), 'v: {{ .Values.x }}');
    });

    it('{{- if .Values.a }} with a trim marker', async () => {
      assert.strictEqual(await typed('trim.yaml', '', '{{- if .Values.a }}\n{{- end }}'), '{{- if .Values.a }}\n{{- end }}');
    });

    it('{{ typed after a { the editor did not close: each brace typed over once', async () => {
      // The first { here is already in the file, as when the editor skipped closing it (it does while the
      // line above is not yet tokenized, right after Enter): the closing braces must still come out twice, not three times.
      assert.strictEqual(await typed('unclosed-brace.yaml', 'v: {', '{ .Values.x }}'), 'v: {{ .Values.x }}');
    });

    it('{{/* c */}} a comment', async () => {
      assert.strictEqual(await typed('comment.yaml', '', '{{/* c */}}'), '{{/* c */}}');
    });

    it('an action inside double quotes, quotes typed too', async () => {
      assert.strictEqual(await typed('quoted.yaml', '', 'v: "{{ .Values.x }}"'), 'v: "{{ .Values.x }}"');
    });

    it('an action inside single quotes', async () => {
      assert.strictEqual(await typed('squoted.yaml', '', "v: '{{ .Values.x }}'"), "v: '{{ .Values.x }}'");
    });

    it('an action with a quoted argument', async () => {
      assert.strictEqual(await typed('argument.yaml', '', 'name: {{ include "app.fullname" . }}'), 'name: {{ include "app.fullname" . }}');
    });

    it('a second action typed into an existing quoted value', async () => {
      const text = await typed('edit-quoted.yaml', 'image: "{{ .Values.repository }}:"\n', '{{ .Values.tag }}', ':«"');
      assert.strictEqual(text, 'image: "{{ .Values.repository }}:{{ .Values.tag }}"\n');
    });

    it('a pipeline typed into an existing action', async () => {
      const text = await typed('edit-action.yaml', 'v: {{ .Values.x }}\n', ' | quote', '.Values.x');
      assert.strictEqual(text, 'v: {{ .Values.x | quote }}\n');
    });

    it('a parenthesised call inside an action', async () => {
      assert.strictEqual(await typed('paren.yaml', '', 'v: {{ (.Values.x | default "y") | quote }}'), 'v: {{ (.Values.x | default "y") | quote }}');
    });
  });

  describe('Enter and indentation', () => {
    it('a new template indents by 2 spaces after a key', async () => {
      const editor = await fresh('indent.yaml', '');
      assert.strictEqual(editor.options.tabSize, 2);
      assert.strictEqual(editor.options.insertSpaces, true);
      await type('metadata:\nname: x\nlabels:\na: b');
      assert.strictEqual(editor.document.getText(), 'metadata:\n  name: x\n  labels:\n    a: b');
    });

    it('does not indent after a document separator', async () => {
      assert.strictEqual(await typed('separator.yaml', 'a: 1\n', '---\nkind: Job'), 'a: 1\n---\nkind: Job');
    });

    it('a block scalar: its lines indented, actions inside typed once', async () => {
      const text = await typed('block.yaml', 'data:\n  run.sh: |', '\necho {{ .Values.msg | quote }}\nexit {{ .Values.code }}');
      assert.strictEqual(text, 'data:\n  run.sh: |\n    echo {{ .Values.msg | quote }}\n    exit {{ .Values.code }}');
    });

    it('an action on its own line keeps the indentation', async () => {
      const text = await typed('own-line.yaml', 'metadata:\n  labels:', '\n{{- include "app.labels" . | nindent 4 }}\napp: x');
      assert.strictEqual(text, 'metadata:\n  labels:\n    {{- include "app.labels" . | nindent 4 }}\n    app: x');
    });
  });

  describe('snippets outside templates', () => {
    it('a plain YAML file (a GitHub workflow) is YAML and offers no helm-hooks snippet', async () => {
      const uri = workspaceUri('.github/workflows/ci.yaml');
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      assert.strictEqual(editor.document.languageId, 'yaml');
      const end = editor.document.positionAt(editor.document.getText().length);
      editor.selection = new vscode.Selection(end, end);
      await type('helm-hook');
      const names = new Set(hookSnippets.map((snippet) => snippet.prefix));
      assert.ok(names.size > 0);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, editor.selection.active);
      const leaked = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label)).filter((label) => names.has(label));
      assert.deepStrictEqual(leaked, []);
      await vscode.commands.executeCommand('undo');
    });

    it('the same typing in a template does offer them (the check above can fail)', async () => {
      const editor = await fresh('snippet-offered.yaml', '');
      await type('helm-hook');
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, editor.selection.active);
      assert.ok(list.items.some((item) => item.kind === vscode.CompletionItemKind.Snippet && (typeof item.label === 'string' ? item.label : item.label.label).startsWith('helm-hook-')));
    });
  });
});
