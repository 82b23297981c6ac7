/**
 * The VS Code extension: starts the Helm Hooks language server over IPC, wires its commands and
 * the plan view (planView.ts). It knows nothing about Helm; everything it shows comes from the server.
 */
import * as path from 'path';
import { commands, ConfigurationTarget, Uri, window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { documentSelector, planChangedNotification, valuesProfilesChangedNotification, type InitializationOptions, type PlanChangedParams, type ValuesProfilesChangedParams, type ValuesProfilesResult } from '../../server/src/protocol';
import { openLocation, openLocationCommand, PlanTexts, PlanTree, viewScheme, type PlanViewApi } from './planView';
import { serverEnvironmentChanges } from './serverEnvironment';
import { selectValuesProfileCommand, ValuesProfileStatus } from './valuesProfiles';

const updateSettingCommand = 'helmHooks.updateSetting';

let client: LanguageClient | undefined;

/** What the extension gives other extensions (the tests): the plan view's current rows. */
export interface HelmHooksApi {
  readonly planView: PlanViewApi;
  /** The values profile the status bar shows (the active editor's chart), and its profiles. */
  valuesProfile(): ValuesProfilesResult | undefined;
}

export async function activate(context: ExtensionContext): Promise<HelmHooksApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env: serverEnvironmentChanges } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env: serverEnvironmentChanges, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...documentSelector],
    // Tells the server which client command updates a setting, so it can offer "disable rule".
    initializationOptions: { updateSettingCommand } satisfies InitializationOptions,
    // Without this the server never hears that a setting changed; it pulls the values itself.
    synchronize: { configurationSection: 'helmHooks' },
  };
  client = new LanguageClient('helmHooks', 'Helm Hooks', serverOptions, clientOptions);

  const started = client;
  const texts = new PlanTexts(started);
  const tree = new PlanTree(started);
  const profiles = new ValuesProfileStatus(started);
  context.subscriptions.push(
    profiles,
    commands.registerCommand(selectValuesProfileCommand, (name?: unknown) => profiles.select(typeof name === 'string' ? name : undefined)),
    started.onNotification(valuesProfilesChangedNotification, (params: ValuesProfilesChangedParams) => profiles.profilesChanged(params.chart)),
    workspace.registerTextDocumentContentProvider(viewScheme, texts),
    tree,
    commands.registerCommand('helmHooks.restartServer', () => client?.restart()),
    commands.registerCommand('helmHooks.showExecutionPlan', () => texts.show(window.activeTextEditor)),
    commands.registerCommand(openLocationCommand, openLocation),
    commands.registerCommand(updateSettingCommand, updateSetting),
    started.onNotification(planChangedNotification, (params: PlanChangedParams) => {
      tree.planChanged(params.chart);
      void texts.planChanged(params.chart);
    }),
  );
  // Shows the plan view in the Explorer (package.json `views`) once a chart made the extension start.
  void commands.executeCommand('setContext', 'helmHooks.active', true);
  await client.start();
  tree.follow(window.activeTextEditor);
  await profiles.follow(window.activeTextEditor);
  return { planView: tree, valuesProfile: () => profiles.current };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Sets one setting for the document's scope: the workspace when one is open, else the user settings. */
async function updateSetting(section: string, value: unknown, scopeUri?: string): Promise<void> {
  const scope = scopeUri ? Uri.parse(scopeUri) : undefined;
  const target = workspace.workspaceFolders?.length ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
  await workspace.getConfiguration(undefined, scope).update(section, value, target);
}
