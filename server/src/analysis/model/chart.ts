/**
 * The chart model: every template file of a chart and its subcharts, their manifest
 * documents as resources, which of them are hooks and how Helm reads their annotations.
 * Subchart files keep their `charts/<name>/` prefix, so hooks of all charts pool as in Helm.
 */
import { chartsOf } from '../input/chartInput';
import { canonicalEvent, deletePolicyKey, hookKey, outputLogPolicyKey, parseWeight, weightKey } from '../helm/hooks';
import type { ListToken, ListValue } from '../helm/listValue';
import type { AnnotationEntry, ManifestDocument, TemplateFile, ValueInfo, ValuesFile } from './model';
import type { ChartInput, SourceFile } from '../types';
import { templateFileView } from './sourceView';
import type { DocumentView } from './view';
import { normalizeTemplatedName, parseTemplateFile } from '../yaml/documents';
import { tokenWords } from '../template/rescan';
import type { DocumentMove } from '../yaml/reuse';
import { parseValuesFile } from '../yaml/valuesFile';
import { hasGoOnlyBreak, templateWithGoLineBreaks, withGoYamlLineBreaks } from '../yaml/goLineBreaks';
import { scanTemplate } from '../template/scanner';

export interface Resource {
  readonly file: TemplateFile;
  readonly doc: ManifestDocument;
  /** What rules may know of the file's text beyond the model: literal, templated and conditional spans. */
  readonly view: DocumentView;
  /** Name of the chart the file belongs to (the subchart's for subchart files). */
  readonly chart: string;
  /** The values file of that same chart (not a parent's or a subchart's), when it has one that could be read. */
  readonly chartValues?: ValuesFile;
  readonly kind?: string;
  /** Literal name, or the normalised template text of a templated name. */
  readonly name?: string;
  readonly nameTemplated: boolean;
  /** Top-level annotations plus `dict`/`set` hook arguments in the document. */
  readonly annotations: readonly AnnotationEntry[];
  readonly hook?: HookInfo;
  /**
   * Its template file (as written) calls a function that makes new random text or keys on every
   * render (`randAlphaNum`, `genCA`, …): what such a file creates as an install-only hook is
   * meant to be made once and kept, not made again on upgrade.
   */
  readonly generatesSecrets: boolean;
  /**
   * For a rendered document: the document as written it was rendered from (the one its `kind`
   * was copied from; for a printed kind, the only hook document of that kind in its file). Rules
   * build a fix there (into its `dict` arguments) when a helper computed the rendered annotations;
   * such a fix is kept only when rendering the edited chart gives what it promises
   * (`api/renderedFindings.ts`). They also see there what other values would render.
   */
  readonly written?: Resource;
}

export interface HookInfo {
  readonly entry: AnnotationEntry;
  readonly events: ListValue;
  /** Events Helm will run it for (canonical, duplicates kept), or undefined when templated. */
  readonly knownEvents?: readonly string[];
  /** Helm drops the resource: an event token is unknown or empty. */
  readonly dropped: boolean;
  readonly weightEntry?: AnnotationEntry;
  /** Helm's weight (0 when missing or invalid), or undefined when templated. */
  readonly weight?: number;
  readonly deletePolicyEntry?: AnnotationEntry;
  readonly outputLogPolicyEntry?: AnnotationEntry;
}

export interface ChartModel {
  readonly name: string;
  readonly files: readonly TemplateFile[];
  readonly valuesFiles: readonly ValuesFile[];
  readonly resources: readonly Resource[];
  readonly hooks: readonly Resource[];
  /** Files (or an input) that could not be read; they are left out of the model. */
  readonly internalErrors: readonly string[];
}

/** A memo of parsed files, so an editor re-parses only the files that changed. */
export interface ParseCache {
  readonly templates: Map<string, TemplateFile>;
  readonly values: Map<string, ValuesFile>;
  /** Rendered template outputs read as files (`model/renderedChart.ts`), by template path: an output an edit did not change is not read again. */
  readonly rendered?: Map<string, TemplateFile>;
  /** Each document taken over from a file's previous text as a moved copy: the one it copies (yaml/reuse.ts), so what was derived from that one is taken over too. */
  readonly moves?: WeakMap<ManifestDocument, DocumentMove>;
  /** What the model read from each template document as written, kept for the next state: a document an edit left alone (the same object) is not read again. */
  readonly readings?: DocumentReadings;
}

