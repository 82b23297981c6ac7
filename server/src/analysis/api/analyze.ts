/**
 * Runs the rule catalogue over one chart state's facts with the caller's settings. Each rule
 * runs in isolation: a rule that fails on odd input is recorded in `internalErrors`, never
 * thrown, and the other rules still report. Then the chart's suppression comments silence the
 * findings they name, and the rules that review suppressions (unused or unknown ids) run last.
 */
import type { ChartModel } from '../model/chart';
import type { RenderedChartModel } from '../model/renderedChart';
import type { ChartFacts, RuleMemo } from './facts';
import type { ManifestDocument } from '../model/model';
import type { DocumentMove } from '../yaml/reuse';
import { oneFindingPerPlace, sourceFinding } from './renderedFindings';
import { rules } from '../rules';
import type { AnnotationSite, Report, Rule, RuleContext } from '../rules/rule';
import { splitListSites } from '../rules/support/helpers';
import { reviewUses, suppress, type DirectiveReview } from '../suppress/apply';
import { severities, type AnalysisConfig, type AnalysisResult, type Finding, type Fix, type Severity, type Span } from '../types';

/**
 * The facts of a rendered chart state: rules that judge resources run on `facts` (the rendered
 * documents) and their findings are taken back to the source; rules that judge one hook document
 * by what it shows also run on `unrendered` (the hook documents as written that render nothing).
 */
export interface RenderedFacts {
  readonly model: RenderedChartModel;
  readonly facts: ChartFacts;
  readonly unrendered: ChartFacts;
}

/**
 * The findings of `catalogue` (the shipped rules unless a test passes others); the files the model
 * could not read are internal errors too. With `rendered`, resource rules judge what Helm renders
 * and source rules the templates as written. Never throws.
 */
export function findingsOf(facts: ChartFacts, config: AnalysisConfig, catalogue: readonly Rule[] = rules, rendered?: RenderedFacts): AnalysisResult {
  try {
    return checkChart(facts, config ?? {}, catalogue, rendered);
  } catch (error) {
    return { findings: [], internalErrors: [`rules: ${describe(error)}`] };
  }
}

