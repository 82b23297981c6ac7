/**
 * Settings pulled from the client per document (`workspace/configuration`, section
 * `helmHooks`) and validated into the core's `AnalysisConfig`, over the `.helm-hooks.yaml`
 * above the document: rule defaults < the config file < the editor settings the user set.
 * Users type settings by hand, so anything unexpected falls back to the default with one log
 * line (a bad config file: one message per problem), never an exception.
 */
import * as path from 'path';
import { fileURLToPath } from 'url';
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import { helmVersions, rules, severitySettings, type AnalysisConfig, type HelmVersion, type SeveritySetting } from './analysis';
import type { ChartValuesSetting, ValuesSettings } from './valuesProfiles';
import { configFileName, describe, describeConfigProblem, findConfigFile, isObject, isIgnoredByConfig, loadConfigFile, type LoadedConfig } from './node/configFile';

/** `helmHooks.diagnostics.scope`: whether files that are not open are checked and shown too. */
export const diagnosticsScopes = ['openFiles', 'workspace'] as const;
export type DiagnosticsScope = (typeof diagnosticsScopes)[number];

export interface ServerSettings {
  /** `helmHooks.enable`: when false the server reports and offers nothing for the document. */
  readonly enable: boolean;
  readonly analysis: AnalysisConfig;
  /** `helmHooks.diagnostics.scope`: `workspace` also publishes the findings of every chart file of the workspace, open or not. */
  readonly scope: DiagnosticsScope;
  /** `helmHooks.values`: per chart folder, the values files offered as profiles and the `set` values (valuesProfiles.ts). */
  readonly values: ValuesSettings;
}

export const defaultSettings: ServerSettings = { enable: true, analysis: {}, scope: 'workspace', values: {} };

/**
 * Turns the raw `helmHooks` section into settings. `warn` receives one line per problem;
 * the caller decides how often a line is shown.
 */
export function settingsFromRaw(raw: unknown, warn: (message: string) => void): ServerSettings {
  if (raw === undefined || raw === null) return defaultSettings;
  if (!isObject(raw)) {
    warn(`helmHooks settings should be an object, got ${describe(raw)}; using the defaults.`);
    return defaultSettings;
  }
  let enable = defaultSettings.enable;
  if (raw.enable !== undefined && raw.enable !== null) {
    if (typeof raw.enable === 'boolean') enable = raw.enable;
    else warn(`helmHooks.enable should be true or false, got ${describe(raw.enable)}; using ${defaultSettings.enable}.`);
  }
  const helmVersion = helmVersionOf(raw.helmVersion, warn);
  return { enable, analysis: { rules: ruleSeverities(raw.rules, warn), ...(helmVersion ? { helmVersion } : {}) }, scope: scopeOf(raw.diagnostics, warn), values: valuesOf(raw.values, warn) };
}

/** `helmHooks.values`: `{ "<chart folder>": { "valuesFiles": [..], "set": [..] } }`; a wrong part is left out with a warning. */
function valuesOf(raw: unknown, warn: (message: string) => void): ValuesSettings {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) {
    warn(`helmHooks.values should be an object keyed by chart folder, got ${describe(raw)}; using none.`);
    return {};
  }
  const result: Record<string, ChartValuesSetting> = {};
  const strings = (value: unknown, name: string): string[] => {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    warn(`helmHooks.values: ${name} should be a list of strings, got ${describe(value)}; using none.`);
    return [];
  };
  for (const [chart, entry] of Object.entries(raw)) {
    if (!isObject(entry)) {
      warn(`helmHooks.values["${chart}"] should be an object with valuesFiles and set, got ${describe(entry)}; ignoring it.`);
      continue;
    }
    result[chart] = { valuesFiles: strings(entry.valuesFiles, `["${chart}"].valuesFiles`), set: strings(entry.set, `["${chart}"].set`) };
  }
  return result;
}

/** `helmHooks.diagnostics.scope`, from the `diagnostics` object VS Code nests it in. */
function scopeOf(raw: unknown, warn: (message: string) => void): DiagnosticsScope {
  const scope = isObject(raw) ? raw.scope : undefined;
  if (scope === undefined || scope === null) return defaultSettings.scope;
  if (typeof scope === 'string' && (diagnosticsScopes as readonly string[]).includes(scope)) return scope as DiagnosticsScope;
  warn(`helmHooks.diagnostics.scope should be one of ${diagnosticsScopes.join(', ')}, got ${describe(scope)}; using ${defaultSettings.scope}.`);
  return defaultSettings.scope;
}

/** `helmHooks.helmVersion`: "3" or "4" (a number is taken too); anything else is the default, 4. */
function helmVersionOf(raw: unknown, warn: (message: string) => void): HelmVersion | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text === 'string' && (helmVersions as readonly string[]).includes(text)) return text as HelmVersion;
  warn(`helmHooks.helmVersion should be "3" or "4", got ${describe(raw)}; using "4".`);
  return undefined;
}

