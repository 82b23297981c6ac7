/**
 * `helm-hooks template`: reads one chart and its `-f` files, renders it with the core's
 * renderer and prints what `helm template` prints. A render failure is Helm's own message
 * after `Error: ` on stderr and exit status 1, as Helm does; an unreadable chart or values
 * file is a read problem (exit status 2).
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderChart } from '../analysis/render/chart';
import { describeError, loadChart, readTextFile, type LoadProblem } from '../node/chartLoader';
import type { TemplateCommand } from './args';

export interface TemplateOutcome {
  /** What goes to stdout. */
  readonly output: string;
  /** Helm's error text (printed after `Error: `), when rendering fails as Helm's would. */
  readonly error?: string;
  /** Lines Helm would log (values warnings). */
  readonly warnings: readonly string[];
  /** Files that could not be read; with any of them nothing is rendered. */
  readonly problems: readonly LoadProblem[];
}

export function runTemplate(command: TemplateCommand): TemplateOutcome {
  const none = (problems: LoadProblem[]): TemplateOutcome => ({ output: '', warnings: [], problems });
  try {
    if (!fs.statSync(command.chart).isDirectory()) return none([{ path: command.chart, message: 'not a chart folder (template needs the folder that holds Chart.yaml)' }]);
  } catch (error) {
    return none([{ path: command.chart, message: describeError(error) }]);
  }
  if (!fs.existsSync(path.join(command.chart, 'Chart.yaml'))) return none([{ path: command.chart, message: 'not a chart folder (no Chart.yaml in it)' }]);
  const problems: LoadProblem[] = [];
  const valueFiles: { name: string; text: string }[] = [];
  for (const file of command.valueFiles) {
    const text = readTextFile(file, problems);
    if (text !== undefined) valueFiles.push({ name: file, text });
  }
  const chart = loadChart(command.chart, problems);
  if (problems.length > 0) return none(problems);
  const result = renderChart(chart, {
    valueFiles,
    set: command.set,
    setString: command.setString,
    setJson: command.setJson,
    name: command.releaseName,
    namespace: command.namespace,
    isUpgrade: command.isUpgrade,
    showOnly: command.showOnly,
  });
  return { output: result.text, ...(result.error !== undefined ? { error: result.error } : {}), warnings: result.warnings, problems: [] };
}