function checkChart(facts: ChartFacts, config: AnalysisConfig, catalogue: readonly Rule[], rendered: RenderedFacts | undefined): AnalysisResult {
  const internalErrors: string[] = [...facts.model.internalErrors, ...(rendered?.model.internalErrors ?? [])];
  const helmVersion = config.helmVersion === '3' ? '3' : '4';
  const runOn = (on: ChartFacts, selected: readonly Rule[], suppressions: () => readonly DirectiveReview[]): { findings: Finding[]; ran: Set<string> } => {
    const chart = on.model;
    const unreadable = unreadableDocuments(chart);
    const shared = sharedTexts(chart);
    const annotationSites = selected.length > 0 ? on.annotationSites() : [];
    const findings: Finding[] = [];
    const ran = new Set<string>();
    const lists = new Map<string, ReturnType<typeof splitListSites>>();
    const listSites = (key: string): ReturnType<typeof splitListSites> => {
      let sites = lists.get(key);
      if (!sites) lists.set(key, (sites = splitListSites(annotationSites, key)));
      return sites;
    };
    let groups: SiteGroups | undefined;
    for (const rule of selected) {
      const configured = config.rules?.[rule.id];
      if (configured === 'off') continue;
      try {
        const report = (report: Report): void => {
          findings.push({
            rule: rule.id,
            severity: severityOf(rule, configured, report.severity),
            message: report.message,
            file: report.file,
            span: report.span,
            fixes: safeFixes(report.fixes ?? [], unreadable, shared),
            related: report.related ?? [],
          });
        };
        const context: RuleContext = {
          chart,
          annotationSites,
          listSites,
          helmVersion,
          plan: on.plan,
          dependencies: on.dependencies,
          releaseDependencies: on.releaseDependencies,
          releaseNameOrders: on.releaseNameOrders,
          suppressions,
          report,
        };
        if (on.ruleMemo && rule.perDocument) checkPerDocument(rule, context, on.ruleMemo.kept, on.ruleMemo.moves, `${rule.id}\u0000${helmVersion}`, (groups ??= siteGroups(annotationSites, on.ruleMemo.kept)));
        else rule.check(context);
        ran.add(rule.id);
      } catch (error) {
        internalErrors.push(`${rule.id}: ${describe(error)}`);
      }
    }
    return { findings, ran };
  };
  const notYet = (): never => {
    throw new Error('suppressions are known only to the rules that review them');
  };
  const run = (selected: readonly Rule[], suppressions: () => readonly DirectiveReview[]): { findings: Finding[]; ran: Set<string> } => runOn(facts, selected, suppressions);
  const checking = catalogue.filter((rule) => !rule.reviewsSuppressions);
  // A rendered finding's fix taken back to the source may land in an anchor's text there (a values file's, a template's).
  const sourceShared = rendered ? sharedTexts(facts.model) : new Map<string, Span[]>();
  const keepUnshared = (finding: Finding): Finding => (sourceShared.size === 0 ? finding : { ...finding, fixes: safeFixes(finding.fixes, new Map(), sourceShared) });
  const checked = rendered ? checkRendered(rendered, checking, (on, selected) => runOn(on, selected, notYet), run, internalErrors, keepUnshared) : run(checking, notYet);
  const directives = facts.suppressionDirectives();
  if (directives.length === 0) {
    // No suppression comment: nothing to silence and nothing for the reviewing rules to judge.
    return { findings: sortFindings(checked.findings), internalErrors };
  }
  const { kept, uses } = suppress(checked.findings, directives, facts.texts());
  const reviewers = catalogue.filter((rule) => rule.reviewsSuppressions);
  const reviews = reviewUses(uses, catalogue.map((rule) => rule.id), new Set([...checked.ran].filter((id) => !reviewers.some((rule) => rule.id === id))));
  const reviewed = run(reviewers, () => reviews);
  // A reviewing rule's findings can be silenced too (`helm-hooks-disable-file unused-suppression`).
  return { findings: sortFindings([...kept, ...suppress(reviewed.findings, directives, facts.texts()).kept]), internalErrors };
}

/** A chart's annotation sites by manifest document, in their order; the sites of no document (values files, partials) apart. */
interface SiteGroups {
  readonly docs: readonly ManifestDocument[];
  readonly sites: readonly (readonly AnnotationSite[])[];
  readonly rest: readonly AnnotationSite[];
  /** Per file, the documents' spans and group indexes in order (documents of a file are in order and do not overlap). */
  readonly byFile: ReadonlyMap<string, { readonly starts: number[]; readonly ends: number[]; readonly groups: number[] }>;
  /** Each document's kept reports (`RuleMemo.reports`), looked up once for all the per-document rules of the run; filled in as they keep more. */
  readonly kept: ((readonly Report[] | undefined)[] | undefined)[];
}

function siteGroups(sites: readonly AnnotationSite[], memo: RuleMemo): SiteGroups {
  const docs: ManifestDocument[] = [];
  const grouped: AnnotationSite[][] = [];
  const rest: AnnotationSite[] = [];
  const byFile = new Map<string, { starts: number[]; ends: number[]; groups: number[] }>();
  for (const site of sites) {
    const doc = site.resource?.doc;
    if (!doc) {
      rest.push(site);
      continue;
    }
    if (docs[docs.length - 1] === doc) {
      grouped[grouped.length - 1].push(site);
      continue;
    }
    docs.push(doc);
    grouped.push([site]);
    let spans = byFile.get(site.file);
    if (!spans) byFile.set(site.file, (spans = { starts: [], ends: [], groups: [] }));
    spans.starts.push(doc.span.start);
    spans.ends.push(doc.span.end);
    spans.groups.push(docs.length - 1);
  }
  return { docs, sites: grouped, rest, byFile, kept: docs.map((doc) => memo.reports.get(doc)) };
}

/** The group whose document holds `span` of `file`, if any. */
function groupAt(groups: SiteGroups, file: string, span: Span): number | undefined {
  const spans = groups.byFile.get(file);
  if (!spans) return undefined;
  let low = 0;
  let high = spans.starts.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (spans.starts[middle] > span.start) high = middle - 1;
    else low = middle + 1;
  }
  return high >= 0 && span.end <= spans.ends[high] ? spans.groups[high] : undefined;
}

