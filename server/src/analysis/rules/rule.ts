/**
 * The shape of a rule module and what a rule gets to look at. One rule per file under
 * `rules/`, the file named by the rule's id; the catalogue in `rules/index.ts` lists them.
 */
import type { ChartModel, Resource } from '../model/chart';
import type { HookDependency } from '../semantics/dependencies';
import type { AnnotationEntry } from '../model/model';
import type { ExecutionPlan } from '../semantics/plan';
import type { DirectiveReview } from '../suppress/apply';
import type { Fix, HelmVersion, RelatedLocation, Severity, Span } from '../types';
import type { DocumentView } from '../model/view';
import type { ListValue } from '../helm/listValue';
import type { ReleaseNameOrders } from '../semantics/releaseNames';

export interface Rule {
  /** Kebab-case id; part of the public interface (settings, docs, CI output). */
  readonly id: string;
  readonly defaultSeverity: Severity;
  /**
   * What the rule judges. `source`: the template text as written (template syntax, key
   * spelling, YAML types as written), which only the source can show. `resource`: the object
   * Helm sees (events, policies, order, dependencies), which a rendered document shows too.
   */
  readonly judges: 'source' | 'resource';
  /**
   * The rule judges one hook document at a time by what it shows, so when the chart is rendered
   * a hook document that renders nothing with the values given is still checked as written (a
   * misspelled event in a disabled hook stays an error). Rules that compare documents (order,
   * dependencies, collisions) leave this unset: they judge only what renders.
   */
  readonly checksUnrendered?: true;
  /**
   * What the rule reports on a manifest document's annotation sites depends on that document
   * alone (its sites, their lists, the file's text inside it): it reads only `annotationSites`,
   * `listSites`, `helmVersion` and `report` of its context, judges each site by itself and its
   * document's other sites, and reports at a span inside the document. An editor then keeps its
   * reports on a document an edit left alone (api/analyze.ts, `RuleMemo`).
   */
  readonly perDocument?: true;
  /** A few words, for tables and setting descriptions. */
  readonly summary: string;
  /** Markdown: what Helm really does and why it matters, citing Helm's behaviour. */
  readonly rationale: string;
  /** Template text that triggers the rule, and the same text fixed; both checked by tests. */
  readonly example: { readonly bad: string; readonly good: string };
  /** What the fix does, for docs; omitted when the rule offers none. */
  readonly fixDescription?: string;
  /**
   * The editor still offers the fix as a code action on the hook when the user turned the rule
   * off: silencing an advisory finding should not take away the quick way to write the annotation.
   * Only for a fix that makes Helm do something it would not do otherwise (implicit-delete-policy's
   * `hook-succeeded` cleanup); a fix that writes out what Helm already does (weight "0") is not
   * worth an action the user turned off.
   */
  readonly fixOfferedWhenOff?: boolean;
  /**
   * The rule judges the suppression comments (`helm-hooks-disable-…`): it runs after every
   * other rule, once their findings are suppressed, and reads `context.suppressions()`.
   */
  readonly reviewsSuppressions?: boolean;
  check(context: RuleContext): void;
}

export interface Report {
  readonly file: string;
  readonly span: Span;
  readonly message: string;
  /** Overrides the default severity for this finding unless the user configured one. */
  readonly severity?: Severity;
  readonly fixes?: readonly Fix[];
  readonly related?: readonly RelatedLocation[];
}

/** An annotation entry wherever it was written: YAML, a `dict`/`set` argument, or values.yaml. */
export interface AnnotationSite {
  readonly entry: AnnotationEntry;
  readonly file: string;
  readonly text: string;
  /** The view of the file the entry is written in (for values files, one without template pieces). */
  readonly view: DocumentView;
  /** The resource whose top-level metadata (or template arguments) hold it; none for values.yaml. */
  readonly resource?: Resource;
  /** The entry sits in a flow mapping (`{…}`), where a comma ends a plain scalar. */
  readonly inFlowMapping: boolean;
}

export interface RuleContext {
  readonly chart: ChartModel;
  /** Every annotation entry of the chart (top-level metadata, template arguments, values files). */
  readonly annotationSites: readonly AnnotationSite[];
  /**
   * The sites of `key` whose value Helm splits as a list, each with its list (`listSites` in
   * support/helpers.ts), split once per key for all rules of the run: eight rules ask.
   */
  listSites(key: string): readonly { readonly site: AnnotationSite; readonly list: ListValue }[];
  /** Whose behaviour a message describes where Helm 3 and 4 differ; from the caller's settings. */
  readonly helmVersion: HelmVersion;
  /** Helm's execution plan of the chart, built once per chart state; throws when it cannot be built. */
  plan(): ExecutionPlan;
  /** Every dependency of every hook, resolved once per chart state (dependencies.ts). */
  dependencies(): readonly HookDependency[];
  /** The dependencies on objects that are certainly normal resources of the release. */
  releaseDependencies(): readonly HookDependency[];
  /**
   * On a rendered chart, how its ties go under other release names (semantics/releaseNames.ts;
   * the chart is rendered with them on the first question); undefined when the chart is read as written.
   */
  readonly releaseNameOrders?: ReleaseNameOrders;
  /**
   * The chart's suppression comments and what each id silenced. Known only to rules that
   * review suppressions (they run last); other rules that ask get an error.
   */
  suppressions(): readonly DirectiveReview[];
  report(report: Report): void;
}
