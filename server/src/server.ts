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
import { analyzeChart, createLineIndex, getCompletions, getExecutionPlan, getHover, type AnalysisConfig, type LineIndex, type ParseCache, type Span, type ChartInput, type Finding } from './analysis';
import { formatPlanText } from './cli/plan';
import { SettingsStore, type ServerSettings } from './settings';
import { toCodeAction, toCompletionItem, toDiagnostic, toDisableRuleAction, toHover, type FileResolver } from './toLsp';
import { ChartWorkspace, type DocumentPlace } from './workspace';

/** Debounce between the last keystroke and re-checking the chart. */
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
  const settings = new SettingsStore(connection, () => canPullConfiguration);
  const timers = new Map<string, NodeJS.Timeout>();
  /** Open documents that currently show diagnostics, so a document that leaves a chart is cleared. */
  const published = new Set<string>();
  const reportedErrors = new Set<string>();

  const log = (where: string, error: unknown): void => {
    connection.console.error(`${where} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  };

  const openTexts = () => documents.all().map((doc) => ({ uri: doc.uri, text: doc.getText() }));

  const resolverFor = (place: DocumentPlace, input: ChartInput): FileResolver => {
    const texts = filesOf(input);
    return (file) => {
      const open = documents.all().find((doc) => samePlace(workspace.placeOf(doc.uri), { chartKey: place.chartKey, file }));
      if (open) return { uri: open.uri, text: open.getText() };
      const text = texts.get(file);
      const uri = workspace.uriOf(place, file, documents.keys());
      return text !== undefined && uri ? { uri, text } : undefined;
    };
  };

  /** The chart input for analysing `place`; a values file other than values.yaml stands in for it. */
  const analysisInput = (place: DocumentPlace): ChartInput => {
    const input = workspace.inputOf(place, openTexts());
    if (!isAlternateValues(place)) return input;
    const open = documents.all().find((doc) => samePlace(workspace.placeOf(doc.uri), place));
    const text = open?.getText() ?? filesOf(input).get(place.file);
    return text === undefined ? input : withValuesFile(input, place.file, text);
  };

  const schedule = (chartKey: string, delay = validationDelayMs): void => {
    clearTimeout(timers.get(chartKey));
    timers.set(
      chartKey,
      setTimeout(() => {
        timers.delete(chartKey);
        validateChart(chartKey).catch((error) => log('validation', error));
      }, delay),
    );
  };

  const validateChart = async (chartKey: string): Promise<void> => {
    const docs = documents.all().filter((doc) => workspace.placeOf(doc.uri)?.chartKey === chartKey);
    const docSettings = await Promise.all(docs.map((doc) => settings.get(doc.uri)));
    // Analyse once per distinct configuration; all documents of a chart usually share one.
    const runs = new Map<string, Map<string, Finding[]>>();
    for (let i = 0; i < docs.length; i++) {
      const doc = documents.get(docs[i].uri);
      if (!doc) continue; // Closed while the settings were pulled.
      const place = workspace.placeOf(doc.uri);
      if (!place || !docSettings[i].enable) {
        publish(doc.uri, doc.version, []);
        continue;
      }
      const input = analysisInput(place);
      const key = `${JSON.stringify(docSettings[i].analysis)}|${isAlternateValues(place) ? place.file : ''}`;
      let byFile = runs.get(key);
      if (!byFile) {
        byFile = groupByFile(analyze(input, docSettings[i].analysis, workspace.cacheOf(chartKey)));
        runs.set(key, byFile);
      }
      const index = createLineIndex(doc.getText());
      const resolve = resolverFor(place, input);
      publish(doc.uri, doc.version, (byFile.get(place.file) ?? []).map((finding) => toDiagnostic(finding, index, resolve)));
    }
  };

  const analyze = (input: ChartInput, config: AnalysisConfig, cache: ParseCache): Finding[] => {
    const result = analyzeChart(input, config, cache);
    for (const error of result.internalErrors) {
      // The same broken rule fails on every keystroke; say it once.
      if (reportedErrors.has(error)) continue;
      reportedErrors.add(error);
      connection.console.error(`rule failed: ${error}`);
    }
    return [...result.findings];
  };

  const publish = (uri: string, version: number | undefined, diagnostics: Diagnostic[]): void => {
    if (diagnostics.length > 0) published.add(uri);
    else published.delete(uri);
    connection.sendDiagnostics({ uri, version, diagnostics }).catch((error) => log('publishDiagnostics', error));
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
    const options = params.initializationOptions as { updateSettingCommand?: unknown } | undefined;
    updateSettingCommand = typeof options?.updateSettingCommand === 'string' ? options.updateSettingCommand : undefined;
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
    if (place) schedule(place.chartKey, 0);
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
      const offset = doc.offsetAt(params.position);
      const result = getCompletions(analysisInput(place), place.file, offset, workspace.cacheOf(place.chartKey));
      const index = createLineIndex(doc.getText());
      return result.items.map((item) => toCompletionItem(item, index));
    }),
  );

  connection.onHover(
    guarded('hover', null as Hover | null, async (params) => {
      const found = await context(params.textDocument.uri);
      if (!found) return null;
      const { doc, place } = found;
      const result = getHover(analysisInput(place), place.file, doc.offsetAt(params.position), workspace.cacheOf(place.chartKey));
      return result ? toHover(result, createLineIndex(doc.getText())) : null;
    }),
  );

  connection.onCodeAction(
    guarded('codeAction', [] as CodeAction[], async (params: CodeActionParams) => {
      const found = await context(params.textDocument.uri);
      if (!found) return [];
      const { doc, place } = found;
      const index = createLineIndex(doc.getText());
      const range = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
      const configured = found.settings.analysis.rules ?? {};
      // Stateless: analyse the current text again; the offered-anyway rules run even when off.
      const config: AnalysisConfig = { rules: Object.fromEntries(Object.entries(configured).filter(([id, severity]) => !(severity === 'off' && alwaysOfferedFixes.includes(id)))) };
      const input = analysisInput(place);
      const resolve = resolverFor(place, input);
      const actions: CodeAction[] = [];
      const disableActions: CodeAction[] = [];
      for (const finding of analyze(input, config, workspace.cacheOf(place.chartKey))) {
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
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}

/** A values file other than values.yaml (values-prod.yaml): analysed in place of its chart's values.yaml. */
function isAlternateValues(place: DocumentPlace): boolean {
  return place.role === 'values' && !/(^|\/)values\.yaml$/.test(place.file);
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

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    let list = byFile.get(finding.file);
    if (!list) byFile.set(finding.file, (list = []));
    list.push(finding);
  }
  return byFile;
}

function filesOf(input: ChartInput): Map<string, string> {
  const texts = new Map<string, string>();
  const visit = (chart: ChartInput): void => {
    for (const file of chart.templates) texts.set(file.path, file.text);
    if (chart.values) texts.set(chart.values.path, chart.values.text);
    for (const sub of chart.subcharts ?? []) visit(sub);
  };
  visit(input);
  return texts;
}

/** The chart with `file` (a values file such as values-prod.yaml) read in place of its level's values.yaml. */
function withValuesFile(input: ChartInput, file: string, text: string): ChartInput {
  const prefix = file.slice(0, file.lastIndexOf('/') + 1);
  const swap = (chart: ChartInput, chartPrefix: string): ChartInput => {
    if (chartPrefix === prefix) return { ...chart, values: { path: file, text } };
    return {
      ...chart,
      subcharts: (chart.subcharts ?? []).map((sub) => {
        const sample = sub.chartYaml?.path ?? sub.templates[0]?.path ?? sub.values?.path ?? '';
        const subPrefix = /^((?:charts\/[^/]+\/)*)/.exec(sample)?.[1] ?? '';
        return swap(sub, subPrefix);
      }),
    };
  };
  return swap(input, '');
}
