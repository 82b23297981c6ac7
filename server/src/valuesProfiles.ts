/**
 * The values profile the editor shows each chart in (issue 12): diagnostics, hover and the plan
 * follow it. The core lists a chart's profiles (`valuesProfiles`: `default`, each
 * `ci/*-values.yaml`, then the files the user names) and gives each one's render options; this
 * file keeps the user's choice per chart, reads the files and `set` values `helmHooks.values`
 * names for the chart, and answers the client's status bar and quick pick.
 *
 * `helmHooks.values` is an object keyed by chart folder, relative to its workspace folder (`.`
 * for a chart at the root): `{ "charts/app": { "valuesFiles": ["values-prod.yaml"], "set":
 * ["image.tag=1.2"] } }`. Each values file (relative to the chart folder) is one more profile;
 * `set` applies under every profile, as `--set` after `-f` on the command line.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultProfileName, profileRenderOptions, valuesProfiles, type ChartInput, type RenderOptions, type SourceFile, type ValuesProfile } from './analysis';
import type { ValuesProfileItem, ValuesProfilesResult } from './protocol';
import { trimTrailing } from './analysis/text/trim';

/** One chart's entry of `helmHooks.values`. */
export interface ChartValuesSetting {
  readonly valuesFiles: readonly string[];
  readonly set: readonly string[];
}

/** `helmHooks.values`, validated: by chart folder relative to its workspace folder. */
export type ValuesSettings = Readonly<Record<string, ChartValuesSetting>>;

interface ChartChoice {
  /** Identifies the setting's entry, so a change of it is noticed. */
  readonly key: string;
  readonly set: readonly string[];
  /** The named values files as read (chart-relative paths as written in the setting). */
  readonly files: readonly SourceFile[];
}

export class ValuesProfileChoice {
  /** The profile chosen per chart; absent: `default`. */
  private readonly active = new Map<string, string>();
  private readonly settings = new Map<string, ChartChoice>();

  constructor(
    private readonly folders: () => readonly string[],
    private readonly warn: (message: string) => void,
  ) {}

  /** Takes the chart's entry of `helmHooks.values` (`root`: the chart folder); true when it changed what the chart is judged with. */
  useSettings(chartKey: string, root: string | undefined, values: ValuesSettings): boolean {
    const entry = root === undefined ? undefined : entryFor(root, this.folders(), values);
    const key = entry ? JSON.stringify(entry) : '';
    if ((this.settings.get(chartKey)?.key ?? '') === key) return false;
    if (!entry || root === undefined) this.settings.delete(chartKey);
    else this.settings.set(chartKey, { key, set: entry.set, files: this.read(root, entry.valuesFiles) });
    return true;
  }

  /** Names the chart's current profile and setting, so analyses of different profiles are kept apart. */
  keyOf(chartKey: string): string {
    return `${this.active.get(chartKey) ?? defaultProfileName}\u0000${this.settings.get(chartKey)?.key ?? ''}`;
  }

  /** The render options of the chart's current profile (`default` when the chosen one is gone). */
  renderOptions(chartKey: string, input: ChartInput): RenderOptions {
    return renderOptionsOf(this.choiceOf(chartKey), input);
  }

  /** The chart's choice as plain data, for a thread that reads the chart itself (workspaceWorker.ts). */
  choiceOf(chartKey: string): ProfileChoice {
    const settings = this.settings.get(chartKey);
    const active = this.active.get(chartKey);
    return { ...(active !== undefined ? { active } : {}), set: settings?.set ?? [], files: settings?.files ?? [] };
  }

  /** The chart's profiles for the client's quick pick, and the one shown. */
  list(chartKey: string, input: ChartInput): ValuesProfilesResult {
    const named = new Set(this.settings.get(chartKey)?.files.map((file) => file.path));
    const items: ValuesProfileItem[] = this.profiles(chartKey, input).map((profile) => ({
      name: profile.name,
      description: profile.file === undefined ? 'values.yaml' : named.has(profile.name) ? 'helmHooks.values' : 'chart test values',
    }));
    return { chart: chartKey, chartName: input.name, active: this.current(chartKey, input).name, profiles: items };
  }

  /** Chooses `name` for the chart; false when it is no profile of the chart, or already chosen. */
  select(chartKey: string, input: ChartInput, name: string): boolean {
    if (!this.profiles(chartKey, input).some((profile) => profile.name === name) || this.current(chartKey, input).name === name) return false;
    if (name === defaultProfileName) this.active.delete(chartKey);
    else this.active.set(chartKey, name);
    return true;
  }

  private profiles(chartKey: string, input: ChartInput): ValuesProfile[] {
    return valuesProfiles(input, this.settings.get(chartKey)?.files ?? []);
  }

  private current(chartKey: string, input: ChartInput): ValuesProfile {
    const profiles = this.profiles(chartKey, input);
    const name = this.active.get(chartKey);
    return profiles.find((profile) => profile.name === name) ?? profiles[0];
  }

  private read(root: string, files: readonly string[]): SourceFile[] {
    const read: SourceFile[] = [];
    for (const file of files) {
      try {
        read.push({ path: file, text: fs.readFileSync(path.resolve(root, file), 'utf8') });
      } catch (error) {
        this.warn(`helmHooks.values: cannot read ${file} of the chart in ${root} (${error instanceof Error ? error.message : String(error)}); it is not offered as a profile.`);
      }
    }
    return read;
  }
}

/** The profile a chart is shown in, and its `helmHooks.values` entry's `set` values and named files as read. */
export interface ProfileChoice {
  /** The chosen profile's name; absent: `default`. */
  readonly active?: string;
  readonly set: readonly string[];
  readonly files: readonly SourceFile[];
}

/** The render options of the chosen profile of `input` (`default` when the chosen one is gone). */
export function renderOptionsOf(choice: ProfileChoice, input: ChartInput): RenderOptions {
  const base: RenderOptions = choice.set.length > 0 ? { set: choice.set } : {};
  const profiles = valuesProfiles(input, choice.files);
  return profileRenderOptions(base, profiles.find((profile) => profile.name === choice.active) ?? profiles[0]);
}

/** The setting's entry for the chart in `root`: keyed by its folder relative to the workspace folder that holds it. */
function entryFor(root: string, folders: readonly string[], values: ValuesSettings): ChartValuesSetting | undefined {
  for (const folder of folders) {
    const relative = path.relative(folder, root);
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const key = relative === '' ? '.' : relative.split(path.sep).join('/');
    for (const [written, entry] of Object.entries(values)) if (normalKey(written) === key) return entry;
  }
  return undefined;
}

/** `./charts/app/` and `charts/app` name the same folder. */
function normalKey(written: string): string {
  const withoutLead = written.replace(/\\/g, '/').replace(/^\.\/+/, '');
  const trimmed = trimTrailing(withoutLead, '/');
  return trimmed === '' ? '.' : trimmed;
}
