/** Rule missing-before-hook-creation: an explicit delete policy without before-hook-creation, so leftovers block the next run. */
import { deletePolicies, deletePolicyKey } from '../helm/hooks';
import type { ListValue } from '../helm/listValue';
import type { TextEdit } from '../types';
import { fix, flowSafeValueEdit, listSites, nearestDeletePolicy, replace, setValueEdit, shownValue } from './support/helpers';
import { inFlowMapping } from './support/sites';
import type { AnnotationSite, Rule } from './rule';

/** What the object a failed or interrupted run leaves behind does to the next run, by apply method. */
const leftover = {
  '3': 'a failed run\'s leftover fails the next with "already exists"',
  '4': 'the next run is applied onto a failed run\'s leftover',
} as const;

export const missingBeforeHookCreation: Rule = {
  id: 'missing-before-hook-creation',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'Delete policy lacks before-hook-creation',
  rationale: [
    'Helm applies `before-hook-creation` only when a hook sets no delete policy at all (`hookSetDeletePolicy`).',
    'With an explicit policy such as `hook-succeeded` alone, nothing removes an object left by a failed or interrupted run',
    '(or, with `hook-failed` alone, by a successful one). The next run then fails with `… already exists` on Helm 3 (helm#8101);',
    'on Helm 4 with server-side apply the hook is applied onto the leftover, so an unchanged completed Job counts as done and does not run again.',
    'Custom resource definitions are never deleted by any policy, so for them the policy is moot.',
  ].join(' '),
  example: { bad: '"helm.sh/hook-delete-policy": hook-succeeded', good: '"helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded' },
  fixDescription: 'Prepends `before-hook-creation,` to the policy.',
  check(context) {
    for (const { site, list } of listSites(context, deletePolicyKey)) {
      if (list.templated || list.conditional) continue;
      if (list.tokens.every((token) => token.normalized === '')) continue; // empty-delete-policy reports these.
      // A misspelt before-hook-creation is unknown-delete-policy's finding; its fix restores it.
      if (list.tokens.some((token) => nearestDeletePolicy(token.normalized) === 'before-hook-creation')) continue;
      const edit = writtenPrependEdit(site) ?? prependEdit(site, list);
      const written = shownValue(site.entry.value);
      context.report({
        file: site.file,
        // The value, which the fix edits.
        span: site.entry.value.span,
        message: `"${written}" lacks before-hook-creation: ${leftover[context.helmVersion]}.`,
        fixes: edit ? [fix('Prepend "before-hook-creation,"', [edit], true)] : [],
      });
    }
  },
};

/**
 * In a rendered document whose policy a helper computed (bitnami's `dict` merged through
 * `common.tplvalues.merge`), the prepend goes into the document as written: its own literal
 * policy entry (a `dict` argument), marked so that it is kept only if rendering the edited chart
 * gives the rendered policy with before-hook-creation in front.
 */
function writtenPrependEdit(site: AnnotationSite): TextEdit | undefined {
  const resource = site.resource;
  const written = resource?.written;
  const entry = written?.hook?.deletePolicyEntry;
  const rendered = site.entry.value.value;
  if (!resource || !written || !entry || rendered === undefined || resource.kind === undefined || resource.name === undefined) return undefined;
  if (site.view.originOf(site.entry.keySpan.start).kind !== 'printed' || entry.value.value !== rendered) return undefined;
  const writtenSite: AnnotationSite = { entry, file: written.file.path, text: written.file.text, view: written.view, resource: written, inFlowMapping: inFlowMapping(written, entry) };
  const list = written.view.listOf(entry.value);
  if (list.templated || list.conditional || list.tokens.length === 0) return undefined;
  const edit = prependEdit(writtenSite, list);
  return edit && { ...edit, asWritten: { kind: resource.kind, name: resource.name, key: deletePolicyKey, value: `before-hook-creation,${rendered}` } };
}

/**
 * Prepends before-hook-creation. The edit rewrites the first token rather than inserting in
 * front of it, and takes unknown-delete-policy's correction of that token along, so the two
 * fixes never leave each other's finding behind. In a flow mapping a plain value is quoted
 * whole, since the new comma would end it.
 */
function prependEdit(site: AnnotationSite, list: ListValue): TextEdit | undefined {
  if (!list.exact) return setValueEdit(site, `before-hook-creation,${site.entry.value.value ?? ''}`);
  const first = list.tokens[0];
  if (first.normalized === '') return replace(site.file, first.span, 'before-hook-creation');
  const written = site.text.slice(first.span.start, first.span.end);
  const corrected = deletePolicies.includes(first.normalized) ? written : nearestDeletePolicy(first.normalized) ?? written;
  const edit = written.includes('{{')
    ? replace(site.file, { start: first.span.start, end: first.span.start }, 'before-hook-creation,')
    : replace(site.file, first.span, `before-hook-creation,${corrected}`);
  return flowSafeValueEdit(edit, site.entry.value, site.text, site.inFlowMapping);
}
