/**
 * Values files other than values.yaml (`values-prod.yaml`, `charts/db/values-ci.yaml`): the
 * language server checks one when it is open by analysing the chart with it read in place of its
 * level's values.yaml, and the CLI checks every one of them the same way, so both report the same
 * findings in it. Shared by both; pure (no IO).
 */
import { chartsOf, mapCharts, type ChartInput, type SourceFile } from './analysis';
import { valuesPath } from './chartLayout';

/** Whether a chart-relative path is a values file other than values.yaml. */
export function isAlternateValuesFile(file: string): boolean {
  return valuesPath.test(file) && !/(^|\/)values\.yaml$/.test(file);
}

/** The chart with `file` (a values file such as values-prod.yaml) read in place of its level's values.yaml. */
export function withValuesFile(input: ChartInput, file: string, text: string): ChartInput {
  const prefix = file.slice(0, file.lastIndexOf('/') + 1);
  return mapCharts(input, (chart, entry) => (entry.prefix === prefix ? { ...chart, values: { path: file, text } } : chart));
}

/**
 * The alternate values files of every chart the loader read as `.Files` (its own level only),
 * in path order. Packaged subcharts are left out: no editor opens a file inside an archive.
 */
export function alternateValuesFiles(input: ChartInput): SourceFile[] {
  const found: SourceFile[] = [];
  for (const { chart, prefix } of chartsOf(input)) {
    if (chart.archive !== undefined) continue;
    for (const file of chart.files ?? []) {
      const own = file.path.slice(prefix.length);
      if (!file.binary && file.path.startsWith(prefix) && !own.includes('/') && isAlternateValuesFile(file.path)) found.push({ path: file.path, text: file.text });
    }
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
