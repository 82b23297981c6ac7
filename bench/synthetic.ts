/**
 * Synthetic inputs the corpus does not have: a 5,000-line template of 100 hook documents and
 * charts of any number of templates. Generated, so the benchmark runs the same on any clone.
 */
import type { ChartInput, SourceFile } from '../server/src/analysis';

const events = ['pre-install', 'pre-install,pre-upgrade', 'post-install', 'post-upgrade', 'pre-delete', 'test', 'pre-rollback'];

/** One hook Job document of exactly 50 lines; `index` varies names, events and weights. */
function hookJob(index: number): string[] {
  const lines = [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: {{ include "bench.fullname" . }}-hook-${index}`,
    '  labels:',
    '    {{- include "bench.labels" . | nindent 4 }}',
    `    app.kubernetes.io/component: hook-${index}`,
    '  annotations:',
    `    "helm.sh/hook": ${events[index % events.length]}`,
    `    "helm.sh/hook-weight": "${(index % 11) - 5}"`,
    '    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded',
    '    {{- with .Values.hooks.annotations }}',
    '    {{- toYaml . | nindent 4 }}',
    '    {{- end }}',
    'spec:',
    '  backoffLimit: 3',
    '  ttlSecondsAfterFinished: 600',
    '  template:',
    '    metadata:',
    '      labels:',
    '        {{- include "bench.selectorLabels" . | nindent 8 }}',
    '    spec:',
    '      restartPolicy: OnFailure',
    '      serviceAccountName: {{ include "bench.serviceAccountName" . }}',
    '      {{- with .Values.imagePullSecrets }}',
    '      imagePullSecrets:',
    '        {{- toYaml . | nindent 8 }}',
    '      {{- end }}',
    '      containers:',
    `        - name: step-${index}`,
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
    '          imagePullPolicy: {{ .Values.image.pullPolicy }}',
    '          command: ["/bin/sh", "-c"]',
    '          args:',
    `            - echo running step ${index} && sleep 1`,
    '          env:',
    '            - name: RELEASE',
    '              value: {{ .Release.Name | quote }}',
    '            - name: PASSWORD',
    '              valueFrom:',
    '                secretKeyRef:',
    '                  name: {{ include "bench.fullname" . }}-secret',
    '                  key: password',
    '          resources:',
    '            limits:',
    '              cpu: 100m',
    '              memory: 128Mi',
    '          volumeMounts: []',
    '      volumes: []',
  ];
  return [...lines, `# end of hook ${index}`];
}

/** A template of `documents` hook Jobs, 50 lines each plus separators (100 documents ≈ 5,000 lines). */
export function largeHookTemplate(documents = 100): string {
  const lines: string[] = [];
  for (let index = 0; index < documents; index++) {
    if (index > 0) lines.push('---');
    lines.push(...hookJob(index));
  }
  return `${lines.join('\n')}\n`;
}

/** A ConfigMap of about 40 lines, the ordinary resource of a synthetic chart. */
function configMap(index: number): string {
  const data = Array.from({ length: 30 }, (_, key) => `  key-${key}: "value {{ .Values.settings.v${key} | default ${key} }}"`);
  return ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: {{ .Release.Name }}-config-${index}`, '  labels:', '    {{- include "bench.labels" . | nindent 4 }}', 'data:', ...data, ''].join('\n');
}

/** A chart of `count` templates: every fifth is a hook Job, the rest ConfigMaps, plus a partial and values.yaml. */
export function syntheticChart(count: number): ChartInput {
  const templates: SourceFile[] = [{ path: 'templates/_helpers.tpl', text: '{{- define "bench.fullname" -}}{{ .Release.Name }}{{- end }}\n' }];
  for (let index = 0; index < count; index++) {
    const text = index % 5 === 0 ? `${hookJob(index).join('\n')}\n` : configMap(index);
    templates.push({ path: `templates/file-${String(index).padStart(4, '0')}.yaml`, text });
  }
  return {
    name: `bench-${count}`,
    chartYaml: { path: 'Chart.yaml', text: `apiVersion: v2\nname: bench-${count}\nversion: 0.1.0\n` },
    values: { path: 'values.yaml', text: 'image:\n  repository: busybox\n  tag: "1.36"\nhooks:\n  annotations: {}\n' },
    templates,
  };
}

/**
 * The synthetic chart of `count` templates made renderable (the helpers its templates include are
 * defined, and the ServiceAccount its hook Jobs run as is a resource of the release), named `name`:
 * what `check` renders and judges, for the scale rows.
 */
export function renderableChart(count: number, name: string): ChartInput {
  const chart = syntheticChart(count);
  const helpers = [
    `{{- define "bench.fullname" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end }}`,
    `{{- define "bench.selectorLabels" -}}`,
    `app.kubernetes.io/name: {{ .Chart.Name }}`,
    `app.kubernetes.io/instance: {{ .Release.Name }}`,
    `{{- end }}`,
    `{{- define "bench.labels" -}}`,
    `{{ include "bench.selectorLabels" . }}`,
    `helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}`,
    `{{- end }}`,
    `{{- define "bench.serviceAccountName" -}}{{ include "bench.fullname" . }}{{- end }}`,
    '',
  ].join('\n');
  const serviceAccount = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: {{ include "bench.serviceAccountName" . }}', '  labels:', '    {{- include "bench.labels" . | nindent 4 }}', ''].join('\n');
  const templates = [{ path: 'templates/_helpers.tpl', text: helpers }, { path: 'templates/serviceaccount.yaml', text: serviceAccount }, ...chart.templates.filter((file) => file.path !== 'templates/_helpers.tpl')];
  const values = { path: 'values.yaml', text: `${chart.values?.text ?? ''}settings: {}\n` };
  return { ...chart, name, values, chartYaml: { path: 'Chart.yaml', text: `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n` }, templates };
}

/** The chart with one character of one template changed, as an editor's keystroke would. */
export function withKeystroke(chart: ChartInput, round: number): ChartInput {
  const target = 1 + (round % (chart.templates.length - 1));
  const templates = chart.templates.map((file, index) => (index === target ? { path: file.path, text: `${file.text}# edit ${round}\n` } : file));
  return { ...chart, templates };
}

/**
 * One small hook Job (about 600 bytes). 13,548 of them make the 8 MB file of issue 16, where
 * work per annotation that rescanned the whole file made the analysis quadratic.
 */
function smallHookJob(index: number): string {
  return [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: {{ include "bench.fullname" . }}-hook-${index}`,
    '  labels:',
    '    {{- include "bench.labels" . | nindent 4 }}',
    '  annotations:',
    `    "helm.sh/hook": ${events[index % events.length]}`,
    `    "helm.sh/hook-weight": "${(index % 11) - 5}"`,
    '    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded',
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      serviceAccountName: {{ include "bench.serviceAccountName" . }}',
    '      containers:',
    `        - name: step-${index}`,
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
    `          command: ["/bin/sh", "-c", "echo step ${index}"]`,
  ].join('\n');
}

/** A template of `documents` small hook Jobs separated by `---` (13,548 documents ≈ 8 MB). */
export function manyHooksTemplate(documents = 13548): string {
  const parts: string[] = [];
  for (let index = 0; index < documents; index++) parts.push(smallHookJob(index));
  return `${parts.join('\n---\n')}\n`;
}

/** One line of `count` template actions (`{{ .Values.a }}` each), the 1M-action line of issue 16. */
export function manyActionsLine(count = 1_000_000): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wide\ndata:\n  line: "${'{{ .Values.a }}'.repeat(count)}"\n`;
}
