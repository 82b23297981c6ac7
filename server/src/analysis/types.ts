/**
 * Plain data that crosses the analysis core's API: offsets, strings and ids only.
 * No `yaml` node and no LSP type appears here (ARCHITECTURE.md, invariant 2).
 */

/** A half-open range of UTF-16 code-unit offsets into one file's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** How strongly a finding is reported, from least to most. */
export const severities = ['hint', 'information', 'warning', 'error'] as const;
export type Severity = (typeof severities)[number];

/**
 * A rule's severity as a user sets it: `off` means the rule does not run, `default` (the same
 * as not setting it) leaves each finding at the severity the rule picks for it.
 */
export const severitySettings = ['default', 'off', ...severities] as const;
export type SeveritySetting = (typeof severitySettings)[number];

export interface TextEdit {
  /** Chart-relative path of the file the edit applies to (`templates/job.yaml`). */
  readonly file: string;
  readonly span: Span;
  readonly newText: string;
  /**
   * Only between a rule and `api/renderedFindings.ts`, never in a result: the rule judged a
   * rendered document but wrote this edit in the file as written (offsets there), because a
   * helper computed the rendered text from it (a `dict` argument). It is kept only when the
   * chart rendered with the edit gives the rendered `kind`/`name` document the annotation
   * `key: value` (added, or its value replaced) and changes nothing else.
   */
  readonly asWritten?: { readonly kind: string; readonly name: string; readonly key: string; readonly value: string };
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The one safe fix a user (or `--fix`) can apply without thinking. */
  readonly isPreferred: boolean;
}

/** Another place a finding talks about, such as the normal ConfigMap a hook needs. */
export interface RelatedLocation {
  readonly file: string;
  readonly span: Span;
  readonly message: string;
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** Chart-relative path of the file the finding is reported on. */
  readonly file: string;
  readonly span: Span;
  readonly fixes: readonly Fix[];
  readonly related: readonly RelatedLocation[];
}

/** Settings for one analysis call. Passed in every time, never stored by the core. */
export interface AnalysisConfig {
  /** Severity per rule id; rules not named (or set to `default`) pick their own. */
  readonly rules?: Readonly<Record<string, SeveritySetting>>;
  /** The Helm major version whose behaviour messages describe where 3 and 4 differ (apply method, waiter, timeout text); 4 when absent. */
  readonly helmVersion?: HelmVersion;
}

export const helmVersions = ['3', '4'] as const;
export type HelmVersion = (typeof helmVersions)[number];

/** One file of a chart, as text. Paths are chart-relative and use `/`. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/**
 * A file of a chart that is neither a template nor Chart.yaml nor values.yaml: what a template
 * reads through `.Files` (`.helmignore` already applied by the adapter, as Helm applies it).
 */
export interface ChartFile {
  /** Chart-relative path, with this chart's prefix (`charts/<name>/files/a.txt` in a subchart). */
  readonly path: string;
  /** The text; for a binary file (NUL bytes or not UTF-8) the bytes as base64, and `binary` is set. */
  readonly text: string;
  readonly binary?: boolean;
}

/**
 * A chart as plain data: what an adapter read from disk or from open editors.
 * `templates` holds every file under `templates/`, partials included. Walk it only through
 * `chartInput.ts` (`chartsOf`, `sourcesOf`, `mapSources`), which knows the layout.
 */
export interface ChartInput {
  /** Chart name from Chart.yaml, or the folder name. */
  readonly name: string;
  /**
   * Prefix of every path of this chart: `` for the top chart, `charts/<folder>/` for a subchart
   * (`charts/a/charts/b/` nested), `charts/<archive>.tgz/` for a packaged one. When absent it is
   * `` for the top chart and `<parent prefix>charts/<name>/` for a subchart.
   */
  readonly prefix?: string;
  readonly chartYaml?: SourceFile;
  readonly values?: SourceFile;
  readonly templates: readonly SourceFile[];
  /** The chart's other files (for `.Files`); absent when the adapter did not read them. */
  readonly files?: readonly ChartFile[];
  /** Set when the chart was unpacked from an archive (`charts/db-1.2.3.tgz`): its files exist on no disk path and cannot be edited. */
  readonly archive?: string;
  /** Subcharts found under `charts/`, their paths already prefixed with their own prefix. */
  readonly subcharts?: readonly ChartInput[];
}

export interface AnalysisResult {
  readonly findings: readonly Finding[];
  /** Rules that failed on this input (a bug in the rule, never in the user's file). */
  readonly internalErrors: readonly string[];
  /** How the chart was read when the caller asked for it rendered: as Helm renders it, or literally because rendering failed (Helm's error). */
  readonly render?: RenderStatus;
}

/** How the rules read the chart; `skippedDependencies`: Chart.yaml dependencies missing from charts/, rendered as if not declared (their own hooks are not seen). */
export type RenderStatus = { readonly mode: 'rendered'; readonly skippedDependencies?: readonly string[] } | { readonly mode: 'literal'; readonly error: string };
