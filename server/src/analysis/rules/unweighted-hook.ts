/** Rule unweighted-hook: a hook without `helm.sh/hook-weight`, ordered against its phase's other hooks by name. */
import { weightKey } from '../helm/hooks';
import type { RelatedLocation } from '../types';
import { fix } from './support/helpers';
import { liveHooks, resourceLabel, valuesMaySupply, type LiveHook } from './support/hookResources';
import { addAnnotation } from './support/insertions';
import type { Rule } from './rule';

export const unweightedHook: Rule = {
  id: 'unweighted-hook',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'Hook without a weight',
  rationale: [
    'A hook without `helm.sh/hook-weight` has weight 0. Within one phase Helm runs hooks one at a time, sorted by',
    '**weight, then `metadata.name`** (byte-wise); kind only breaks ties between hooks of the same name (`hookByWeight.Less`',
    'in `pkg/action/hooks.go`, helm/helm#12414). The docs\' "by weight, by kind, then by name" is wrong for differently named',
    'objects, so two unweighted hooks of the same event run in the order of their names, whatever depends on what.',
    'Hooks of subcharts are pooled with the parent\'s. The finding is a warning when another hook shares one of the',
    'events, and information when the hook is alone. The fix writes the weight Helm already uses, `"0"`, so nothing',
    'moves; choose a lower weight for hooks that others depend on. For a hook alone in its phases the fix is only offered,',
    'not applied by `--fix`: there is no order to pin yet.',
  ].join(' '),
  example: {
    bad: '"helm.sh/hook": pre-install,pre-upgrade',
    good: '"helm.sh/hook": pre-install,pre-upgrade\n"helm.sh/hook-weight": "0"',
  },
  fixDescription: 'Inserts `"helm.sh/hook-weight": "0"` under `helm.sh/hook`, which keeps the current order (applied by `--fix` only when the hook shares an event with others).',
  fixOfferedWhenOff: true,
  check(context) {
    const hooks = liveHooks(context.chart);
    for (const resource of hooks) {
      const hook = resource.hook;
      if (hook.weightEntry || valuesMaySupply(resource, weightKey)) continue;
      const sharing = hooks.filter((other) => other !== resource && sharedEvent(resource, other) !== undefined);
      const event = sharing.length > 0 ? sharedEvent(resource, sharing[0]) : undefined;
      const edit = addAnnotation(resource, hook.entry, weightKey, '0');
      const label = resourceLabel(resource);
      context.report({
        file: resource.file.path,
        span: hook.entry.keySpan,
        severity: sharing.length > 0 ? 'warning' : 'information',
        message: sharing.length > 0
          ? `Hook ${label} has no helm.sh/hook-weight but shares "${event}" with ${describeOthers(sharing)}, so its place among them rests on the implicit weight 0 and, at equal weights, on names before kinds.`
          : `Hook ${label} has no helm.sh/hook-weight, so it runs at weight 0 and hooks added later are ordered against it by name.`,
        // Alone in its phases, the weight orders nothing yet: not worth a `--fix` edit.
        fixes: edit ? [fix('Add "helm.sh/hook-weight": "0" (the weight Helm uses now)', [edit], sharing.length > 0)] : [],
        related: sharing.slice(0, 5).map((other): RelatedLocation => ({
          file: other.file.path,
          span: other.hook.entry.keySpan,
          message: `${resourceLabel(other)} also runs on "${sharedEvent(resource, other)}" (weight ${other.hook.weight ?? 'templated'}).`,
        })),
      });
    }
  },
};

function sharedEvent(a: LiveHook, b: LiveHook): string | undefined {
  const eventsB = b.hook.knownEvents ?? [];
  return (a.hook.knownEvents ?? []).find((event) => eventsB.includes(event));
}

function describeOthers(others: readonly LiveHook[]): string {
  const first = resourceLabel(others[0]);
  return others.length === 1 ? first : `${first} and ${others.length - 1} more`;
}
