/**
 * `helm-hooks template`: reads one chart and its `-f` files, renders it with the core's
 * renderer and prints what `helm template` prints. A render failure is Helm's own message
 * after `Error: ` on stderr and exit status 1, as Helm does; an unreadable chart or values
 * file is a read problem (exit status 2).
 */
import { renderChart } from '../analysis/render/chart';
import type { LoadProblem } from '../node/chartLoader';
import type { TemplateCommand } from './args';
import { loadRenderInput } from './renderInput';

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
  const input = loadRenderInput(command);
  if (!input.chart) return { output: '', warnings: [], problems: input.problems };
  // `helm template` refuses a chart whose kubeVersion constraint refuses the Kubernetes version; analysis does not (RenderContextOptions.checkKubeVersion).
  const result = renderChart(input.chart, { ...input.options, showOnly: command.showOnly, checkKubeVersion: true });
  return { output: result.text, ...(result.error !== undefined ? { error: result.error } : {}), warnings: result.warnings, problems: [] };
}
