/**
 * Rendering against real Helm: `node dist/cli.js template CHART` and `helm template release-name
 * CHART` of the same corpus chart (default values), run as whole processes, interleaved, with two
 * references in the same rounds that say where our time goes: bare Node start-up (`node -e 0`)
 * and loading our bundle (`node dist/cli.js --help`). Plus the render in this process (warm).
 *
 * A chart whose Chart.yaml declares dependencies that the corpus does not hold is rendered, by
 * both sides, from a scratch copy without them (as the render corpus test does), written under
 * the git-ignored bench/tmp/.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { timeProcess } from './cli';
import { interleave, median } from './stats';
import { renderChart } from '../server/src/analysis/render/chart';
import { loadChart } from '../server/src/node/chartLoader';
import { helmBinary, renderableCopy } from '../test/unit/support/renderHarness';

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface RenderVsHelm {
  readonly chart: string;
  /** Whole-process CPU and wall of each side. */
  readonly oursCpu: Spread;
  readonly helmCpu: Spread;
  readonly oursWall: Spread;
  readonly helmWall: Spread;
  /** `node -e 0` and `node dist/cli.js --help`, CPU, in the same rounds. */
  readonly nodeCpu: Spread;
  readonly bundleCpu: Spread;
  /** loadChart and renderChart in this process, warm. */
  readonly loadMs: number;
  readonly renderMs: number;
  /** Whether both sides exited alike and printed the same bytes. */
  readonly sameOutput: boolean;
  readonly loadAverage: number;
}

/** The renderable folder of every corpus chart (scratch copies where dependencies are absent). */
export function renderableCorpus(corpus: string, scratchRoot: string): { chart: string; dir: string }[] {
  return fs
    .readdirSync(corpus, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(corpus, entry.name, 'Chart.yaml')))
    .map((entry) => entry.name)
    .sort()
    .map((chart) => ({ chart, dir: renderableCopy(path.join(corpus, chart), path.join(scratchRoot, chart)) }));
}

export { helmBinary };

export function renderVsHelm(cliJs: string, helm: string, chart: string, dir: string, runs: number): RenderVsHelm {
  const node = process.execPath;
  const sides = [
    () => timeProcess(node, [cliJs, 'template', dir]),
    () => timeProcess(helm, ['template', 'release-name', dir]),
    () => timeProcess(node, ['-e', '0']),
    () => timeProcess(node, [cliJs, '--help']),
  ];
  const results = sides.map(() => [] as ReturnType<typeof timeProcess>[]);
  // One warm-up round (disk cache), then `runs` rounds, each side once per round.
  for (let round = 0; round <= runs; round++) {
    sides.forEach((side, index) => {
      const result = side();
      if (round > 0) results[index].push(result);
    });
  }
  const [ours, theirs, bare, bundle] = results;
  const sameOutput = ours.every((run, index) => run.exitCode === theirs[index].exitCode && run.stdout === theirs[index].stdout);
  const input = loadChart(dir);
  const [loadTimes, renderTimes] = interleave([() => loadChart(dir), () => renderChart(input)], runs);
  return {
    chart,
    oursCpu: spread(ours.map((run) => run.cpuMs)),
    helmCpu: spread(theirs.map((run) => run.cpuMs)),
    oursWall: spread(ours.map((run) => run.wallMs)),
    helmWall: spread(theirs.map((run) => run.wallMs)),
    nodeCpu: spread(bare.map((run) => run.cpuMs)),
    bundleCpu: spread(bundle.map((run) => run.cpuMs)),
    loadMs: median(loadTimes),
    renderMs: median(renderTimes),
    sameOutput,
    loadAverage: loadAverage(),
  };
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** True when the spread is more than 20% of the median: such a figure is flagged, not quoted. */
export function varies(value: Spread): boolean {
  return (value.max - value.min) / value.median > 0.2;
}

export function loadAverage(): number {
  return Number(os.loadavg()[0].toFixed(2));
}
