/** Rule template-syntax-error: a template file Go's template parser rejects (unclosed `{{`, unmatched `end`, …). */
import type { TemplateAction } from '../template/scanner';
import type { Span } from '../types';
import type { Rule } from './rule';

export const templateSyntaxError: Rule = {
  id: 'template-syntax-error',
  defaultSeverity: 'error',
  summary: 'Template syntax error',
  rationale: [
    'Helm parses every file under `templates/` (partials and NOTES.txt included) with Go\'s text/template before it renders anything.',
    'One parse error, such as an action without `}}`, an `if` without `end` or an `end` without a block, fails `helm install`, `upgrade`,',
    '`template` and `lint` for the whole chart, so none of its resources or hooks are applied.',
  ].join(' '),
  example: { bad: '"helm.sh/hook": {{ .Values.hookEvents }', good: '"helm.sh/hook": {{ .Values.hookEvents }}' },
  check(context) {
    for (const file of context.chart.files) {
      if (file.scan.errors.length === 0) continue;
      const seen = new Set<string>();
      const structureKnown = !file.scan.actions.some(joinsKeywordAndField);
      for (const error of file.scan.errors) {
        const key = `${error.span.start}:${error.span.end}:${error.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (!structureKnown && isBlockError(file.scan.actions, error.span)) continue;
        context.report({
          file: file.path,
          span: error.span,
          message: `${error.message.replace(/\.$/, '')}: Helm cannot parse ${file.path}, so the chart does not render.`,
        });
      }
    }
  },
};

const keywords = ['if', 'else', 'end', 'range', 'with', 'define', 'block', 'template', 'break', 'continue'];

/**
 * Go ends a keyword at a dot, so `{{- with.Values.x }}` opens a block (argo-cd writes this).
 * The scanner reads `with.Values.x` as one word and misses the block; in such a file the
 * block errors are not trusted.
 */
function joinsKeywordAndField(action: TemplateAction): boolean {
  const first = action.tokens[0];
  return first?.kind === 'identifier' && keywords.some((keyword) => first.text.startsWith(`${keyword}.`));
}

/** An error about block structure (unmatched `end`, `else`, missing `end`), reported on a whole, closed action. */
function isBlockError(actions: readonly TemplateAction[], span: Span): boolean {
  return actions.some((action) => action.closed && action.kind !== 'comment' && action.span.start === span.start && action.span.end === span.end);
}
