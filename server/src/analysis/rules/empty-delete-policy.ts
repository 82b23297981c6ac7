/** Rule empty-delete-policy: `helm.sh/hook-delete-policy` is empty, which disables the default before-hook-creation. */
import { deletePolicyKey, recommendedDeletePolicy } from '../helm/hooks';
import { fix, listSites, setValueEdit, shownText } from './support/helpers';
import { cleanedOnlyOnSuccess, type LiveHook } from './support/hookResources';
import type { Rule } from './rule';

export const emptyDeletePolicy: Rule = {
  id: 'empty-delete-policy',
  defaultSeverity: 'warning',
  judges: 'resource',
  checksUnrendered: true,
  perDocument: true,
  summary: 'Empty hook delete policy',
  rationale: [
    'When a hook has no delete policy, Helm uses `before-hook-creation` (`hookSetDeletePolicy`). An empty value is not "no policy":',
    'Helm splits `""` into one empty token and keeps it (`operateAnnotationValues`), so the default is not applied and no policy ever matches.',
    'Nothing deletes the hook object, and the next run that creates it again fails with "already exists" (Helm 3) or is applied onto the old object (Helm 4).',
  ].join(' '),
  example: { bad: '"helm.sh/hook-delete-policy": ""', good: '"helm.sh/hook-delete-policy": "before-hook-creation"' },
  fixDescription: 'Sets the value to `before-hook-creation`, the default the empty value disabled; for a `pre-delete` or `post-delete` hook to `before-hook-creation,hook-succeeded`, since nothing deletes it after the uninstall otherwise ([uninstall-hook-left-behind](#uninstall-hook-left-behind)).',
  check(context) {
    for (const { site, list } of listSites(context, deletePolicyKey)) {
      const value = site.entry.value;
      // A values.yaml key set to null often means "drop this default"; only templates are judged.
      if (site.entry.origin === 'values' && value.type === 'null') continue;
      if (list.templated || list.conditional) continue;
      if (list.tokens.some((token) => token.normalized !== '')) continue;
      // An uninstall hook needs hook-succeeded too (uninstall-hook-left-behind), so one fix settles both.
      const policy = site.resource?.hook && cleanedOnlyOnSuccess(site.resource as LiveHook) ? recommendedDeletePolicy : 'before-hook-creation';
      const edit = setValueEdit(site, policy);
      context.report({
        file: site.file,
        span: value.span.end > value.span.start ? value.span : site.entry.keySpan,
        message: `Delete policy ${value.type === 'null' ? 'has no value' : `${shownText(value.source)} is empty`}: the empty token disables the default before-hook-creation.`,
        fixes: edit ? [fix(`Set to "${policy}"`, [edit], true)] : [],
      });
    }
  },
};
