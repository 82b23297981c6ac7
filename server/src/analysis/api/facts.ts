/**
 * The facts about one chart state that rules and editor features share: the model, Helm's
 * execution plan, the hooks' dependency graph and every annotation site. Each is computed on
 * first use and then kept, so the rules, hover and completion of one state build each once.
 */
import type { ChartModel } from '../model/chart';
import { hookDependencies, isReleaseResource, type HookDependency } from '../semantics/dependencies';
import { buildPlan, type ExecutionPlan } from '../semantics/plan';
import type { ReleaseNameOrders } from '../semantics/releaseNames';
import type { ManifestDocument } from '../model/model';
import type { DocumentMove } from '../yaml/reuse';
import type { AnnotationSite, Report } from '../rules/rule';
import { collectAnnotationSites } from '../rules/support/sites';
import { directivesIn, type SuppressionDirective } from '../suppress/directives';

export interface ChartFacts {
  readonly model: ChartModel;
  /** Helm's execution plan; throws when it cannot be built (each caller isolates that). */
  plan(): ExecutionPlan;
  /** Every dependency of every hook Pod, Job or CronJob (dependencies.ts). */
  dependencies(): readonly HookDependency[];
  /** The dependencies on objects that are certainly normal resources of the release. */
  releaseDependencies(): readonly HookDependency[];
  /** Every annotation entry of the chart: top-level metadata, template arguments, values files. */
  annotationSites(): readonly AnnotationSite[];
  /** The suppression comments of every template and values file. */
  suppressionDirectives(): readonly SuppressionDirective[];
  /** The text of every template and values file, by chart-relative path. */
  texts(): ReadonlyMap<string, string>;
  /** A rendered chart's ties under other release names (rendered on the first question); undefined when not rendered. */
  readonly releaseNameOrders?: ReleaseNameOrders;
  /** An editor's chart as written: the per-document rules' reports of earlier states, taken over and kept (api/analyze.ts), with the documents moved since. */
  readonly ruleMemo?: { readonly kept: RuleMemo; readonly moves?: WeakMap<ManifestDocument, DocumentMove> };
}

/**
 * What each per-document rule (`Rule.perDocument`) reported on each manifest document of a chart
 * as written, by rule and Helm version: kept by an editor across the chart's states (`RenderCache`),
 * so a document an edit left alone (the same object: its text, actions and offsets as they were,
 * yaml/reuse.ts) is not judged again. A moved copy is a new object and is judged again.
 */
export interface RuleMemo {
  /** Each rule and Helm version's slot in a document's reports. */
  readonly slots: Map<string, number>;
  /** One weak entry per document (not one per rule: the collector processes each weak entry in its pause). */
  readonly reports: WeakMap<ManifestDocument, (readonly Report[] | undefined)[]>;
}

export function createRuleMemo(): RuleMemo {
  return { slots: new Map(), reports: new WeakMap() };
}

/** `planMemo`: what the plan described in an earlier state of the chart (an editor's), taken over and kept. */
export function chartFacts(model: ChartModel, releaseNameOrders?: ReleaseNameOrders, planMemo?: Parameters<typeof buildPlan>[1], ruleMemo?: ChartFacts['ruleMemo']): ChartFacts {
  const plan = once(() => buildPlan(model, planMemo));
  const dependencies = once(() => hookDependencies(model));
  const releaseDependencies = once(() => dependencies().filter((dependency) => isReleaseResource(model, dependency.target)));
  const annotationSites = once(() => collectAnnotationSites(model));
  const suppressionDirectives = once(() => [
    ...model.files.flatMap((file) => directivesIn(file.path, file.text, file.scan)),
    ...model.valuesFiles.flatMap((file) => directivesIn(file.path, file.text)),
  ]);
  const texts = once(() => new Map([...model.files, ...model.valuesFiles].map((file) => [file.path, file.text])));
  return { model, plan, dependencies, releaseDependencies, annotationSites, suppressionDirectives, texts, ...(releaseNameOrders ? { releaseNameOrders } : {}), ...(ruleMemo ? { ruleMemo } : {}) };
}

/** `compute`, run on the first call only; a failure is kept too, so every caller sees the same outcome. */
function once<T>(compute: () => T): () => T {
  let outcome: { readonly value: T } | { readonly error: unknown } | undefined;
  return () => {
    if (!outcome) {
      try {
        outcome = { value: compute() };
      } catch (error) {
        outcome = { error };
      }
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
}
