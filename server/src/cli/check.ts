/**
 * `helm-hooks check`: analyses each target with the core, applies preferred fixes when
 * asked, and turns the core's offsets into display paths and 0-based line/character ranges
 * that every output format shares.
 */
import * as path from 'path';
import { applyFixes, chartsOf, createLineIndex, createParseCache, defaultProfileName, mapSources, parseAhead, preferredFixEdits, profileRenderOptions, sourcesOf, valuesProfiles, type AnalysisConfig, type ChartInput, type Finding, type LineIndex, type ParseCache, type Position, type RenderedPlanOptions, type RenderStatus, type Severity, type Span, type ValuesProfile } from '../analysis';
import type { ProfilesMode } from './args';
import type { LoadOptions, LoadProblem } from '../node/chartLoader';
import { alternateValuesFiles } from '../valuesVariants';
import { analyseOnThreads, analyseTarget, type TargetAnalysis, type TargetJob } from './checkThreads';
import { renderAhead, renderAheadDefaults, startRenderWorker, stopRenderWorker, templateChars, type RenderAheadSettings, type StartedRenderWorker } from './renderThread';
import { TargetConfigs } from './targetConfigs';
import { listTargets, stdinTarget, TargetSlot, type Target } from './targets';
import { writeFixedFile } from './writeFixed';

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface ReportedEdit {
  readonly file: string;
  readonly range: Range;
  readonly newText: string;
}

export interface ReportedFix {
  readonly title: string;
  readonly isPreferred: boolean;
  readonly edits: readonly ReportedEdit[];
}

