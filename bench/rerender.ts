/**
 * Rendering a corpus chart again after a one-file edit, in process: a render from scratch of the
 * edited chart against `renderChart(edited, {}, previous)` (which keeps the outputs the edit does
 * not touch), interleaved, plus how many templates the second one executed and whether both
 * printed the same text. Two edits: a line appended to the chart's largest template, and text
 * inserted at the start of the body of the last `define` in its `_helpers.tpl`.
 */
import * as path from 'path';
import { interleave, median } from './stats';
import { renderChart } from '../server/src/analysis/render/chart';
import type { ChartInput } from '../server/src/analysis/types';
import { loadChart } from '../server/src/node/chartLoader';

export interface RerenderResult {
  readonly chart: string;
  readonly edit: string;
  readonly fullMs: number;
  readonly againMs: number;
  readonly executed: number;
  readonly templates: number;
  readonly sameText: boolean;
}

export function rerenderCases(chart: string, dir: string, runs: number): RerenderResult[] {
  const input = loadChart(dir);
  const previous = renderChart(input);
  const results: RerenderResult[] = [];
  const own = input.templates.filter((file) => /^templates\/[^/]+$/.test(file.path));
  const largest = own.filter((file) => !path.posix.basename(file.path).startsWith('_') && /\.ya?ml$/.test(file.path)).sort((a, b) => b.text.length - a.text.length)[0];
  if (largest) results.push(measure(chart, `append a line to ${largest.path}`, replaced(input, largest.path, `${largest.text}\n# edited\n`), previous, runs));
  const helpers = own.find((file) => file.path === 'templates/_helpers.tpl');
  const defines = helpers ? [...helpers.text.matchAll(/\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/g)] : [];
  const last = defines[defines.length - 1];
  if (helpers && last) {
    const at = last.index! + last[0].length;
    results.push(measure(chart, `edit the last define of _helpers.tpl ("${last[1]}")`, replaced(input, helpers.path, `${helpers.text.slice(0, at)}{{/* edited */}}${helpers.text.slice(at)}`), previous, runs));
  }
  return results;
}

function measure(chart: string, edit: string, edited: ChartInput, previous: ReturnType<typeof renderChart>, runs: number): RerenderResult {
  const fresh = renderChart(edited);
  const again = renderChart(edited, {}, previous);
  const [fullTimes, againTimes] = interleave([() => renderChart(edited), () => renderChart(edited, {}, previous)], runs);
  return {
    chart,
    edit,
    fullMs: median(fullTimes),
    againMs: median(againTimes),
    executed: again.executed.length,
    templates: fresh.executed.length,
    sameText: again.text === fresh.text && again.error === fresh.error,
  };
}

function replaced(input: ChartInput, filePath: string, text: string): ChartInput {
  return { ...input, templates: input.templates.map((file) => (file.path === filePath ? { path: filePath, text } : file)) };
}
