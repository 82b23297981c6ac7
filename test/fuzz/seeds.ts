/**
 * Seed texts for the property tests: real templates from the shared corpus when it is there,
 * the project's own fixtures, and a few templates written here, so the tests never depend
 * on the corpus alone. Seeds are kept small so that a short run explores many mutations.
 */
import * as fs from 'fs';
import * as path from 'path';
import { corpusRoot } from '../support/corpus';

export interface Seed {
  /** Where the seed came from, for failure reports. */
  readonly origin: string;
  /** Chart-relative path to analyse it under (keeps partials partial). */
  readonly path: string;
  readonly text: string;
}

/** Largest seed read from disk; bigger files slow a run without adding new shapes. */
const maxSeedBytes = 16 * 1024;

/** The corpus folder (HELM_HOOKS_CORPUS, else `../shared/corpus` beside the repository), when there is one. */
export { corpusRoot };

export function templateSeeds(): Seed[] {
  const seeds: Seed[] = [...ownSeeds()];
  const fixtures = path.resolve('test', 'fixtures');
  for (const file of walk(path.join(fixtures, 'rules')).concat(walk(path.join(fixtures, 'regressions')))) {
    if (/\.(ya?ml|tpl)$/.test(file) && !/\.fixed\./.test(file) && !file.endsWith('Chart.yaml') && !file.endsWith('values.yaml')) seeds.push(readSeed(file, fixtures));
  }
  const corpus = corpusRoot();
  if (corpus) {
    for (const file of walk(corpus)) {
      if (!/\/templates\/.*\.(ya?ml|tpl)$/.test(file)) continue;
      if (fs.statSync(file).size > maxSeedBytes) continue;
      seeds.push(readSeed(file, corpus));
    }
  }
  // Files with hook annotations first: the mutators favour them (see properties.ts).
  return seeds.sort((a, b) => Number(b.text.includes('helm.sh/hook')) - Number(a.text.includes('helm.sh/hook')) || (a.origin < b.origin ? -1 : 1));
}

/** Small values files with hook annotations kept as data (the cert-manager pattern). */
export function valuesSeeds(): Seed[] {
  return [
    { origin: 'own:values-hooks', path: 'values.yaml', text: ownValues },
    { origin: 'own:values-empty', path: 'values.yaml', text: 'replicaCount: 1\n' },
  ];
}

function readSeed(file: string, root: string): Seed {
  const relative = path.relative(root, file).split(path.sep).join('/');
  const base = path.basename(file);
  return { origin: relative, path: `templates/${base.startsWith('_') ? base : base.replace(/\.tpl$/, '.yaml')}`, text: fs.readFileSync(file, 'utf8') };
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const result: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) result.push(...walk(full));
    else if (entry.isFile()) result.push(full);
  }
  return result;
}

function ownSeeds(): Seed[] {
  return [
    { origin: 'own:hook-job', path: 'templates/job.yaml', text: ownJob },
    { origin: 'own:dict-annotations', path: 'templates/secret.yaml', text: ownDict },
    { origin: 'own:helpers', path: 'templates/_helpers.tpl', text: ownHelpers },
  ];
}

const ownJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "demo.fullname" . }}-migrate
  labels:
    {{- include "demo.labels" . | nindent 4 }}
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    "helm.sh/hook-weight": "-5"
    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
    {{- with .Values.migrate.annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  backoffLimit: 2
  ttlSecondsAfterFinished: 300
  template:
    metadata:
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    spec:
      restartPolicy: OnFailure
      serviceAccountName: {{ .Values.serviceAccount.name | default "demo" }}
      containers:
        - name: migrate
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          envFrom:
            - configMapRef:
                name: demo-config
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: demo-config
  annotations:
    helm.sh/hook: {{ .Values.configHook | default "pre-install" }}
    helm.sh/hook-weight: '-10'
data:
  key: value
`;

const ownDict = `{{- $annotations := dict "helm.sh/hook" "pre-install,pre-upgrade" "helm.sh/hook-weight" "0" }}
{{- if .Values.keepSecret }}
{{- $_ := set $annotations "helm.sh/hook-delete-policy" "before-hook-creation" }}
{{- end }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-secret
  annotations: {{- toYaml $annotations | nindent 4 }}
type: Opaque
stringData:
  password: {{ randAlphaNum 16 | quote }}
`;

const ownHelpers = `{{/* Common labels */}}
{{- define "demo.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
{{- end }}
{{- define "demo.hookAnnotations" -}}
{{- $hook := dict "helm.sh/hook" "post-install" "helm.sh/hook-delete-policy" "hook-succeeded" -}}
{{- toYaml $hook }}
{{- end -}}
`;

const ownValues = `migrate:
  annotations: {}
jobAnnotations:
  "helm.sh/hook": post-install
  helm.sh/hook-weight: "1"
  helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
serviceAccount:
  name: demo
`;
