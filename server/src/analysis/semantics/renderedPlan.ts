/**
 * The execution plan of the hooks Helm really runs: the chart is rendered as `helm template`
 * renders it (`render/chart.ts`, same values and release options), every rendered hook document
 * becomes a planned hook with its rendered kind, name, events, weight and delete policies, and
 * each phase is ordered exactly as Helm 4 orders it: the hooks, kept in Helm's kind order
 * (`sortManifests`: InstallOrder, stable over template path and document order), are taken
 * once per matching event and stable-sorted by weight, then name byte-wise (Helm's
 * `hookByWeight` in `pkg/action/hooks.go`; spec §3.1 and §8). Documents Helm drops (an
 * unknown or empty event, a non-string `helm.sh/hook`) are listed apart.
 *
 * Each hook points at its `# Source:` template and the line that put its `helm.sh/hook`
 * annotation there (through the renderer's source map: the annotation's own line, or the
 * `include`/action in that template that printed it). When the chart cannot be rendered
 * (a missing dependency, `fail`, …), the plan read from the templates as written is given
 * instead, with Helm's error. Pure; never throws.
 */
import { isMap, isPair, isScalar, parseDocument, type Node } from 'yaml';
import { readBlockDocument } from '../yaml/blockReader';
import { withGoYamlLineBreaks } from '../yaml/goLineBreaks';
import { compareBytes, deletePolicyKey, hookEvents, hookKey, installOrder, kindIndex, parseWeightExact, resourcePolicyKey, uninstallOrder, compareByOrder, weightKey } from '../helm/hooks';
import { buildPlan, emptyPlan, lifecycles, policyKeeps, lifecycleSteps, type DroppedHook, type ExecutionPlan, type LeftBehind, type Lifecycle, type NotDeleted, type PhaseStep, type PlacementReason, type PlannedHook, type PlanStep, type ReleaseStep } from './plan';
import { renderChart, type ChartRender, type TemplateOptions } from '../render/chart';
import { documentOrigins, type DocumentOrigin, type SourceLocation } from '../render/documentOrigins';
import { goTrimSpace, type SortedDocument } from '../render/manifests';
import { sourcesOf } from '../input/chartInput';
import { createLineIndex, type LineIndex } from '../text/lineIndex';
import type { ChartInput, Span } from '../types';
import { buildChartModel, type ChartModel } from '../model/chart';
import type { AnnotationEntry } from '../model/model';
import { offHooks } from './offHooks';
import { releaseStateNotes } from './releaseStateNotes';

export type RenderedPlanOptions = Omit<TemplateOptions, 'showOnly'>;

/**
 * The rendered plan and the render it came from. An editor passes the previous render of the
 * same chart (with the same options) so that an edit re-renders only what it touched, and the
 * literal plan of its chart state (`ChartAnalysis.plan`, from its parse cache) for when it does not render,
 * and that state's model as written (`sourceModel`), so the plan does not read the templates again.
 * Ties are not checked under other release names here: `ChartAnalysis.renderedPlan` (and
 * `buildRenderedPlan`) add that, from the renders the rules share.
 */
export function renderPlan(input: ChartInput, options: RenderedPlanOptions = {}, previous?: ChartRender, literalPlan: () => ExecutionPlan = () => literalPlanOf(input), sourceModel: () => ChartModel = () => buildChartModel(input)): { plan: ExecutionPlan; render?: ChartRender } {
  const release = { release: options.name ?? 'release-name', namespace: options.namespace ?? 'default', isUpgrade: options.isUpgrade === true };
  let render: ChartRender;
  try {
    render = renderChart(input, options, previous);
  } catch (error) {
    return { plan: { ...literalPlan(), render: { mode: 'literal', ...release, error: `internal error while rendering: ${error instanceof Error ? error.message : String(error)}` } } };
  }
  if (render.error !== undefined || !render.sorted || !render.rendered || !render.contexts) {
    return { plan: { ...literalPlan(), render: { mode: 'literal', ...release, error: render.error ?? 'the chart could not be rendered' } }, render };
  }
  try {
    return { plan: planFromRender(input, render, release, options.valueFiles, sourceModel()), render };
  } catch (error) {
    return { plan: { ...literalPlan(), render: { mode: 'literal', ...release, error: `internal error while planning rendered hooks: ${error instanceof Error ? error.message : String(error)}` } }, render };
  }
}

/** The plan read from the templates as written (`ChartAnalysis.plan` without a parse cache). */
function literalPlanOf(input: ChartInput): ExecutionPlan {
  try {
    return buildPlan(buildChartModel(input));
  } catch {
    return emptyPlan(typeof input?.name === 'string' ? input.name : '');
  }
}

