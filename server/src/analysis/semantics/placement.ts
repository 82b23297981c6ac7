/**
 * Plan data for one hook, for an editor's hover and completion: where the hook at an offset
 * runs in each of its phases, and weights that would put it first, between two others, or
 * last. Everything is computed from the same execution plan the CLI prints.
 */
import type { ChartModel, Resource } from '../model/chart';
import type { ChartFacts } from '../api/facts';
import { isPhaseStep, toEntry, type ExecutionPlan, type PhaseStep, type PlannedHook } from './plan';
import { codeSpan } from '../text/markdown';
import { dependencyWeight, linkedHooks } from './hookLinks';

export interface NeighbourHook {
  readonly name: string;
  readonly weight: number | string;
}

export interface HookPlacement {
  readonly phase: string;
  /** 1-based position of the hook in the phase. */
  readonly position: number;
  readonly count: number;
  /** The hook that runs just before this one (this one runs after it). */
  readonly after?: NeighbourHook;
  /** The hook that runs just after this one (this one runs before it). */
  readonly before?: NeighbourHook;
  /** False when templated weights or names make the neighbours uncertain. */
  readonly orderCertain: boolean;
  /** "post-upgrade: 2 of 4, after `x-migrate` (weight -5), before `x-smoke` (weight 10)" */
  readonly text: string;
}

export interface WeightSuggestion {
  /** The annotation value to write, such as "-6". */
  readonly weight: string;
  readonly description: string;
}

/**
 * Where the hook at `offset` of `file` runs; none off a hook or when the plan cannot be built.
 * With `rendered` (the caller's `renderPlan` of this chart state), the hooks the document
 * rendered to are placed in Helm's own order by their rendered names, one line per rendered
 * hook (a `range` may render several); the plan as written is used when the chart did not
 * render or the document rendered no hook.
 */
export function placementsIn(facts: ChartFacts, file: string, offset: number, rendered?: ExecutionPlan): HookPlacement[] {
  try {
    const resource = resourceAt(facts.model, file, offset);
    if (!resource) return [];
    const ids = rendered ? renderedHookIds(rendered, resource) : [];
    if (ids.length === 0) return resource.hook && !resource.hook.dropped ? placements(facts.plan(), literalId(resource)) : [];
    const result: HookPlacement[] = [];
    for (const id of ids) {
      const found = placements(rendered!, id);
      // Several rendered hooks from one document: each line says which one it is about.
      const name = ids.length > 1 ? phaseSteps(rendered!).flatMap((phase) => phase.hooks).find((hook) => hook.id === id) : undefined;
      for (const placement of found) result.push(name ? { ...placement, text: `${codeSpan(name.name || name.kind)} ${placement.text}` } : placement);
    }
    return result;
  } catch {
    return [];
  }
}

/**
 * Weights for the hook at `offset` of `file`; none off a hook or when the plan cannot be built.
 * With `rendered`, weights are placed among the rendered hooks (see `placementsIn`).
 */
export function weightSuggestionsIn(facts: ChartFacts, file: string, offset: number, rendered?: ExecutionPlan): WeightSuggestion[] {
  try {
    const resource = resourceAt(facts.model, file, offset);
    if (!resource) return [];
    const ids = rendered ? renderedHookIds(rendered, resource) : [];
    if (ids.length > 0) {
      const events = new Set(phaseSteps(rendered!).filter((phase) => phase.hooks.some((hook) => ids.includes(hook.id))).map((phase) => phase.phase));
      return withDependencies(suggestionsAmong(rendered!, new Set(ids), events), facts, resource, rendered!, new Set(ids), events);
    }
    if (!resource.hook || resource.hook.dropped) return [];
    const plan = facts.plan();
    return withDependencies(weightSuggestions(plan, resource), facts, resource, plan, new Set([literalId(resource)]), new Set(toEntry(resource).events));
  } catch {
    return [];
  }
}

/**
 * `suggestions` led by the weight that puts the hook after the hooks of its phases it uses and
 * before those that use it (the dependency graph, hookLinks.ts), when there are such hooks with
 * known weights and a weight between them exists; suggestions that would break one of those
 * dependencies are left out. Unchanged when a linked hook's weight is templated.
 */