/**
 * What a chart's model read from its documents as written, by document and by annotation value.
 * The same document object is in a later state only where the edit left its text, and every
 * action in it, as they were (yaml/reuse.ts; a moved copy is a new object), and its annotations,
 * hook and name are read from that alone; an annotation value's comma list from the text and
 * actions inside the value alone.
 */
export interface DocumentReadings {
  readonly documents: WeakMap<ManifestDocument, DocumentReading>;
  readonly lists: WeakMap<ValueInfo, ListValue>;
}

/** The parts of a resource read from its document alone. */
interface DocumentReading {
  readonly kind: string | undefined;
  readonly name: string | undefined;
  readonly nameTemplated: boolean;
  readonly annotations: readonly AnnotationEntry[];
  readonly hook: HookInfo | undefined;
}

export function createParseCache(): ParseCache {
  return { templates: new Map(), values: new Map(), rendered: new Map(), moves: new WeakMap(), readings: { documents: new WeakMap(), lists: new WeakMap() } };
}

/**
 * The model of a chart and its subcharts. Never throws: a file that cannot be read is left
 * out and named in `internalErrors`, and so is an input that is not a chart at all.
 */
export function buildChartModel(input: ChartInput, cache?: ParseCache): ChartModel {
  const files: TemplateFile[] = [];
  const valuesFiles: ValuesFile[] = [];
  const resources: Resource[] = [];
  const internalErrors: string[] = [];
  const visit = (chart: ChartInput): void => {
    let chartValues: ValuesFile | undefined;
    if (chart.values) {
      try {
        chartValues = cachedValues(chart.values, cache);
      } catch (error) {
        internalErrors.push(`model: ${chart.values.path}: ${describe(error)}`);
      }
    }
    for (const source of chart.templates) {
      try {
        const file = cachedTemplate(source, cache);
        const view = templateFileView(file, cache?.readings?.lists);
        const fileResources = resourcesOf(file, view, chart.name, chartValues, file, cache?.readings, cache?.moves);
        files.push(file);
        resources.push(...fileResources);
      } catch (error) {
        internalErrors.push(`model: ${source?.path}: ${describe(error)}`);
      }
    }
    if (chartValues) valuesFiles.push(chartValues);
  };
  try {
    for (const { chart } of chartsOf(input)) visit(chart);
  } catch (error) {
    internalErrors.push(`model: ${describe(error)}`);
  }
  return { name: typeof input?.name === 'string' ? input.name : '', files, valuesFiles, resources, hooks: resources.filter((resource) => resource.hook), internalErrors };
}

/**
 * Parses into `cache` at most `budget` of the files a model of `input` reads (templates and
 * values files, subcharts included) that `cache` does not hold yet; returns how many it still
 * lacks. Parsing is most of a chart's first analysis: an editor that parses a few files per turn
 * of its event loop, between edits, then analyses the chart in one short turn. Never throws; a
 * file that fails to parse stays missing (the count stops falling) and the model reports it.
 */
