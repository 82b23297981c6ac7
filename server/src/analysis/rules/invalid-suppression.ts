/** Rule invalid-suppression: a `helm-hooks-disable-…` comment names no rule, or an id that is no rule. */
import { removeIdEdit } from '../suppress/edits';
import { fix } from './support/helpers';
import type { Rule } from './rule';

export const invalidSuppression: Rule = {
  id: 'invalid-suppression',
  defaultSeverity: 'warning',
  judges: 'source',
  summary: 'Suppression comment with an unknown rule id or none',
  rationale: [
    'A suppression comment silences only the rules it names by id (see [unused-suppression](#unused-suppression)).',
    'An id that is no rule of helm-hooks, often a typo, silences nothing, so the finding it was written for still shows',
    'or, worse, a later one is expected to be silenced and is not. A comment that names no rule silences nothing either:',
    'helm-hooks never reads a bare `helm-hooks-disable-file` as "every rule", so a stray comment cannot hide a whole file.',
  ].join(' '),
  example: {
    bad: '# helm-hooks-disable-next-line unknown-hook-events\n"helm.sh/hook": pre-instal',
    good: '# helm-hooks-disable-next-line unknown-hook-event\n"helm.sh/hook": pre-instal',
  },
  fixDescription: 'Replaces a misspelt id with the rule id it is closest to, when one is close; otherwise removes the id (offered, not applied by `--fix`).',
  reviewsSuppressions: true,
  check(context) {
    for (const { directive, ids } of context.suppressions()) {
      const comment = `helm-hooks-disable-${directive.scope}`;
      if (ids.length === 0) {
        context.report({ file: directive.file, span: directive.span, message: `This ${comment} comment names no rule, so it silences nothing; list the rule ids it should silence.` });
        continue;
      }
      ids.forEach((entry, position) => {
        if (entry.status !== 'unknown') return;
        const fixes = entry.suggestion
          ? [fix(`Change to ${entry.suggestion}`, [{ file: directive.file, span: entry.span, newText: entry.suggestion }], false)]
          : [fix(`Remove ${entry.id}`, [removeIdEdit(directive, position)], false)];
        const hint = entry.suggestion ? `; did you mean ${entry.suggestion}?` : '.';
        context.report({ file: directive.file, span: entry.span, message: `"${entry.id}" in this comment is not a helm-hooks rule${hint}`, fixes });
      });
    }
  },
};