/** A rendered hook document with what the sort and the plan need. */
interface RenderedHook {
  readonly document: SortedDocument;
  /** Chart-relative path of its template (`templates/x.yaml`, `charts/sub/templates/x.yaml`). */
  readonly file: string;
  readonly chart: string;
  readonly weight: bigint;
  readonly events: readonly string[];
  /** Helm's list (trimmed, lower-cased, empty tokens kept); undefined when the annotation is absent. */
  readonly deletePolicies?: readonly string[];
  readonly line: number;
  readonly span: Span;
  readonly origin?: { readonly file: string; readonly line: number };
  /** The lookup and random functions its name was computed with. */
  readonly nameFrom: readonly string[];
}

interface ReleaseInfo {
  readonly release: string;
  readonly namespace: string;
  readonly isUpgrade: boolean;
}

/** `source`: the chart as written (its model), for the hooks' written lines and the hooks these values switch off. */
function planFromRender(input: ChartInput, render: ChartRender, release: ReleaseInfo, valueFiles: RenderedPlanOptions['valueFiles'], source: ChartModel): ExecutionPlan {
  const sorted = render.sorted!;
  const locate = sourceLocator(input, render, valueFiles, source);
  const hooks: RenderedHook[] = sorted.hooks.map((document) => {
    const annotations = document.annotations!;
    const where = locate(document);
    const policies = annotations.get(deletePolicyKey);
    return {
      document,
      ...where,
      weight: parseWeightExact(annotations.get(weightKey) ?? '') ?? 0n,
      events: document.events ?? [],
      ...(policies !== undefined ? { deletePolicies: policies.split(',').map((token) => goTrimSpace(token).toLowerCase()) } : {}),
    };
  });
  const phases = new Map<string, PhaseStep>();
  for (const event of hookEvents) phases.set(event, phaseOf(event, hooks));
  const steps = (lifecycle: Lifecycle): PlanStep[] => lifecycleSteps[lifecycle].map((step) => (step === 'apply' || step === 'delete' ? releaseStep(step, sorted.manifests) : phases.get(step)!));
  const droppedAt = sorted.unknownHooks.map((document) => ({ document, where: locate(document) }));
  const dropped: DroppedHook[] = droppedAt.map(({ document, where }) => ({ kind: document.kind, name: document.name, file: where.file, line: where.line, value: document.annotations?.get(hookKey) ?? '' }));
  const off = offHooks(source, render, [...hooks, ...droppedAt.map((item) => item.where)]);
  return {
    version: 1,
    chart: typeof input.name === 'string' ? input.name : '',
    lifecycles: Object.fromEntries(lifecycles.map((lifecycle) => [lifecycle, steps(lifecycle)])) as unknown as ExecutionPlan['lifecycles'],
    templatedEvents: [],
    notes: releaseStateNotes(input, release.isUpgrade),
    render: { mode: 'rendered', ...release },
    dropped,
    ...(off.length > 0 ? { off } : {}),
  };
}

/** Helm's `hookByWeight`: weight, then name byte-wise; `sort.Stable` keeps the kind order for ties. */
function byWeightThenName(a: RenderedHook, b: RenderedHook): number {
  if (a.weight !== b.weight) return a.weight < b.weight ? -1 : 1;
  return compareBytes(a.document.name, b.document.name);
}

function phaseOf(event: string, hooks: readonly RenderedHook[]): PhaseStep {
  const members: RenderedHook[] = [];
  // Helm appends a hook once per matching event, so a duplicated event runs it twice.
  for (const hook of hooks) for (const hookEvent of hook.events) if (hookEvent === event) members.push(hook);
  members.sort(byWeightThenName); // Array.prototype.sort is stable, as sort.Stable
  const planned = members.map((hook, index) => plannedHook(hook, index > 0 ? members[index - 1] : undefined));
  return { phase: event, hooks: planned, leftBehind: leftBehind(planned) };
}

function plannedHook(hook: RenderedHook, previous: RenderedHook | undefined): PlannedHook {
  const { document } = hook;
  const weight = Number(hook.weight);
  return {
    id: `${hook.file}#${document.index}`,
    kind: document.kind,
    name: document.name,
    weight,
    templated: { kind: false, name: false, weight: false, events: false, deletePolicies: false },
    eventsConditional: false,
    file: hook.file,
    line: hook.line,
    span: hook.span,
    documentSpan: hook.span,
    documentIndex: document.index,
    chart: hook.chart,
    ...(hook.origin ? { origin: hook.origin } : {}),
    ...(hook.nameFrom.length > 0 ? { nameFrom: hook.nameFrom } : {}),
    events: hook.events,
    deletePolicies: hook.deletePolicies ?? ['before-hook-creation'],
    deletePolicyDefault: hook.deletePolicies === undefined,
    sortKey: { weight, name: document.name, kindOrder: kindIndex(installOrder, document.kind), file: hook.file, document: document.index },
    placedBy: previous ? placedBy(previous, hook) : 'first',
    orderCertain: true,
  };
}

