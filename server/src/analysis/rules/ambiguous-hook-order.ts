/**
 * Rule ambiguous-hook-order: hooks of one phase share a weight and differ in kind, so Helm
 * orders them by name — rarely what the author meant. Reported once per affected hook.
 */
import type { Resource } from '../chart';
import { installOrder } from '../hooks';
import { buildPlan, isPhaseStep, type PlannedHook } from '../plan';
import type { Span } from '../types';
import type { Rule } from './rule';

interface Group {
  readonly phase: string;
  readonly weight: number;
  /** The group's hooks in Helm's order. */
  readonly hooks: readonly PlannedHook[];
  /** Every consecutive pair's order is known without rendering. */
  readonly certain: boolean;
}

const listedHooks = 5;

/**
 * Kinds that need other objects to exist: workloads (their pods mount and use them) and
 * custom resources (their definition, namespace or issuer). Among passive objects alone —
 * Secrets, ConfigMaps, RBAC — the order inside a phase makes no difference.
 */
const workloads: ReadonlySet<string> = new Set(['Pod', 'Job', 'CronJob', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

function isConsumer(kind: string): boolean {
  return workloads.has(kind) || !installOrder.includes(kind);
}

/** The example: a ServiceAccount and a Job of one phase; `accountWeight` is the fix. */
function accountAndJob(...accountWeight: string[]): string {
  return [
    'kind: ServiceAccount',
    'metadata:',
    '  name: app-sa',
    '  annotations:',
    '    "helm.sh/hook": pre-install',
    ...accountWeight,
    '---',
    'kind: Job',
    'metadata:',
    '  name: app-job',
    '  annotations:',
    '    "helm.sh/hook": pre-install',
  ].join('\n');
}

export const ambiguousHookOrder: Rule = {
  id: 'ambiguous-hook-order',
  defaultSeverity: 'hint',
  summary: 'Hooks of one phase share a weight and differ in kind, so their order is by name',
  rationale: [
    "Within a phase Helm sorts hooks by weight, then by `metadata.name` (byte-wise), and uses the kind only when weight and name are both equal (`hookByWeight` in `pkg/action/hooks.go`).",
    "Helm's docs say hooks of equal weight follow the kind order of normal resources; that is wrong for differently named objects (helm/helm#10768, #12414, both open),",
    'so a ServiceAccount `app-sa` is created after a Job `app-job` of the same weight. Give each hook that others depend on an explicit, lower weight.',
  ].join(' '),
  example: { bad: accountAndJob(), good: accountAndJob('    "helm.sh/hook-weight": "-1"') },
  check(context) {
    const byId = new Map<string, Resource>(context.chart.hooks.map((resource) => [`${resource.file.path}#${resource.doc.index}`, resource]));
    const groupsByHook = new Map<string, Group[]>();
    for (const group of ambiguousGroups(buildPlan(context.chart))) {
      for (const hook of group.hooks) {
        const competes = (other: PlannedHook): boolean => other.kind !== hook.kind && other.name !== hook.name && (isConsumer(hook.kind) || isConsumer(other.kind));
        if (!group.hooks.some(competes)) continue;
        groupsByHook.set(hook.id, [...(groupsByHook.get(hook.id) ?? []), group]);
      }
    }
    for (const [id, groups] of groupsByHook) {
      const resource = byId.get(id);
      if (!resource) continue;
      const first = groups[0];
      const same = groups.filter((group) => group.weight === first.weight && sameMembers(group, first)).map((group) => group.phase);
      const others = groups.filter((group) => !same.includes(group.phase)).map((group) => group.phase);
      context.report({ file: resource.file.path, span: reportSpan(resource), message: message(first, same, others) });
    }
  },
};

/** Groups of two or more hooks with one literal weight in one phase, whose kinds differ. */
function ambiguousGroups(plan: ReturnType<typeof buildPlan>): Group[] {
  const groups: Group[] = [];
  const seen = new Set<string>();
  for (const steps of Object.values(plan.lifecycles)) {
    for (const step of steps) {
      if (!isPhaseStep(step) || seen.has(step.phase)) continue;
      seen.add(step.phase);
      const byWeight = new Map<number, PlannedHook[]>();
      for (const hook of step.hooks) {
        if (typeof hook.weight !== 'number') continue;
        const members = byWeight.get(hook.weight) ?? [];
        if (!members.some((member) => member.id === hook.id)) members.push(hook);
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

function message(group: Group, phases: readonly string[], others: readonly string[]): string {
  const shown = group.hooks.slice(0, listedHooks).map((hook) => `${hook.kind} "${hook.name}"`);
  const more = group.hooks.length - shown.length;
  const list = `${shown.join(', then ')}${more > 0 ? `, and ${more} more` : ''}`;
  const where = `${phases.join(' and ')}${others.length > 0 ? ` (and similarly in ${others.join(' and ')})` : ''}`;
  if (group.certain) return `Hooks with weight ${group.weight} in ${where} differ in kind, so Helm runs them by name, not by kind: ${list}.`;
  return `Hooks with weight ${group.weight} in ${where} differ in kind, so Helm runs them in the byte order of their rendered names, not by kind, and with templated names that order is known only after rendering (${list}).`;
}

/** The weight value when one is written, else the `helm.sh/hook` value: where an explicit weight belongs. */
function reportSpan(resource: Resource): Span {
  const hook = resource.hook!;
  const weight = hook.weightEntry;
  if (weight && weight.origin !== 'values' && weight.value.span.end > weight.value.span.start) return weight.value.span;
  return hook.entry.value.span;
}
