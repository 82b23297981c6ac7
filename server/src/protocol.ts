/**
 * What the extension and the server say to each other beyond LSP: the custom requests for the
 * execution plan (as text and as a tree) and the notification that it changed, the values profiles
 * of a chart (list, select, changed), the documents the server wants, and the client's initialization options.
 * The client imports this module instead of redeclaring it; it holds no Helm knowledge beyond
 * the chart layout, and imports nothing but that.
 */
import { chartGlobs } from './chartLayout';

export const executionPlanRequest = 'helmHooks/executionPlan';

export interface ExecutionPlanParams {
  readonly uri: string;
}

/** A read-only document for the client to show as it is; the client knows nothing of its content. */
export interface ExecutionPlanResult {
  readonly title: string;
  /** Identifies the chart (the same string as in planChanged), so the client can refresh the text. */
  readonly chart?: string;
  readonly content: string;
  /** Language id for the shown document. */
  readonly languageId: string;
}

export const planTreeRequest = 'helmHooks/planTree';

/** Sent by the server when a chart's plan may have changed (an edit, a file on disk, settings); the client asks again if it shows that chart. */
export const planChangedNotification = 'helmHooks/planChanged';

export interface PlanTreeParams {
  /** A document of the chart whose plan is wanted. */
  readonly uri: string;
}

/** One row of the plan view, ready to show: the client maps it one to one onto a tree item. */
export interface PlanTreeItem {
  /** Stable across edits, so the view keeps what was expanded. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  /** A product icon (codicon) id. */
  readonly icon?: string;
  /** Where a click goes: a document and a 0-based line. */
  readonly location?: { readonly uri: string; readonly line: number };
  readonly expanded?: boolean;
  readonly children?: readonly PlanTreeItem[];
}

export interface PlanTreeResult {
  /** Identifies the chart (the same string as in planChanged); absent when the document is in no chart. */
  readonly chart?: string;
  /** The view's subtitle (the chart's name). */
  readonly title: string;
  /** Shown instead of the items when there is no plan to show. */
  readonly message?: string;
  readonly items: readonly PlanTreeItem[];
}

export interface PlanChangedParams {
  readonly chart: string;
}

/** The values profiles of a document's chart (issue 12: default, each ci/*-values.yaml, the files helmHooks.values names) and the one shown. */
export const valuesProfilesRequest = 'helmHooks/valuesProfiles';

export interface ValuesProfilesParams {
  readonly uri: string;
}

/** One profile for the client's quick pick. */
export interface ValuesProfileItem {
  /** Shown as it is, and sent back to select it. */
  readonly name: string;
  readonly description?: string;
}

export interface ValuesProfilesResult {
  /** Identifies the chart; absent when the document is in no chart (nothing to show). */
  readonly chart?: string;
  readonly chartName?: string;
  /** The name of the profile diagnostics, hover and the plan follow. */
  readonly active: string;
  readonly profiles: readonly ValuesProfileItem[];
}

/** Shows the document's chart in another profile; answers the chart's profiles after the change. */
export const selectValuesProfileRequest = 'helmHooks/selectValuesProfile';

export interface SelectValuesProfileParams {
  readonly uri: string;
  readonly profile: string;
}

/** Sent by the server when a chart's profile or its list changed (a selection, settings); the client asks again if it shows that chart. */
export const valuesProfilesChangedNotification = 'helmHooks/valuesProfilesChanged';

export interface ValuesProfilesChangedParams {
  readonly chart: string;
}

export interface InitializationOptions {
  /** A client command taking (section, value, scopeUri) that updates a setting; enables "Disable rule …" actions. */
  readonly updateSettingCommand?: string;
  /** Milliseconds between the last change and re-checking the chart (tests shorten it). */
  readonly validationDelayMs?: number;
}

/**
 * The documents the server checks: Helm templates, and YAML in a chart's templates or values files.
 * `templates/NOTES.txt` too: it holds no resource, so no hook, but Helm parses and renders it with
 * the templates, and one syntax error in it fails the whole install; the editor's text of it must
 * reach the server for that finding to follow typing.
 */
export const documentSelector: readonly { readonly language: string; readonly pattern?: string }[] = [
  { language: 'helm' },
  { language: 'helm-notes' },
  { language: 'yaml', pattern: chartGlobs.templates },
  { language: 'yaml', pattern: chartGlobs.values },
];
