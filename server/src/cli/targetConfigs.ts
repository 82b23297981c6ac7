/**
 * The `.helm-hooks.yaml` of each check target: found from the target's folder upward (or the
 * one `--config` names, or none with `--no-config`), read once per file, its problems kept
 * for the report. Severities layer as: the rules' defaults < the config file < `--rule`.
 */
import * as path from 'path';
import type { AnalysisConfig, Finding } from '../analysis';
import { findConfigFile, isIgnoredByConfig, loadConfigFile, type ConfigFile } from '../node/configFile';
import type { LoadProblem } from '../node/chartLoader';
import type { CheckOptions } from './check';
import type { TargetPlace } from './targets';

export class TargetConfigs {
  /** Problems of every config file read, each file's once. */
  readonly problems: LoadProblem[] = [];
  private readonly loaded = new Map<string, ConfigFile | undefined>();
  private readonly found = new Map<string, string | undefined>();

  /** The paths given on the command line, resolved: what they name is checked whatever `ignore` says. */
  private readonly given: ReadonlySet<string>;

  constructor(private readonly options: Pick<CheckOptions, 'config' | 'configFile' | 'paths'>) {
    this.given = new Set(options.paths.map((given) => path.resolve(given)));
  }

  /** A chart found under a given folder and covered by `ignore` is left out; one named on the command line is not. */
  skips(target: TargetPlace): boolean {
    return !this.named(target) && this.ignores(target, target.root);
  }

  /** The config file that applies to `target`, if any. */
  configOf(target: TargetPlace): ConfigFile | undefined {
    const choice = this.options.configFile;
    if (choice === false) return undefined;
    const file = choice ?? this.search(path.resolve(target.root));
    if (file === undefined) return undefined;
    if (!this.loaded.has(file)) {
      const result = loadConfigFile(file);
      this.loaded.set(file, result.config);
      for (const problem of result.problems) this.problems.push({ path: shownPath(problem.path), message: problem.key ? `${problem.key}: ${problem.message}` : problem.message });
    }
    return this.loaded.get(file);
  }

  analysisConfig(target: TargetPlace): AnalysisConfig {
    return { ...this.options.config, rules: { ...this.configOf(target)?.rules, ...this.options.config.rules } };
  }

  /** Whether the config's `ignore` globs cover `diskPath` (a chart folder or a file of `target`). */
  ignores(target: TargetPlace, diskPath: string): boolean {
    const config = this.configOf(target);
    return config !== undefined && isIgnoredByConfig(config, diskPath);
  }

  /** The findings to report: on the file asked about (a single-file target), and not on an ignored file. */
  shown<F extends Finding>(target: TargetPlace, findings: readonly F[]): F[] {
    const named = this.named(target);
    return findings.filter((finding) => (target.onlyFile === undefined || finding.file === target.onlyFile) && (named || !this.ignores(target, target.displayOverride?.[finding.file] ?? path.join(target.root, finding.file))));
  }

  private named(target: TargetPlace): boolean {
    const onlyFile = target.onlyFile === undefined ? undefined : target.displayOverride?.[target.onlyFile];
    return this.given.has(path.resolve(target.root)) || (onlyFile !== undefined && this.given.has(path.resolve(onlyFile)));
  }

  private search(dir: string): string | undefined {
    if (!this.found.has(dir)) this.found.set(dir, findConfigFile(dir));
    return this.found.get(dir);
  }
}

/** A found config file as the user would write its path: relative to the working folder when under it. */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
