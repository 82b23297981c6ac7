/**
 * What every rendering command reads first: the chart folder and its `-f` files, and the
 * render options its values and release flags give (`RenderFlags`, parsed once in args.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ChartInput, RenderedPlanOptions } from '../analysis';
import { describeError, loadChart, readTextFile, type LoadProblem } from '../node/chartLoader';
import type { RenderFlags } from './args';

export type RenderInput = { readonly chart: ChartInput; readonly options: RenderedPlanOptions; readonly problems: readonly LoadProblem[] } | { readonly problems: readonly LoadProblem[]; readonly chart?: undefined };

/** The chart and render options for `command`, or the read problems (then nothing is rendered). */
export function loadRenderInput(command: RenderFlags & { readonly chart: string; readonly command: string }): RenderInput {
  const chartProblem = chartFolderProblem(command.chart, command.command);
  if (chartProblem) return { problems: [chartProblem] };
  const problems: LoadProblem[] = [];
  const options = readRenderOptions(command, problems);
  const chart = loadChart(command.chart, problems);
  if (problems.length > 0) return { problems };
  return { chart, options, problems: [] };
}

/** The render options the values and release flags give, the `-f` files read (named as given); what cannot be read goes to `problems`. */
export function readRenderOptions(flags: RenderFlags, problems: LoadProblem[]): RenderedPlanOptions {
  const valueFiles: { name: string; text: string }[] = [];
  for (const file of flags.valueFiles) {
    const text = readTextFile(file, problems);
    if (text !== undefined) valueFiles.push({ name: file, text });
  }
  return {
    valueFiles,
    set: flags.set,
    setString: flags.setString,
    setJson: flags.setJson,
    setLiteral: flags.setLiteral,
    name: flags.releaseName,
    namespace: flags.namespace,
    isUpgrade: flags.isUpgrade,
  };
}

/** Why `folder` is not a chart folder, if it is not. */
export function chartFolderProblem(folder: string, command: string): LoadProblem | undefined {
  try {
    if (!fs.statSync(folder).isDirectory()) return { path: folder, message: `not a chart folder (${command} needs the folder that holds Chart.yaml)` };
  } catch (error) {
    return { path: folder, message: describeError(error) };
  }
  if (!fs.existsSync(path.join(folder, 'Chart.yaml'))) return { path: folder, message: 'not a chart folder (no Chart.yaml in it)' };
  return undefined;
}
