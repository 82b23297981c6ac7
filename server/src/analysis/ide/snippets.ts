/**
 * The hook snippets the server offers as completion items, each only where its text fits:
 * whole resources where a new document may start, the annotations block under a manifest's
 * top-level `metadata`. They are not contributed to VS Code as `contributes.snippets`: VS Code
 * appends those to every completion list, event and weight values included.
 */

/** Where a snippet fits: a new document, or a key of a manifest's top-level `metadata`. */
export type SnippetPlace = 'document' | 'metadata';

export interface HookSnippet {
  readonly name: string;
  /** The completion label, which the typed word is matched against. */
  readonly prefix: string;
  readonly place: SnippetPlace;
  readonly description: string;
  /** Lines in VS Code snippet syntax (`${1:default}`); Go template `$` and `}` would need escaping. */
  readonly body: readonly string[];
}

export const hookSnippets: readonly HookSnippet[] = [
  {
    name: 'Helm hook: database migration Job',
    prefix: 'helm-hook-migration-job',
    place: 'document',
    description:
      "A Job that migrates the database after install and upgrade. before-hook-creation,hook-succeeded keeps a failed Job and its logs until the next run; restartPolicy Never, a small backoffLimit and an activeDeadlineSeconds below Helm's --timeout (5m per hook) make the Job fail before Helm times out.",
    body: [
      "apiVersion: batch/v1",
      "kind: Job",
      "metadata:",
      "  name: {{ include \"${1:chart}.fullname\" . }}-${2:migrate}",
      "  labels:",
      "    {{- include \"$1.labels\" . | nindent 4 }}",
      "  annotations:",
      "    \"helm.sh/hook\": ${3|post-install\\,post-upgrade,pre-install\\,pre-upgrade|}",
      "    \"helm.sh/hook-weight\": \"${4:0}\"",
      "    \"helm.sh/hook-delete-policy\": before-hook-creation,hook-succeeded",
      "spec:",
      "  backoffLimit: ${5:1}",
      "  activeDeadlineSeconds: ${6:240}",
      "  template:",
      "    metadata:",
      "      labels:",
      "        app.kubernetes.io/instance: {{ .Release.Name }}",
      "        app.kubernetes.io/component: $2",
      "    spec:",
      "      restartPolicy: Never",
      "      containers:",
      "        - name: $2",
      "          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}\"",
      "          command: [\"${7:./migrate}\", \"${8:up}\"]",
      "$0",
    ],
  },
  {
    name: 'Helm hook: backup Job before upgrade',
    prefix: 'helm-hook-backup-job',
    place: 'document',
    description:
      "A Job that backs up data before an upgrade (and, if chosen, before a rollback), at a low weight so it runs before the phase's other hooks.",
    body: [
      "apiVersion: batch/v1",
      "kind: Job",
      "metadata:",
      "  name: {{ include \"${1:chart}.fullname\" . }}-${2:backup}",
      "  labels:",
      "    {{- include \"$1.labels\" . | nindent 4 }}",
      "  annotations:",
      "    \"helm.sh/hook\": ${3|pre-upgrade,pre-upgrade\\,pre-rollback|}",
      "    \"helm.sh/hook-weight\": \"${4:-10}\"",
      "    \"helm.sh/hook-delete-policy\": before-hook-creation,hook-succeeded",
      "spec:",
      "  backoffLimit: ${5:0}",
      "  activeDeadlineSeconds: ${6:240}",
      "  template:",
      "    metadata:",
      "      labels:",
      "        app.kubernetes.io/instance: {{ .Release.Name }}",
      "        app.kubernetes.io/component: $2",
      "    spec:",
      "      restartPolicy: Never",
      "      containers:",
      "        - name: $2",
      "          image: \"{{ .Values.${7:backup}.image }}\"",
      "          command: [\"/bin/sh\", \"-c\"]",
      "          args:",
      "            - ${8:echo \"write the backup here\"}",
      "$0",
    ],
  },
  {
    name: 'Helm hook: cleanup Job before delete',
    prefix: 'helm-hook-cleanup-job',
    place: 'document',
    description:
      "A Job that cleans up before helm uninstall deletes the release. If it fails, the uninstall stops (helm uninstall --no-hooks skips it), so keep it short and bounded.",
    body: [
      "apiVersion: batch/v1",
      "kind: Job",
      "metadata:",
      "  name: {{ include \"${1:chart}.fullname\" . }}-${2:cleanup}",
      "  labels:",
      "    {{- include \"$1.labels\" . | nindent 4 }}",
      "  annotations:",
      "    \"helm.sh/hook\": pre-delete",
      "    \"helm.sh/hook-weight\": \"${3:0}\"",
      "    \"helm.sh/hook-delete-policy\": before-hook-creation,hook-succeeded",
      "spec:",
      "  backoffLimit: ${4:1}",
      "  activeDeadlineSeconds: ${5:120}",
      "  template:",
      "    metadata:",
      "      labels:",
      "        app.kubernetes.io/instance: {{ .Release.Name }}",
      "        app.kubernetes.io/component: $2",
      "    spec:",
      "      restartPolicy: Never",
      "      containers:",
      "        - name: $2",
      "          image: \"{{ .Values.${6:cleanup}.image }}\"",
      "          command: [\"/bin/sh\", \"-c\"]",
      "          args:",
      "            - ${7:echo \"clean up here\"}",
      "$0",
    ],
  },
  {
    name: 'Helm hook: test Pod',
    prefix: 'helm-hook-test-pod',
    place: 'document',
    description:
      "A Pod that helm test runs. restartPolicy Never lets it reach Succeeded or Failed; with the default Always, Helm would wait until --timeout.",
    body: [
      "apiVersion: v1",
      "kind: Pod",
      "metadata:",
      "  name: {{ include \"${1:chart}.fullname\" . }}-${2:test-connection}",
      "  labels:",
      "    {{- include \"$1.labels\" . | nindent 4 }}",
      "  annotations:",
      "    \"helm.sh/hook\": test",
      "    \"helm.sh/hook-weight\": \"${3:0}\"",
      "    \"helm.sh/hook-delete-policy\": before-hook-creation,hook-succeeded",
      "spec:",
      "  restartPolicy: Never",
      "  containers:",
      "    - name: ${4:wget}",
      "      image: ${5:busybox}",
      "      command: [\"wget\"]",
      "      args: ['{{ include \"$1.fullname\" . }}:{{ .Values.service.port }}']",
      "$0",
    ],
  },
  {
    name: 'Helm hook: ServiceAccount for hooks',
    prefix: 'helm-hook-serviceaccount',
    place: 'document',
    description:
      "A ServiceAccount for hook Jobs. Pre-install hooks run before any normal resource of the release exists, so what they use must itself be a hook of the same events with a lower weight.",
    body: [
      "apiVersion: v1",
      "kind: ServiceAccount",
      "metadata:",
      "  name: {{ include \"${1:chart}.fullname\" . }}-${2:hooks}",
      "  labels:",
      "    {{- include \"$1.labels\" . | nindent 4 }}",
      "  annotations:",
      "    \"helm.sh/hook\": ${3|pre-install\\,pre-upgrade,post-install\\,post-upgrade|}",
      "    \"helm.sh/hook-weight\": \"${4:-5}\"",
      "    \"helm.sh/hook-delete-policy\": ${5|before-hook-creation,before-hook-creation\\,hook-succeeded|}",
      "$0",
    ],
  },
  {
    name: 'Helm hook: ConfigMap for hooks',
    prefix: 'helm-hook-configmap',
    place: 'document',
    description:
      "A ConfigMap for hook Jobs. Pre-install hooks run before any normal resource of the release exists, so what they read must itself be a hook of the same events with a lower weight.",
    body: [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      "  name: {{ include \"${1:chart}.fullname\" . }}-${2:hooks}",
      "  labels:",
      "    {{- include \"$1.labels\" . | nindent 4 }}",
      "  annotations:",
      "    \"helm.sh/hook\": ${3|pre-install\\,pre-upgrade,post-install\\,post-upgrade|}",
      "    \"helm.sh/hook-weight\": \"${4:-5}\"",
      "    \"helm.sh/hook-delete-policy\": ${5|before-hook-creation,before-hook-creation\\,hook-succeeded|}",
      "data:",
      "  ${6:config.yaml}: |",
      "    {{- toYaml .Values.${7:hooks.config} | nindent 4 }}",
      "$0",
    ],
  },
  {
    name: 'Helm hook: annotations',
    prefix: 'helm-hook-annotations',
    place: 'metadata',
    description:
      "The hook annotations of a resource's metadata: events, weight (a quoted integer) and delete policy.",
    body: [
      "annotations:",
      "  \"helm.sh/hook\": ${1|pre-install\\,pre-upgrade,post-install\\,post-upgrade,pre-upgrade,post-upgrade,pre-delete,post-delete,pre-rollback,post-rollback,test|}",
      "  \"helm.sh/hook-weight\": \"${2:0}\"",
      "  \"helm.sh/hook-delete-policy\": ${3|before-hook-creation\\,hook-succeeded,before-hook-creation|}",
      "$0",
    ],
  },
];

/** The snippets that fit `place`, with the chart's helper prefix (`<x>` of `<x>.fullname`) as the default of `${1:chart}` when known. */
export function snippetsAt(place: SnippetPlace, helperOwner: string | undefined): { snippet: HookSnippet; text: string }[] {
  return hookSnippets
    .filter((snippet) => snippet.place === place)
    .map((snippet) => {
      const text = snippet.body.join('\n');
      return { snippet, text: helperOwner === undefined ? text : text.replace('${1:chart}', `\${1:${escapePlaceholder(helperOwner)}}`) };
    });
}

/** Text inside a placeholder: `$`, `}` and `\` are escaped. */
function escapePlaceholder(text: string): string {
  return text.replace(/[$}\\]/g, (char) => `\\${char}`);
}
