/**
 * `helm-hooks plan`: reads one chart and prints the order Helm runs its hooks in, using the
 * core's execution plan and the plan formatters. Read problems are named; the plan of what
 * could be read is still printed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatPlanText, getExecutionPlan } from '../analysis';
import { describeError, loadChart, type LoadProblem } from '../node/chartLoader';
import type { PlanCommand } from './args';
import { formatPlanJson } from './plan';

export interface PlanOutcome {
  readonly output?: string;
  readonly problems: readonly LoadProblem[];
}

export function runPlan(command: PlanCommand): PlanOutcome {
  const problems: LoadProblem[] = [];
  try {
    if (!fs.statSync(command.chart).isDirectory()) return { problems: [{ path: command.chart, message: 'not a chart folder (plan needs the folder that holds Chart.yaml)' }] };
  } catch (error) {
    return { problems: [{ path: command.chart, message: describeError(error) }] };
  }
  if (!fs.existsSync(path.join(command.chart, 'Chart.yaml'))) return { problems: [{ path: command.chart, message: 'not a chart folder (no Chart.yaml in it)' }] };
  const plan = getExecutionPlan(loadChart(command.chart, problems));
  return { output: command.format === 'json' ? formatPlanJson(plan) : formatPlanText(plan), problems };
}
