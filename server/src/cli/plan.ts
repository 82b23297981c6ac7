/**
 * Output of `helm-hooks plan`: the core's execution plan as a numbered timeline for people
 * (formatPlanText, in the core: the editor shows it too), or as JSON for tools. The JSON shape is a stable
 * interface (version 1): fields may be added, never removed or renamed.
 */
import { isPhaseStep, lifecycles, type ExecutionPlan, type PhaseStep, type PlannedHook, type ReleaseStep } from '../analysis';

export function formatPlanJson(plan: ExecutionPlan): string {
  const lifecyclesJson = Object.fromEntries(lifecycles.map((lifecycle) => [lifecycle, plan.lifecycles[lifecycle].map((step) => (isPhaseStep(step) ? phaseJson(step) : releaseJson(step)))]));
  const json = {
    version: plan.version,
    chart: plan.chart,
    render: plan.render ?? { mode: 'literal' },
    lifecycles: lifecyclesJson,
    templatedEvents: plan.templatedEvents.map(hookJson),
    notes: plan.notes,
    dropped: plan.dropped ?? [],
    // Rendered plans whose values switch hooks off.
    ...(plan.off && plan.off.length > 0 ? { off: plan.off } : {}),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

function phaseJson(step: PhaseStep): object {
  return { phase: step.phase, hooks: step.hooks.map(hookJson), leftBehind: step.leftBehind };
}

function releaseJson(step: ReleaseStep): object {
  return { release: step.release, resources: step.resources, kinds: step.kinds, ...(step.notDeleted ? { notDeleted: step.notDeleted } : {}) };
}

function hookJson(hook: PlannedHook): object {
  return {
    kind: hook.kind,
    name: hook.name,
    weight: hook.weight,
    file: hook.file,
    line: hook.line,
    id: hook.id,
    chart: hook.chart,
    ...(hook.origin ? { origin: hook.origin } : {}),
    ...(hook.nameFrom ? { nameFrom: hook.nameFrom } : {}),
    events: hook.events,
    deletePolicies: hook.deletePolicies,
    deletePolicyDefault: hook.deletePolicyDefault,
    templated: hook.templated,
    eventsConditional: hook.eventsConditional,
    sortKey: hook.sortKey,
    placedBy: hook.placedBy,
    orderCertain: hook.orderCertain,
    ...(hook.orderDependsOnReleaseName ? { orderDependsOnReleaseName: hook.orderDependsOnReleaseName } : {}),
  };
}
