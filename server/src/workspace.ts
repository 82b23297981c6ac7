/**
 * Which chart a document belongs to, and the chart's current text: read from disk once,
 * then kept current from open editors (their text wins) and file-change notifications
 * (which mark the disk copy stale). Each chart keeps one parse cache, so a keystroke
 * re-parses only the file it changed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { createParseCache, isHookKeyCandidate, mapCharts, type ChartInput, type ParseCache, type SourceFile } from './analysis';
import { templatePath, valuesPath } from './chartLayout';
import { chartRootOf, loadChart, type LoadProblem } from './node/chartLoader';
import { isAlternateValuesFile } from './valuesVariants';

/** Where a document sits: its chart and its chart-relative path (`templates/job.yaml`). */
export interface DocumentPlace {
  /** Identifies the chart: its root folder, or the document URI for an unsaved document. */
  readonly chartKey: string;
  readonly root?: string;
  readonly file: string;
  readonly role: 'template' | 'values';
}

export interface OpenText {
  readonly uri: string;
  readonly text: string;
}

interface ChartState {
  disk?: ChartInput;
  /** Counts the times the disk copy went stale, so a memo of the chart can tell it changed. */
  generation: number;
  readonly cache: ParseCache;
  /** Load problems already logged: a chart re-read after every change on disk names each once. */
  readonly logged: Set<string>;
}

export class ChartWorkspace {
  private readonly places = new Map<string, DocumentPlace | null>();
  private readonly charts = new Map<string, ChartState>();

  constructor(private readonly log: (message: string) => void) {}

  /** The document's place, or undefined when it is neither a template nor a values file of a chart. */
  placeOf(uri: string): DocumentPlace | undefined {
    let place = this.places.get(uri);
    if (place === undefined) {
      place = locate(uri) ?? null;
      this.places.set(uri, place);
    }
    return place ?? undefined;
  }

  cacheOf(chartKey: string): ParseCache {
    return this.state(chartKey).cache;
  }

  /** Changes whenever the chart's files on disk may have changed; with the open documents' versions it identifies what inputOf returns. */
  generationOf(chartKey: string): number {
    return this.state(chartKey).generation;
  }

  /**
   * The chart cut down to its open documents, for a first look at a newly opened document
   * before the whole chart is parsed: the open files, the partials (helpers any template may
   * include, and whose hook keys keep rules quiet), Chart.yaml, and the values files that may
   * hold hook keys (the only thing rules read from values). Rules that look at other manifests
   * then see fewer resources, so they find less, never more; the whole-chart analysis that
   * follows completes the picture.
   */
  openPartOf(place: DocumentPlace, open: readonly OpenText[]): ChartInput {
    const openFiles = new Set<string>();
    for (const doc of open) {
      const other = this.placeOf(doc.uri);
      if (other && other.chartKey === place.chartKey) openFiles.add(other.file);
    }
    return prune(this.inputOf(place, open), openFiles);
  }

  /**
   * The chart as the editor sees it: the disk copy with the text of open documents laid
   * over it. `open` lists every open document; those of other charts are ignored.
   */
  inputOf(place: DocumentPlace, open: readonly OpenText[]): ChartInput {
    const overlays = new Map<string, string>();
    for (const doc of open) {
      const other = this.placeOf(doc.uri);
      if (other && other.chartKey === place.chartKey) overlays.set(other.file, doc.text);
    }
    if (!place.root) return { name: 'untitled', templates: [...overlays].map(([file, text]) => ({ path: file, text })) };
    const state = this.state(place.chartKey);
    if (!state.disk) state.disk = this.load(place.root, state.logged);
    return overlay(state.disk, overlays);
  }

  /**
   * A file changed on disk (created, changed or deleted). Returns the chart keys whose
   * disk copy is now stale, so the caller can re-check their open documents.
   */
  fileChanged(uri: string): string[] {
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return [];
    }
    // A new or removed Chart.yaml can move chart roots; forget every resolved place.
    if (path.basename(file) === 'Chart.yaml') this.places.clear();
    const stale: string[] = [];
    for (const [key, state] of this.charts) {
      if (key === file || file.startsWith(key + path.sep)) {
        state.disk = undefined;
        state.generation++;
        stale.push(key);
      }
    }
    return stale;
  }

  /** Forgets cached places (a document closed: it may be reopened somewhere else under the same URI). */
  forgetPlace(uri: string): void {
    this.places.delete(uri);
  }

  /** The file URI of a chart-relative path of the chart at `place`. */
  uriOf(place: DocumentPlace, file: string, openUris: readonly string[]): string | undefined {
    if (!place.root) return openUris.find((uri) => this.placeOf(uri)?.chartKey === place.chartKey && this.placeOf(uri)?.file === file);
    return pathToFileURL(path.join(place.root, ...file.split('/'))).href;
  }

  private state(chartKey: string): ChartState {
    let state = this.charts.get(chartKey);
    if (!state) {
      state = { cache: createParseCache(), generation: 0, logged: new Set() };
      this.charts.set(chartKey, state);
    }
    return state;
  }

  private load(root: string, logged: Set<string>): ChartInput {
    const problems: LoadProblem[] = [];
    const input = loadChart(root, problems);
    for (const problem of problems) {
      const line = `${problem.path}: ${problem.message}`;
      if (logged.has(line)) continue;
      logged.add(line);
      this.log(line);
    }
    return input;
  }
}

