/**
 * `check` over many charts as a whole process: folders of 25, 50, 100 and 200 copies of one
 * renderable synthetic chart (bench/synthetic.ts, `renderableChart`), written to the git-ignored
 * bench/tmp/. The sizes run interleaved, round after round; CPU (every thread), wall and peak
 * RSS from /usr/bin/time -v. The largest folder runs once more per round pinned to one core
 * (`taskset -c 0`) to say what running charts in parallel gains on the wall clock.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadAverage, spread, type Spread } from './render';
import { now } from './stats';
import { renderableChart } from './synthetic';
import { sourcesOf } from '../server/src/analysis';

export interface ScaleRun {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly peakRssBytes: number;
  readonly stdout: string;
}

export interface ScaleResult {
  readonly charts: number;
  readonly cpu: Spread;
  readonly wall: Spread;
  readonly rss: Spread;
  /** Whether every round printed the same report. */
  readonly steadyOutput: boolean;
  /** The first round's report. */
  readonly output: string;
}

export interface ScaleResults {
  readonly sizes: readonly ScaleResult[];
  /** The largest folder pinned to one core; undefined without taskset. */
  readonly oneCore?: ScaleResult;
  readonly loadBefore: number;
  readonly loadAfter: number;
}

/** Writes `charts` copies of the renderable synthetic chart under `folder` (emptied first). */
export function writeCharts(folder: string, charts: number, templates: number): void {
  fs.rmSync(folder, { recursive: true, force: true });
  for (let index = 0; index < charts; index++) {
    const chart = renderableChart(templates, `scale-${String(index).padStart(3, '0')}`);
    const root = path.join(folder, chart.name);
    for (const source of [...(chart.chartYaml ? [chart.chartYaml] : []), ...sourcesOf(chart)]) {
      const full = path.join(root, source.path);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, source.text);
    }
  }
}

function runCheck(cliJs: string, folder: string, oneCore: boolean): ScaleRun {
  const command = [process.execPath, cliJs, 'check', '--exit-zero', '--format', 'json', folder];
  const argv = oneCore ? ['-v', 'taskset', '-c', '0', ...command] : ['-v', ...command];
  const started = now();
  const child = spawnSync('/usr/bin/time', argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = now() - started;
  const seconds = (name: string): number => Number(new RegExp(`${name} time \\(seconds\\):\\s*([\\d.]+)`).exec(child.stderr)?.[1] ?? NaN);
  const kb = Number(/Maximum resident set size \(kbytes\):\s*(\d+)/.exec(child.stderr)?.[1] ?? NaN);
  return { cpuMs: (seconds('User') + seconds('System')) * 1000, wallMs, peakRssBytes: kb * 1024, stdout: child.stdout ?? '' };
}

/** Whether `/usr/bin/time` and `taskset` are there (GNU/Linux). */
export function canMeasureScale(): { time: boolean; taskset: boolean } {
  const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  return { time: fs.existsSync('/usr/bin/time'), taskset };
}

/** One warm-up round, then `runs` rounds of every size in turn (and the largest on one core). */
export function measureScale(cliJs: string, folders: readonly { charts: number; folder: string }[], runs: number, withOneCore: boolean): ScaleResults {
  const loadBefore = loadAverage();
  const largest = folders[folders.length - 1];
  const sides = [...folders.map((entry) => ({ ...entry, oneCore: false })), ...(withOneCore ? [{ ...largest, oneCore: true }] : [])];
  const runsOf = sides.map(() => [] as ScaleRun[]);
  for (let round = 0; round <= runs; round++) {
    sides.forEach((side, index) => {
      const run = runCheck(cliJs, side.folder, side.oneCore);
      if (round > 0) runsOf[index].push(run);
    });
  }
  const result = (index: number): ScaleResult => ({
    charts: sides[index].charts,
    cpu: spread(runsOf[index].map((run) => run.cpuMs)),
    wall: spread(runsOf[index].map((run) => run.wallMs)),
    rss: spread(runsOf[index].map((run) => run.peakRssBytes)),
    steadyOutput: runsOf[index].every((run) => run.stdout === runsOf[index][0].stdout),
    output: runsOf[index][0].stdout,
  });
  return {
    sizes: folders.map((_, index) => result(index)),
    ...(withOneCore ? { oneCore: result(sides.length - 1) } : {}),
    loadBefore,
    loadAfter: loadAverage(),
  };
}
