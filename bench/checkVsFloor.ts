/**
 * What a CLI user waits for: `node dist/cli.js check` as a whole process, on the whole corpus and
 * on each chart, against the floor (bench/floor.mjs: Node start-up, reading every file of the
 * chart and finding the `helm.sh/hook` lines) and against real Helm on the same chart
 * (`helm template` and `helm lint`, when the binary is there). All sides of one target run in the
 * same rounds, one after another, so they see the same machine; CPU is the whole child (every
 * thread: user + system from bash's `times`).
 *
 * Helm cannot load a chart whose declared dependencies the corpus lacks, so Helm's sides run on
 * the renderable copy (section 8's, dependencies dropped); ours read the chart as it is.
 */
import * as path from 'path';
import { timeProcess } from './cli';
import { loadAverage, spread, type Spread } from './render';

export interface Side {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

export interface SideResult {
  readonly name: string;
  readonly cpu: Spread;
  readonly wall: Spread;
  readonly exitCodes: readonly (number | null)[];
}

export interface TargetResult {
  readonly target: string;
  readonly sides: readonly SideResult[];
  /** The 1-minute load average before and after the target's rounds. */
  readonly loadBefore: number;
  readonly loadAfter: number;
}

/** The sides for one target: the floor, `check` (and `check --no-render` when the CLI has it), and Helm's two commands. */
export function sidesFor(cliJs: string, floorJs: string, dir: string, options: { noRender: boolean; helm?: string; helmDir?: string }): Side[] {
  const node = process.execPath;
  const sides: Side[] = [
    { name: 'floor', command: node, args: [floorJs, dir] },
    { name: 'check', command: node, args: [cliJs, 'check', '--exit-zero', '--format', 'json', dir] },
  ];
  if (options.noRender) sides.push({ name: 'check --no-render', command: node, args: [cliJs, 'check', '--no-render', '--exit-zero', '--format', 'json', dir] });
  if (options.helm && options.helmDir) {
    sides.push({ name: 'helm template', command: options.helm, args: ['template', 'release-name', options.helmDir] });
    sides.push({ name: 'helm lint', command: options.helm, args: ['lint', options.helmDir] });
  }
  return sides;
}

/** One warm-up round (disk cache, Helm's first start), then `runs` rounds of every side in turn. */
export function measureTarget(target: string, sides: readonly Side[], runs: number): TargetResult {
  const loadBefore = loadAverage();
  const runsOf = sides.map(() => [] as ReturnType<typeof timeProcess>[]);
  for (let round = 0; round <= runs; round++) {
    sides.forEach((side, index) => {
      const result = timeProcess(side.command, side.args);
      if (round > 0) runsOf[index].push(result);
    });
  }
  return {
    target,
    sides: sides.map((side, index) => ({
      name: side.name,
      cpu: spread(runsOf[index].map((run) => run.cpuMs)),
      wall: spread(runsOf[index].map((run) => run.wallMs)),
      exitCodes: runsOf[index].map((run) => run.exitCode),
    })),
    loadBefore,
    loadAfter: loadAverage(),
  };
}

/** Whether the CLI's check knows `--no-render` (the literal reading, once rendering is the default). */
export function hasNoRender(cliJs: string): boolean {
  const help = timeProcess(process.execPath, [cliJs, '--help']).stdout;
  const checkSection = help.slice(help.indexOf('Options for check'), help.indexOf('Options for plan') >= 0 ? help.indexOf('Options for plan') : undefined);
  return checkSection.includes('--no-render');
}

/** Whether the CLI's check knows `--profiles` (values profiles: `ci/*-values.yaml` judged too). */
export function hasProfiles(cliJs: string): boolean {
  const help = timeProcess(process.execPath, [cliJs, '--help']).stdout;
  return help.includes('--profiles');
}

/** The whole corpus under every values profile of each chart against its default values only. */
export function profileSides(cliJs: string, corpus: string): Side[] {
  const check = [cliJs, 'check', '--exit-zero', '--format', 'json'];
  return [
    { name: 'check --profiles auto', command: process.execPath, args: [...check, '--profiles', 'auto', corpus] },
    { name: 'check --profiles none', command: process.execPath, args: [...check, '--profiles', 'none', corpus] },
  ];
}

export function floorScript(repoRoot: string): string {
  return path.join(repoRoot, 'bench', 'floor.mjs');
}
