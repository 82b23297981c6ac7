/** Rule duplicate-hook-event: `helm.sh/hook` lists an event twice (or `test` with `test-success`), so the hook runs twice. */
import { canonicalEvent, hookKey } from '../helm/hooks';
import { fix, listSites, removeTokensEdits, shownText, shownValue } from './support/helpers';
import type { Rule } from './rule';

export const duplicateHookEvent: Rule = {
  id: 'duplicate-hook-event',
  defaultSeverity: 'hint',
  judges: 'resource',
  checksUnrendered: true,
  perDocument: true,
  summary: 'Hook event listed twice',
  rationale: [
    'Helm keeps every event of `helm.sh/hook`, duplicates included, and when a phase runs it adds the hook once per matching event',
    '(`execHookWithDelayedShutdown`), so `pre-install,pre-install` runs the hook twice in one phase.',
    '`test-success` is the legacy name of `test`, so `test,test-success` is a duplicate too.',
  ].join(' '),
  example: { bad: '"helm.sh/hook": pre-install,pre-install', good: '"helm.sh/hook": pre-install' },
  fixDescription: 'Removes the repeated events.',
  check(context) {
    for (const { site, list } of listSites(context, hookKey)) {
      // Events in different `if`/`else` branches may never be rendered together.
      if (list.conditional) continue;
      const firstSeen = new Map<string, string>();
      const repeated: number[] = [];
      list.tokens.forEach((token, index) => {
        const event = token.partial ? undefined : canonicalEvent(token.normalized);
        if (event === undefined) return;
        if (firstSeen.has(event)) repeated.push(index);
        else firstSeen.set(event, shownText(token.raw.trim()));
      });
      if (repeated.length === 0) continue;
      const edits = removeTokensEdits(site.file, site.text, list, repeated);
      const whole = shownValue(site.entry.value);
      for (const index of list.exact ? repeated : repeated.slice(0, 1)) {
        const token = list.tokens[index];
        const written = shownText(token.raw.trim());
        const event = canonicalEvent(token.normalized)!;
        const first = firstSeen.get(event)!;
        const repeats = first.toLowerCase() === written.toLowerCase() ? `is listed twice in "${whole}"` : `repeats "${first}" in "${whole}"`;
        context.report({
          file: site.file,
          span: token.span,
          message: `"${written}" ${repeats}: Helm runs this hook twice in ${event}.`,
          fixes: edits ? [fix(`Remove the repeated "${written}"`, edits, true)] : [],
        });
      }
    }
  },
};