function ruleSeverities(raw: unknown, warn: (message: string) => void): Record<string, SeveritySetting> {
  const result: Record<string, SeveritySetting> = {};
  if (raw === undefined || raw === null) return result;
  if (!isObject(raw)) {
    warn(`helmHooks.rules should be an object of rule ids, got ${describe(raw)}; using the default severities.`);
    return result;
  }
  const known = new Set(rules.map((rule) => rule.id));
  for (const [id, value] of Object.entries(raw)) {
    if (!known.has(id)) {
      warn(`helmHooks.rules.${id} names no rule; ignoring it.`);
      continue;
    }
    // `default` is what VS Code sends for a rule the user never set: the rule picks per finding, as when nothing is sent.
    if (value === 'default') continue;
    if (typeof value === 'string' && (severitySettings as readonly string[]).includes(value)) result[id] = value as SeveritySetting;
    else if (value !== undefined && value !== null) warn(`helmHooks.rules.${id} should be one of ${severitySettings.join(', ')}; got ${describe(value)}; using the rule's default.`);
  }
  return result;
}

/**
 * Settings per document URI, pulled lazily and cached until the document closes or the
 * configuration changes. Clients without the configuration capability get the defaults,
 * or what they sent with `workspace/didChangeConfiguration`.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  /** Settings a client without the configuration capability sent in `workspace/didChangeConfiguration`. */
  private pushed: ServerSettings = defaultSettings;

  /** Config files by path, and the file found from each folder, until a config file changes. */
  private readonly configFiles = new Map<string, LoadedConfig>();
  private readonly configFound = new Map<string, string | undefined>();
  private readonly shownProblems = new Set<string>();

  get(uri: string): Promise<ServerSettings> {
    let pending = this.cache.get(uri);
    if (!pending) {
      pending = this.canPull() ? this.pull(uri).then((settings) => this.withConfigFile(uri, settings)) : Promise.resolve(this.withConfigFile(uri, this.pushed));
      this.cache.set(uri, pending);
    }
    return pending;
  }

  /** Whether a changed file is a config file: the caller then calls `configFilesChanged`. */
  static isConfigFile(uri: string): boolean {
    return uri.endsWith(`/${configFileName}`);
  }

  /** A `.helm-hooks.yaml` was created, changed or deleted: read them again, and show their problems again. */
  configFilesChanged(): void {
    this.cache.clear();
    this.configFiles.clear();
    this.configFound.clear();
    this.shownProblems.clear();
  }

  /** `settings` over the config file that applies to the document; an ignored document is not checked. */
  private withConfigFile(uri: string, settings: ServerSettings): ServerSettings {
    const file = diskPath(uri);
    if (file === undefined) return settings;
    const dir = path.dirname(file);
    if (!this.configFound.has(dir)) this.configFound.set(dir, findConfigFile(dir));
    const configPath = this.configFound.get(dir);
    if (configPath === undefined) return settings;
    let loaded = this.configFiles.get(configPath);
    if (!loaded) this.configFiles.set(configPath, (loaded = loadConfigFile(configPath)));
    for (const problem of loaded.problems) this.showProblem(describeConfigProblem(problem));
    const config = loaded.config;
    if (!config) return settings;
    if (isIgnoredByConfig(config, file)) return { ...settings, enable: false };
    // The editor's rules hold only what the user set (`default` is dropped), so they win.
    return { ...settings, analysis: { ...settings.analysis, rules: { ...config.rules, ...settings.analysis.rules } } };
  }

  private showProblem(message: string): void {
    // Once per problem until the file changes: the settings of every document pass here.
    if (this.shownProblems.has(message)) return;
    this.shownProblems.add(message);
    this.connection.console.error(message);
    // A notification, not the request `window.showErrorMessage` sends: nothing to answer, nothing to wait for.
    this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: `Helm Hooks config: ${message}` }).catch(() => undefined);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /**
   * The configuration changed. Clients that can be asked are asked again; others may send
   * the `helmHooks` section along (as Neovim 0.7 does), which then applies to every document.
   */
  changed(sent: unknown): void {
    this.cache.clear();
    this.warned.clear();
    if (!this.canPull() && isObject(sent) && 'helmHooks' in sent) this.pushed = settingsFromRaw(sent.helmHooks, (message) => this.warnOnce(message));
  }

  private async pull(uri: string): Promise<ServerSettings> {
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'helmHooks' });
      return settingsFromRaw(raw, (message) => this.warnOnce(message));
    } catch (error) {
      this.warnOnce(`Could not read the helmHooks settings (${error instanceof Error ? error.message : String(error)}); using the defaults.`);
      this.cache.delete(uri);
      return defaultSettings;
    }
  }

  private warnOnce(message: string): void {
    // Every document pulls its own settings; one bad value should still log only once.
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.connection.console.warn(message);
  }
}

/** The disk path of a `file:` URI; undefined for other schemes (an unsaved document). */
function diskPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
