/**
 * The language server: capabilities, and the wiring of LSP events to the modules that answer
 * them. validation.ts decides when charts are checked and publishes diagnostics, handlers.ts
 * answers requests, editorCharts.ts knows which chart a document is and keeps one snapshot
 * per chart state.
 */
import { DidChangeWatchedFilesNotification, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { chartGlobs } from './chartLayout';
import { EditorCharts } from './editorCharts';
import { registerHandlers } from './handlers';
import type { InitializationOptions } from './protocol';
import { ServerLog } from './serverLog';
import { configFileName } from './node/configFile';
import { SettingsStore } from './settings';
import { Validation } from './validation';
import { ChartWorkspace } from './workspace';

export function startServer(connection: Connection): void {
  const log = new ServerLog(connection);
  const documents = new TextDocuments(TextDocument);
  const charts = new EditorCharts(documents, new ChartWorkspace((message) => log.warn(message)));
  const client = { canPullConfiguration: false, canWatchFilesDynamically: false, updateSettingCommand: undefined as string | undefined };
  const settings = new SettingsStore(connection, () => client.canPullConfiguration);
  const validation = new Validation(connection, charts, settings, log);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    client.canPullConfiguration = params.capabilities.workspace?.configuration === true;
    client.canWatchFilesDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
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
    if (!client.canWatchFilesDynamically) return;
    const watchers = [chartGlobs.chartYaml, chartGlobs.values, chartGlobs.templates, `**/${configFileName}`].map((globPattern) => ({ globPattern }));
    connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((error) => log.failed('registering file watchers', error));
  });

  documents.onDidOpen((event) => validation.opened(event.document));
  documents.onDidChangeContent((event) => validation.changed(event.document));
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    const place = charts.placeOf(uri);
    settings.forget(uri);
    charts.closed(uri, place);
    validation.closed(uri, place);
  });

  connection.onDidChangeWatchedFiles((params) => {
    try {
      const stale = new Set<string>();
      for (const change of params.changes) for (const key of charts.fileChanged(change.uri)) stale.add(key);
      if (params.changes.some((change) => SettingsStore.isConfigFile(change.uri))) {
        settings.configFilesChanged();
        validation.revalidateAll();
      }
      // A Chart.yaml created or removed can move chart roots.
      validation.filesChanged(stale, params.changes.some((change) => change.uri.endsWith('/Chart.yaml')));
    } catch (error) {
      log.failed('didChangeWatchedFiles', error);
    }
  });

  connection.onDidChangeConfiguration((params) => {
    settings.changed(params.settings);
    validation.revalidateAll();
  });

  registerHandlers(connection, { charts, settings, log, updateSettingCommand: () => client.updateSettingCommand });

  connection.onShutdown(() => validation.dispose());

  documents.listen(connection);
  connection.listen();
}
