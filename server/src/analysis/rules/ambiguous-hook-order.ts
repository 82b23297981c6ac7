/**
 * Rule ambiguous-hook-order: hooks of one phase share a weight and differ in kind, so Helm
 * orders them by name — rarely what the author meant. Reported once per affected hook, only
 * for ties between hooks where one may use the other (semantics/hookLinks.ts).
 */
import type { Resource } from '../model/chart';
import { weightKey } from '../helm/hooks';
import { dependencyBetween, isConsumer, mayUse, tieOrder } from '../semantics/hookLinks';
import { valuesMaySupply } from './support/hookResources';
import { entryKind, isPhaseStep, type ExecutionPlan, type PlannedHook } from '../semantics/plan';
import { swappedUnder, type OrderUnderName } from '../semantics/releaseNames';
import type { RelatedLocation, Span } from '../types';
import { shownText } from './support/helpers';
import type { Rule } from './rule';

interface Group {
  readonly phase: string;
  readonly weight: number;
  /** The group's hooks in Helm's order. */
  readonly hooks: readonly PlannedHook[];
  /** Every consecutive pair's order is known without rendering. */
  readonly certain: boolean;
}

/**
 * Two hooks whose order by name may not be the one their kinds suggest, and matters: one of them
 * may use the other (semantics/hookLinks.ts). Among objects that do not use each other — passive
 * Secrets, ConfigMaps and RBAC, or a Job and a NetworkPolicy it never names — any order works.
 */
function competes(a: PlannedHook, b: PlannedHook, linked: (a: PlannedHook, b: PlannedHook) => boolean): boolean {
  return a.kind !== b.kind && a.name !== b.name && (isConsumer(a.kind) || isConsumer(b.kind)) && linked(a, b);
}

/** The example: a Job and the ServiceAccount it runs as, both at weight 0, the account's name from values; `accountWeight` is the fix. */
function accountAndJob(accountWeight: string): string {
  return [
    'kind: ServiceAccount',
    'metadata:',
    '  name: {{ .Values.serviceAccount.name }}',
    '  annotations:',
    '    "helm.sh/hook": pre-install',
    `    "helm.sh/hook-weight": "${accountWeight}"`,
    '---',
    'kind: Job',
    'metadata:',
    '  name: app-job',
    '  annotations:',
    '    "helm.sh/hook": pre-install',
    '    "helm.sh/hook-weight": "0"',
    'spec:',
    '  template:',
    '    spec:',
    '      serviceAccountName: {{ .Values.serviceAccount.name }}',
  ].join('\n');
}

