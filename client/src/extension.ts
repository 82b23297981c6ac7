/**
 * The VS Code extension: starts the Helm Hooks language server over IPC and wires three
 * commands. It knows nothing about Helm; everything it shows comes from the server.
 */
import * as path from 'path';
import { commands, ConfigurationTarget, EventEmitter, languages, Uri, ViewColumn, window, workspace, type ExtensionContext, type TextDocumentContentProvider } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { documentSelector, executionPlanRequest, type ExecutionPlanParams, type ExecutionPlanResult, type InitializationOptions } from '../../server/src/protocol';

/** Scheme of the read-only documents that show text the server sends. */
const viewScheme = 'helm-hooks-view';
const updateSettingCommand = 'helmHooks.updateSetting';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...documentSelector],
    // Tells the server which client command updates a setting, so it can offer "disable rule".
    initializationOptions: { updateSettingCommand } satisfies InitializationOptions,
    // Without this the server never hears that a setting changed; it pulls the values itself.
    synchronize: { configurationSection: 'helmHooks' },
  };
  client = new LanguageClient('helmHooks', 'Helm Hooks', serverOptions, clientOptions);

  const views = new ReadOnlyViews();
  context.subscriptions.push(
    workspace.registerTextDocumentContentProvider(viewScheme, views),
    commands.registerCommand('helmHooks.restartServer', () => client?.restart()),
    commands.registerCommand('helmHooks.showExecutionPlan', () => showExecutionPlan(views)),
    commands.registerCommand(updateSettingCommand, updateSetting),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function showExecutionPlan(views: ReadOnlyViews): Promise<void> {
  const editor = window.activeTextEditor;
  if (!client || !editor) {
    void window.showInformationMessage('Open a file of a Helm chart to see its hook execution plan.');
    return;
  }
  const params: ExecutionPlanParams = { uri: editor.document.uri.toString() };
  const result = await client.sendRequest<ExecutionPlanResult>(executionPlanRequest, params);
  const uri = views.set(result.title, result.content);
  const document = await workspace.openTextDocument(uri);
  await window.showTextDocument(await languages.setTextDocumentLanguage(document, result.languageId), { preview: true, viewColumn: ViewColumn.Beside });
}

/** Sets one setting for the document's scope: the workspace when one is open, else the user settings. */
async function updateSetting(section: string, value: unknown, scopeUri?: string): Promise<void> {
  const scope = scopeUri ? Uri.parse(scopeUri) : undefined;
  const target = workspace.workspaceFolders?.length ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
  await workspace.getConfiguration(undefined, scope).update(section, value, target);
}

/** Holds the text of read-only views by URI and tells VS Code when one changes. */
class ReadOnlyViews implements TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;

  set(title: string, content: string): Uri {
    const uri = Uri.from({ scheme: viewScheme, path: `/${title.replace(/[\\/]/g, '-')}` });
    this.texts.set(uri.toString(), content);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}
