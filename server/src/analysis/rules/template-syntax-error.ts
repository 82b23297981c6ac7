/** Rule template-syntax-error: a template file Go's template parser rejects (unclosed `{{`, unmatched `end`, …). */
import { templateFileView } from '../sourceView';
import type { Rule } from './rule';

export const templateSyntaxError: Rule = {
  id: 'template-syntax-error',
  defaultSeverity: 'error',
  judges: 'source',
  summary: 'Template syntax error',
  rationale: [
    'Helm parses every file under `templates/` (partials and NOTES.txt included) with Go\'s text/template before it renders anything.',
    'One parse error, such as an action without `}}`, an `if` without `end` or an `end` without a block, fails `helm install`, `upgrade`,',
    '`template` and `lint` for the whole chart, so none of its resources or hooks are applied.',
  ].join(' '),
  example: { bad: '"helm.sh/hook": {{ .Values.hookEvents }', good: '"helm.sh/hook": {{ .Values.hookEvents }}' },
  check(context) {
    for (const file of context.chart.files) {
      const errors = templateFileView(file).syntaxErrors();
      if (errors.length === 0) continue;
      const seen = new Set<string>();
      for (const error of errors) {
        const key = `${error.span.start}:${error.span.end}:${error.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        context.report({
          file: file.path,
          span: error.span,
          message: `${error.message.replace(/\.$/, '')}: Helm cannot parse ${file.path}, so the chart does not render.`,
        });
      }
    }
  },
};