function locate(uri: string): DocumentPlace | undefined {
  if (!uri.startsWith('file:')) {
    // An unsaved document: a chart of its own, with the document as its only template.
    const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)).replace(/[^A-Za-z0-9._-]/g, '_') || 'untitled.yaml';
    return { chartKey: uri, file: `templates/${name}`, role: 'template' };
  }
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    return undefined;
  }
  const root = outermostChart(chartRootOf(file)) ?? folderAboveTemplates(file);
  if (!root) return undefined;
  const relative = path.relative(root, file).split(path.sep).join('/');
  if (templatePath.test(relative)) return { chartKey: root, root, file: relative, role: 'template' };
  if (valuesPath.test(relative)) return { chartKey: root, root, file: relative, role: 'values' };
  return undefined;
}

/** A subchart unpacked under `parent/charts/<name>/` is installed with its parent, so its hooks pool with the parent's. */
function outermostChart(root: string | undefined): string | undefined {
  let current = root;
  while (current) {
    const chartsDir = path.dirname(current);
    const parent = path.dirname(chartsDir);
    if (path.basename(chartsDir) !== 'charts' || !fs.existsSync(path.join(parent, 'Chart.yaml'))) break;
    current = parent;
  }
  return current;
}

/** Without a Chart.yaml, the folder above the nearest `templates/` stands in for the chart. */
function folderAboveTemplates(file: string): string | undefined {
  const parts = path.dirname(file).split(path.sep);
  const index = parts.lastIndexOf('templates');
  return index > 0 ? parts.slice(0, index).join(path.sep) || path.sep : undefined;
}

/** The disk chart with open documents' text in place of (or in addition to) the files they name. */
function overlay(input: ChartInput, overlays: ReadonlyMap<string, string>): ChartInput {
  if (overlays.size === 0) return input;
  return mapCharts(input, (chart, { prefix }) => overlayOne(chart, overlays, prefix));
}

/** One chart (not its subcharts) with the open documents under its prefix. */
function overlayOne(chart: ChartInput, overlays: ReadonlyMap<string, string>, prefix: string): ChartInput {
  const own = [...overlays].filter(([file]) => file.startsWith(prefix) && !file.slice(prefix.length).startsWith('charts/'));
  const replace = (source: SourceFile): SourceFile => {
    const text = overlays.get(source.path);
    return text === undefined ? source : { path: source.path, text };
  };
  const templates = chart.templates.map(replace);
  for (const [file, text] of own) {
    if (templatePath.test(file.slice(prefix.length)) && !templates.some((source) => source.path === file)) templates.push({ path: file, text });
  }
  templates.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const valuesFile = `${prefix}values.yaml`;
  const valuesText = overlays.get(valuesFile);
  const values = valuesText !== undefined ? { path: valuesFile, text: valuesText } : chart.values;
  return { ...chart, templates, values };
}

/** A values file other than values.yaml (values-prod.yaml): analysed in place of its chart's values.yaml (valuesVariants.ts). */
export function isAlternateValues(place: DocumentPlace): boolean {
  return place.role === 'values' && isAlternateValuesFile(place.file);
}

/** The chart with only the `keep` templates and the partials, and values files only where open or where they may hold hook keys. */
function prune(input: ChartInput, keep: ReadonlySet<string>): ChartInput {
  return mapCharts(input, (chart) => ({
    ...chart,
    values: chart.values && (keep.has(chart.values.path) || mayHoldHookKeys(chart.values.text)) ? chart.values : undefined,
    templates: chart.templates.filter((source) => keep.has(source.path) || source.path.slice(source.path.lastIndexOf('/') + 1).startsWith('_')),
  }));
}

/**
 * Whether a values file may hold a key that the core reads as a hook annotation key. Such a key
 * contains "hook" or starts with "helm" (isHookKeyCandidate), so only lines with those words
 * are looked at; flow collections, explicit keys, tags, anchors and aliases on them count as a
 * yes without a closer look.
 */
export function mayHoldHookKeys(text: string): boolean {
  for (const line of text.split(/[\n\r\u2028\u2029]/)) {
    if (!/hook|helm/i.test(line)) continue;
    const content = line.trim();
    if (content.startsWith('#')) continue;
    if (/[{[?!&*]/.test(content)) return true;
    const key = plainOrQuotedKey(content);
    if (key !== undefined && isHookKeyCandidate(key)) return true;
  }
  return false;
}

const isBlank = (char: string | undefined): boolean => char !== undefined && /\s/.test(char);

/** Whether `content` from `at` on is blanks, then `:`, then a blank or the end. */
function colonFollows(content: string, at: number): boolean {
  let index = at;
  while (isBlank(content[index])) index++;
  return content[index] === ':' && (index + 1 === content.length || isBlank(content[index + 1]));
}

/**
 * The key of a `key: value` line after any `- ` list markers, in one pass: a quoted key ends at
 * the first matching quote followed by `:`; otherwise the key is everything before the first `:`
 * that ends a word, without the blanks before it. (This was a backtracking regex that took
 * seconds on a 3 KB line of `- ` and blanks; the scan gives the same key.)
 */
function plainOrQuotedKey(content: string): string | undefined {
  let start = 0;
  while (content[start] === '-' && isBlank(content[start + 1])) {
    start++;
    while (isBlank(content[start])) start++;
  }
  const quote = content[start];
  if (quote === '"' || quote === "'") {
    for (let index = content.indexOf(quote, start + 1); index !== -1; index = content.indexOf(quote, index + 1)) {
      if (colonFollows(content, index + 1)) return content.slice(start + 1, index);
    }
  }
  for (let index = content.indexOf(':', start); index !== -1; index = content.indexOf(':', index + 1)) {
    if (index + 1 === content.length || isBlank(content[index + 1])) {
      let end = index;
      while (end > start && isBlank(content[end - 1])) end--;
      return content.slice(start, end);
    }
  }
  return undefined;
}
