/**
 * The dependency rules beyond what caret fixtures show: the multi-file fix that turns a
 * normal object into a hook (not preferred, so the fixture harness does not apply it), the
 * weight edits for each way a weight can be written, and the related locations.
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyzeChart, applyEdits, getExecutionPlan, isPhaseStep, mapSources, type ChartInput, type Finding } from '../../server/src/analysis';
import { fixturesRoot, loadFixture } from './support/fixtures';

const dependsOnRelease = 'hook-depends-on-release-resource';
const runsLater = 'hook-dependency-runs-later';

describe('making a normal dependency a hook', () => {
  const chart = loadFixture(path.join(fixturesRoot, 'rules', dependsOnRelease, 'pre-install-needs-normal')).chart;
  const findings = ofRule(chart, dependsOnRelease);

  it('offers the fix but not as the preferred one', () => {
    assert.equal(findings.length, 2);
    for (const finding of findings) {
      assert.equal(finding.fixes.length, 1);
      assert.equal(finding.fixes[0].isPreferred, false);
      assert.notEqual(finding.fixes[0].edits[0].file, finding.file, 'the edit is in the dependency\'s file');
    }
  });

  it('adds annotations under metadata when the object has none', () => {
    const finding = findings.find((candidate) => candidate.message.startsWith('ConfigMap'))!;
    const fixed = applyFix(chart, finding);
    assert.equal(text(fixed, 'templates/configmap.yaml'), [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  annotations:',
      '    "helm.sh/hook": pre-install,pre-upgrade',
      '    "helm.sh/hook-weight": "4"',
      '  name: app-config',
      '  labels:',
      '    app: demo',
      'data:',
      '  migrate.sql: "select 1"',
      '',
    ].join('\n'));
    assertParses(text(fixed, 'templates/configmap.yaml'));
    const after = analyzeChart(fixed).findings;
    assert.ok(!after.some((other) => other.rule === dependsOnRelease && other.message.startsWith('ConfigMap')), 'the finding is gone');
    assert.ok(!after.some((other) => other.rule === runsLater || other.rule === 'hook-dependency-missing-event'), 'the new hook runs first, in every phase of the Job');
    const preInstall = getExecutionPlan(fixed).lifecycles.install[0];
    assert.ok(isPhaseStep(preInstall));
    assert.deepEqual(preInstall.hooks.map((hook) => `${hook.kind} ${hook.name} ${hook.weight}`), ['ServiceAccount app-migrate -5', 'ConfigMap app-config 4', 'Job app-migrate 5']);
  });

  it('adds the keys to an existing annotations block in its key style', () => {
    const finding = findings.find((candidate) => candidate.message.startsWith('Secret'))!;
    const fixed = applyFix(chart, finding);
    assert.match(text(fixed, 'templates/secret.yaml'), /  annotations:\n    helm\.sh\/hook: pre-install,pre-upgrade\n    helm\.sh\/hook-weight: "4"\n    checksum\/values: abc\n/);
    assert.ok(!ofRule(fixed, dependsOnRelease).some((other) => other.message.startsWith('Secret')));
  });

  it('names the object it depends on; its file and line are the related location', () => {
    const finding = findings.find((candidate) => candidate.message.startsWith('ConfigMap'))!;
    assert.equal(finding.related.length, 1);
    assert.equal(finding.related[0].file, 'templates/configmap.yaml');
    assert.equal(text(chart, 'templates/configmap.yaml').slice(finding.related[0].span.start, finding.related[0].span.end), 'app-config');
    assert.match(finding.message, /^ConfigMap "app-config" is a normal resource: it does not exist yet when pre-install hooks run\.$/);
    assert.match(finding.related[0].message, /after the pre-install and pre-upgrade hooks/);
  });

  it('offers no fix for a PersistentVolumeClaim (recreating it as a hook would lose its data)', () => {
    const pvc = chartOf({
      'templates/pvc.yaml': 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n',
      'templates/job.yaml': jobNeeding('pre-install', '0', '      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: data\n'),
    });
    const [finding] = ofRule(pvc, dependsOnRelease);
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.fixes, []);
  });
});

describe('setting the weight of a later dependency', () => {
  it('inserts a weight after helm.sh/hook when there is none, keeping CRLF line endings', () => {
    for (const eol of ['\n', '\r\n']) {
      const account = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: b-sa', '  annotations:', '    "helm.sh/hook": pre-install', '    "helm.sh/hook-delete-policy": before-hook-creation', ''].join(eol);
      const chart = chartOf({ 'templates/sa.yaml': account, 'templates/job.yaml': jobNeeding('pre-install', '0', '      serviceAccountName: b-sa\n', 'a-job') });
      const [finding] = ofRule(chart, runsLater);
      assert.equal(finding.fixes[0].isPreferred, true);
      const fixed = applyFix(chart, finding);
      assert.equal(text(fixed, 'templates/sa.yaml'), account.replace(`pre-install${eol}`, `pre-install${eol}    "helm.sh/hook-weight": "-1"${eol}`));
      assert.deepEqual(ofRule(fixed, runsLater), []);
    }
  });

  it('adds a weight argument to a dict call, but not to a set call', () => {
    const withDict = '{{- $hook := dict "helm.sh/hook" "pre-install" }}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: z-secret\n  annotations:\n    {{- toYaml $hook | nindent 4 }}\n';
    const chart = chartOf({ 'templates/secret.yaml': withDict, 'templates/job.yaml': jobNeeding('pre-install', '0', '      imagePullSecrets:\n        - name: z-secret\n', 'a-job') });
    const [finding] = ofRule(chart, runsLater);
    const fixed = applyFix(chart, finding);
    assert.equal(text(fixed, 'templates/secret.yaml').split('\n')[0], '{{- $hook := dict "helm.sh/hook" "pre-install" "helm.sh/hook-weight" "-1" }}');
    assert.deepEqual(ofRule(fixed, runsLater), []);

    const withSet = '{{- $hook := dict }}\n{{- $_ := set $hook "helm.sh/hook" "pre-install" }}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: z-secret\n  annotations:\n    {{- toYaml $hook | nindent 4 }}\n';
    const [unfixable] = ofRule(chartOf({ 'templates/secret.yaml': withSet, 'templates/job.yaml': jobNeeding('pre-install', '0', '      imagePullSecrets:\n        - name: z-secret\n', 'a-job') }), runsLater);
    assert.deepEqual(unfixable.fixes, []);
  });

  it('quotes a weight written as a YAML number', () => {
    const account = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: b-sa\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: 3\n';
    const chart = chartOf({ 'templates/sa.yaml': account, 'templates/job.yaml': jobNeeding('pre-install', '0', '      serviceAccountName: b-sa\n', 'a-job') });
    const fixed = applyFix(chart, ofRule(chart, runsLater)[0]);
    assert.match(text(fixed, 'templates/sa.yaml'), /helm\.sh\/hook-weight: "-1"\n/);
  });
});

describe('messages', () => {
  it('says when a binding of the hook\'s service account is the missing object', () => {
    const chart = loadFixture(path.join(fixturesRoot, 'rules', 'post-delete-depends-on-release-resource', 'cleanup-needs-release-objects')).chart;
    const findings = ofRule(chart, 'post-delete-depends-on-release-resource');
    assert.deepEqual(findings.map((finding) => finding.message), [
      'ServiceAccount "{{ .Release.Name }}-cleanup" is a normal resource, deleted by uninstall before post-delete hooks.',
      'ClusterRoleBinding "{{ .Release.Name }}-cleanup" is a normal resource, deleted by uninstall before post-delete hooks.',
    ]);
    assert.deepEqual(findings.map((finding) => finding.related.map((related) => related.message)), [
      ['ServiceAccount "{{ .Release.Name }}-cleanup" is deleted with the release\'s normal resources, before the post-delete hooks.'],
      ['ClusterRoleBinding "{{ .Release.Name }}-cleanup", which binds this hook\'s service account, is deleted with the release\'s normal resources, before the post-delete hooks.'],
    ]);
  });

  it('is information when only pre-upgrade needs the normal object (Helm fails only on the upgrade that first adds it), an error with pre-install or pre-rollback', () => {
    const severities = ['pre-upgrade', 'post-install,pre-upgrade', 'pre-rollback', 'pre-install,pre-upgrade'].map((events) => {
      const chart = chartOf({ 'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n', 'templates/job.yaml': jobNeeding(events, '0', '      volumes:\n        - name: c\n          configMap:\n            name: cfg\n') });
      return ofRule(chart, dependsOnRelease).map((finding) => finding.severity);
    });
    assert.deepEqual(severities, [['information'], ['information'], ['error'], ['error']]);
  });
});

function ofRule(chart: ChartInput, rule: string): Finding[] {
  const result = analyzeChart(chart);
  assert.deepEqual(result.internalErrors, []);
  return result.findings.filter((finding) => finding.rule === rule);
}

/** Applies every edit of the finding's first fix, file by file. */
function applyFix(chart: ChartInput, finding: Finding): ChartInput {
  const edits = finding.fixes[0].edits;
  return mapSources(chart, (source, role) => {
    const own = role === 'template' ? edits.filter((edit) => edit.file === source.path) : [];
    return own.length === 0 ? source : { path: source.path, text: applyEdits(source.text, own).text };
  });
}

function text(chart: ChartInput, file: string): string {
  return chart.templates.find((source) => source.path === file)!.text;
}

function assertParses(yamlText: string): void {
  for (const doc of parseAllDocuments(yamlText)) assert.deepEqual('errors' in doc ? doc.errors : [], []);
}

function chartOf(files: Record<string, string>): ChartInput {
  return { name: 'inline', templates: Object.entries(files).map(([file, source]) => ({ path: file, text: source })) };
}

function jobNeeding(events: string, weight: string, podSpecTail: string, name = 'job'): string {
  return [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    `    "helm.sh/hook": ${events}`,
    `    "helm.sh/hook-weight": "${weight}"`,
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: main',
    '          image: busybox',
  ].join('\n') + '\n' + podSpecTail;
}