function withDependencies(suggestions: WeightSuggestion[], facts: ChartFacts, resource: Resource, plan: ExecutionPlan, ids: ReadonlySet<string>, events: ReadonlySet<string>): WeightSuggestion[] {
  const phases = phaseSteps(plan).filter((phase) => events.has(phase.phase));
  const { uses, usedBy } = linkedHooks(resource, facts.model.hooks, facts.dependencies());
  const planned = (others: readonly Resource[]): PlannedHook[] | undefined => {
    const result: PlannedHook[] = [];
    for (const other of others) {
      const otherIds = plan.render?.mode === 'rendered' ? renderedHookIds(plan, other) : [literalId(other)];
      for (const phase of phases) {
        for (const hook of phase.hooks) {
          if (!otherIds.includes(hook.id) || ids.has(hook.id) || result.some((kept) => kept.id === hook.id)) continue;
          if (typeof hook.weight !== 'number') return undefined;
          result.push(hook);
        }
      }
    }
    return result;
  };
  const after = planned(uses);
  const before = planned(usedBy);
  if (!after || !before || after.length + before.length === 0) return suggestions;
  const low = after.map((hook) => hook.weight as number);
  const high = before.map((hook) => hook.weight as number);
  const weight = dependencyWeight(low, high);
  if (weight === undefined) return suggestions;
  const where = phases.map((phase) => phase.phase).join(', ');
  const parts: string[] = [];
  // Named: the hooks at the bound the weight steps past (the others are further away).
  const at = (hooks: readonly PlannedHook[], bound: number): PlannedHook[] => hooks.filter((hook) => hook.weight === bound);
  if (after.length > 0) {
    const bound = at(after, Math.max(...low));
    parts.push(`after ${namesOf(bound)} (weight ${bound[0].weight}), which it uses`);
  }
  if (before.length > 0) {
    const bound = at(before, Math.min(...high));
    parts.push(`before ${namesOf(bound)} (weight ${bound[0].weight}), which ${bound.length === 1 ? 'uses' : 'use'} it`);
  }
  const keeps = (value: number): boolean => low.every((other) => other < value) && high.every((other) => value < other);
  const first: WeightSuggestion = { weight: String(weight), description: `Runs in ${where} ${parts.join(' and ')}.` };
  return [first, ...suggestions.filter((suggestion) => suggestion.weight !== first.weight && keeps(Number(suggestion.weight)))];
}

/**
 * The ids, in plan order, of the rendered plan's hooks that `resource`'s document rendered:
 * hooks of its template whose `helm.sh/hook` annotation (or the action or `include` that
 * printed it) lies in the document. None when the plan is not a rendered one.
 */
export function renderedHookIds(plan: ExecutionPlan, resource: Resource): string[] {
  if (plan.render?.mode !== 'rendered') return [];
  const { span } = resource.doc;
  const ids: string[] = [];
  for (const phase of phaseSteps(plan)) {
    for (const hook of phase.hooks) {
      if (hook.file !== resource.file.path || hook.span.start < span.start || hook.span.start > span.end || ids.includes(hook.id)) continue;
      ids.push(hook.id);
    }
  }
  return ids;
}

function literalId(resource: Resource): string {
  return `${resource.file.path}#${resource.doc.index}`;
}

/** The placements of hook `id` in every phase of the plan that runs it. */
export function placements(plan: ExecutionPlan, id: string): HookPlacement[] {
  const result: HookPlacement[] = [];
  for (const phase of phaseSteps(plan)) {
    const index = phase.hooks.findIndex((hook) => hook.id === id);
    if (index < 0) continue;
    const hooks = phase.hooks;
    const previous = index > 0 ? hooks[index - 1] : undefined;
    // A hook listed twice for the phase follows itself; its neighbour is the next other hook.
    const next = hooks.slice(index + 1).find((hook) => hook.id !== id);
    const orderCertain = hooks[index].orderCertain && (next?.orderCertain ?? true);
    const parts = [`${phase.phase}: ${index + 1} of ${hooks.length}`];
    if (previous) parts.push(`after ${describe(previous)}`);
    if (next) parts.push(`before ${describe(next)}`);
    let text = parts.join(', ');
    if (hooks.filter((hook) => hook.id === id).length > 1) text += '; the event is listed twice, so it runs twice';
    if (!orderCertain) text += ' (the order depends on templated values)';
    else text += releaseNameText(hooks[index], previous, next?.orderDependsOnReleaseName && hooks[hooks.indexOf(next) - 1]?.id === id ? next : undefined);
    // Plain JSON data: absent neighbours are left out, never `undefined`.
    result.push({ phase: phase.phase, position: index + 1, count: hooks.length, ...(previous ? { after: neighbour(previous) } : {}), ...(next ? { before: neighbour(next) } : {}), orderCertain, text });
  }
  return result;
}

