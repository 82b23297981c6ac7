/**
 * The language server: capabilities and handler wiring. Each handler finds the document's
 * chart, asks the core, and turns the answer into LSP with toLsp.ts. Handlers never throw:
 * a failure is logged and answered with an empty result.
 */
import {
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type CompletionItem,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeChart, createLineIndex, getCompletionsInChart, getExecutionPlan, getHoverInChart, mapCharts, type AnalysisConfig, type AnalysisResult, type LineIndex, type Span, type ChartInput } from './analysis';
import { formatPlanText } from './cli/plan';
import { SettingsStore, type ServerSettings } from './settings';
import { ChartSnapshots, filesOf, type ChartSnapshot } from './snapshots';
import { documentLines, toCodeAction, toCompletionItem, toDiagnostic, toDisableRuleAction, toHover, type FileResolver } from './toLsp';
import { ChartWorkspace, type DocumentPlace } from './workspace';

/** Debounce between the last keystroke and re-checking the chart (initializationOptions.validationDelayMs overrides it). */
const validationDelayMs = 150;

/** Rules whose fixes stay available as code actions on a hook even when the rule is off. */
const alwaysOfferedFixes: readonly string[] = ['implicit-delete-policy', 'unweighted-hook'];

export const executionPlanRequest = 'helmHooks/executionPlan';

export interface ExecutionPlanParams {
  readonly uri: string;
}

/** A read-only document for the client to show as it is; the client knows nothing of its content. */
export interface ExecutionPlanResult {
  readonly title: string;
  readonly content: string;
  /** Language id for the shown document. */
  readonly languageId: string;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new ChartWorkspace((message) => connection.console.warn(message));
  let canPullConfiguration = false;
  let canWatchFilesDynamically = false;
  let updateSettingCommand: string | undefined;
  let changeDelayMs = validationDelayMs;
  const settings = new SettingsStore(connection, () => canPullConfiguration);
  /** Pending validations by chart; `immediate` marks one that no debounce may postpone. */
  const timers = new Map<string, { timer: NodeJS.Timeout; immediate: boolean }>();
  /** Open documents that currently show diagnostics, so a document that leaves a chart is cleared. */
  const published = new Set<string>();
  const reportedErrors = new Set<string>();
  const snapshots = new ChartSnapshots();
  /** Charts analysed whole at least once: their parse cache is warm. */
  const analysedCharts = new Set<string>();
  /** Documents opened in a chart not analysed yet, waiting for a first look on their own. */
  const firstLooks = new Set<string>();