const noReports: readonly Report[] = Object.freeze([]);

/**
 * A per-document rule (`Rule.perDocument`) over `context`'s sites, taking over what it reported on
 * each document in an earlier state (`memo`) and judging the others; what it reports is kept for
 * the next state. Reports come out in the order one run over every site gives: document by
 * document, then the sites of no document (their own run, never kept). A report outside the
 * document of the sites judged (which a per-document rule never makes) keeps nothing this time.
 */
function checkPerDocument(rule: Rule, context: RuleContext, memo: RuleMemo, moves: WeakMap<ManifestDocument, DocumentMove> | undefined, key: string, groups: SiteGroups): void {
  let slot = memo.slots.get(key);
  if (slot === undefined) memo.slots.set(key, (slot = memo.slots.size));
  // A copy of a document moved by an edit before it (yaml/reuse.ts: the same text and actions) gets its original's reports, moved.
  const earlier = groups.docs.map((doc, index) => groups.kept[index]?.[slot] ?? movedReports(moves?.get(doc), memo, slot));
  const judged: AnnotationSite[] = [];
  let allJudged = true;
  earlier.forEach((reports, index) => {
    if (reports) allJudged = false;
    else judged.push(...groups.sites[index]);
  });
  const made: Report[] = [];
  const collect = (report: Report): void => {
    made.push(report);
  };
  if (judged.length > 0) {
    // Nothing kept and no site apart (the first state of a chart of templates only): the run's own sites and lists serve.
    const whole = allJudged && groups.rest.length === 0;
    rule.check({ ...context, annotationSites: whole ? context.annotationSites : judged, listSites: whole ? context.listSites : onlyListSites(judged), report: collect });
  }
  const byGroup = new Map<number, Report[]>();
  const unplaced: Report[] = [];
  for (const report of made) {
    const group = groupAt(groups, report.file, report.span);
    if (group === undefined || earlier[group]) unplaced.push(report);
    else {
      const reports = byGroup.get(group);
      if (reports) reports.push(report);
      else byGroup.set(group, [report]);
    }
  }
  for (let index = 0; index < groups.docs.length; index++) {
    let reports = earlier[index];
    const doc = groups.docs[index];
    if (!reports || !groups.kept[index]?.[slot]) {
      reports ??= byGroup.get(index) ?? noReports;
      if (unplaced.length === 0 || earlier[index]) {
        const slots = groups.kept[index];
        if (slots) slots[slot] = reports;
        else {
          const made: (readonly Report[] | undefined)[] = [];
          made[slot] = reports;
          memo.reports.set(doc, made);
          groups.kept[index] = made;
        }
      }
    }
    for (const report of reports) context.report(report);
  }
  for (const report of unplaced) context.report(report);
  if (groups.rest.length > 0) rule.check({ ...context, annotationSites: groups.rest, listSites: onlyListSites(groups.rest), report: context.report });
}

/** The reports kept for the document `move` copies, each span (and its fixes' edits) moved with it. */
function movedReports(move: DocumentMove | undefined, memo: RuleMemo, slot: number): readonly Report[] | undefined {
  const reports = move && memo.reports.get(move.from)?.[slot];
  if (!reports || !move) return undefined;
  if (reports.length === 0) return reports;
  const shift = (span: Span): Span => ({ start: span.start + move.delta, end: span.end + move.delta });
  return reports.map((report) => ({ ...report, span: shift(report.span), ...(report.fixes ? { fixes: report.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, span: shift(edit.span) })) })) } : {}) }));
}

function onlyListSites(sites: readonly AnnotationSite[]): (key: string) => ReturnType<typeof splitListSites> {
  const lists = new Map<string, ReturnType<typeof splitListSites>>();
  return (key) => {
    let found = lists.get(key);
    if (!found) lists.set(key, (found = splitListSites(sites, key)));
    return found;
  };
}

/**
 * Source rules on the templates as written; resource rules on the rendered documents, their
 * findings taken back to the source; per-document resource rules also on the hook documents that
 * render nothing. One finding per source place.
 */