function placedBy(previous: RenderedHook, hook: RenderedHook): Exclude<PlacementReason, 'first'> {
  if (previous === hook) return 'repeat';
  if (previous.weight !== hook.weight) return 'weight';
  if (previous.document.name !== hook.document.name) return 'name';
  if (previous.document.kind !== hook.document.kind) return 'kind';
  if (previous.file !== hook.file) return 'file';
  return 'document';
}

/** Hooks still in the cluster when the phase has succeeded (hook-succeeded deletes the others; CRDs are never deleted). */
function leftBehind(hooks: readonly PlannedHook[]): LeftBehind[] {
  const result: LeftBehind[] = [];
  for (const hook of hooks) {
    if (result.some((item) => item.id === hook.id)) continue;
    let until: LeftBehind['until'];
    if (hook.kind === 'CustomResourceDefinition') until = 'never';
    else if (hook.deletePolicies.includes('hook-succeeded')) continue;
    else until = hook.deletePolicies.includes('before-hook-creation') ? 'next-run' : 'never';
    result.push({ id: hook.id, kind: hook.kind, name: hook.name, until });
  }
  return result;
}

function releaseStep(action: 'apply' | 'delete', documents: readonly SortedDocument[]): ReleaseStep {
  // A document of comments only (no kind) is printed by Helm but makes no object.
  const manifests = documents.filter((document) => document.kind !== '');
  const counts = new Map<string, number>();
  const notDeleted: NotDeleted[] = [];
  const order = action === 'delete' ? uninstallOrder : installOrder;
  for (const document of manifests) {
    // Uninstall deletes only what has no helm.sh/resource-policy (see NotDeleted).
    const policy = action === 'delete' ? document.annotations?.get(resourcePolicyKey) : undefined;
    if (policy !== undefined) notDeleted.push({ kind: document.kind, name: document.name, policy, as: policyKeeps(policy) ? 'keep' : 'other' });
    counts.set(document.kind, (counts.get(document.kind) ?? 0) + 1);
  }
  const kinds = [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => compareByOrder(order, a.kind, b.kind));
  const resources = manifests.length;
  if (notDeleted.length === 0) return { release: action, resources, kinds };
  return { release: action, resources, kinds, notDeleted: notDeleted.sort((a, b) => compareByOrder(order, a.kind, b.kind)) };
}

/**
 * Where a rendered document's hook annotation came from (`render/documentOrigins.ts`), in its
 * `# Source:` template: the annotation's line when it is literal text of that template, else the
 * line of the action or `include` in that template that printed it; the document's first line
 * when neither is known. `origin` is where the author changes the annotation when that is
 * elsewhere: the value in a values file, the line of a `define` in a helper — or, when a helper
 * computed it from a `dict` the template writes its literal key and value into (bitnami's
 * `$defaultAnnotations := dict "helm.sh/hook" "pre-upgrade" …` merged by `common.tplvalues`),
 * that `dict` pair (`source`: the chart as written).
 */
function sourceLocator(input: ChartInput, render: ChartRender, valueFiles: RenderedPlanOptions['valueFiles'], source: ChartModel): (document: SortedDocument) => HookLocation {
  const texts = new Map<string, string>(sourcesOf(input).map((source) => [source.path, source.text]));
  for (const file of valueFiles ?? []) if (!texts.has(file.name)) texts.set(file.name, file.text);
  const paths = new Map(render.contexts!.templates.map((template) => [template.name, template.path]));
  const lineIndexes = new Map<string, LineIndex>();
  const lineOf = (file: string, offset: number): number => {
    let index = lineIndexes.get(file);
    if (!index) lineIndexes.set(file, (index = createLineIndex(texts.get(file) ?? '')));
    return index.positionAt(offset).line + 1;
  };
  return (document) => {
    const file = paths.get(document.source) ?? document.source.slice(document.source.indexOf('/') + 1);
    const { hookKey: key, name } = documentSpans(document.content);
    const nameFrom = name ? varyingFunctions(documentOrigins(render, document, name), texts) : [];
    const piece = documentOrigins(render, document, key ?? { start: 0, end: 1 })[0];
    const inTemplate = (place: SourceLocation | undefined): Span | undefined => (place && place.file === file ? place.span : undefined);
    const span = (piece && (inTemplate(piece.location) ?? inTemplate(piece.action) ?? piece.via.find((call) => call.file === file)?.span)) ?? { start: 0, end: 0 };
    const line = lineOf(file, span.start);
    const pair = key && piece?.kind === 'computed' ? dictHookPair(source, file, span, document.annotations?.get(hookKey)) : undefined;
    const written = pair ? { file, span: pair.keySpan } : piece?.location;
    const elsewhere = key && written && texts.has(written.file) && (written.file !== file || lineOf(file, written.span.start) !== line) ? written : undefined;
    return { file, chart: chartOf(document.source), line, span, nameFrom, ...(elsewhere ? { origin: { file: elsewhere.file, line: lineOf(elsewhere.file, elsewhere.span.start) } } : {}) };
  };
}

