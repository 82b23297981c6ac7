/**
 * The chart-wide hook execution plan: for each Helm command, its hook phases in the order
 * Helm runs them, with the step where the release's own objects are applied or deleted in
 * between (spec §3.3). Within a phase, hooks of the chart and all its subcharts are pooled
 * and sorted by Helm's real key — weight, then `metadata.name` byte-wise, then kind in
 * InstallOrder, then file path, then document (spec §3.1, helm/helm#12414) — not by
 * "weight, kind, name" as Helm's docs say. Templated weights and names are shown as
 * written and never guessed; where they make the order unknown, the plan says so.
 */
import type { ChartModel, Resource } from '../model/chart';
import type { ManifestDocument } from '../model/model';
import { ownText } from '../model/sourceView';
import type { DocumentMove } from '../yaml/reuse';
import { canonicalEvent, compareBytes, compareByOrder, hookEvents, hookKey, installOrder, kindIndex, parseWeightExact, resourcePolicyKey, uninstallOrder } from '../helm/hooks';
import { splitList } from '../helm/listValue';
import { compareNames, resourceName, sameName, type ObjectName } from './objectNames';
import { createLineIndex, type LineIndex } from '../text/lineIndex';
import type { Span } from '../types';
import { normalizeTemplatedName } from '../yaml/documents';
import { goTrimSpace } from '../render/manifests';
import { actionsIn, printsText } from '../yaml/values';

export type Lifecycle = 'install' | 'upgrade' | 'rollback' | 'uninstall' | 'test';

export const lifecycles: readonly Lifecycle[] = ['install', 'upgrade', 'rollback', 'uninstall', 'test'];

/** What decided that a hook runs after the one before it in its phase; `repeat`: the same hook again (its event is listed twice). */
export type PlacementReason = 'first' | 'weight' | 'name' | 'kind' | 'file' | 'document' | 'repeat';

/** The values Helm sorts a phase's hooks by, in the order it compares them. */
export interface HookSortKey {
  /** The weight, or its template text when templated (such hooks are listed after the others). */
  readonly weight: number | string;
  readonly name: string;
  /** Index in Helm's InstallOrder; kinds Helm does not list share the last index and sort by kind name. */
  readonly kindOrder: number;
  readonly file: string;
  readonly document: number;
}

export interface PlannedHook {
  /** Stable id of the hook document: `<file>#<document index>`. */
  readonly id: string;
  readonly kind: string;
  /** Literal name, or the normalised template text of a templated name. */
  readonly name: string;
  /** Helm's weight, or the template text when the weight is templated. */
  readonly weight: number | string;
  readonly templated: { readonly kind: boolean; readonly name: boolean; readonly weight: boolean; readonly events: boolean; readonly deletePolicies: boolean };
  /** A control action (`if`) inside the `helm.sh/hook` value decides which events apply. */
  readonly eventsConditional: boolean;
  /** Chart-relative path (`charts/<sub>/…` for subchart files). */
  readonly file: string;
  /** 1-based line of `span.start`. */
  readonly line: number;
  /** The name's value (or the kind, or the hook annotation when there is no name). */
  readonly span: Span;
  readonly documentSpan: Span;
  readonly documentIndex: number;
  /** The chart (or subchart) the file belongs to. */
  readonly chart: string;
  /** Rendered plans: where the `helm.sh/hook` annotation's text is when not at `file`:`line` (a value in a values file, a `define` in a helper). */
  readonly origin?: { readonly file: string; readonly line: number };
  /** Canonical events Helm runs it for, as far as they are literal; duplicates kept (Helm runs it twice). */
  readonly events: readonly string[];
  /** Delete policies as Helm reads them (trimmed, lower-cased); the default when none is set. */
  readonly deletePolicies: readonly string[];
  /** No policy was written, so Helm uses before-hook-creation. */
  readonly deletePolicyDefault: boolean;
  readonly sortKey: HookSortKey;
  /** Which part of the sort key put this hook after the previous one in this phase. */
  readonly placedBy: PlacementReason;
  /**
   * Rendered plans: the functions the rendered name was computed with whose result is not the
   * chart's to decide (`lookup`: what the cluster holds, none under `helm template`; random
   * ones such as `randAlphaNum`: a new name each render). Absent when there are none.
   */
  readonly nameFrom?: readonly string[];
  /** False when templated weights or names leave the order relative to the previous hook unknown. */
  readonly orderCertain: boolean;
  /**
   * Rendered plans: the hook ties with the previous one (same weight) and the release name decides
   * their order (semantics/releaseNames.ts): under `releaseName` the two run the other way round,
   * `order` their rendered names then, in the order Helm runs them (this hook first). Absent when
   * the order is the same under every release name, or was not checked.
   */
  readonly orderDependsOnReleaseName?: ReleaseNameOrder;
}

