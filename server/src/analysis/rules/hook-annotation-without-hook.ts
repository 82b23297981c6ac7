/** Rule hook-annotation-without-hook: hook weight or policies on a resource that is not a hook. */
import { deletePolicyKey, hookKey, nearestHookKey, outputLogPolicyKey, weightKey } from '../helm/hooks';
import type { Rule } from './rule';

const hookOnlyKeys: readonly string[] = [weightKey, deletePolicyKey, outputLogPolicyKey];

export const hookAnnotationWithoutHook: Rule = {
  id: 'hook-annotation-without-hook',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'Hook annotation on a resource that is not a hook',
  rationale: [
    'Helm decides whether a manifest is a hook only by its top-level `helm.sh/hook` annotation (`manifest_sorter.go`).',
    'Without it the resource is an ordinary release resource: `helm.sh/hook-weight`, `helm.sh/hook-delete-policy` and',
    '`helm.sh/hook-output-log-policy` do nothing, and weights never order normal resources, which Helm creates in one',
    'batch sorted by kind. Either add `helm.sh/hook` or remove the annotation. The rule stays silent when the annotations',
    'map is filled by a template (the hook key may come from values) and when `helm.sh/hook` is only misspelled',
    '(misspelled-hook-annotation reports that).',
  ].join(' '),
  example: {
    bad: 'kind: ConfigMap\nmetadata:\n  annotations:\n    "helm.sh/hook-weight": "-5"',
    good: 'kind: ConfigMap\nmetadata:\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n    "helm.sh/hook-weight": "-5"',
  },
  check(context) {
    for (const resource of context.chart.resources) {
      if (resource.hook) continue;
      const block = resource.doc.metadata?.annotations;
      if (!block || block.templated) continue;
      const offending = block.entries.filter((entry) => hookOnlyKeys.includes(entry.key));
      if (offending.length === 0) continue;
      if (resource.annotations.some((entry) => nearestHookKey(entry.key) === hookKey)) continue;
      for (const entry of offending) {
        context.report({
          file: resource.file.path,
          span: entry.keySpan,
          message: `"${entry.key}" does nothing: without helm.sh/hook this ${resource.kind ?? 'resource'} is no hook${entry.key === weightKey ? ', and weights order only hooks' : ''}.`,
        });
      }
    }
  },
};
