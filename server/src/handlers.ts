/**
 * The request handlers: each finds the document's chart and settings, asks the chart's
 * snapshot (or the core), and turns the answer into LSP with toLsp.ts. Handlers never throw:
 * a failure is logged and answered with an empty result.
 */
import type { CodeAction, CodeActionParams, CompletionItem, CompletionParams, Connection, Hover, HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionConfig, codeActionsFor } from './codeActions';
import type { EditorCharts } from './editorCharts';
import type { PlanViews } from './planView';
import { executionPlanRequest, planTreeRequest, selectValuesProfileRequest, valuesProfilesRequest, type ExecutionPlanParams, type ExecutionPlanResult, type PlanTreeParams, type PlanTreeResult, type SelectValuesProfileParams, type ValuesProfilesParams, type ValuesProfilesResult } from './protocol';
import type { ServerLog } from './serverLog';
import type { ServerSettings, SettingsStore } from './settings';
import { documentLines, toCompletionItem, toHover } from './toLsp';
import type { DocumentPlace } from './workspace';

export interface HandlerServices {
  readonly charts: EditorCharts;
  readonly settings: SettingsStore;
  readonly log: ServerLog;
  readonly plans: PlanViews;
  /** The client command that updates a setting, once the client named one in initialize. */
  updateSettingCommand(): string | undefined;
  /** A chart's values profile (or the list of them) changed: check it again, refresh the plan, tell the client. */
  profilesChanged(chartKey: string): void;
}

export function registerHandlers(connection: Connection, services: HandlerServices): void {
  const { charts, log } = services;

  /** Runs a request handler, answering `fallback` (and logging) when it fails. */
  const guarded = <P, R>(where: string, fallback: R, handler: (params: P) => Promise<R> | R) => async (params: P): Promise<R> => {
    try {
      return await handler(params);
    } catch (error) {
      log.failed(where, error);
      return fallback;
    }
  };

  /** The document, its place and settings, or undefined when the server has nothing to say about it. */
  const context = async (uri: string): Promise<{ doc: TextDocument; place: DocumentPlace; settings: ServerSettings } | undefined> => {
    const doc = charts.documents.get(uri);
    const place = doc ? charts.placeOf(uri) : undefined;
    if (!doc || !place) return undefined;
    const settings = await services.settings.get(uri);
    return settings.enable ? { doc, place, settings } : undefined;
  };

  connection.onCompletion(
    guarded('completion', [] as CompletionItem[], async (params: CompletionParams) => {
      const found = await context(params.textDocument.uri);
      if (!found) return [];
      const index = documentLines(found.doc);
      const analysis = charts.snapshotOf(found.place).analysis;
      const offset = index.offsetAt(params.position);
      let result = analysis.completions(found.place.file, offset);
      // Weights are placed among the rendered plan the plan view shows (rendered names, Helm's order).
      // Only then is the chart rendered: rendering on every completion request cost a whole render
      // per keystroke (about 1 s of CPU on argo-cd under load), and the diagnostics waited behind it.
      if (result.placesWeights) result = analysis.completions(found.place.file, offset, services.plans.planAt(found.place));
      return result.items.map((item) => toCompletionItem(item, index));
    }),
  );

  connection.onHover(
    guarded('hover', null as Hover | null, async (params: HoverParams) => {
      const found = await context(params.textDocument.uri);
      if (!found) return null;
      const index = documentLines(found.doc);
      // The hook's place comes from the rendered plan the plan view shows (rendered names, Helm's order).
      const result = charts.snapshotOf(found.place).analysis.hover(found.place.file, index.offsetAt(params.position), services.plans.planAt(found.place));
      return result ? toHover(result, index) : null;
    }),
  );

  connection.onCodeAction(
    guarded('codeAction', [] as CodeAction[], async (params: CodeActionParams) => {
      const found = await context(params.textDocument.uri);
      if (!found) return [];
      const { doc, place } = found;
      const configured = found.settings.analysis.rules ?? {};
      // The analysis of this state is kept for the next request.
      const snapshot = charts.snapshotOf(place);
      const analysis = snapshot.analysis.findings(codeActionConfig(configured));
      log.internalErrors(analysis);
      return codeActionsFor(analysis, {
        uri: doc.uri,
        file: place.file,
        range: { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) },
        lines: documentLines(doc),
        text: doc.getText(),
        configured,
        resolve: charts.resolverFor(place, snapshot.files),
        updateSettingCommand: services.updateSettingCommand(),
      });
    }),
  );

  connection.onRequest(
    executionPlanRequest,
    guarded<ExecutionPlanParams, ExecutionPlanResult>('executionPlan', { title: 'Hook execution plan', content: planFailed, languageId: 'plaintext' }, (params) => services.plans.text(params.uri)),
  );

  /** The chart's profiles, with the document's `helmHooks.values` entry taken first (a change of it re-checks the chart). */
  const profilesOf = async (uri: string): Promise<{ place: DocumentPlace; result: ValuesProfilesResult } | undefined> => {
    const found = await context(uri);
    if (!found) return undefined;
    if (charts.profiles.useSettings(found.place.chartKey, found.place.root, found.settings.values)) services.profilesChanged(found.place.chartKey);
    return { place: found.place, result: charts.profiles.list(found.place.chartKey, charts.snapshotOf(found.place).input) };
  };
  const noProfiles: ValuesProfilesResult = { active: '', profiles: [] };

  connection.onRequest(
    valuesProfilesRequest,
    guarded<ValuesProfilesParams, ValuesProfilesResult>('valuesProfiles', noProfiles, async (params) => (await profilesOf(params.uri))?.result ?? noProfiles),
  );

  connection.onRequest(
    selectValuesProfileRequest,
    guarded<SelectValuesProfileParams, ValuesProfilesResult>('selectValuesProfile', noProfiles, async (params) => {
      const found = await profilesOf(params.uri);
      if (!found) return noProfiles;
      const { place } = found;
      if (!charts.profiles.select(place.chartKey, charts.snapshotOf(place).input, params.profile)) return found.result;
      services.profilesChanged(place.chartKey);
      return charts.profiles.list(place.chartKey, charts.snapshotOf(place).input);
    }),
  );

  connection.onRequest(
    planTreeRequest,
    guarded<PlanTreeParams, PlanTreeResult>('planTree', { title: '', message: planFailed, items: [] }, (params) => services.plans.tree(params.uri)),
  );
}

const planFailed = 'The execution plan could not be computed; see the Helm Hooks output for details.';
