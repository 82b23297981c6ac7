/** Rule crd-as-hook: a CustomResourceDefinition installed as a hook. */
import { liveHooks, resourceLabel } from './support/hookResources';
import type { Rule } from './rule';

export const crdAsHook: Rule = {
  id: 'crd-as-hook',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'CustomResourceDefinition as a hook',
  rationale: [
    'Helm never deletes a `CustomResourceDefinition` hook, whatever its `helm.sh/hook-delete-policy` says',
    '(`deleteHookByPolicy` skips the kind), not even by `before-hook-creation`: the next run applies onto the old CRD',
    '(Helm 4\'s default server-side apply) or fails with `… already exists` (client-side apply, Helm 3 or `--server-side=false`).',
    'Helm also treats every kind other than Job and Pod as ready as soon as it is created, not when the CRD is',
    '`Established`, so custom resources created by later hooks can fail. Like every hook it is not part of the release either.',
    'Put CRDs in the chart\'s `crds/` folder, which `helm install` applies before rendering (`helm upgrade` and',
    '`helm uninstall` never touch it; under Helm 4\'s server-side apply each new install re-applies CRDs that already exist,',
    'and Helm waits for them only with `--wait`), or in a separate chart',
    '(https://helm.sh/docs/chart_best_practices/custom_resource_definitions/).',
  ].join(' '),
  example: {
    bad: 'kind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n  annotations:\n    "helm.sh/hook": pre-install',
    good: '# crds/widgets.yaml\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com',
  },
  check(context) {
    for (const resource of liveHooks(context.chart)) {
      if (resource.kind !== 'CustomResourceDefinition') continue;
      const crd = resourceLabel(resource).replace('CustomResourceDefinition', 'CRD');
      const name = crd[0].toUpperCase() + crd.slice(1);
      context.report({
        file: resource.file.path,
        span: resource.hook.entry.keySpan,
        message: context.helmVersion === '3'
          ? `${name} is a hook Helm never deletes: its next run fails with "already exists"; use the crds/ folder.`
          : `${name} is a hook Helm never deletes, not even before-hook-creation; put it in the crds/ folder.`,
      });
    }
  },
};
