/** Rule empty-hook-event: `helm.sh/hook` has an empty event (`""`, no value, or a stray comma), so Helm drops the resource. */
import { hookKey } from '../helm/hooks';
import type { ListValue } from '../helm/listValue';
import type { Span } from '../types';
import { fix, listSites, removeTokensEdits, shownText, shownValue } from './support/helpers';
import type { Rule } from './rule';

export const emptyHookEvent: Rule = {
  id: 'empty-hook-event',
  defaultSeverity: 'error',
  judges: 'resource',
  checksUnrendered: true,
  perDocument: true,
  summary: 'Empty hook event',
  rationale: [
    'Helm splits `helm.sh/hook` on commas and trims each token. An empty token (from `""`, a key with no value,',
    'a trailing comma or two commas in a row) is not a known event, and any unknown event makes Helm skip the **whole document**:',
    'it is neither run as a hook nor installed as a normal resource, and Helm 4 only logs `level=INFO msg="skipping unknown hooks" hookTypes=…` on stderr (`helm lint` says nothing) (`manifest_sorter.go`, `isUnknownHook`).',
  ].join(' '),
  example: { bad: '"helm.sh/hook": pre-install,post-install,', good: '"helm.sh/hook": pre-install,post-install' },
  fixDescription: 'Removes the empty events and their commas, when another event remains.',
  check(context) {
    const consequence = 'Helm skips this whole resource as an unknown hook.';
    for (const { site, list } of listSites(context, hookKey)) {
      const value = site.entry.value;
      // A values.yaml key set to null often means "drop this default"; only templates are judged.
      if (site.entry.origin === 'values' && value.type === 'null') continue;
      // Under `if`/`else` a comma may be printed in one branch only; stay silent.
      if (list.conditional) continue;
      const empty = list.tokens.flatMap((token, index) => (!token.partial && token.normalized === '' ? [index] : []));
      if (empty.length === 0) continue;
      if (empty.length === list.tokens.length) {
        const what = value.type === 'null' ? 'has no value' : `is the empty string ${shownText(value.source)}`;
        context.report({ file: site.file, span: value.span.end > value.span.start ? value.span : site.entry.keySpan, message: `Hook annotation ${what}: ${consequence}` });
        continue;
      }
      const edits = removeTokensEdits(site.file, site.text, list, empty);
      for (const index of list.exact ? empty : [empty[0]]) {
        context.report({
          file: site.file,
          span: list.exact ? emptyTokenSpan(list, index) : value.span,
          message: `Hook events "${shownValue(value)}" contain an empty event: ${consequence}`,
          fixes: edits ? [fix('Remove the empty event', edits, true)] : [],
        });
      }
    }
  },
};

/** An empty token has no characters to underline; point at the comma after it, or before the last one. */
function emptyTokenSpan(list: ListValue, index: number): Span {
  const token = list.tokens[index];
  if (index + 1 < list.tokens.length) return { start: token.rawSpan.end, end: token.rawSpan.end + 1 };
  return { start: token.rawSpan.start - 1, end: token.rawSpan.start };
}
