/**
 * Rule template-syntax-error: a template file Go's template parser rejects (unclosed `{{`, unmatched `end`, …),
 * and, as a warning, a document whose YAML this tool refused to parse (see yaml/parseGuard.ts), so it is never dropped silently.
 */
import { templateFileView } from '../model/sourceView';
import { maxFlowDepth } from '../yaml/parseGuard';
import type { Rule } from './rule';

/** Why a document's YAML was not read, said to the user so its hooks are not silently unchecked. */
const refusalReasons = {
  'flow-too-deep': `its flow collections (\`[\`/\`{\`) nest deeper than ${maxFlowDepth} levels`,
  'parser-failed': 'the YAML parser gave up on it (nesting too deep)',
} as const;

export const templateSyntaxError: Rule = {
  id: 'template-syntax-error',
  defaultSeverity: 'error',
  judges: 'source',
  summary: 'Template syntax error',
  rationale: [
    'Helm parses every file under `templates/` (partials and NOTES.txt included) with Go\'s text/template before it renders anything.',
    'One parse error, such as an action without `}}`, an `if` without `end` or an `end` without a block, fails `helm install`, `upgrade`,',
    '`template` and `lint` for the whole chart, so none of its resources or hooks are applied.',
    `A document whose flow collections nest deeper than ${maxFlowDepth} levels is not read as YAML by this tool (to stay safe on hostile input);`,
    'that is reported as a warning at the document, because its hook annotations then go unchecked.',
  ].join(' '),
  example: { bad: '"helm.sh/hook": {{ .Values.hookEvents }', good: '"helm.sh/hook": {{ .Values.hookEvents }}' },
  check(context) {
    for (const file of context.chart.files) {
      for (const doc of file.documents) {
        if (!doc.yamlRefused) continue;
        // At the document's first line with text, so the finding is never empty.
        let start = doc.span.start;
        while (start < doc.span.end && /\s/.test(file.text[start])) start++;
        let end = start;
        while (end < doc.span.end && file.text[end] !== '\n' && file.text[end] !== '\r') end++;
        context.report({
          file: file.path,
          span: { start, end: Math.max(end, Math.min(start + 1, doc.span.end)) },
          severity: 'warning',
          message: `Hook annotations here were not checked: ${refusalReasons[doc.yamlRefused]}.`,
        });
      }
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
          message: `${error.message.replace(/\.$/, '')}: Helm cannot parse this file, so the chart does not render.`,
        });
      }
    }
  },
};