export interface ReportedFinding {
  /** The path as given on the command line joined with the path inside the chart. */
  readonly file: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** 0-based lines, UTF-16 characters (LSP's counting). */
  readonly range: Range;
  readonly fixes: readonly ReportedFix[];
  readonly related: readonly { readonly file: string; readonly range: Range; readonly message: string }[];
  /** The values profiles the finding holds in, when its chart was judged under more than one (api/profiles.ts). */
  readonly profiles?: readonly string[];
  /** With `profiles`: whether it holds in every profile of its chart. */
  readonly inEveryProfile?: boolean;
}

export interface CheckReport {
  readonly findings: readonly ReportedFinding[];
  readonly charts: number;
  readonly files: number;
  readonly problems: readonly LoadProblem[];
  /** Rules that failed inside the core: a bug in helm-hooks, not in the chart. */
  readonly internalErrors: readonly string[];
  readonly fixed?: { readonly findings: number; readonly files: readonly string[] };
  /** With `diff`: each file the fixes would change, as it is and as it would be. */
  readonly diffs?: readonly FileChange[];
  /** With `render`: how each chart was read (rendered, or as written with Helm's error). */
  readonly renders?: readonly ChartRenderStatus[];
}

/** `profile`: the values profile this render was for; absent for the default values. */
export type ChartRenderStatus = { readonly chart: string; readonly profile?: string } & RenderStatus;

export interface FileChange {
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

export interface CheckOptions {
  readonly paths: readonly string[];
  /** The `--rule` severities: they win over the config file's. */
  readonly config: AnalysisConfig;
  /** `.helm-hooks.yaml`: searched from each chart upward when undefined, this file (`--config`), or none (`--no-config`, false). */
  readonly configFile?: string | false;
  readonly fix: boolean;
  /** Compute the fixes as `fix` would, and report them as changes instead of writing them. */
  readonly diff?: boolean;
  /** Apply only these rules' fixes; empty or absent: every rule's. */
  readonly fixRules?: readonly string[];
  /** One template's text (read from stdin) and the path it is judged at, instead of `paths`. */
  readonly stdin?: { readonly filename: string; readonly text: string };
  /** Render each chart with these options (`-f` files' texts, `--set`…, release) for the rules that judge resources; absent: read as written. */
  readonly render?: RenderedPlanOptions;
  /** Check many charts on `count` worker threads started from `script` (the CLI's entry); absent: on this thread. */
  readonly threads?: { readonly script: string; readonly count: number };
  /** When one chart is rendered on a worker thread started from `threads.script` (renderThread.ts); `renderAheadDefaults` when absent. */
  readonly renderAhead?: RenderAheadSettings;
  /** With `render`: `auto` (the default) also judges each chart under each of its values profiles (`ci/*-values.yaml`, applied after the `-f` files); `none`: its default values only. */
  readonly profiles?: ProfilesMode;
}

/** Fix passes per target: a fix may uncover another (a skipped overlapping one), but never loop forever. */
const maxFixPasses = 10;

export function runCheck(options: CheckOptions): CheckReport {
  // A file named by --stdin-filename counts as named on the command line: config `ignore` does not hide it.
  const configs = new TargetConfigs({ ...options, paths: options.stdin ? [options.stdin.filename] : options.paths });
  const list = (): TargetSlot[] => {
    if (!options.stdin) return listTargets(options.paths);
    const problems: LoadProblem[] = [];
    const slot = new TargetSlot(stdinTarget(options.stdin.filename, options.stdin.text, problems));
    slot.problems.push(...problems);
    return [slot];
  };
  let slots = list();
  /** Problems met before the slots' own (reading the charts for --diff) and after them (writing --fix's changes). */
  const before: LoadProblem[] = [];
  const after: LoadProblem[] = [];
  let fixed: CheckReport['fixed'];
  let diffs: FileChange[] | undefined;
  if (options.fix || options.diff) {
    const targets = takeAll(slots, configs, options, before);
    const changes = targets.flatMap((target) => fixTarget(target, configs, options));
    if (options.diff) {
      diffs = changes.map(({ file, before: old, after: changed }) => ({ file, before: old, after: changed }));
      slots = targets.map((target) => new TargetSlot(target));
    } else {
      fixed = writeChanges(changes, after);
      // Re-read from disk so the report is about what the files now hold.
      before.length = 0;
      slots = list();
    }
  }
  const findings: ReportedFinding[] = [];
  const internalErrors: string[] = [];
  const renders: ChartRenderStatus[] = [];
  let files = 0;
  const report = (target: Target, analysis: TargetAnalysis): void => {
    const result = shownFindings(target, configs, analysis);
    internalErrors.push(...result.internalErrors.map((error) => `${target.root}: ${error}`));
    renders.push(...result.renders.map((render) => ({ chart: target.root, ...render })));
    const locate = locator(target, options.render);
    findings.push(...result.findings.map((finding) => toReported(finding, locate, result.profiles)));
    files += target.onlyFile === undefined ? sourcesOf(target.chart).length + alternateValuesFiles(target.chart).length + (judgesProfiles(target, options) ? profileFiles(target.chart).length : 0) : 1;
  };
  const checked = analyseSlots(slots, configs, options, report);
  const problems = [...before, ...slots.flatMap((slot) => slot.problems), ...after];
  return { findings, charts: checked.filter((target) => target.isChart).length, files, problems: [...configs.problems, ...problems], internalErrors, fixed, ...(diffs ? { diffs } : {}), ...(options.render ? { renders } : {}) };
}

/** Whether a slot's target is checked: not a repeat, not left out by its config's `ignore` (a --stdin text never is). */
function slotChecked(slot: TargetSlot, configs: TargetConfigs, options: Pick<CheckOptions, 'stdin'>): boolean {
  return !slot.repeated && slot.place !== undefined && (options.stdin !== undefined || !configs.skips(slot.place));
}

/** Every slot's target read at once (the fix passes work on all of them), those checked; their problems into `problems`. */
function takeAll(slots: readonly TargetSlot[], configs: TargetConfigs, options: Pick<CheckOptions, 'stdin'>, problems: LoadProblem[]): Target[] {
  const checked = slots.map((slot) => slotChecked(slot, configs, options));
  const targets: Target[] = [];
  slots.forEach((slot, index) => {
    const target = slot.take();
    problems.push(...slot.problems);
    if (target && checked[index]) targets.push(target);
  });
  return targets;
}

/**
 * Reads and analyses each checked slot's target in order, on worker threads when `threads` says
 * so and there are many, and gives each target with its analysis to `report` in the slots' order;
 * a chart is read just before it is analysed and dropped after its report. Every slot is read,
 * checked or not (a repeat's or an ignored chart's problems are reported too). Returns what was
 * checked, without the charts' files.
 */
function analyseSlots(slots: readonly TargetSlot[], configs: TargetConfigs, options: Pick<CheckOptions, 'render' | 'profiles' | 'threads' | 'stdin' | 'renderAhead'>, report: (target: Target, analysis: TargetAnalysis) => void): { readonly isChart: boolean }[] {
  // Decided for every slot before any is read, as the config files were consulted before.
  const checkedSlots = slots.filter((slot) => slotChecked(slot, configs, options));
  const checked: { isChart: boolean }[] = [];
  let read = 0;
  /** The target of the index-th checked slot: every slot up to it read first (their problems in order); `load`: how its chart is read. */
  const take = (index: number, load?: LoadOptions): Target | undefined => {
    const wanted = checkedSlots[index];
    for (; read < slots.length; read++) {
      const slot = slots[read];
      const target = slot.take(slot === wanted ? load : undefined);
      if (slot === wanted) {
        read++;
        return target;
      }
    }
    return undefined;
  };
  const inFlight = new Map<number, Target>();
  const jobAt = (index: number, load?: LoadOptions): TargetJob => {
    const target = take(index, load);
    // A slot with a place always has a target.
    if (!target) throw new Error(`no target for ${checkedSlots[index].place?.root}`);
    inFlight.set(index, target);
    return targetJob(target, textsOf(target), configs, options);
  };
  const done = (index: number, analysis: TargetAnalysis): void => {
    const target = inFlight.get(index);
    inFlight.delete(index);
    if (!target) return;
    checked.push({ isChart: target.isChart });
    report(target, analysis);
  };
  const { threads } = options;
  if (threads && threads.count > 1 && checkedSlots.length >= minChartsForThreads) {
    analyseOnThreads(checkedSlots.length, jobAt, threads, done);
  } else {
    // One at a time, so only one chart's models are alive at once.
    const script = threads && threads.count > 1 ? threads.script : undefined;
    const settings = options.renderAhead ?? renderAheadDefaults;
    for (let index = 0; index < checkedSlots.length; index++) {
      const early = options.render && script !== undefined ? new EarlyRenderWorker(script, settings) : undefined;
      const job = jobAt(index, early?.load);
      done(index, analyseRenderingAhead(job, script, settings, early?.started));
    }
  }
  // The slots after the last one checked are read for their problems.
  for (; read < slots.length; read++) slots[read].take();
  return checked;
}

/**
 * `analyseTarget` of one chart, its render on a worker thread started from `script` while this
 * thread parses the chart's files, when rendering is asked for and its templates are big enough
 * to pay for the worker (renderThread.ts); on this thread alone otherwise (and when one thread is
 * asked for: HELM_HOOKS_THREADS=1 gives no `script`).
 */
function analyseRenderingAhead(job: TargetJob, script: string | undefined, settings: RenderAheadSettings, early?: StartedRenderWorker): TargetAnalysis {
  const { render } = job;
  const wanted = render !== undefined && script !== undefined && templateChars(job.chart) >= settings.minTemplateChars;
  if (early && !wanted) stopRenderWorker(early);
  const ahead = wanted ? renderAhead(job.chart, job.profiles.map((profile) => profileRenderOptions(render, profile)), early ?? script, settings) : undefined;
  if (!ahead) return analyseTarget(job);
  const cache = oneShotParseCache();
  parseAhead(job.chart, cache, Number.POSITIVE_INFINITY);
  // Taken when the analysis first renders, after it has built the source model: the worker has that much longer to answer.
  try {
    return analyseTarget(job, { cache, prerendered: () => ahead.take() });
  } finally {
    // Stops the worker if the analysis never asked (take answers once; later calls find it stopped).
    ahead.take();
  }
}

/**
 * A render worker started while a chart is read, as soon as the sizes of its template files read so
 * far reach the threshold (a character takes at least a byte, so a chart whose templates stay below
 * it in bytes never reaches it in characters): the worker's own start (Node's start of a thread and
 * the bundle, about 190 ms of CPU) then runs while this thread reads the rest of the chart and
 * posts it, on the core that is otherwise idle until the worker has its job. The chart as read
 * decides whether it is given the job (analyseRenderingAhead); one that is not is stopped.
 */
class EarlyRenderWorker {
  started: StartedRenderWorker | undefined;
  private bytes = 0;
  readonly load: LoadOptions;