function checkRendered(
  rendered: RenderedFacts,
  checking: readonly Rule[],
  runOn: (on: ChartFacts, selected: readonly Rule[]) => { findings: Finding[]; ran: Set<string> },
  run: (selected: readonly Rule[], suppressions: () => never) => { findings: Finding[]; ran: Set<string> },
  internalErrors: string[],
  keepUnshared: (finding: Finding) => Finding,
): { findings: Finding[]; ran: Set<string> } {
  const notYet = (): never => {
    throw new Error('suppressions are known only to the rules that review them');
  };
  const resourceRules = checking.filter((rule) => rule.judges === 'resource');
  const onSource = run(checking.filter((rule) => rule.judges !== 'resource'), notYet);
  const onRendered = runOn(rendered.facts, resourceRules);
  const asWritten = runOn(rendered.unrendered, resourceRules.filter((rule) => rule.checksUnrendered));
  const mapped: Finding[] = [];
  for (const finding of onRendered.findings) {
    try {
      mapped.push(keepUnshared(sourceFinding(rendered.model, finding)));
    } catch (error) {
      internalErrors.push(`${finding.rule}: mapping a rendered finding to its source: ${describe(error)}`);
    }
  }
  return { findings: oneFindingPerPlace([...mapped, ...onSource.findings, ...asWritten.findings]), ran: new Set([...onSource.ran, ...onRendered.ran]) };
}

/**
 * By file, then start; at one start the wider range first, so a fix of a whole value (that takes
 * a token's correction along) is applied before the fix of the token inside it.
 */
export function sortFindings<F extends Finding>(findings: F[]): F[] {
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start || b.span.end - a.span.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)));
}

/** Spans of documents whose masked YAML did not parse, by file. */
function unreadableDocuments(chart: ChartModel): Map<string, Span[]> {
  const result = new Map<string, Span[]>();
  for (const file of chart.files) {
    const spans = file.documents.filter((doc) => !doc.yamlReadable).map((doc) => doc.span);
    if (spans.length > 0) result.set(file.path, spans);
  }
  return result;
}

/** Spans of anchored nodes that an alias or merge key reads again (`ManifestDocument.sharedSpans`), by file. */
function sharedTexts(chart: ChartModel): Map<string, Span[]> {
  const result = new Map<string, Span[]>();
  for (const file of chart.files) {
    const spans = file.documents.flatMap((doc) => doc.sharedSpans ?? []);
    if (spans.length > 0) result.set(file.path, spans);
  }
  for (const values of chart.valuesFiles) if (values.sharedSpans) result.set(values.path, [...values.sharedSpans]);
  return result;
}

/**
 * A fix that edits a document the YAML parser could not read is offered, but never as the
 * preferred (safe) one: the model of that document may be missing what the user wrote.
 * A fix that edits an anchor's text that an alias or merge key reads again (or inserts at its
 * edge, where the text would join it) is not offered: it would change every place that reads it.
 */
function safeFixes(fixes: readonly Fix[], unreadable: Map<string, Span[]>, shared: Map<string, Span[]>): readonly Fix[] {
  if (shared.size > 0) {
    const touchesShared = (fix: Fix): boolean => fix.edits.some((edit) => (shared.get(edit.file) ?? []).some((span) => edit.span.start <= span.end && edit.span.end >= span.start));
    fixes = fixes.filter((fix) => !touchesShared(fix));
  }
  if (unreadable.size === 0) return fixes;
  const touchesUnreadable = (fix: Fix): boolean => fix.edits.some((edit) => (unreadable.get(edit.file) ?? []).some((doc) => edit.span.start >= doc.start && edit.span.start <= doc.end));
  return fixes.map((fix) => (fix.isPreferred && touchesUnreadable(fix) ? { ...fix, isPreferred: false } : fix));
}

function severityOf(rule: Rule, configured: string | undefined, reported: Severity | undefined): Severity {
  // Settings come from users; `default`, or anything but a known severity, leaves the rule's own choice.
  if ((severities as readonly (string | undefined)[]).includes(configured)) return configured as Severity;
  return reported ?? rule.defaultSeverity;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}` : String(error);
}