/** The other order of a tie under another release name. */
export interface ReleaseNameOrder {
  readonly releaseName: string;
  readonly order: readonly [string, string];
}

/** A hook that stays in the cluster after its phase succeeds. */
export interface LeftBehind {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  /** `next-run`: before-hook-creation deletes it when the hook runs again; `never`: nothing deletes it; `unknown`: templated policy. */
  readonly until: 'next-run' | 'never' | 'unknown';
}

export interface PhaseStep {
  readonly phase: string;
  readonly hooks: readonly PlannedHook[];
  readonly leftBehind: readonly LeftBehind[];
}

export interface ReleaseStep {
  /** `apply`: create or update the release's normal objects (and delete removed ones on upgrade); `delete`: remove them. */
  readonly release: 'apply' | 'delete';
  /** Normal resource documents in the chart's templates. */
  readonly resources: number;
  /** How many of each kind, in the order Helm applies (or, for delete, removes) them. */
  readonly kinds: readonly { readonly kind: string; readonly count: number }[];
  /**
   * Delete only, when there are any: those of the resources above that uninstall leaves in place because they
   * carry `helm.sh/resource-policy`, in Helm's uninstall kind order.
   */
  readonly notDeleted?: readonly NotDeleted[];
}

/**
 * A normal resource `helm uninstall` does not delete. Helm 4.1.4 (filterManifestsToKeep) keeps and names
 * those whose `helm.sh/resource-policy` is `keep` (trimmed, any case), and silently skips those with any
 * other value: it deletes only the resources without the annotation.
 */
export interface NotDeleted {
  readonly kind: string;
  readonly name: string;
  /** The annotation's value as Helm reads it (the template text when it is templated). */
  readonly policy: string;
  /**
   * `keep`: Helm names it as kept; `other`: Helm neither deletes nor names it; `unknown` (plans read from the
   * templates as written): the value is templated or the annotation is written under a condition, so whether
   * Helm deletes it is known only when rendered (counted as deleted).
   */
  readonly as: 'keep' | 'other' | 'unknown';
}

export type PlanStep = PhaseStep | ReleaseStep;

