/** Rule unused-suppression: a `helm-hooks-disable-…` comment names a rule that reported nothing there. */
import { removeIdEdit } from '../suppress/edits';
import { fix } from './support/helpers';
import type { Rule } from './rule';

export const unusedSuppression: Rule = {
  id: 'unused-suppression',
  defaultSeverity: 'hint',
  judges: 'source',
  summary: 'Suppression comment that silences no finding',
  rationale: [
    'A `# helm-hooks-disable-next-line RULE` comment (or `{{- /* helm-hooks-disable-next-line RULE */}}`) silences',
    'the findings of RULE that start on the next line; `helm-hooks-disable-file RULE` silences them in the whole file.',
    'Once the line is fixed or moved, the comment silences nothing, and it would hide the next real finding there.',
    'This rule reports such an id, once the other rules have run with the same settings and values. An id of a rule',
    'that is off (or that failed) is not reported: whether it would silence something is not known.',
  ].join(' '),
  example: {
    bad: '# helm-hooks-disable-next-line unknown-hook-event\n"helm.sh/hook": pre-install',
    good: '# helm-hooks-disable-next-line unknown-hook-event\n"helm.sh/hook": pre-instal',
  },
  fixDescription: 'Removes the id from the comment, or the comment when it names nothing else (offered, not applied by `--fix`).',
  reviewsSuppressions: true,
  check(context) {
    for (const { directive, ids } of context.suppressions()) {
      ids.forEach((entry, position) => {
        if (entry.status !== 'unused') return;
        const where = directive.scope === 'file' ? 'in this file' : 'on the next line';
        context.report({
          file: directive.file,
          span: entry.span,
          message: `The suppression of ${entry.id} silences no finding ${where}.`,
          fixes: [fix(`Remove the suppression of ${entry.id}`, [removeIdEdit(directive, position)], false)],
        });
      });
    }
  },
};
