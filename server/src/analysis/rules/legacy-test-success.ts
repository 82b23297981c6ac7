/** Rule legacy-test-success: `helm.sh/hook` uses `test-success`, Helm 2's name for the `test` event. */
import { hookKey } from '../helm/hooks';
import { fix, judgeableTokens, listSites, replace, shownText } from './support/helpers';
import type { Rule } from './rule';

export const legacyTestSuccess: Rule = {
  id: 'legacy-test-success',
  defaultSeverity: 'hint',
  judges: 'resource',
  checksUnrendered: true,
  perDocument: true,
  summary: 'Legacy test-success event',
  rationale: [
    '`test-success` is the Helm 2 name of the `test` event. Helm 3 and 4 still accept it and map it to `test`',
    '("backward compatibility with Helm 2 tests", `manifest_sorter.go`), so it works, but `test` is the name the Helm documentation uses.',
    'Its Helm 2 sibling `test-failure` is no longer accepted, which makes the old name misleading.',
  ].join(' '),
  example: { bad: '"helm.sh/hook": test-success', good: '"helm.sh/hook": test' },
  fixDescription: 'Replaces `test-success` with `test`.',
  check(context) {
    for (const { site, list } of listSites(context, hookKey)) {
      for (const token of judgeableTokens(list)) {
        if (token.normalized !== 'test-success') continue;
        context.report({
          file: site.file,
          span: token.span,
          message: `Hook event "${shownText(token.raw.trim())}" is the Helm 2 name of "test"; Helm still accepts it, but "test" is current.`,
          fixes: list.exact ? [fix('Change to "test"', [replace(site.file, token.span, 'test')], true)] : [],
        });
      }
    }
  },
};
