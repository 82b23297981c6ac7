/**
 * Rule test-pod-restart-on-failure: a `helm test` Pod with `restartPolicy: OnFailure`, which
 * Kubernetes restarts after a failure instead of letting it fail, so the test hangs until --timeout.
 */
import { fix, replace } from './support/helpers';
import { liveHooks, resourceLabel } from './support/hookResources';
import type { Rule } from './rule';

export const testPodRestartOnFailure: Rule = {
  id: 'test-pod-restart-on-failure',
  defaultSeverity: 'warning',
  judges: 'resource',
  summary: 'Test Pod with restartPolicy OnFailure',
  rationale: [
    '`helm test` waits for each test Pod until its phase is `Succeeded` or `Failed`. With `restartPolicy: OnFailure` the',
    'kubelet restarts a container that exits with an error, so a failing test never reaches `Failed`: the Pod stays',
    '`Running` (or in `CrashLoopBackOff`) and Helm waits the whole `--timeout` (5 minutes by default), then reports',
    '`resource Pod/<ns>/<name> not ready. status: InProgress, message: Pod in progress` and `context deadline exceeded`',
    'instead of the test\'s failure. A test should fail at once: use `restartPolicy: Never`, as Helm\'s own test example does.',
    'A passing test is not affected. Only Pods are judged: a Job test hook counts its retries with `backoffLimit` and then fails.',
    '`Always` and a missing `restartPolicy` are [hook-restart-policy](#hook-restart-policy)\'s findings; a templated value is not judged.',
  ].join(' '),
  example: {
    bad: 'kind: Pod\nmetadata:\n  annotations:\n    "helm.sh/hook": test\nspec:\n  restartPolicy: OnFailure\n  containers: []',
    good: 'kind: Pod\nmetadata:\n  annotations:\n    "helm.sh/hook": test\nspec:\n  restartPolicy: Never\n  containers: []',
  },
  fixDescription: 'Changes `OnFailure` to `Never`.',
  check(context) {
    for (const resource of liveHooks(context.chart)) {
      if (resource.kind !== 'Pod' || !(resource.hook.knownEvents ?? []).includes('test')) continue;
      const policy = resource.doc.podSpec?.restartPolicy;
      if (!policy || policy.type !== 'string' || policy.value !== 'OnFailure') continue;
      // `{{ if … }}OnFailure{{ else }}Never{{ end }}`: which one renders is the values' choice.
      if (resource.view.piecesIn(policy.span.start, policy.span.end).length > 0) continue;
      context.report({
        file: resource.file.path,
        span: policy.span,
        message: `Test ${resourceLabel(resource)} has restartPolicy OnFailure, so a failing test restarts until --timeout instead of failing.`,
        fixes: [fix('Change restartPolicy to Never', [replace(resource.file.path, policy.contentSpan, 'Never')], true)],
      });
    }
  },
};