export interface PlanNote {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** A rendered document with a `helm.sh/hook` that Helm drops: an unknown or empty event (a non-string value reads as its text). */
export interface DroppedHook {
  readonly kind: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** The `helm.sh/hook` value as Helm read it. */
  readonly value: string;
}

/**
 * A hook document as written that renders no hook with the values of a rendered plan: a guard
 * around it (or around its `helm.sh/hook` annotation) is off in this profile.
 */
export interface OffHook {
  readonly kind: string;
  /** Literal name, or the normalised template text of a templated name. */
  readonly name: string;
  readonly file: string;
  /** 1-based line of its `helm.sh/hook` key. */
  readonly line: number;
  /** The guards around its `helm.sh/hook` key, outermost first, as written: `if .Values.migrations.enabled`, `if not .Values.x`, `range .Values.jobs`. */
  readonly conditions: readonly string[];
  /** The document renders, without its hook annotation: a normal resource of the release in this profile. */
  readonly rendersAsResource: boolean;
}

/** How the plan's hooks were read. */
export interface PlanRender {
  /** `rendered`: as `helm template` renders them with these values; `literal`: from the templates as written. */
  readonly mode: 'rendered' | 'literal';
  /** The release name, namespace and upgrade flag rendered with (absent when rendering was not asked for). */
  readonly release?: string;
  readonly namespace?: string;
  readonly isUpgrade?: boolean;
  /** Why the rendered plan could not be given: what Helm prints after `Error: ` for this render. */
  readonly error?: string;
}

export interface ExecutionPlan {
  readonly version: 1;
  readonly chart: string;
  /** How the hooks were read; absent means `literal` (the editor's plan today). */
  readonly render?: PlanRender;
  /** Rendered hook documents Helm drops (only in a rendered plan). */
  readonly dropped?: readonly DroppedHook[];
  /** Hook documents as written that these values switch off (only in a rendered plan). */
  readonly off?: readonly OffHook[];
  readonly lifecycles: { readonly [L in Lifecycle]: readonly PlanStep[] };
  /** Hooks whose `helm.sh/hook` value is templated: they are in the phases of their literal events only, and may run in others. */
  readonly templatedEvents: readonly PlannedHook[];
  /** Things the plan cannot show, such as hook annotations kept in values.yaml. */
  readonly notes: readonly PlanNote[];
}

export function isPhaseStep(step: PlanStep): step is PhaseStep {
  return 'phase' in step;
}

/** The hook phase that runs before `phase` in the same command (`pre-install` for `post-install`), if any. */
export function earlierPhase(phase: string): string | undefined {
  for (const steps of Object.values(lifecycleSteps)) {
    const index = steps.indexOf(phase);
    if (index > 0) return steps.slice(0, index).reverse().find((step) => step !== 'apply' && step !== 'delete');
  }
  return undefined;
}

/** The hook phases and release step of each command (Helm's install.go, upgrade.go, rollback.go, uninstall.go). */
export const lifecycleSteps: { readonly [L in Lifecycle]: readonly string[] } = {
  install: ['pre-install', 'apply', 'post-install'],
  upgrade: ['pre-upgrade', 'apply', 'post-upgrade'],
  rollback: ['pre-rollback', 'apply', 'post-rollback'],
  uninstall: ['pre-delete', 'delete', 'post-delete'],
  test: ['test'],
};

/**
 * What the plan described of each hook document, kept by an editor across the states of a chart:
 * a document the next state takes over (the same object, or a copy moved by an edit before it,
 * `ParseCache.moves`) is not described again. Everything in a description but its place (spans,
 * index, line) is read from the document alone, its file's path and its chart.
 */
export interface PlanMemo {
  readonly described: WeakMap<ManifestDocument, { readonly file: string; readonly chart: string; readonly description: HookDescription }>;
}

export function createPlanMemo(): PlanMemo {
  return { described: new WeakMap() };
}

/** `memo`: the descriptions of an earlier state of the chart, and the documents moved since (both kept and updated). */
export function buildPlan(chart: ChartModel, memo?: { readonly kept: PlanMemo; readonly moves?: WeakMap<ManifestDocument, DocumentMove> }): ExecutionPlan {
  const entries = chart.hooks.filter((resource) => resource.hook && !resource.hook.dropped).map(toEntry);
  const lines = new Map<string, LineIndex>();
  const lineOf = (resource: Resource, offset: number): number => {
    let index = lines.get(resource.file.path);
    if (!index) lines.set(resource.file.path, (index = createLineIndex(resource.file.text)));
    return index.positionAt(offset).line + 1;
  };
  // A hook of several events is in several phases; what does not depend on the phase is worked out once.
  const descriptions = new Map<HookEntry, HookDescription>();
  const describe = (entry: HookEntry): HookDescription => {
    let description = descriptions.get(entry);
    if (!description) descriptions.set(entry, (description = memo ? keptDescription(entry, memo.kept, memo.moves, lineOf) : describeHook(entry, lineOf)));
    return description;
  };
  const phases = new Map<string, PhaseStep>();
  for (const event of hookEvents) phases.set(event, buildPhase(event, entries, describe));
  const normal = chart.resources.filter((resource) => !resource.hook && resource.doc.kind !== undefined);
  const steps = (lifecycle: Lifecycle): PlanStep[] => lifecycleSteps[lifecycle].map((step) => (step === 'apply' || step === 'delete' ? releaseStep(step, normal) : phases.get(step)!));
  const byLifecycle = Object.fromEntries(lifecycles.map((lifecycle) => [lifecycle, steps(lifecycle)])) as unknown as ExecutionPlan['lifecycles'];
  const templatedEvents = entries.filter((entry) => entry.eventsTemplated).map((entry) => plannedHook(entry, undefined, describe));
  return { version: 1, chart: chart.name, lifecycles: byLifecycle, templatedEvents, notes: valuesNotes(chart) };
}

/** One hook document with everything the sort and the plan need. */
export interface HookEntry {
  readonly resource: Resource;
  readonly name: ObjectName | undefined;
  readonly kind: string;
  readonly weight: number | string;
  /** `weight` exactly (a number beyond ±2^53 is rounded); undefined when templated. */
  readonly exactWeight?: bigint;
  readonly events: readonly string[];
  readonly eventsTemplated: boolean;
}

export function toEntry(resource: Resource): HookEntry {
  const hook = resource.hook!;
  const events = hook.knownEvents ?? hook.events.tokens.filter((token) => !token.partial).map((token) => canonicalEvent(token.normalized)).filter((event): event is string => event !== undefined);
  const weight = hook.weight ?? normalizeTemplatedName(hook.weightEntry?.value.source ?? '');
  const exactWeight = hook.weight === undefined ? undefined : parseWeightExact(hook.weightEntry?.value.value ?? '') ?? 0n;
  return { resource, name: resourceName(resource), kind: entryKind(resource), weight, exactWeight, events, eventsTemplated: hook.events.templated };
}

/** A hook's kind as the plan names it: the literal kind, or the normalised template text of a templated one. */
export function entryKind(resource: Resource): string {
  return resource.kind ?? (resource.doc.kind ? normalizeTemplatedName(resource.doc.kind.source) : '');
}

/**
 * The exact weight of an entry with a literal weight. An entry copied with another `weight`
 * (a rule trying a new one) no longer matches its `exactWeight`, and its `weight` counts.
 */
function exactWeightOf(entry: HookEntry): bigint {
  const weight = entry.weight as number;
  return entry.exactWeight !== undefined && Number(entry.exactWeight) === weight ? entry.exactWeight : BigInt(weight);
}

/** Weights compared as Helm compares its ints: exactly, also beyond ±2^53. */
function compareWeights(a: HookEntry, b: HookEntry): number {
  const weightA = exactWeightOf(a);
  const weightB = exactWeightOf(b);
  return weightA < weightB ? -1 : weightA > weightB ? 1 : 0;
}

/** Helm's total order on the hooks of a phase (hooks with templated weights last, by their text). */
function compareEntries(a: HookEntry, b: HookEntry): number {
  const weightA = a.weight;
  const weightB = b.weight;
  if (typeof weightA !== typeof weightB) return typeof weightA === 'number' ? -1 : 1;
  const byWeight = typeof weightA === 'number' ? compareWeights(a, b) : compareBytes(weightA, weightB as string);
  if (byWeight !== 0) return byWeight;
  return compareBytes(a.name?.text ?? '', b.name?.text ?? '') || compareByOrder(installOrder, a.kind, b.kind) || compareBytes(a.resource.file.path, b.resource.file.path) || a.resource.doc.index - b.resource.doc.index;
}

/** What decides the order of two hooks of one phase, and whether templates leave it unknown. */
export function orderBetween(a: HookEntry, b: HookEntry): { order: number; certain: boolean; decidedBy: Exclude<PlacementReason, 'first'> } {
  const order = compareEntries(a, b);
  if (a.resource === b.resource) return { order, certain: true, decidedBy: 'repeat' };
  if (typeof a.weight !== 'number' || typeof b.weight !== 'number') return { order, certain: false, decidedBy: 'weight' };
  if (compareWeights(a, b) !== 0) return { order, certain: true, decidedBy: 'weight' };
  const nameA = a.name ?? { text: '', templated: false, comparable: true, chart: '' };
  const nameB = b.name ?? { text: '', templated: false, comparable: true, chart: '' };
  const names = compareNames(nameA, nameB);
  if (names.order !== 0) return { order, certain: names.certain, decidedBy: 'name' };
  const certain = !nameA.templated || sameName(nameA, nameB);
  if (a.kind !== b.kind) return { order, certain, decidedBy: 'kind' };
  if (a.resource.file.path !== b.resource.file.path) return { order, certain, decidedBy: 'file' };
  return { order, certain, decidedBy: 'document' };
}

function buildPhase(event: string, entries: readonly HookEntry[], describe: (entry: HookEntry) => HookDescription): PhaseStep {
  const members: HookEntry[] = [];
  // Helm appends a hook once per matching event, so a duplicated event runs it twice.
  for (const entry of entries) for (const hookEvent of entry.events) if (hookEvent === event) members.push(entry);
  members.sort(compareEntries);
  const hooks = members.map((entry, index) => plannedHook(entry, index > 0 ? members[index - 1] : undefined, describe));
  return { phase: event, hooks, leftBehind: leftBehind(hooks) };
}

/** What the plan says of a hook in every phase it is in: all but how it is placed after the previous hook. */
type HookDescription = Omit<PlannedHook, 'placedBy' | 'orderCertain'>;

function plannedHook(entry: HookEntry, previous: HookEntry | undefined, describe: (entry: HookEntry) => HookDescription): PlannedHook {
  const relation = previous ? orderBetween(previous, entry) : undefined;
  // Object.assign, not a spread: V8 copies '{ ...description, more }' through its slow path, per hook and phase.
  return Object.assign({}, describe(entry), { placedBy: relation?.decidedBy ?? ('first' as const), orderCertain: relation?.certain ?? true });
}

function describeHook(entry: HookEntry, lineOf: (resource: Resource, offset: number) => number): HookDescription {
  const { resource } = entry;
  const hook = resource.hook!;
  const doc = resource.doc;
  const span = doc.name?.span ?? doc.kind?.span ?? hook.entry.keySpan;
  const policies = deletePolicies(resource);
  const weightTemplated = typeof entry.weight !== 'number';
  // The plan memo keeps descriptions across keystrokes: strings read from the document are copied,
  // or each would keep the whole text of the keystroke that read it alive (review11 D5).
  const kind = ownText(entry.kind);
  const name = ownText(entry.name?.text ?? '');
  const weight = typeof entry.weight === 'string' ? ownText(entry.weight) : entry.weight;
  return {
    id: `${resource.file.path}#${doc.index}`,
    kind,
    name,
    weight,
    templated: { kind: resource.kind === undefined && doc.kind !== undefined, name: resource.nameTemplated, weight: weightTemplated, events: entry.eventsTemplated, deletePolicies: policies.templated },
    eventsConditional: hook.events.conditional || hasControlAction(resource, hook.entry.value.span),
    file: resource.file.path,
    line: lineOf(resource, span.start),
    span,
    documentSpan: doc.span,
    documentIndex: doc.index,
    chart: resource.chart,
    events: entry.events.map(ownText),
    deletePolicies: policies.values.map(ownText),
    deletePolicyDefault: policies.isDefault,
    sortKey: { weight, name, kindOrder: kindIndex(installOrder, kind), file: resource.file.path, document: doc.index },
  };
}

/**
 * The description of `entry` from an earlier state when its document was described there (itself,
 * or the document it was moved from), with its place read again; else described now. Either way
 * it is kept for the next state.
 */
function keptDescription(entry: HookEntry, kept: PlanMemo, moves: WeakMap<ManifestDocument, DocumentMove> | undefined, lineOf: (resource: Resource, offset: number) => number): HookDescription {
  const { resource } = entry;
  const doc = resource.doc;
  const file = resource.file.path;
  const chart = resource.chart;
  const earlier = kept.described.get(doc) ?? keptFrom(moves?.get(doc), kept);
  let description: HookDescription;
  if (earlier && earlier.file === file && earlier.chart === chart) {
    const old = earlier.description;
    const span = doc.name?.span ?? doc.kind?.span ?? resource.hook!.entry.keySpan;
    const line = lineOf(resource, span.start);
    if (old.documentSpan === doc.span && old.documentIndex === doc.index && old.line === line) return old;
    // Literals, not spreads (V8 copies a spread through its slow path, per hook).
    description = {
      id: `${file}#${doc.index}`,
      kind: old.kind,
      name: old.name,
      weight: old.weight,
      templated: old.templated,
      eventsConditional: old.eventsConditional,
      file,
      line,
      span,
      documentSpan: doc.span,
      documentIndex: doc.index,
      chart,
      events: old.events,
      deletePolicies: old.deletePolicies,
      deletePolicyDefault: old.deletePolicyDefault,
      sortKey: { weight: old.sortKey.weight, name: old.sortKey.name, kindOrder: old.sortKey.kindOrder, file, document: doc.index },
    };
  } else {
    description = describeHook(entry, lineOf);
  }
  kept.described.set(doc, { file, chart, description });
  return description;
}

function keptFrom(move: DocumentMove | undefined, kept: PlanMemo): { readonly file: string; readonly chart: string; readonly description: HookDescription } | undefined {
  return move ? kept.described.get(move.from) : undefined;
}

/** Delete policies as Helm reads them; none written means before-hook-creation (spec §4). */
export function deletePolicies(resource: Resource): { values: string[]; isDefault: boolean; templated: boolean } {
  const entry = resource.hook?.deletePolicyEntry;
  if (!entry) return { values: ['before-hook-creation'], isDefault: true, templated: false };
  const type = entry.value.type;
  if (type !== 'string' && type !== 'templated' && type !== 'null') return { values: [entry.value.value ?? ''], isDefault: false, templated: false };
  const list = splitList(entry.value, resource.file.text, resource.file.scan.actions);
  const values = list.tokens.filter((token) => !token.partial && token.normalized !== '').map((token) => token.normalized);
  return { values, isDefault: false, templated: list.templated || list.conditional || hasControlAction(resource, entry.value.span) };
}

/** An `if`/`range`/`with` inside a value decides which of its literal parts exist. */
function hasControlAction(resource: Resource, span: Span): boolean {
  return actionsIn(resource.file.scan.actions, span.start, span.end).some((action) => !printsText(action) && action.kind !== 'comment' && action.span.start >= span.start && action.span.end <= span.end);
}

/** Hooks still in the cluster when the phase has succeeded (hook-succeeded deletes the others; CRDs are never deleted). */
function leftBehind(hooks: readonly PlannedHook[]): LeftBehind[] {
  const result: LeftBehind[] = [];
  const seen = new Set<string>();
  for (const hook of hooks) {
    if (seen.has(hook.id)) continue;
    seen.add(hook.id);
    const policies = hook.deletePolicies;
    let until: LeftBehind['until'];
    if (hook.kind === 'CustomResourceDefinition') until = 'never';
    else if (hook.templated.deletePolicies) until = 'unknown';
    else if (policies.includes('hook-succeeded')) continue;
    else until = policies.includes('before-hook-creation') ? 'next-run' : 'never';
    result.push({ id: hook.id, kind: hook.kind, name: hook.name, until });
  }
  return result;
}

function releaseStep(action: 'apply' | 'delete', normal: readonly Resource[]): ReleaseStep {
  const counts = new Map<string, number>();
  const notDeleted: NotDeleted[] = [];
  const order = action === 'delete' ? uninstallOrder : installOrder;
  for (const resource of normal) {
    const kind = resource.kind ?? normalizeTemplatedName(resource.doc.kind!.source);
    const policy = action === 'delete' ? resourcePolicy(resource) : undefined;
    if (policy) notDeleted.push({ kind, name: resource.name ?? '', ...policy });
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const kinds = [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => compareByOrder(order, a.kind, b.kind));
  const resources = normal.length;
  if (notDeleted.length === 0) return { release: action, resources, kinds };
  return { release: action, resources, kinds, notDeleted: notDeleted.sort((a, b) => compareByOrder(order, a.kind, b.kind)) };
}

/** The resource's `helm.sh/resource-policy` as uninstall reads it (the last one written, as a Go map keeps it). */
function resourcePolicy(resource: Resource): Pick<NotDeleted, 'policy' | 'as'> | undefined {
  let entry: Resource['annotations'][number] | undefined;
  for (const annotation of resource.annotations) if (annotation.key === resourcePolicyKey && annotation.origin === 'yaml') entry = annotation;
  if (!entry) return undefined;
  const conditional = !resource.view.sameConditions(resource.doc.span.start, entry.keySpan.start);
  if (entry.value.type === 'templated' || conditional) return { policy: entry.value.value ?? entry.value.source, as: 'unknown' };
  const policy = entry.value.value ?? entry.value.source;
  return { policy, as: policyKeeps(policy) ? 'keep' : 'other' };
}

/** Helm compares the policy trimmed and lower-cased with `keep` (Go's strings.TrimSpace: Unicode blanks). */
export function policyKeeps(policy: string): boolean {
  return goTrimSpace(policy).toLowerCase() === 'keep';
}

/** Hook keys written in values.yaml reach a template only through toYaml or similar; the plan cannot place them. */
function valuesNotes(chart: ChartModel): PlanNote[] {
  const notes: PlanNote[] = [];
  for (const values of chart.valuesFiles) {
    const index = createLineIndex(values.text);
    for (const entry of values.hookEntries) {
      if (entry.key !== hookKey) continue;
      const shown = entry.value.value ?? entry.value.source;
      notes.push({ file: values.path, line: index.positionAt(entry.keySpan.start).line + 1, message: `"${hookKey}: ${shown}" is set in values; templates that print it make hooks this plan cannot place.` });
    }
  }
  return notes;
}

/** The plan of a chart with no hooks and no resources: what a plan that cannot be built shows. */
export function emptyPlan(chart: string): ExecutionPlan {
  const empty = (lifecycle: Lifecycle): PlanStep[] => lifecycleSteps[lifecycle].map((step): PlanStep => (step === 'apply' || step === 'delete' ? { release: step, resources: 0, kinds: [] } : { phase: step, hooks: [], leftBehind: [] }));
  return { version: 1, chart, lifecycles: Object.fromEntries(lifecycles.map((lifecycle) => [lifecycle, empty(lifecycle)])) as unknown as ExecutionPlan['lifecycles'], templatedEvents: [], notes: [] };
}