  const log = (where: string, error: unknown): void => {
    connection.console.error(`${where} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  };

  const openTexts = () => documents.all().map((doc) => ({ uri: doc.uri, text: doc.getText() }));

  const resolverFor = (place: DocumentPlace, texts: ReadonlyMap<string, string>): FileResolver => {
    const diskIndexes = new Map<string, LineIndex>();
    return (file) => {
      const open = documents.all().find((doc) => samePlace(workspace.placeOf(doc.uri), { chartKey: place.chartKey, file }));
      if (open) return { uri: open.uri, lines: documentLines(open) };
      const text = texts.get(file);
      const uri = workspace.uriOf(place, file, documents.keys());
      if (text === undefined || !uri) return undefined;
      let lines = diskIndexes.get(file);
      if (!lines) diskIndexes.set(file, (lines = createLineIndex(text)));
      return { uri, lines };
    };
  };

  /** `input` as analysed for `place`: a values file other than values.yaml stands in for it. */
  const variantOf = (place: DocumentPlace, input: ChartInput): ChartInput => {
    if (!isAlternateValues(place)) return input;
    const open = documents.all().find((doc) => samePlace(workspace.placeOf(doc.uri), place));
    const text = open?.getText() ?? filesOf(input).get(place.file);
    return text === undefined ? input : withValuesFile(input, place.file, text);
  };

  /**
   * The chart as the editor shows it now, for analysing `place`. Kept while no document of the
   * chart changes (versions) and its disk copy stays current (generation), so the requests
   * after a keystroke share one model and one analysis.
   */
  const snapshotOf = (place: DocumentPlace): ChartSnapshot => {
    const versions = documents
      .all()
      .filter((doc) => workspace.placeOf(doc.uri)?.chartKey === place.chartKey)
      .map((doc) => `${doc.uri}@${doc.version}`)
      .sort()
      .join(' ');
    const signature = `${workspace.generationOf(place.chartKey)} ${versions}`;
    const variant = isAlternateValues(place) ? place.file : '';
    return snapshots.get(place.chartKey, variant, signature, () => variantOf(place, workspace.inputOf(place, openTexts())), workspace.cacheOf(place.chartKey));
  };

  /**
   * Validates the chart after `delay`, replacing a pending validation: typing postpones it until
   * a pause. An immediate one (a document opened) is never postponed: TextDocuments reports an
   * open as a content change too, and the validation reads the texts current when it runs.
   */
  const schedule = (chartKey: string, delay = changeDelayMs): void => {
    const pending = timers.get(chartKey);
    if (pending?.immediate) return;
    clearTimeout(pending?.timer);
    const timer = setTimeout(() => {
      timers.delete(chartKey);
      validateChart(chartKey).catch((error) => log('validation', error));
    }, delay);
    timers.set(chartKey, { timer, immediate: delay === 0 });
  };

  const validateChart = async (chartKey: string): Promise<void> => {
    const docs = documents.all().filter((doc) => workspace.placeOf(doc.uri)?.chartKey === chartKey);
    const docSettings = await Promise.all(docs.map((doc) => settings.get(doc.uri)));
    const firstLook = docs.filter((doc) => firstLooks.delete(doc.uri));
    if (firstLook.length > 0 && !analysedCharts.has(chartKey)) {
      // Parsing a whole chart for the first time can take a second: publish what the open files
      // alone show at once, then the whole-chart analysis below publishes again.
      const runs = new Map<string, ChartRun>();
      const sent = firstLook.map((doc) =>
        check(doc, docSettings[docs.indexOf(doc)], (place, config, key) => {
          let run = runs.get(key);
          if (!run) {
            const input = variantOf(place, workspace.openPartOf(place, openTexts()));
            runs.set(key, (run = { result: analyzeChart(input, config, workspace.cacheOf(chartKey)), files: filesOf(input) }));
          }
          return run;
        }),
      );
      await Promise.all(sent);
    }
    for (let i = 0; i < docs.length; i++) {
      check(docs[i], docSettings[i], (place, config) => {
        const snapshot = snapshotOf(place);
        return { result: snapshot.analysis(config), files: snapshot.files };
      });
    }
    analysedCharts.add(chartKey);
  };

  /**
   * Publishes the findings for one document with `settings`; `analyse` gives the chart's
   * analysis under a configuration (`key` names the configuration and values variant, so
   * documents that share them share one run) and the chart's file texts.
   */
  const check = (
    opened: TextDocument,
    docSettings: ServerSettings,
    analyse: (place: DocumentPlace, config: AnalysisConfig, key: string) => ChartRun,
  ): Promise<void> => {
    const doc = documents.get(opened.uri);
    if (!doc) return Promise.resolve(); // Closed while the settings were pulled.
    const place = workspace.placeOf(doc.uri);
    if (!place || !docSettings.enable) return publish(doc.uri, doc.version, []);
    const key = `${JSON.stringify(docSettings.analysis)}|${isAlternateValues(place) ? place.file : ''}`;
    const { result, files } = analyse(place, docSettings.analysis, key);
    reportErrors(result);
    const index = documentLines(doc);
    const resolve = resolverFor(place, files);
    const findings = result.findings.filter((finding) => finding.file === place.file);
    return publish(doc.uri, doc.version, findings.map((finding) => toDiagnostic(finding, index, resolve)));
  };

  const reportErrors = (result: AnalysisResult): void => {
    for (const error of result.internalErrors) {
      // The same broken rule fails on every keystroke; say it once.
      if (reportedErrors.has(error)) continue;
      reportedErrors.add(error);
      connection.console.error(`rule failed: ${error}`);
    }
  };

  /** Sends diagnostics; the promise settles once they are written (never rejects). */
  const publish = (uri: string, version: number | undefined, diagnostics: Diagnostic[]): Promise<void> => {
    if (diagnostics.length > 0) published.add(uri);
    else published.delete(uri);
    return connection.sendDiagnostics({ uri, version, diagnostics }).catch((error) => log('publishDiagnostics', error));
  };

  const revalidateAll = (): void => {
    const keys = new Set<string>();
    for (const doc of documents.all()) {
      const place = workspace.placeOf(doc.uri);
      if (place) keys.add(place.chartKey);
      else if (published.has(doc.uri)) publish(doc.uri, doc.version, []);
    }
    for (const key of keys) schedule(key, 0);
  };

  /** Runs a request handler, answering `fallback` (and logging) when it fails. */
  const guarded = <P, R>(where: string, fallback: R, handler: (params: P) => Promise<R> | R) => async (params: P): Promise<R> => {
    try {
      return await handler(params);
    } catch (error) {
      log(where, error);
      return fallback;
    }
  };

  /** The document, its place and settings, or undefined when the server has nothing to say about it. */
  const context = async (uri: string): Promise<{ doc: TextDocument; place: DocumentPlace; settings: ServerSettings } | undefined> => {
    const doc = documents.get(uri);
    const place = doc ? workspace.placeOf(uri) : undefined;
    if (!doc || !place) return undefined;
    const current = await settings.get(uri);
    return current.enable ? { doc, place, settings: current } : undefined;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchFilesDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const options = params.initializationOptions as { updateSettingCommand?: unknown; validationDelayMs?: unknown } | undefined;
    updateSettingCommand = typeof options?.updateSettingCommand === 'string' ? options.updateSettingCommand : undefined;
    // A client (or a test) may wait longer or shorter for typing to pause; at most ten minutes.
    const delay = options?.validationDelayMs;
    if (typeof delay === 'number' && delay >= 0 && delay <= 600_000) changeDelayMs = delay;
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
    if (canWatchFilesDynamically) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/Chart.yaml' }, { globPattern: '**/values*.yaml' }, { globPattern: '**/templates/**' }],
        })
        .catch((error) => log('registering file watchers', error));
    }
  });

  documents.onDidOpen((event) => {
    const place = workspace.placeOf(event.document.uri);
    if (!place) return;
    // An unsaved document is a chart of its own: its whole-chart analysis is already a first look.
    if (place.root && !analysedCharts.has(place.chartKey)) firstLooks.add(event.document.uri);
    // Not debounced: the user waits for the first diagnostics of a document just opened.
    schedule(place.chartKey, 0);
  });
  documents.onDidChangeContent((event) => {
    const place = workspace.placeOf(event.document.uri);
    if (place) schedule(place.chartKey);
  });
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    const place = workspace.placeOf(uri);
    settings.forget(uri);
    workspace.forgetPlace(uri);
    published.delete(uri);
    firstLooks.delete(uri);
    if (place && !documents.all().some((doc) => doc.uri !== uri && workspace.placeOf(doc.uri)?.chartKey === place.chartKey)) snapshots.forget(place.chartKey);
    connection.sendDiagnostics({ uri, diagnostics: [] }).catch((error) => log('publishDiagnostics', error));
    // The chart now reads this file from disk again; the other open files may change.
    if (place) schedule(place.chartKey);
  });

  connection.onDidChangeWatchedFiles((params) => {
    try {
      const stale = new Set<string>();
      for (const change of params.changes) for (const key of workspace.fileChanged(change.uri)) stale.add(key);
      if (params.changes.some((change) => change.uri.endsWith('/Chart.yaml'))) revalidateAll();
      else for (const key of stale) schedule(key);
    } catch (error) {
      log('didChangeWatchedFiles', error);
    }
  });

  connection.onDidChangeConfiguration((params) => {
    settings.changed(params.settings);
    revalidateAll();
  });

  connection.onCompletion(
    guarded('completion', [] as CompletionItem[], async (params) => {
      const found = await context(params.textDocument.uri);
      if (!found) return [];
      const { doc, place } = found;
      const index = documentLines(doc);
      const result = getCompletionsInChart(snapshotOf(place).model, place.file, index.offsetAt(params.position));
      return result.items.map((item) => toCompletionItem(item, index));
    }),
  );

  connection.onHover(
    guarded('hover', null as Hover | null, async (params) => {
      const found = await context(params.textDocument.uri);
      if (!found) return null;
      const { doc, place } = found;
      const index = documentLines(doc);
      const result = getHoverInChart(snapshotOf(place).model, place.file, index.offsetAt(params.position));
      return result ? toHover(result, index) : null;
    }),
  );

  connection.onCodeAction(
    guarded('codeAction', [] as CodeAction[], async (params: CodeActionParams) => {
      const found = await context(params.textDocument.uri);
      if (!found) return [];
      const { doc, place } = found;
      const index = documentLines(doc);
      const range = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
      const configured = found.settings.analysis.rules ?? {};
      // The offered-anyway rules run even when off; the analysis of this state is kept for the next request.
      const config: AnalysisConfig = { rules: Object.fromEntries(Object.entries(configured).filter(([id, severity]) => !(severity === 'off' && alwaysOfferedFixes.includes(id)))) };
      const snapshot = snapshotOf(place);
      const analysis = snapshot.analysis(config);
      reportErrors(analysis);
      const resolve = resolverFor(place, snapshot.files);
      const actions: CodeAction[] = [];
      const disableActions: CodeAction[] = [];
      for (const finding of analysis.findings) {
        if (finding.file !== place.file) continue;
        const ruleOff = configured[finding.rule] === 'off';
        // A fix offered without a diagnostic has no squiggle to aim at: anywhere on its line will do.
        if (!touches(ruleOff ? lineSpan(index, finding.span) : finding.span, range)) continue;
        const diagnostic = ruleOff ? undefined : toDiagnostic(finding, index, resolve);
        for (const fix of finding.fixes) {
          const action = toCodeAction(fix, resolve, diagnostic);
          if (action) actions.push(action);
        }
        if (diagnostic && updateSettingCommand && !disableActions.some((action) => action.title.includes(` ${finding.rule} `))) {
          disableActions.push(toDisableRuleAction(finding.rule, updateSettingCommand, doc.uri, diagnostic));
        }
      }
      return [...actions, ...disableActions];
    }),
  );

  connection.onRequest(
    executionPlanRequest,
    guarded<ExecutionPlanParams, ExecutionPlanResult>('executionPlan', planMessage('The execution plan could not be computed; see the Helm Hooks output for details.'), (params) => {
      const place = workspace.placeOf(params.uri);
      if (!place) return planMessage('This file is not part of a Helm chart: there is no Chart.yaml above it and no templates/ folder around it.');
      const plan = getExecutionPlan(workspace.inputOf(place, openTexts()), workspace.cacheOf(place.chartKey));
      return { title: `Hook execution plan (${plan.chart})`, content: formatPlanText(plan), languageId: 'plaintext' };
    }),
  );

  connection.onShutdown(() => {
    for (const pending of timers.values()) clearTimeout(pending.timer);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}

/** A values file other than values.yaml (values-prod.yaml): analysed in place of its chart's values.yaml. */
function isAlternateValues(place: DocumentPlace): boolean {
  return place.role === 'values' && !/(^|\/)values\.yaml$/.test(place.file);
}

/** An analysis of a chart and the texts of its files (to resolve related locations and fix targets). */
interface ChartRun {
  readonly result: AnalysisResult;
  readonly files: ReadonlyMap<string, string>;
}

function planMessage(content: string): ExecutionPlanResult {
  return { title: 'Hook execution plan', content, languageId: 'plaintext' };
}

function samePlace(a: { chartKey: string; file: string } | undefined, b: { chartKey: string; file: string }): boolean {
  return a !== undefined && a.chartKey === b.chartKey && a.file === b.file;
}

function lineSpan(index: LineIndex, span: Span): Span {
  const start = index.positionAt(span.start).line;
  const end = index.positionAt(span.end).line;
  const lineStart = index.offsetAt({ line: start, character: 0 });
  // Up to the newline, so a cursor at the start of the next line does not count.
  return { start: lineStart, end: Math.max(lineStart, index.offsetAt({ line: end + 1, character: 0 }) - 1) };
}

/** Whether a finding's span meets the requested range (an empty range is the cursor). */
function touches(span: Span, range: Span): boolean {
  return span.start <= range.end && range.start <= span.end;
}

/** The chart with `file` (a values file such as values-prod.yaml) read in place of its level's values.yaml. */
function withValuesFile(input: ChartInput, file: string, text: string): ChartInput {
  const prefix = file.slice(0, file.lastIndexOf('/') + 1);
  return mapCharts(input, (chart, entry) => (entry.prefix === prefix ? { ...chart, values: { path: file, text } } : chart));
}
