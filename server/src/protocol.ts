/**
 * What the extension and the server say to each other beyond LSP: the custom request for the
 * execution plan, the documents the server wants, and the client's initialization options.
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
  readonly content: string;
  /** Language id for the shown document. */
  readonly languageId: string;
}

export interface InitializationOptions {
  /** A client command taking (section, value, scopeUri) that updates a setting; enables "Disable rule …" actions. */
  readonly updateSettingCommand?: string;
  /** Milliseconds between the last change and re-checking the chart (tests shorten it). */
  readonly validationDelayMs?: number;
}

/** The documents the server checks: Helm templates, and YAML in a chart's templates or values files. */
export const documentSelector: readonly { readonly language: string; readonly pattern?: string }[] = [
  { language: 'helm' },
  { language: 'yaml', pattern: chartGlobs.templates },
  { language: 'yaml', pattern: chartGlobs.values },
];