/**
 * The `helm.sh/hook` pair of a `dict` (or `set`) call in the document as written around `span` of
 * `file` (the action or `include` that printed the computed annotation), when the call writes the
 * key and the value as string literals and the value is the one Helm read (`value`): the only
 * such pair, else none (a values override or another branch may have won).
 */
function dictHookPair(source: ChartModel, file: string, span: Span, value: string | undefined): AnnotationEntry | undefined {
  if (value === undefined) return undefined;
  const written = source.resources.find((resource) => resource.file.path === file && resource.doc.span.start <= span.start && span.start < resource.doc.span.end);
  const pairs = written?.annotations.filter((entry) => entry.origin === 'template-argument' && entry.key === hookKey && entry.value.type === 'string' && entry.value.value === value) ?? [];
  return pairs.length === 1 ? pairs[0] : undefined;
}

interface HookLocation {
  readonly file: string;
  readonly chart: string;
  readonly line: number;
  readonly span: Span;
  readonly origin?: { readonly file: string; readonly line: number };
  readonly nameFrom: readonly string[];
}

/** Functions whose result the chart does not decide: what the cluster holds, or a new random value each render. */
const varying: ReadonlySet<string> = new Set(['lookup', 'randAlphaNum', 'randAlpha', 'randNumeric', 'randAscii', 'randInt', 'randBytes', 'uuidv4', 'shuffle']);

/**
 * The varying functions that the actions computing parts of a name call, in order of first use
 * (read from each computing action's text; a value printed through a `$variable` assigned
 * elsewhere is not followed).
 */
function varyingFunctions(pieces: readonly DocumentOrigin[], texts: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const piece of pieces) {
    if (piece.kind !== 'computed' || !piece.action) continue;
    const text = texts.get(piece.action.file)?.slice(piece.action.span.start, piece.action.span.end) ?? '';
    for (const match of text.matchAll(/[A-Za-z0-9_]+/g)) if (varying.has(match[0]) && !found.includes(match[0])) found.push(match[0]);
  }
  return found;
}

/** The chart a template belongs to: the name before its `templates/` (a subchart's, or the top chart's). */
function chartOf(source: string): string {
  const parts = source.split('/');
  const templatesAt = parts.lastIndexOf('templates');
  return templatesAt > 0 ? parts[templatesAt - 1] : parts[0];
}

/** The spans of the `helm.sh/hook` key under `metadata.annotations` and of the `metadata.name` value in a document's text. */
function documentSpans(content: string): { hookKey?: Span; name?: Span } {
  let doc;
  try {
    const options = { version: '1.1', uniqueKeys: false, keepSourceTokens: false } as const;
    // Lines end where go-yaml ends them (yaml/goLineBreaks.ts; the same length, so the spans hold).
    const text = withGoYamlLineBreaks(content);
    doc = readBlockDocument(text, options) ?? parseDocument(text, options);
  } catch {
    return {};
  }
  const child = (node: unknown, key: string): Node | undefined => {
    if (!isMap(node)) return undefined;
    for (const pair of node.items) if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return (pair.value ?? undefined) as Node | undefined;
    return undefined;
  };
  const metadata = child(doc.contents, 'metadata');
  const nameNode = child(metadata, 'name');
  const name = isScalar(nameNode) && nameNode.range ? { start: nameNode.range[0], end: nameNode.range[1] } : undefined;
  const annotations = child(metadata, 'annotations');
  if (isMap(annotations)) {
    for (const pair of annotations.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === hookKey && pair.key.range) return { hookKey: { start: pair.key.range[0], end: pair.key.range[1] }, ...(name ? { name } : {}) };
    }
  }
  return name ? { name } : {};
}