  constructor(
    private readonly script: string,
    private readonly settings: RenderAheadSettings,
  ) {
    this.load = { templateSized: (bytes) => this.sized(bytes) };
  }

  private sized(bytes: number): void {
    this.bytes += bytes;
    if (this.started === undefined && this.bytes >= this.settings.minTemplateChars) this.started = startRenderWorker(this.script);
  }
}

/**
 * A parse cache for one analysis of the chart, with no readings: what an editor keeps for its next
 * state (ParseCache.readings, by document and annotation value in WeakMaps, each kept comma list's
 * strings copied so that it keeps no keystroke's text alive) has no next state here and is read once,
 * so keeping it only costs. The 13,548-hook file: its model and rules in process, 4 interleaved
 * rounds at load 12-17: model 243-458 -> 215-389 ms, rules 618-958 -> 553-807 ms CPU.
 */
function oneShotParseCache(): ParseCache {
  const { readings: _, ...cache } = createParseCache();
  return cache;
}

type TargetFinding = Finding & { readonly profiles?: readonly string[] };

/**
 * The findings of a target with its files holding `texts`: the chart's under each of its values
 * profiles (merged, each with the profiles it holds in), and for each values file other than
 * values.yaml those in it when it is read in place of values.yaml under the default values (as
 * the language server checks an open values-prod.yaml; they carry no profiles). Only those the
 * config shows (`onlyFile`'s when the target names one, none on ignored files). `profiles`: the
 * profiles judged, when more than one was.
 */
function targetFindings(
  target: Target,
  texts: ReadonlyMap<string, string>,
  configs: TargetConfigs,
  options: Pick<CheckOptions, 'render' | 'profiles'>,
): { findings: TargetFinding[]; internalErrors: string[]; renders: ({ readonly profile?: string } & RenderStatus)[]; profiles?: readonly string[] } {
  return shownFindings(target, configs, analyseTarget(targetJob(target, texts, configs, options)));
}

/** What the core is asked about a target: plain data, so a worker thread can answer it too. */
function targetJob(target: Target, texts: ReadonlyMap<string, string>, configs: TargetConfigs, options: Pick<CheckOptions, 'render' | 'profiles'>): TargetJob {
  // A lone template has no chart to render.
  const render = target.isChart ? options.render : undefined;
  const variants = alternateValuesFiles(target.chart)
    .filter((variant) => target.onlyFile === undefined || variant.path === target.onlyFile)
    .map((variant) => ({ path: variant.path, text: texts.get(variant.path) ?? variant.text }));
  const profiles = judgesProfiles(target, options) ? profilesOf(target.chart, texts) : [{ name: defaultProfileName }];
  return { chart: withTexts(target.chart, texts), variants, config: configs.analysisConfig(target), profiles, ...(render ? { render } : {}) };
}

/**
 * Each worker thread loads the whole bundle again (about 100 ms of CPU) before its first chart,
 * so threads pay off in wall time only over many charts; below this, one thread checks them all.
 */
export const minChartsForThreads = 10;

/** The findings of a target's analysis that its config shows, with the internal errors of each values variant named. */
function shownFindings(target: Target, configs: TargetConfigs, analysis: TargetAnalysis): { findings: TargetFinding[]; internalErrors: string[]; renders: ({ readonly profile?: string } & RenderStatus)[]; profiles?: readonly string[] } {
  const { main } = analysis;
  const several = main.profiles.length > 1;
  const findings: TargetFinding[] = configs.shown(target, several ? main.findings : main.findings.map(({ profiles: _, ...finding }) => finding));
  const internalErrors = [...main.internalErrors];
  for (const variant of analysis.variants) {
    findings.push(...configs.shown(target, variant.result.findings.filter((finding) => finding.file === variant.path)));
    internalErrors.push(...variant.result.internalErrors.map((error) => `${variant.path}: ${error}`));
  }
  const renders = (main.renders ?? []).map(({ profile, ...status }) => (profile === defaultProfileName ? status : { profile, ...status }));
  return { findings, internalErrors, renders, ...(several ? { profiles: main.profiles } : {}) };
}

/** Whether the target is judged under its values profiles: a chart, rendered, without `--profiles none`. */
function judgesProfiles(target: Target, options: Pick<CheckOptions, 'render' | 'profiles'>): boolean {
  return target.isChart && options.render !== undefined && options.profiles !== 'none';
}

/** The chart's values profiles, each file's text as `texts` holds it (a fix pass may have changed it). */
function profilesOf(chart: ChartInput, texts: ReadonlyMap<string, string>): ValuesProfile[] {
  return valuesProfiles(chart).map((profile) => (profile.file ? { ...profile, file: { path: profile.file.path, text: texts.get(profile.file.path) ?? profile.file.text } } : profile));
}

/** The values files of the chart's profiles (`ci/*-values.yaml`): findings and fixes may name them. */
function profileFiles(chart: ChartInput): { path: string; text: string }[] {
  return valuesProfiles(chart).flatMap((profile) => (profile.file ? [profile.file] : []));
}

/** The text of every file a target's findings may name: its sources, its alternate values files and its profiles' values files. */
function textsOf(target: Target): Map<string, string> {
  return new Map([...allSources(target.chart), ...alternateValuesFiles(target.chart), ...profileFiles(target.chart)].map((source) => [source.path, source.text]));
}

/** Where a chart-relative file lives on disk, as the user would write it. */
export function displayPath(target: Target, file: string): string {
  return target.displayOverride?.[file] ?? path.join(target.root, file);
}

/** A file the preferred fixes change: its disk path, its text before and after, how many fixes made the change. */
interface PendingChange extends FileChange {
  readonly root: string;
  readonly fixes: number;
  /** Inside a packaged subchart: there is no file on disk to write. */
  readonly packaged: boolean;
}

/** Applies the preferred fixes (of `fixRules` only, when given) to a target's texts, pass after pass, in memory. */
function fixTarget(target: Target, configs: TargetConfigs, options: Pick<CheckOptions, 'render' | 'profiles' | 'fixRules'>): PendingChange[] {
  const fixRules = options.fixRules;
  const originals = textsOf(target);
  const current = new Map(originals);
  const onlyRules = fixRules && fixRules.length > 0 ? new Set(fixRules) : undefined;
  /** Fixes applied to each file's text so far; they count only once the file is written. */
  const appliedByFile = new Map<string, number>();
  for (let pass = 0; pass < maxFixPasses; pass++) {
    const findings = targetFindings(target, current, configs, options).findings.filter((finding) => !onlyRules || onlyRules.has(finding.rule));
    let appliedThisPass = 0;
    for (const file of filesWithPreferredFixes(findings)) {
      const text = current.get(file);
      if (text === undefined) continue;
      const result = applyFixes(text, preferredFixEdits(findings, file));
      if (result.appliedFixes === 0 || result.text === text) continue;
      current.set(file, result.text);
      appliedByFile.set(file, (appliedByFile.get(file) ?? 0) + result.appliedFixes);
      appliedThisPass += result.appliedFixes;
    }
    if (appliedThisPass === 0) break;
  }
  const packaged = packagedFiles(target.chart);
  return [...current]
    .filter(([file, text]) => text !== originals.get(file))
    .map(([file, text]) => ({ file: displayPath(target, file), root: target.root, before: originals.get(file) ?? '', after: text, fixes: appliedByFile.get(file) ?? 0, packaged: packaged.has(file) }));
}

function writeChanges(changes: readonly PendingChange[], problems: LoadProblem[]): NonNullable<CheckReport['fixed']> {
  let fixedFindings = 0;
  const changedFiles: string[] = [];
  for (const change of changes) {
    if (change.packaged) {
      problems.push({ path: change.file, message: 'not fixed: the file is inside a packaged subchart' });
      continue;
    }
    const outcome = writeFixedFile(change.file, change.root, change.before, change.after);
    if (outcome.written) {
      changedFiles.push(change.file);
      fixedFindings += change.fixes;
    } else {
      problems.push({ path: change.file, message: `not fixed: ${outcome.reason}` });
    }
  }
  return { findings: fixedFindings, files: changedFiles };
}

function filesWithPreferredFixes(findings: readonly Finding[]): string[] {
  const files = new Set<string>();
  for (const finding of findings) {
    for (const edit of finding.fixes.find((fix) => fix.isPreferred)?.edits ?? []) files.add(edit.file);
  }
  return [...files].sort();
}

function allSources(chart: ChartInput) {
  return sourcesOf(chart, { withChartYaml: true });
}

function withTexts(chart: ChartInput, texts: ReadonlyMap<string, string>): ChartInput {
  return mapSources(chart, (source) => ({ path: source.path, text: texts.get(source.path) ?? source.text }));
}

/** Paths of files that came out of a `charts/*.tgz`: there is no file on disk to write. */
function packagedFiles(chart: ChartInput): Set<string> {
  return new Set(chartsOf(chart).filter((entry) => entry.chart.archive !== undefined).flatMap((entry) => sourcesOf({ ...entry.chart, subcharts: [] }, { withChartYaml: true }).map((source) => source.path)));
}

type Locate = (file: string, span: Span) => { file: string; range: Range };

/** Maps a chart-relative file (or an `-f` file, named as given) and span to its display path and line/character range. */
function locator(target: Target, render: RenderedPlanOptions | undefined): Locate {
  const texts = textsOf(target);
  const valueFiles = new Map((render?.valueFiles ?? []).map((file) => [file.name, file.text]));
  const indexes = new Map<string, LineIndex>();
  return (file, span) => {
    const given = !texts.has(file) && valueFiles.has(file);
    let index = indexes.get(file);
    if (!index) {
      index = createLineIndex((given ? valueFiles.get(file) : texts.get(file)) ?? '');
      indexes.set(file, index);
    }
    return { file: given ? file : displayPath(target, file), range: { start: index.positionAt(span.start), end: index.positionAt(span.end) } };
  };
}

/** `profiles`: those its chart was judged under, when more than one. */
function toReported(finding: TargetFinding, locate: Locate, profiles: readonly string[] | undefined): ReportedFinding {
  const { file, range } = locate(finding.file, finding.span);
  return {
    file,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    range,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      isPreferred: fix.isPreferred,
      edits: fix.edits.map((edit) => ({ ...locate(edit.file, edit.span), newText: edit.newText })),
    })),
    related: finding.related.map((related) => ({ ...locate(related.file, related.span), message: related.message })),
    ...(profiles && finding.profiles ? { profiles: finding.profiles, inEveryProfile: finding.profiles.length === profiles.length } : {}),
  };
}