export function parseAhead(input: ChartInput, cache: ParseCache, budget: number): number {
  let missing = 0;
  try {
    for (const { chart } of chartsOf(input)) {
      const sources: { source: SourceFile; values: boolean }[] = (Array.isArray(chart.templates) ? chart.templates : []).map((source) => ({ source, values: false }));
      if (chart.values) sources.push({ source: chart.values, values: true });
      for (const { source, values } of sources) {
        const cached = (values ? cache.values : cache.templates).get(source?.path);
        if (cached && source && (cached.text === source.text || cached.text === (values ? valuesAsGoYaml : templateAsGoYaml)(source).text)) continue;
        if (budget > 0) {
          budget--;
          try {
            if (values) cachedValues(source, cache);
            else cachedTemplate(source, cache);
            continue;
          } catch {
            // Left for the model, which names the file in internalErrors.
          }
        }
        missing++;
      }
    }
  } catch {
    return missing;
  }
  return missing;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function cachedTemplate(written: SourceFile, cache: ParseCache | undefined): TemplateFile {
  const cached = cache?.templates.get(written.path);
  if (cached && cached.text === written.text) return cached;
  const source = templateAsGoYaml(written);
  if (cached && source !== written && cached.text === source.text) return cached;
  const file = parseTemplateFile(source, cached, cache?.moves);
  cache?.templates.set(source.path, file);
  return file;
}

function cachedValues(written: SourceFile, cache: ParseCache | undefined): ValuesFile {
  const cached = cache?.values.get(written.path);
  if (cached && cached.text === written.text) return cached;
  const source = valuesAsGoYaml(written);
  if (cached && source !== written && cached.text === source.text) return cached;
  const file = parseValuesFile(source);
  cache?.values.set(source.path, file);
  return file;
}

/**
 * A template as written, read with go-yaml's line breaks (a lone CR, NEL, LS, PS) made LF outside
 * its actions (yaml/goLineBreaks.ts): Helm renders the literal text as written and go-yaml reads
 * those breaks, so the scanner's lines, the mask, the documents and the rules' edits must find
 * the same lines. The same length, so every offset and edit applies to the file as written (and
 * positions are computed from that text). The file itself when it holds no such break.
 */
function templateAsGoYaml(file: SourceFile): SourceFile {
  if (typeof file.text !== 'string' || !hasGoOnlyBreak(file.text)) return file;
  return { ...file, text: templateWithGoLineBreaks(file.text, scanTemplate(file.text).actions) };
}

/** A values file read with go-yaml's line breaks made LF (values files hold no actions Helm runs). */
function valuesAsGoYaml(file: SourceFile): SourceFile {
  if (typeof file.text !== 'string') return file;
  const text = withGoYamlLineBreaks(file.text);
  return text === file.text ? file : { ...file, text };
}

/**
 * The resources of a parsed file, read through `view` (the file as written, or a rendered file's);
 * `written` is the file as written when `file` is its rendered output (for what only the source
 * shows). `readings`: what earlier states read from the same documents through the view of the
 * file as written (`DocumentReadings`), taken over and kept.
 */
export function resourcesOf(file: TemplateFile, view: DocumentView, chart: string, chartValues: ValuesFile | undefined, written: TemplateFile = file, readings?: DocumentReadings, moves?: WeakMap<ManifestDocument, DocumentMove>): Resource[] {
  const generatesSecrets = callsGenerator(written);
  return file.documents.map((doc) => {
    let read = readings?.documents.get(doc);
    if (!read) {
      const move = moves?.get(doc);
      const earlier = move && readings?.documents.get(move.from);
      read = (earlier && move && movedReading(earlier, move, doc, readings!.lists)) || readingOf(view, doc);
      readings?.documents.set(doc, read);
    }
    return toResource(file, view, doc, chart, chartValues, generatesSecrets, read);
  });
}

/**
 * What `readingOf` gives for `doc`, a copy of `move.from` moved by an edit before it (yaml/reuse.ts:
 * the same text and actions, every span `move.delta` further on), taken from what was read from
 * `move.from`: its entries are the copy's at the same places, and the comma list kept for each of
 * its values is kept for the copy's value, its spans moved. Reading a moved document again split
 * its lists again (the text, then a copy of each token's strings) for every document after an
 * edit: some 12,600 near the top of issue 16's file.
 */
function movedReading(earlier: DocumentReading, move: DocumentMove, doc: ManifestDocument, lists: WeakMap<ValueInfo, ListValue>): DocumentReading | undefined {
  const annotations = [...(doc.metadata?.annotations?.entries ?? []), ...doc.argumentAnnotations];
  const before = earlier.annotations;
  if (annotations.length !== before.length) return undefined;
  const hook = earlier.hook;
  let hookInfo: HookInfo | undefined;
  if (hook) {
    const at = (entry: AnnotationEntry | undefined): number => (entry ? before.indexOf(entry) : -1);
    const entry = at(hook.entry);
    const events = lists.get(hook.entry.value);
    if (entry < 0 || events !== hook.events) return undefined;
    const same = (found: AnnotationEntry | undefined): AnnotationEntry | undefined => (found ? annotations[at(found)] : undefined);
    hookInfo = { entry: annotations[entry], events: movedList(events, move.delta), knownEvents: hook.knownEvents, dropped: hook.dropped, weightEntry: same(hook.weightEntry), weight: hook.weight, deletePolicyEntry: same(hook.deletePolicyEntry), outputLogPolicyEntry: same(hook.outputLogPolicyEntry) };
  }
  for (let index = 0; index < before.length; index++) {
    const value = annotations[index].value;
    if (lists.has(value)) continue;
    const list = hookInfo && before[index] === hook?.entry ? hookInfo.events : lists.get(before[index].value);
    if (list) lists.set(value, list === hookInfo?.events ? list : movedList(list, move.delta));
  }
  return { kind: earlier.kind, name: earlier.name, nameTemplated: earlier.nameTemplated, annotations, hook: hookInfo };
}

/** `list` with every token's spans `delta` further on (its strings are its own already: kept lists own them, sourceView.ts). */
function movedList(list: ListValue, delta: number): ListValue {
  const tokens = list.tokens.map((token): ListToken => ({ raw: token.raw, normalized: token.normalized, span: { start: token.span.start + delta, end: token.span.end + delta }, rawSpan: { start: token.rawSpan.start + delta, end: token.rawSpan.end + delta }, partial: token.partial }));
  return { tokens, templated: list.templated, conditional: list.conditional, exact: list.exact };
}


/** Functions whose every call makes new random text, keys or certificates (the clock and map order are not secrets). */
const generators: ReadonlySet<string> = new Set(['randAlphaNum', 'randAlpha', 'randNumeric', 'randAscii', 'randBytes', 'uuidv4', 'genCA', 'genCAWithKey', 'genPrivateKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey', 'genSignedCert', 'genSignedCertWithKey', 'bcrypt', 'htpasswd', 'derivePassword']);

/**
 * A part of every name in `generators` (keep the two together): a file whose text holds none calls
 * none, and its actions' tokens are not made to look (scanner.ts makes them when read).
 */
const generatorName = /rand(?:Alpha|Numeric|Ascii|Bytes)|uuidv4|gen(?:CA|PrivateKey|SelfSignedCert|SignedCert)|bcrypt|htpasswd|derivePassword/;

function callsGenerator(file: TemplateFile): boolean {
  if (!generatorName.test(file.text)) return false;
  return file.scan.actions.some((action) => tokenWords(action).some((token) => token.kind === 'identifier' && generators.has(token.text)));
}

function readingOf(view: DocumentView, doc: ManifestDocument): DocumentReading {
  const annotations = [...(doc.metadata?.annotations?.entries ?? []), ...doc.argumentAnnotations];
  const kind = doc.kind?.type === 'string' ? doc.kind.value : undefined;
  const nameTemplated = doc.name?.type === 'templated';
  const name = doc.name === undefined ? undefined : nameTemplated ? normalizeTemplatedName(doc.name.source) : doc.name.value;
  return { kind, name, nameTemplated, annotations, hook: readHook(view, annotations) };
}

function toResource(file: TemplateFile, view: DocumentView, doc: ManifestDocument, chart: string, chartValues: ValuesFile | undefined, generatesSecrets: boolean, read: DocumentReading): Resource {
  const { kind, name, nameTemplated, annotations, hook } = read;
  // Literals, not spreads (V8 copies a spread through its slow path, per document); `chartValues` only when there is one.
  return chartValues
    ? { file, doc, view, chart, chartValues, kind, name, nameTemplated, annotations, hook, generatesSecrets }
    : { file, doc, view, chart, kind, name, nameTemplated, annotations, hook, generatesSecrets };
}

function readHook(view: DocumentView, annotations: readonly AnnotationEntry[]): HookInfo | undefined {
  const find = (key: string): AnnotationEntry | undefined => {
    // Go maps keep the last duplicate key; so does this.
    let found: AnnotationEntry | undefined;
    for (const entry of annotations) if (entry.key === key) found = entry;
    return found;
  };
  const entry = find(hookKey);
  if (!entry) return undefined;
  const events = view.listOf(entry.value);
  const unknown = events.tokens.some((token) => !token.partial && canonicalEvent(token.normalized) === undefined);
  const knownEvents = events.templated ? undefined : events.tokens.map((token) => canonicalEvent(token.normalized)).filter((event): event is string => event !== undefined);
  const weightEntry = find(weightKey);
  let weight: number | undefined = 0;
  if (weightEntry) {
    weight = weightEntry.value.type === 'templated' ? undefined : parseWeight(weightEntry.value.value ?? '') ?? 0;
  }
  return {
    entry,
    events,
    knownEvents,
    dropped: unknown && !events.conditional,
    weightEntry,
    weight,
    deletePolicyEntry: find(deletePolicyKey),
    outputLogPolicyEntry: find(outputLogPolicyKey),
  };
}
