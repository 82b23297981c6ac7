/**
 * Values profiles: a chart judged under its default values and under each values file a user
 * installs it with. Pure and never throws.
 *
 * Semantics (as Helm uses the files):
 * - `default` — the chart's own values (values.yaml) with the caller's base render options (the
 *   command line's `-f` files and `--set*` flags): exactly `helm template … <base flags>`.
 * - one profile per `ci/*-values.yaml` of the top chart (chart-testing's convention; a subchart's
 *   `ci/` is not the chart's test matrix), named by its path (`ci/ha-values.yaml`), plus any
 *   files the caller names (an editor's settings). A profile is the base with its file given as
 *   one more `-f` after the base's `-f` files: merged over values.yaml (not replacing it), below
 *   every `--set*` flag, as `helm template … -f <base files> -f ci/ha-values.yaml --set …` merges.
 * - `values-*.yaml` beside values.yaml are not profiles: `valuesVariants.ts` (outside the core)
 *   keeps checking each of them read in place of values.yaml, so the source rules see the hook
 *   annotations written in them.
 *
 * Usage: `valuesProfiles(input)` lists the profiles (an editor's profile picker);
 * `profileRenderOptions(base, profile)` gives the render options of one (pass them to
 * `createChartAnalysis` for hover, plan and findings in that profile); `analyzeProfiles` judges
 * the chart under each and merges the findings: one finding per rule, file, range, severity and
 * message, with `profiles` naming every profile it holds in (in `profiles` order, always listed;
 * it holds in all of them when the two lists have the same length).
 */
import { findingsOf, sortFindings } from './analyze';
import { renderedFactsOf, type RenderOptions } from './chartAnalysis';
import { chartFacts } from './facts';
import { prerenderedCache, type Prerendered } from './prerendered';
import { buildChartModel, type ParseCache } from '../model/chart';
import type { AnalysisConfig, ChartInput, Finding, RenderStatus, SourceFile } from '../types';

/** The name of the profile of the chart's default values (with the caller's base options). */
export const defaultProfileName = 'default';

export interface ValuesProfile {
  /** `default`, or the values file's path (chart-relative for `ci/*-values.yaml`). */
  readonly name: string;
  /** The values file applied over the base; absent for `default`. */
  readonly file?: SourceFile;
}

/** A finding with the profiles it holds in. */
export interface ProfiledFinding extends Finding {
  readonly profiles: readonly string[];
}

export interface ProfilesResult {
  /** The profiles judged, `default` first. */
  readonly profiles: readonly string[];
  readonly findings: readonly ProfiledFinding[];
  /** Rules that failed, each prefixed with its profile when not `default` (`ci/ha-values.yaml: rule: …`). */
  readonly internalErrors: readonly string[];
  /** How each profile was read when rendering was asked for (rendered, or literally with Helm's error). */
  readonly renders?: readonly ({ readonly profile: string } & RenderStatus)[];
}

const ciValuesFile = /^ci\/[^/]+-values\.yaml$/;

/**
 * `default`, then each `ci/*-values.yaml` of the top chart in path order, then `named` (files the
 * caller names, such as an editor setting's; named by their path) unless already listed.
 */
export function valuesProfiles(input: ChartInput, named: readonly SourceFile[] = []): ValuesProfile[] {
  const profiles: ValuesProfile[] = [{ name: defaultProfileName }];
  try {
    const prefix = input.prefix ?? '';
    const ci = (input.files ?? [])
      .filter((file) => !file.binary && file.path.startsWith(prefix) && ciValuesFile.test(file.path.slice(prefix.length)))
      .map((file) => ({ path: file.path, text: file.text }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const file of [...ci, ...named]) {
      if (file.path === defaultProfileName || profiles.some((profile) => profile.name === file.path)) continue;
      profiles.push({ name: file.path, file });
    }
  } catch {
    // Odd input: the default profile still stands.
  }
  return profiles;
}

/** The render options of `profile`: the base's, with the profile's file as one more `-f` after the base's `-f` files. */
export function profileRenderOptions(base: RenderOptions, profile: ValuesProfile): RenderOptions {
  if (!profile.file) return base;
  return { ...base, valueFiles: [...(base.valueFiles ?? []), { name: profile.file.path, text: profile.file.text }] };
}

/**
 * The findings of `input` under every profile (`valuesProfiles(input)` unless given), merged.
 * The templates are parsed and the source model built once for all profiles; each profile
 * renders the chart once, or takes its render from `prerendered` (made elsewhere of this input
 * with these options: api/prerendered.ts; a function giving them is called once, after the source
 * model is built, so a render under way elsewhere has that long to finish). Without `render` the chart is read as written, which no profile
 * changes: only `default` is judged.
 */
export function analyzeProfiles(
  input: ChartInput,
  config: AnalysisConfig = {},
  options: { readonly render?: RenderOptions; readonly profiles?: readonly ValuesProfile[]; readonly cache?: ParseCache; readonly prerendered?: readonly Prerendered[] | (() => readonly Prerendered[]) } = {},
): ProfilesResult {
  try {
    const facts = chartFacts(buildChartModel(input, options.cache));
    // A function is asked once, when the first profile renders: after the source model, as late as the renders can be taken.
    let prerendered = typeof options.prerendered === 'function' ? undefined : options.prerendered;
    const prerenderedNow = (): readonly Prerendered[] | undefined => (prerendered ??= typeof options.prerendered === 'function' ? options.prerendered() : undefined);
    if (!options.render) {
      const result = findingsOf(facts, config);
      return { profiles: [defaultProfileName], findings: mergeProfileFindings([{ profile: defaultProfileName, findings: result.findings }]), internalErrors: [...result.internalErrors] };
    }
    const profiles = options.profiles ?? valuesProfiles(input);
    const perProfile: { profile: string; findings: readonly Finding[] }[] = [];
    const internalErrors: string[] = [];
    const renders: ({ readonly profile: string } & RenderStatus)[] = [];
    for (const profile of profiles) {
      const renderOptions = profileRenderOptions(options.render, profile);
      const rendered = renderedFactsOf(input, facts, renderOptions, prerenderedCache(input, renderOptions, prerenderedNow()));
      const result = findingsOf(facts, config, undefined, rendered.facts);
      perProfile.push({ profile: profile.name, findings: result.findings });
      internalErrors.push(...result.internalErrors.map((error) => (profile.name === defaultProfileName ? error : `${profile.name}: ${error}`)));
      renders.push({ profile: profile.name, ...rendered.status });
    }
    return { profiles: profiles.map((profile) => profile.name), findings: mergeProfileFindings(perProfile), internalErrors, renders };
  } catch (error) {
    return { profiles: [defaultProfileName], findings: [], internalErrors: [`profiles: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

/**
 * One finding per rule, file, range, severity and message across profiles, listing the profiles
 * it holds in; the first profile's fixes and related places are kept. Sorted as `analyzeChart` sorts.
 */
export function mergeProfileFindings(perProfile: readonly { readonly profile: string; readonly findings: readonly Finding[] }[]): ProfiledFinding[] {
  const merged = new Map<string, { finding: Finding; profiles: string[] }>();
  for (const { profile, findings } of perProfile) {
    for (const finding of findings) {
      const key = JSON.stringify([finding.rule, finding.file, finding.span.start, finding.span.end, finding.severity, finding.message]);
      const entry = merged.get(key);
      if (!entry) merged.set(key, { finding, profiles: [profile] });
      else if (!entry.profiles.includes(profile)) entry.profiles.push(profile);
    }
  }
  return sortFindings([...merged.values()].map(({ finding, profiles }) => ({ ...finding, profiles })));
}
