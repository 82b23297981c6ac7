/** Rule hook-restart-policy: a Pod hook that restarts forever, or a Job hook with a restart policy the API rejects. */
import type { TextEdit } from '../types';
import { endOfLine, indentationAt } from '../text/lineIndex';
import { fix, replace } from './support/helpers';
import { liveHooks, mayPrintKeysAt, type LiveHook } from './support/hookResources';
import { lineEnding } from './support/insertions';
import type { Rule } from './rule';
import { withoutTrailingComment } from '../text/trim';

export const hookRestartPolicy: Rule = {
  id: 'hook-restart-policy',
  defaultSeverity: 'error',
  judges: 'resource',
  checksUnrendered: true,
  summary: 'Hook Pod or Job with restartPolicy Always',
  rationale: [
    'Helm waits for a Pod hook until its phase is `Succeeded` (or `Failed`), and for a Job hook until it is `Complete`',
    '(both the Helm 3 watcher and Helm 4\'s kstatus readers). A Pod\'s `restartPolicy` defaults to `Always`: its',
    'containers are restarted after they exit, the Pod never reaches `Succeeded`, and Helm waits until `--timeout`',
    '(5 minutes by default) and then fails the phase. A Job\'s pod template must use `OnFailure` or `Never`; the API',
    'server rejects `Always`, so the hook fails when its phase runs, after earlier phases have already changed the',
    'cluster. A templated `restartPolicy` is not judged.',
  ].join(' '),
  example: {
    bad: 'kind: Pod\nmetadata:\n  annotations:\n    "helm.sh/hook": test\nspec:\n  containers: []',
    good: 'kind: Pod\nmetadata:\n  annotations:\n    "helm.sh/hook": test\nspec:\n  restartPolicy: Never\n  containers: []',
  },
  fixDescription: 'Sets `restartPolicy: Never`: inserted into the pod spec when it is missing, or replacing `Always`.',
  check(context) {
    for (const resource of liveHooks(context.chart)) {
      if (resource.kind !== 'Pod' && resource.kind !== 'Job') continue;
      const pod = resource.doc.podSpec;
      if (!pod) continue;
      const policy = pod.restartPolicy;
      if (policy) {
        if (policy.type !== 'string' || policy.value !== 'Always') continue;
        context.report({
          file: resource.file.path,
          span: policy.span,
          message: resource.kind === 'Pod'
            ? `restartPolicy "Always" restarts this Pod hook forever: it never reaches Succeeded, and Helm waits until --timeout.`
            : `restartPolicy "Always" on a Job is rejected by the API server (only OnFailure or Never), so the hook fails.`,
          fixes: [fix('Change restartPolicy to Never', [replace(resource.file.path, policy.contentSpan, 'Never')], true)],
        });
        continue;
      }
      if (resource.kind !== 'Pod' || !resource.doc.specKeySpan || !resource.doc.kind) continue;
      if (mayPrintKeysAt(resource.view, { start: resource.doc.specKeySpan.end, end: pod.valueSpan.end }, pod.childIndent.length)) continue;
      const edit = insertRestartPolicy(resource);
      context.report({
        file: resource.file.path,
        // The Pod itself is what restarts forever: point at its kind, as `spec:` has nothing to underline.
        span: resource.doc.kind.span,
        message: 'This Pod hook has no restartPolicy: it defaults to Always, never reaches Succeeded, and Helm waits until --timeout.',
        fixes: edit ? [fix('Add restartPolicy: Never', [edit], true)] : [],
      });
    }
  },
};

/** `restartPolicy: Never` as the first key of a block-style pod spec, under the same conditions as `spec:`. */
function insertRestartPolicy(resource: LiveHook): TextEdit | undefined {
  const { text, path } = resource.file;
  const specKey = resource.doc.specKeySpan!;
  const pod = resource.doc.podSpec!;
  const keyLineEnd = endOfLine(text, specKey.end);
  const rest = withoutTrailingComment(text.slice(specKey.end, keyLineEnd)).trim();
  if (rest !== ':' || pod.valueSpan.start <= keyLineEnd || keyLineEnd >= text.length) return undefined;
  if (pod.childIndent.length <= indentationAt(text, specKey.start).length) return undefined;
  if (!resource.view.sameConditions(specKey.start, keyLineEnd)) return undefined;
  const eol = lineEnding(text);
  return { file: path, span: { start: keyLineEnd, end: keyLineEnd }, newText: `${eol}${pod.childIndent}restartPolicy: Never` };
}
