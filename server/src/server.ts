/**
 * The language server: capabilities, and the wiring of LSP events to the modules that answer
 * them. validation.ts decides when charts are checked and publishes diagnostics, handlers.ts
 * answers requests, editorCharts.ts knows which chart a document is and keeps one snapshot
 * per chart state, workspaceChecks.ts checks the charts of the workspace that are not open.
 */
import { DidChangeWatchedFilesNotification, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'url';
import { chartGlobs } from './chartLayout';
import { EditorCharts } from './editorCharts';
import { registerHandlers } from './handlers';
import { PlanViews } from './planView';
import { valuesProfilesChangedNotification, type InitializationOptions, type ValuesProfilesChangedParams } from './protocol';
import { ServerLog } from './serverLog';
import { configFileName } from './node/configFile';
import { SettingsStore } from './settings';
import { Validation } from './validation';
import { ValuesProfileChoice } from './valuesProfiles';
import { ChartWorkspace } from './workspace';
import { WorkspaceChecks } from './workspaceChecks';

/** How the server runs: `workerScript` starts the worker thread of the workspace checks (absent: they run on this thread). */
export interface ServerOptions {
  readonly workerScript?: string;
  /** Called once, when the first whole analysis of a chart is done (an open document's, or the workspace's first chart): start-up is over. */
  readonly startedUp?: () => void;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const log = new ServerLog(connection);
  const documents = new TextDocuments(TextDocument);
  const client = { canPullConfiguration: false, canWatchFilesDynamically: false, canWatchFolders: false, folders: [] as string[], updateSettingCommand: undefined as string | undefined };
  const profiles = new ValuesProfileChoice(() => client.folders, (message) => log.warn(message));
  const charts = new EditorCharts(documents, new ChartWorkspace((message) => log.warn(message)), profiles);
  const settings = new SettingsStore(connection, () => client.canPullConfiguration);
  /** A chart is shown in another values profile, or its list of profiles changed: everything shown of it follows. */
  const profilesChanged = (chartKey: string): void => {
    validation.chartChanged(chartKey);
    plans.changed(chartKey);
    const params: ValuesProfilesChangedParams = { chart: chartKey };
    connection.sendNotification(valuesProfilesChangedNotification, params).catch((error) => log.failed('valuesProfilesChanged', error));
  };
  let startUp = options.startedUp;
  const startedUp = (): void => {
    const done = startUp;
    startUp = undefined;
    done?.();
  };
  const validation = new Validation(connection, charts, settings, log, profilesChanged, startedUp);
  const background = new WorkspaceChecks(connection, charts, settings, log, () => validation.busy, options.workerScript, startedUp);
  const plans = new PlanViews(connection, charts, log);
  /** The plan of the document's chart may have changed. */
  const planOfDocumentChanged = (uri: string) => {
    const place = charts.placeOf(uri);
    if (place) plans.changed(place.chartKey);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    client.canPullConfiguration = params.capabilities.workspace?.configuration === true;
    client.canWatchFilesDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    client.canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
    client.folders = folderPaths(params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []));
    const options = params.initializationOptions as { [K in keyof InitializationOptions]?: unknown } | undefined;
    client.updateSettingCommand = typeof options?.updateSettingCommand === 'string' ? options.updateSettingCommand : undefined;
    // A client (or a test) may wait longer or shorter for typing to pause; at most ten minutes.
    const delay = options?.validationDelayMs;
    if (typeof delay === 'number' && delay >= 0 && delay <= 600_000) validation.delayMs = delay;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [',', ':', ' ', '"', "'"], resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'helm-hooks-language-server' },
    };
  });

  connection.onInitialized(() => {
    background.setFolders(client.folders);
    if (client.canWatchFolders) {
      // Reading the event registers for it (vscode-languageserver's workspace folders feature).
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(folderPaths(event.removed.map((folder) => folder.uri)));
        client.folders = [...client.folders.filter((folder) => !removed.has(folder)), ...folderPaths(event.added.map((folder) => folder.uri))];
        background.setFolders(client.folders);
      });
    }
    if (!client.canWatchFilesDynamically) return;
    const watchers = [chartGlobs.chartYaml, chartGlobs.values, chartGlobs.templates, `**/${configFileName}`].map((globPattern) => ({ globPattern }));
    connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((error) => log.failed('registering file watchers', error));
  });

  documents.onDidOpen((event) => {
    validation.opened(event.document);
    background.edited(undefined);
  });
  documents.onDidChangeContent((event) => {
    validation.changed(event.document);
    background.edited(charts.placeOf(event.document.uri));
    planOfDocumentChanged(event.document.uri);
  });
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    const place = charts.placeOf(uri);
    settings.forget(uri);
    charts.closed(uri, place);
    validation.closed(uri, place, !background.closed(uri, place));
    if (place) plans.changed(place.chartKey);
  });

  connection.onDidChangeWatchedFiles((params) => {
    try {
      const stale = new Set<string>();
      for (const change of params.changes) for (const key of charts.fileChanged(change.uri)) stale.add(key);
      for (const key of stale) plans.changed(key);
      if (params.changes.some((change) => SettingsStore.isConfigFile(change.uri))) {
        settings.configFilesChanged();
        validation.revalidateAll();
        background.settingsChanged();
      }
      // A Chart.yaml created or removed can move chart roots.
      const rootsMoved = params.changes.some((change) => change.uri.endsWith('/Chart.yaml'));
      validation.filesChanged(stale, rootsMoved);
      background.filesChanged(stale, rootsMoved, folderPaths(params.changes.map((change) => change.uri)));
    } catch (error) {
      log.failed('didChangeWatchedFiles', error);
    }
  });

  connection.onDidChangeConfiguration((params) => {
    settings.changed(params.settings);
    validation.revalidateAll();
    background.settingsChanged();
  });

  registerHandlers(connection, { charts, settings, log, plans, updateSettingCommand: () => client.updateSettingCommand, profilesChanged });

  connection.onShutdown(() => {
    validation.dispose();
    background.dispose();
    plans.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

/** Disk paths of `file:` folder URIs; other schemes have no files to search. */
function folderPaths(uris: readonly string[]): string[] {
  const paths: string[] = [];
  for (const uri of uris) {
    if (!uri.startsWith('file:')) continue;
    try {
      paths.push(fileURLToPath(uri));
    } catch {
      // Not a path on this system: nothing to search.
    }
  }
  return paths;
}
