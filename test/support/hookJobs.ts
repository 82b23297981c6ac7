/** Generated templates of many hook Jobs, for the keystroke tests. */

/**
 * Hook Job `index`: weights repeat (ties), some names repeat, one weight in five is not a
 * string; its event and delete policy cycle through `events` and `policies` ('' for none).
 */
export function hookJob(index: number, events: readonly string[], policies: readonly string[]): string {
  const weight = index % 5 === 0 ? `${index % 4}` : `"${(index % 7) - 3}"`;
  const policy = policies[index % policies.length];
  const name = index % 9 === 0 ? '{{ .Release.Name }}-shared' : `{{ .Release.Name }}-hook-${index}`;
  return [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    `    "helm.sh/hook": ${events[index % events.length]}`,
    `    "helm.sh/hook-weight": ${weight}`,
    ...(policy ? [`    "helm.sh/hook-delete-policy": ${policy}`] : []),
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    `        - name: step-${index}`,
    '          image: "busybox:{{ .Values.tag }}"',
  ].join('\n');
}
