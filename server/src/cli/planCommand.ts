/**
 * `helm-hooks plan`: reads one chart and prints the order Helm runs its hooks in. By default
 * the chart is rendered with the values and release flags (as `helm template` renders it) and
 * the plan lists the hooks Helm really runs; when it cannot be rendered, the plan read from the
 * templates as written is printed with Helm's error. `--no-render` asks for that literal plan;
 * `--profile NAME` the plan under a values profile of the chart (api/profiles.ts).
 * Read problems are named (exit status 2).
 */
import { buildRenderedPlan, formatPlanText, getExecutionPlan, profileRenderOptions, valuesProfiles, type ExecutionPlan } from '../analysis';
import { loadChart, type LoadProblem } from '../node/chartLoader';
import type { PlanCommand } from './args';
import { formatPlanJson } from './plan';
import { chartFolderProblem, loadRenderInput } from './renderInput';

export interface PlanOutcome {
  readonly output?: string;
  readonly problems: readonly LoadProblem[];
}

export function runPlan(command: PlanCommand): PlanOutcome {
  let plan: ExecutionPlan;
  const problems: LoadProblem[] = [];
  if (command.noRender) {
    const chartProblem = chartFolderProblem(command.chart, 'plan');
    if (chartProblem) return { problems: [chartProblem] };
    plan = { ...getExecutionPlan(loadChart(command.chart, problems)), render: { mode: 'literal' } };
  } else {
    const input = loadRenderInput(command);
    if (!input.chart) return { problems: input.problems };
    let options = input.options;
    if (command.profile !== undefined) {
      const profiles = valuesProfiles(input.chart);
      const profile = profiles.find((candidate) => candidate.name === command.profile);
      if (!profile) return { problems: [{ path: command.chart, message: `no values profile '${command.profile}' in this chart (its profiles: ${profiles.map((candidate) => candidate.name).join(', ')})` }] };
      options = profileRenderOptions(options, profile);
    }
    plan = buildRenderedPlan(input.chart, options);
  }
  return { output: command.format === 'json' ? formatPlanJson(plan) : formatPlanText(plan), problems };
}
