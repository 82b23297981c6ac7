/** Rule unknown-hook-event: `helm.sh/hook` names an event Helm does not know, so Helm drops the resource. */
import { canonicalEvent, hookEvents, hookKey, nearest } from '../helm/hooks';
import { fix, judgeableTokens, listSites, replace, shownText } from './support/helpers';
import type { Rule } from './rule';

const removedInHelm3: Readonly<Record<string, string>> = {
  'crd-install': 'Helm 3 removed the crd-install hook; put the CustomResourceDefinition in the chart\'s crds/ folder instead.',
  'test-failure': 'Helm 3 removed the test-failure hook and has no replacement; write the test so that it fails as a `test` hook.',
};

export const unknownHookEvent: Rule = {
  id: 'unknown-hook-event',
  defaultSeverity: 'error',
  judges: 'resource',
  summary: 'Unknown hook event',
  rationale: [
    'Helm splits `helm.sh/hook` on commas, trims and lower-cases each token, and compares it with its list of events:',
    '`pre-install`, `post-install`, `pre-upgrade`, `post-upgrade`, `pre-rollback`, `post-rollback`, `pre-delete`, `post-delete`, `test` (and the legacy `test-success`).',
    'If any token is unknown, Helm skips the **whole document**: it is neither run as a hook nor installed as a normal resource,',
    'and Helm 4 only logs `level=INFO msg="skipping unknown hooks" hookTypes=…` on stderr (`helm lint` says nothing) (`manifest_sorter.go`, `isUnknownHook`). The Helm 2 events `crd-install` and `test-failure` are unknown in Helm 3 and 4.',
  ].join(' '),
  example: { bad: '"helm.sh/hook": pre-instal', good: '"helm.sh/hook": pre-install' },
  fixDescription: 'Replaces the token with the nearest known event, when exactly one is within two edits.',
  check(context) {
    for (const { site, list } of listSites(context, hookKey)) {
      for (const token of judgeableTokens(list)) {
        if (canonicalEvent(token.normalized) !== undefined) continue;
        if (/\s/.test(token.normalized)) continue; // space-separated-hook-events reports these.
        const raw = shownText(token.raw.trim());
        const removed = removedInHelm3[token.normalized];
        if (removed) {
          context.report({ file: site.file, span: token.span, message: `Unknown hook event "${raw}": ${removed}` });
          continue;
        }
        const suggestion = list.exact ? nearest(token.normalized, [...hookEvents, 'test-success'], 2) : undefined;
        context.report({
          file: site.file,
          span: token.span,
          message: `Unknown hook event "${raw}": Helm skips this whole resource, so it is neither run as a hook nor installed${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
          fixes: suggestion ? [fix(`Change to "${suggestion}"`, [replace(site.file, token.span, suggestion)], true)] : [],
        });
      }
    }
  },
};
