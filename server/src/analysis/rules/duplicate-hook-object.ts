/**
 * Rule duplicate-hook-object: two hooks of one phase are the same object (kind, namespace and
 * name), so the one Helm creates second replaces the first or collides with it.
 */
import { conditionsAt } from '../semantics/conditions';
import { sameNamespace } from '../semantics/dependencies';
import { sameName } from '../semantics/objectNames';
import { deletePolicies, orderBetween, toEntry } from '../semantics/plan';
import type { HelmVersion } from '../types';
import { liveHooks, resourceLabel, type LiveHook } from './support/hookResources';
import type { Rule } from './rule';

/** The example: a second pre-install Job named like the first; the fix is its name. */
function twoJobs(secondName: string): string {
  const job = (name: string) => ['kind: Job', 'metadata:', `  name: ${name}`, '  annotations:', '    "helm.sh/hook": pre-install'];
  return [...job('migrate'), '---', ...job(secondName)].join('\n');
}

export const duplicateHookObject: Rule = {
  id: 'duplicate-hook-object',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'Two hooks of one phase are the same object',
  rationale: [
    'Helm keeps every hook document apart, even when two of them have the same kind, namespace and name, and runs',
    'both in their phase, one after the other (weight, then name, then kind, then file). They are one object in the',
    'cluster, though. When the second has `before-hook-creation` (the default), it deletes the first just before it is',
    'created: both run, and only the second object remains (a Job ran twice, a ConfigMap or Secret holds only the second',
    'one\'s data). Without `before-hook-creation` the second is created over the first: with client-side apply (Helm 3, or',
    'Helm 4 with `--server-side=false`) the phase fails with `… already exists`; under Helm 4\'s default server-side apply it is',
    'applied onto the first, so a ConfigMap gets a merge of both and a finished Job fails with `field is immutable` or is',
    'not run again. Reported only when both names are certainly the same and both documents render together; the finding',
    'is on the hook Helm creates second.',
  ].join(' '),
  example: { bad: twoJobs('migrate'), good: twoJobs('migrate-schema') },
  check(context) {
    const groups = new Map<string, LiveHook[]>();
    for (const resource of liveHooks(context.chart)) {
      // Grouped by the name's text (resourceName's); whether two names are certainly one is read from their actions only within a group (toEntry).
      if (!resource.kind || resource.name === undefined || !resource.doc.name || resource.hook.knownEvents === undefined || resource.hook.events.conditional) continue;
      const key = `${resource.kind}\u0000${resource.name}`;
      // Pushed in place: copying the group on every add was quadratic in a group's size.
      const group = groups.get(key);
      if (group) group.push(resource);
      else groups.set(key, [resource]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const entries = group.map(toEntry);
      entries.sort((a, b) => orderBetween(a, b).order);
      entries.forEach((later, index) => {
        const hook = later.resource as LiveHook;
        for (const first of entries.slice(0, index)) {
          const other = first.resource as LiveHook;
          const phases = sharedPhases(other, hook);
          if (phases.length === 0 || !sameName(first.name!, later.name!) || !sameNamespace(other, hook) || !renderTogether(other, hook)) continue;
          context.report({
            file: hook.file.path,
            span: hook.doc.name!.span,
            message: `Another ${phases[0]} hook has this ${hook.kind}'s name: ${effect(hook, context.helmVersion)}.`,
            related: [{ file: other.file.path, span: other.doc.name!.span, message: `The ${resourceLabel(other)} hook Helm creates first.` }],
          });
          break;
        }
      });
    }
  },
};

/** What happens when Helm creates `hook`, the second of the two. */
function effect(hook: LiveHook, helmVersion: HelmVersion): string {
  const policies = deletePolicies(hook);
  if (policies.templated) return 'Helm runs both on the same object';
  if (policies.values.includes('before-hook-creation') && hook.kind !== 'CustomResourceDefinition') {
    return 'its before-hook-creation deletes the other first';
  }
  return helmVersion === '3'
    ? 'without before-hook-creation it fails with "already exists"'
    : 'without before-hook-creation Helm applies it onto the other';
}

/** Events both hooks run for, in Helm's order of events. */
function sharedPhases(a: LiveHook, b: LiveHook): string[] {
  const eventsB = b.hook.knownEvents ?? [];
  return [...new Set(a.hook.knownEvents ?? [])].filter((event) => eventsB.includes(event));
}

/**
 * Whether both documents certainly render together whenever the one with more conditions does.
 * In one file: the `if`/`range`/`with` branches around one enclose the other's. Across files:
 * only `if` conditions (no `range` or `with`, which rebinds `.`), and one document's conditions
 * are all among the other's. Anything else, such as `eq .Values.mode "a"` and `… "b"`, is
 * uncertain, and the rule stays silent.
 */
function renderTogether(a: LiveHook, b: LiveHook): boolean {
  const innerA = innermost(a);
  const innerB = innermost(b);
  if (!innerA || !innerB) return false;
  const pathA = a.view.conditionsAt(innerA);
  const pathB = b.view.conditionsAt(innerB);
  if (a.file.path === b.file.path) return isPrefix(pathA, pathB) || isPrefix(pathB, pathA);
  if (pathA.length === 0 && pathB.length === 0) return true;
  if (a.chart !== b.chart) return false;
  const condA = conditionsAt(a.file, innerA);
  const condB = conditionsAt(b.file, innerB);
  // One condition per enclosing block means every block is the body of an `if`.
  if (condA.length !== pathA.length || condB.length !== pathB.length) return false;
  const has = (list: typeof condA, item: (typeof condA)[number]) => list.some((other) => other.text === item.text && other.negated === item.negated);
  return condA.every((item) => has(condB, item)) || condB.every((item) => has(condA, item));
}

/**
 * Of the document's name and its hook annotation, the one inside more branches, when the
 * branches around one enclose the other (then it renders exactly when both do); else undefined.
 */
function innermost(resource: LiveHook): number | undefined {
  const name = resource.doc.name!.span.start;
  const hook = resource.hook.entry.keySpan.start;
  const atName = resource.view.conditionsAt(name);
  const atHook = resource.view.conditionsAt(hook);
  if (isPrefix(atName, atHook)) return hook;
  if (isPrefix(atHook, atName)) return name;
  return undefined;
}

function isPrefix(short: readonly string[], long: readonly string[]): boolean {
  return short.length <= long.length && short.every((id, index) => long[index] === id);
}
