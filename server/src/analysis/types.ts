/**
 * Plain data that crosses the analysis core's API: offsets, strings and ids only.
 * No `yaml` node and no LSP type appears here (ARCHITECTURE.md, invariant 2).
 */

/** A half-open range of UTF-16 code-unit offsets into one file's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Severities as a user configures them; `off` means the rule does not run. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface TextEdit {
  /** Chart-relative path of the file the edit applies to (`templates/job.yaml`). */
  readonly file: string;
  readonly span: Span;
  readonly newText: string;
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
  /** Severity per rule id; rules not named use their default severity. */
  readonly rules?: Readonly<Record<string, SeveritySetting>>;
}

/** One file of a chart, as text. Paths are chart-relative and use `/`. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/**
 * A chart as plain data: what an adapter read from disk or from open editors.
 * `templates` holds every file under `templates/`, partials included.
 */
export interface ChartInput {
  /** Chart name from Chart.yaml, or the folder name. */
  readonly name: string;
  readonly chartYaml?: SourceFile;
  readonly values?: SourceFile;
  readonly templates: readonly SourceFile[];
  /** Subcharts found under `charts/<name>/`, their paths already prefixed with `charts/<name>/`. */
  readonly subcharts?: readonly ChartInput[];
}

export interface AnalysisResult {
  readonly findings: readonly Finding[];
  /** Rules that failed on this input (a bug in the rule, never in the user's file). */
  readonly internalErrors: readonly string[];
}