/**
 * The ties around `hook` whose order the release name decides, in one clause: `previous` comes
 * first and `hook` is marked, or `next` (right after it) is marked. Empty when neither.
 */
function releaseNameText(hook: PlannedHook, previous: PlannedHook | undefined, next: PlannedHook | undefined): string {
  const parts: string[] = [];
  const own = hook.orderDependsOnReleaseName;
  if (own && previous) parts.push(`before ${codeSpan(previous.name || previous.kind)} with release name "${own.releaseName}"`);
  const other = next?.orderDependsOnReleaseName;
  if (other && next) parts.push(`after ${codeSpan(next.name || next.kind)} with release name "${other.releaseName}"`);
  return parts.length > 0 ? `; the release name decides this tie: it runs ${parts.join(' and ')}` : '';
}

/** Weights that put `resource` before, between and after the other hooks of its phases. */
export function weightSuggestions(plan: ExecutionPlan, resource: Resource): WeightSuggestion[] {
  return suggestionsAmong(plan, new Set([literalId(resource)]), new Set(toEntry(resource).events));
}

/** Weights that put the hooks `ids` (running in `events`) before, between and after the plan's other hooks of those events. */
function suggestionsAmong(plan: ExecutionPlan, ids: ReadonlySet<string>, events: ReadonlySet<string>): WeightSuggestion[] {
  const phases = phaseSteps(plan).filter((phase) => events.has(phase.phase));
  if (phases.length === 0) return [];
  const where = phases.map((phase) => phase.phase).join(', ');
  const byWeight = new Map<number, PlannedHook[]>();
  for (const phase of phases) {
    for (const hook of phase.hooks) {
      if (ids.has(hook.id) || typeof hook.weight !== 'number') continue;
      const group = byWeight.get(hook.weight) ?? [];
      if (!group.some((other) => other.id === hook.id)) group.push(hook);
      byWeight.set(hook.weight, group);
    }
  }
  const weights = [...byWeight.keys()].sort((a, b) => a - b);
  if (weights.length === 0) return [{ weight: '0', description: `No other hook runs in ${where}, so any weight works.` }];
  const names = (weight: number): string => namesOf(byWeight.get(weight)!);
  const suggestions: WeightSuggestion[] = [{ weight: String(weights[0] - 1), description: `Runs first in ${where}: before ${names(weights[0])} (weight ${weights[0]}).` }];
  for (let index = 0; index + 1 < weights.length; index++) {
    const low = weights[index];
    const high = weights[index + 1];
    if (high - low < 2) continue;
    const middle = Math.floor((low + high) / 2);
    suggestions.push({ weight: String(middle), description: `Runs in ${where} after ${names(low)} (weight ${low}) and before ${names(high)} (weight ${high}).` });
  }
  const last = weights[weights.length - 1];
  suggestions.push({ weight: String(last + 1), description: `Runs last in ${where}: after ${names(last)} (weight ${last}).` });
  return suggestions;
}

/** The resource whose document holds `offset` in `file`. */
export function resourceAt(chart: ChartModel, file: string, offset: number): Resource | undefined {
  return chart.resources.find((resource) => resource.file.path === file && resource.doc.span.start <= offset && offset <= resource.doc.span.end);
}

function phaseSteps(plan: ExecutionPlan): PhaseStep[] {
  const seen = new Set<string>();
  const result: PhaseStep[] = [];
  for (const steps of Object.values(plan.lifecycles)) {
    for (const step of steps) {
      if (!isPhaseStep(step) || seen.has(step.phase)) continue;
      seen.add(step.phase);
      result.push(step);
    }
  }
  return result;
}

function neighbour(hook: PlannedHook): NeighbourHook {
  return { name: hook.name || hook.kind, weight: hook.weight };
}

function describe(hook: PlannedHook): string {
  return `${codeSpan(hook.name || hook.kind)} (weight ${hook.weight})`;
}

function namesOf(hooks: readonly PlannedHook[]): string {
  const shown = hooks.slice(0, 2).map((hook) => codeSpan(hook.name || hook.kind));
  const more = hooks.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(' and ');
}
