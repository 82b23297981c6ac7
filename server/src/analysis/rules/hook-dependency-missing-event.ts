/**
 * Rule hook-dependency-missing-event: a hook's pod needs another hook that does not run for
 * one of its events, so during that phase the object is missing or left over from an
 * earlier run.
 */
import type { Resource } from '../model/chart';
import { deletePolicies, earlierPhase, toEntry } from '../semantics/plan';
import type { Fix } from '../types';
import { addEventsEdit } from './support/dependencyEdits';
import { label } from './support/dependencyFindings';
import type { Rule } from './rule';

/** The example: a Job of two events that reads a Secret hook; the fix is in the Secret's events. */
function secretAndJob(secretEvents: string): string {
  return [
    'kind: Secret',
    'metadata:',
    '  name: db-credentials',
    '  annotations:',
    `    "helm.sh/hook": ${secretEvents}`,
    '    "helm.sh/hook-weight": "-1"',
    '---',
    'kind: Job',
    'metadata:',
    '  name: db-migrate',
    '  annotations:',
    '    "helm.sh/hook": pre-install,pre-upgrade',
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: migrate',
    '          envFrom:',
    '            - secretRef:',
    '                name: db-credentials',
  ].join('\n');
}

export const hookDependencyMissingEvent: Rule = {
  id: 'hook-dependency-missing-event',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'Hook needs a hook that does not run for one of its events',
  rationale: [
    'Hook objects are not part of the release: Helm creates them only in the phases named in their `helm.sh/hook`, and never updates them otherwise (see [implicit-delete-policy](#implicit-delete-policy)).',
    'When a Job runs for `pre-install,pre-upgrade` but its ServiceAccount, ConfigMap or Secret hook runs only for `pre-install`, the upgrade uses whatever the install left behind:',
    'the object still has the old values, or it is gone because `hook-succeeded` deleted it, and the Job cannot start.',
    'An object created earlier in the same command and not deleted by `hook-succeeded` (a `pre-install` ServiceAccount used by a `post-install` Job) is fine and not reported;',
    'so is an install-only hook whose template generates a random secret (`randAlphaNum`, `genCA`, …) and that nothing deletes after success: charts make such secrets once on purpose, and adding upgrade events would replace them.',
  ].join(' '),
  example: { bad: secretAndJob('pre-install'), good: secretAndJob('pre-install,pre-upgrade') },
  fixDescription: "Adds the missing events to the dependency's `helm.sh/hook`.",
  check(context) {
    for (const dependency of context.dependencies()) {
      const { hook, target } = dependency;
      if (!target.hook || target.hook.dropped || target.hook.events.templated) continue;
      const needed = [...new Set(toEntry(hook).events)];
      const has = new Set(toEntry(target).events);
      const missing = needed.filter((event) => !has.has(event) && !leftFromEarlierPhase(target, event, has) && !madeOnceAtInstall(target, event, has));
      if (missing.length === 0) continue;
      const edit = addEventsEdit(target, missing);
      const fixes: Fix[] = edit ? [{ title: `Add ${missing.join(', ')} to the events of ${label(target)}`, edits: [edit], isPreferred: true }] : [];
      const events = [...has].join(', ') || 'no literal event';
      context.report({
        file: hook.file.path,
        span: dependency.span,
        message: `${label(target)} is not a hook for ${missing.join(' or ')}, so there it is missing or a leftover.`,
        related: [{ file: target.file.path, span: target.hook.entry.value.span, message: `${label(target)} runs only for ${events}.` }],
        fixes,
      });
    }
  },
};

/**
 * The "made once" pattern: an install-only hook whose file generates random secrets (a password,
 * a key) and that nothing deletes after success is left from the install on purpose, so that an
 * upgrade or rollback keeps using the same secret; running it again would replace the secret.
 */
function madeOnceAtInstall(target: Resource, event: string, events: ReadonlySet<string>): boolean {
  if (!target.generatesSecrets || !['pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback'].includes(event)) return false;
  if (!events.has('pre-install') && !events.has('post-install')) return false;
  const policies = deletePolicies(target);
  return !policies.templated && !policies.values.includes('hook-succeeded');
}

/** Whether the target ran earlier in the same command and stays after that phase succeeds (no hook-succeeded). */
function leftFromEarlierPhase(target: Resource, event: string, events: ReadonlySet<string>): boolean {
  const earlier = earlierPhase(event);
  if (!earlier || !events.has(earlier)) return false;
  const policies = deletePolicies(target);
  if (policies.templated) return false;
  return target.kind === 'CustomResourceDefinition' || !policies.values.includes('hook-succeeded');
}