export const ambiguousHookOrder: Rule = {
  id: 'ambiguous-hook-order',
  defaultSeverity: 'hint',
  judges: 'resource',
  summary: 'Hooks of one phase share a weight and differ in kind, so their order is by name',
  rationale: [
    "Within a phase Helm sorts hooks by weight, then by `metadata.name` (byte-wise), and uses the kind only when weight and name are both equal (`hookByWeight` in `pkg/action/hooks.go`).",
    "Helm's docs say hooks of equal weight follow the kind order of normal resources; that is wrong for differently named objects (helm/helm#10768, #12414, both open),",
    'so a ServiceAccount `app-sa` is created after a Job `app-job` of the same weight. When a name comes from values or a helper, which one Helm creates first is known only per release.',
    'Reported only between hooks where one uses the other (a pod reference, an RBAC binding, or the other\'s name written in a workload or custom resource); a tie whose order is certainly wrong is `hook-dependency-runs-later`, and a tie with a hook that has no weight at all is `unweighted-hook`.',
    'Give each hook that others depend on an explicit, lower weight.',
  ].join(' '),
  example: { bad: accountAndJob('0'), good: accountAndJob('-1') },
  check(context) {
    // Without two hooks of one literal weight and different kinds no group forms in any phase: the plan (every hook described, a tenth of checking 13,548 hooks) is not built for nothing.
    if (!kindsMayTie(context.chart.hooks)) return;
    const idOf = (resource: Resource): string => `${resource.file.path}#${resource.doc.index}`;
    const byId = new Map<string, Resource>(context.chart.hooks.map((resource) => [idOf(resource), resource]));
    const dependencies = context.dependencies();
    const linked = (a: PlannedHook, b: PlannedHook): boolean => {
      const x = byId.get(a.id);
      const y = byId.get(b.id);
      if (x === undefined || y === undefined) return true;
      if (!mayUse(x, y, dependencies)) return false;
      // A tie Helm orders against the dependency, certainly or under some release names, is hook-dependency-runs-later's finding.
      const order = tieOrder(x, y, dependencies, context.releaseNameOrders);
      return order !== 'wrong' && !(order === 'varies' && dependencyBetween(x, y, dependencies));
    };
    const groupsByHook = new Map<string, Group[]>();
    for (const group of ambiguousGroups(context.plan())) {
      for (const hook of group.hooks) {
        // A tie with a hook without a weight is unweighted-hook's finding already: one finding per tie, the more specific one.
        if (unweighted(byId.get(hook.id))) continue;
        if (!group.hooks.some((other) => competes(hook, other, linked) && !unweighted(byId.get(other.id)))) continue;
        groupsByHook.set(hook.id, [...(groupsByHook.get(hook.id) ?? []), group]);
      }
    }
    if (groupsByHook.size === 0) return;
    // A message names first the hooks that this one needs, or that need it.
    const needs = new Set(dependencies.flatMap(({ hook, target }) => [`${idOf(hook)} ${idOf(target)}`, `${idOf(target)} ${idOf(hook)}`]));
    for (const [id, groups] of groupsByHook) {
      const resource = byId.get(id);
      if (!resource) continue;
      const first = groups[0];
      const same = groups.filter((group) => group.weight === first.weight && sameMembers(group, first)).map((group) => group.phase);
      const others = groups.filter((group) => !same.includes(group.phase)).map((group) => group.phase);
      const hook = first.hooks.find((member) => member.id === id)!;
      const swapped = (a: PlannedHook, b: PlannedHook): OrderUnderName | undefined => swappedUnder(context.releaseNameOrders, byId.get(a.id)!, byId.get(b.id)!);
      context.report({ file: resource.file.path, span: reportSpan(resource), message: message(hook, first, same, others, needs, linked, swapped, context.releaseNameOrders?.releaseName), related: competitors(hook, first) });
    }
  },
};

/**
 * Whether two hooks the plan lists (not dropped) have one literal weight and differ in kind, whatever
 * their events: what every group of `ambiguousGroups` needs.
 */
function kindsMayTie(hooks: readonly Resource[]): boolean {
  const kindByWeight = new Map<number, string>();
  for (const resource of hooks) {
    const weight = resource.hook?.dropped === false ? resource.hook.weight : undefined;
    if (weight === undefined) continue;
    const kind = entryKind(resource);
    const seen = kindByWeight.get(weight);
    if (seen === undefined) kindByWeight.set(weight, kind);
    else if (seen !== kind) return true;
  }
  return false;
}

/** Groups of two or more hooks with one literal weight in one phase, whose kinds differ. */
function ambiguousGroups(plan: ExecutionPlan): Group[] {
  const groups: Group[] = [];
  const seen = new Set<string>();
  for (const steps of Object.values(plan.lifecycles)) {
    for (const step of steps) {
      if (!isPhaseStep(step) || seen.has(step.phase)) continue;
      seen.add(step.phase);
      const byWeight = new Map<number, PlannedHook[]>();
      // A hook listed twice (a repeated event) counts once; a set keeps that linear in the phase's hooks.
      const counted = new Set<string>();
      for (const hook of step.hooks) {
        if (typeof hook.weight !== 'number' || counted.has(hook.id)) continue;
        counted.add(hook.id);
        const members = byWeight.get(hook.weight) ?? [];
        members.push(hook);
        byWeight.set(hook.weight, members);
      }
      for (const [weight, hooks] of byWeight) {
        if (hooks.length < 2 || new Set(hooks.map((hook) => hook.kind)).size < 2) continue;
        groups.push({ phase: step.phase, weight, hooks, certain: hooks.slice(1).every((hook) => hook.orderCertain) });
      }
    }
  }
  return groups;
}

