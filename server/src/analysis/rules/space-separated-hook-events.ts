/** Rule space-separated-hook-events: `helm.sh/hook` separates events with spaces, which Helm reads as one unknown event. */
import { canonicalEvent, hookKey } from '../helm/hooks';
import { fix, flowSafeValueEdit, judgeableTokens, listSites, replace, setValueEdit, shownText, shownValue } from './support/helpers';
import type { Rule } from './rule';

export const spaceSeparatedHookEvents: Rule = {
  id: 'space-separated-hook-events',
  defaultSeverity: 'error',
  judges: 'resource',
  checksUnrendered: true,
  perDocument: true,
  summary: 'Hook events separated by spaces',
  rationale: [
    'Helm splits `helm.sh/hook` on commas only, then trims each token (`manifest_sorter.go`).',
    '`pre-install post-install` is therefore one token, which is not a known event, and any unknown event makes Helm skip the **whole document**:',
    'it is neither run as a hook nor installed as a normal resource, and Helm 4 only logs `level=INFO msg="skipping unknown hooks" hookTypes=…` on stderr (`helm lint` says nothing).',
  ].join(' '),
  example: { bad: '"helm.sh/hook": pre-install post-install', good: '"helm.sh/hook": pre-install,post-install' },
  fixDescription: 'Replaces the spaces between events with commas (the preferred fix when every part is a known event).',
  check(context) {
    for (const { site, list } of listSites(context, hookKey)) {
      const spaced = judgeableTokens(list).filter((token) => /\s/.test(token.normalized));
      if (spaced.length === 0) continue;
      const allKnown = spaced.every((token) => token.normalized.split(/\s+/).every((part) => canonicalEvent(part) !== undefined));
      // Without exact offsets, rewrite the whole value (only when it is a plain list of words).
      const wholeValue = list.exact ? undefined : setValueEdit(site, list.tokens.map((token) => token.raw.trim().split(/\s+/).join(',')).join(','));
      for (const token of list.exact ? spaced : spaced.slice(0, 1)) {
        const written = token.raw.trim();
        // In a flow mapping a plain value is quoted whole, since the new commas would end it.
        const edit = list.exact ? flowSafeValueEdit(replace(site.file, token.span, written.split(/\s+/).join(',')), site.entry.value, site.text, site.inFlowMapping) : wholeValue;
        context.report({
          file: site.file,
          span: token.span,
          message: `Spaces separate the hook events "${list.exact ? shownText(written) : shownValue(site.entry.value)}": Helm splits on commas only and skips this resource.`,
          fixes: edit ? [fix('Separate the events with commas', [edit], allKnown)] : [],
        });
      }
    }
  },
};