function sameMembers(a: Group, b: Group): boolean {
  return a.hooks.length === b.hooks.length && a.hooks.every((hook, index) => hook.id === b.hooks[index].id);
}

/**
 * Names the hook and the competitor that matters most, in Helm's order; the whole group is the
 * finding's related information, and "and N more" counts the rest of it. On a rendered chart
 * (`releaseName` its release name), a pair that another release name swaps (`swapped`) says so.
 */
function message(hook: PlannedHook, group: Group, phases: readonly string[], others: readonly string[], needs: ReadonlySet<string>, linked: (a: PlannedHook, b: PlannedHook) => boolean, swapped: (a: PlannedHook, b: PlannedHook) => OrderUnderName | undefined, releaseName: string | undefined): string {
  const where = [...phases, ...others].join(', ');
  const shown = withClosestCompetitors(group, hook, 1, needs, linked);
  const more = group.hooks.length - shown.length;
  const name = (member: PlannedHook): string => `${member.kind} "${shownText(member.name)}"`;
  const other = group.certain && releaseName !== undefined && shown.length === 2 ? swapped(shown[0], shown[1]) : undefined;
  if (other) {
    return `At weight ${group.weight} in ${where}, ${name(shown[0])} runs before ${name(shown[1])} by name with release name "${shownText(releaseName!)}", but after it with "${shownText(other.releaseName)}"${more > 0 ? ` (and ${more} more in the tie)` : ''}.`;
  }
  if (group.certain) {
    return `At weight ${group.weight} in ${where}, ${name(shown[0])} runs before ${name(shown[1])} by name${more > 0 ? ` (and ${more} more)` : ''}.`;
  }
  const competitor = shown.find((member) => member.id !== hook.id)!;
  const competing = more > 0 ? `${more + 1} other hooks` : name(competitor);
  return `This ${hook.kind} ties at weight ${group.weight} with ${competing}; rendered names set the order.`;
}

/** Every other hook of the group, where the chart writes its name. */
function competitors(hook: PlannedHook, group: Group): RelatedLocation[] {
  return group.hooks.filter((member) => member.id !== hook.id).map((member) => ({
    file: member.file,
    span: member.span,
    message: `${member.kind} "${shownText(member.name)}" also has weight ${group.weight} in ${group.phase}.`,
  }));
}

/**
 * The hook and up to `count` hooks it competes with, listed in Helm's order: first those it
 * needs or that need it (`linked` holds "id id" pairs), then the nearest in Helm's order.
 */
function withClosestCompetitors(group: Group, hook: PlannedHook, count: number, needs: ReadonlySet<string>, linked: (a: PlannedHook, b: PlannedHook) => boolean): PlannedHook[] {
  const at = group.hooks.findIndex((member) => member.id === hook.id);
  const rank = (index: number): number => (needs.has(`${hook.id} ${group.hooks[index].id}`) ? 0 : group.hooks.length) + Math.abs(index - at);
  const closest = group.hooks.map((member, index) => ({ member, index })).filter(({ member }) => competes(hook, member, linked)).sort((a, b) => rank(a.index) - rank(b.index) || a.index - b.index).slice(0, count).map(({ index }) => index);
  return group.hooks.filter((_, index) => index === at || closest.includes(index));
}

/** Whether unweighted-hook reports the hook: no weight written, and none can come from values. */
function unweighted(resource: Resource | undefined): boolean {
  return resource?.hook !== undefined && !resource.hook.weightEntry && !valuesMaySupply(resource, weightKey);
}

/** The weight value when one is written, else the `helm.sh/hook` value: where an explicit weight belongs. */
function reportSpan(resource: Resource): Span {
  const hook = resource.hook!;
  const weight = hook.weightEntry;
  if (weight && weight.origin !== 'values' && weight.value.span.end > weight.value.span.start) return weight.value.span;
  return hook.entry.value.span;
}
