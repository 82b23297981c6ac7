/**
 * The fixes of the resource-level rules that the fixture goldens do not cover: fixes that are
 * offered but not preferred (so `--fix` and the goldens never apply them), and the places
 * where an annotation cannot be inserted soundly, so no fix may be offered at all.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart, applyEdits, type ChartInput, type Finding } from '../../server/src/analysis';

const path = 'templates/hook.yaml';

function chartOf(text: string, values?: string): ChartInput {
  return { name: 'fixture', templates: [{ path, text }], values: values === undefined ? undefined : { path: 'values.yaml', text: values } };
}

function findings(text: string, rule: string, values?: string): Finding[] {
  return analyzeChart(chartOf(text, values)).findings.filter((finding) => finding.rule === rule);
}

/** Applies fix number `index` of the only finding of `rule` and returns the new text. */
function applyFix(text: string, rule: string, index: number): string {
  const [finding, ...rest] = findings(text, rule);
  assert.ok(finding, `${rule} did not fire`);
  assert.equal(rest.length, 0, `${rule} fired more than once`);
  const fix = finding.fixes[index];
  assert.ok(fix, `${rule} offers no fix number ${index}`);
  return applyEdits(text, fix.edits).text;
}

function job(annotations: string[], spec: string[] = ['  backoffLimit: 1']): string {
  return ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: migrate', '  annotations:', ...annotations.map((line) => `    ${line}`), 'spec:', ...spec, ''].join('\n');
}

describe('hook-failed-deletes-logs fix (offered, not preferred)', () => {
  it('adds the output-log policy under the delete policy', () => {
    const text = job(['"helm.sh/hook": pre-install,pre-upgrade', '"helm.sh/hook-weight": "0"', '"helm.sh/hook-delete-policy": before-hook-creation,hook-failed', 'example.com/owner: platform']);
    const [finding] = findings(text, 'hook-failed-deletes-logs');
    assert.equal(finding.fixes.length, 1);
    assert.equal(finding.fixes[0].isPreferred, false);
    const fixed = applyFix(text, 'hook-failed-deletes-logs', 0);
    assert.equal(fixed, job(['"helm.sh/hook": pre-install,pre-upgrade', '"helm.sh/hook-weight": "0"', '"helm.sh/hook-delete-policy": before-hook-creation,hook-failed', '"helm.sh/hook-output-log-policy": hook-failed', 'example.com/owner: platform']));
    assert.deepEqual(findings(fixed, 'hook-failed-deletes-logs'), []);
  });

  it('appends hook-failed to an existing output-log policy', () => {
    const text = job(['"helm.sh/hook": post-install', '"helm.sh/hook-delete-policy": "before-hook-creation,hook-failed"', '"helm.sh/hook-output-log-policy": "hook-succeeded"']);
    const fixed = applyFix(text, 'hook-failed-deletes-logs', 0);
    assert.ok(fixed.includes('"helm.sh/hook-output-log-policy": "hook-succeeded,hook-failed"'), fixed);
    assert.deepEqual(findings(fixed, 'hook-failed-deletes-logs'), []);
  });

  it('quotes a plain output-log policy in a flow mapping, where a comma would end it', () => {
    const text = ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: migrate', '  annotations: {helm.sh/hook: post-install, helm.sh/hook-weight: "0", helm.sh/hook-delete-policy: "before-hook-creation,hook-failed", helm.sh/hook-output-log-policy: hook-succeeded}', 'spec:', '  backoffLimit: 1', ''].join('\n');
    const fixed = applyFix(text, 'hook-failed-deletes-logs', 0);
    assert.ok(fixed.includes('helm.sh/hook-output-log-policy: "hook-succeeded,hook-failed"}'), fixed);
    assert.deepEqual(findings(fixed, 'hook-failed-deletes-logs'), []);
  });
});

describe('unweighted-hook fix', () => {
  const alone = job(['"helm.sh/hook": pre-install', '"helm.sh/hook-delete-policy": before-hook-creation']);

  it('is offered but not preferred for a hook alone in its phases (information)', () => {
    const [finding] = findings(alone, 'unweighted-hook');
    assert.equal(finding.severity, 'information');
    assert.deepEqual(finding.fixes.map((fix) => fix.isPreferred), [false]);
    assert.ok(applyFix(alone, 'unweighted-hook', 0).includes('    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "0"\n'));
  });

  /** A hook of the same phase: a ConfigMap named from values (its order against `migrate` is known only once rendered). */
  const settings = (weight: string): string => ['---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: {{ .Values.settingsName }}', '  annotations:', '    "helm.sh/hook": pre-install', `    "helm.sh/hook-weight": "${weight}"`, ''].join('\n');
  const usingSettings = job(['"helm.sh/hook": pre-install', '"helm.sh/hook-delete-policy": before-hook-creation'], ['  template:', '    spec:', '      volumes:', '        - name: settings', '          configMap:', '            name: {{ .Values.settingsName }}']);

  it('puts a hook after the weight-0 hook it uses, when their order by name is unknown (warning, preferred)', () => {
    const [finding] = findings(usingSettings + settings('0'), 'unweighted-hook');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.fixes.map((fix) => fix.isPreferred), [true]);
    assert.ok(applyFix(usingSettings + settings('0'), 'unweighted-hook', 0).includes('    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "1"\n'));
  });

  it('is information, offered only, when the hook it uses runs first anyway (a lower weight)', () => {
    const [finding] = findings(usingSettings + settings('-1'), 'unweighted-hook');
    assert.equal(finding.severity, 'information');
    assert.deepEqual(finding.fixes.map((fix) => fix.isPreferred), [false]);
  });

  it('is information when the hooks sharing its event neither use it nor are used by it', () => {
    const [finding] = findings(alone + settings('0'), 'unweighted-hook');
    assert.equal(finding.severity, 'information');
    assert.match(finding.message, /safe in "pre-install" for now/);
  });
});

describe('implicit-delete-policy fixes', () => {
  it('prefers cleanup for a Job and offers the explicit default as well', () => {
    const text = job(['"helm.sh/hook": pre-install', '"helm.sh/hook-weight": "0"']);
    const [finding] = findings(text, 'implicit-delete-policy');
    assert.deepEqual(finding.fixes.map((fix) => fix.isPreferred), [true, false]);
    assert.ok(applyFix(text, 'implicit-delete-policy', 1).includes('    "helm.sh/hook": pre-install\n    "helm.sh/hook-delete-policy": before-hook-creation\n'));
  });

  it('prefers the explicit default for kinds other than Job and Pod', () => {
    const text = ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: token', '  annotations:', '    "helm.sh/hook": pre-install', '    "helm.sh/hook-weight": "-1"', ''].join('\n');
    const [finding] = findings(text, 'implicit-delete-policy');
    assert.deepEqual(finding.fixes.map((fix) => fix.isPreferred), [true, false]);
    assert.match(finding.fixes[0].title, /before-hook-creation \(Helm's default/);
    assert.ok(applyFix(text, 'implicit-delete-policy', 1).includes('"helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded'));
  });
});

describe('hook-annotation-in-pod-template fix', () => {
  it('is offered but not preferred for a Deployment, and moves the key to the top level', () => {
    const text = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: worker', 'spec:', '  template:', '    metadata:', '      labels:', '        app: worker', '      annotations:', '        "helm.sh/hook": post-upgrade', '    spec:', '      containers: []', ''].join('\n');
    const [finding] = findings(text, 'hook-annotation-in-pod-template');
    assert.equal(finding.fixes[0].isPreferred, false);
    const fixed = applyFix(text, 'hook-annotation-in-pod-template', 0);
    assert.equal(fixed, ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  annotations:', '    "helm.sh/hook": post-upgrade', '  name: worker', 'spec:', '  template:', '    metadata:', '      labels:', '        app: worker', '    spec:', '      containers: []', ''].join('\n'));
  });

  it('is offered but not preferred for a Job either: a release Job made a hook is deleted by the next upgrade', () => {
    const text = ['{{- if .Values.seed.enabled }}', 'apiVersion: batch/v1', 'kind: Job', 'metadata:', '    name: seed', 'spec:', '    template:', '        metadata:', '            annotations:', '                # Run once the release is up.', '                helm.sh/hook: post-install,post-upgrade', '                helm.sh/hook-weight: "0"', '            labels:', '                app: seed', '        spec:', '            restartPolicy: Never', '{{- end }}', ''].join('\n');
    const reported = findings(text, 'hook-annotation-in-pod-template');
    assert.equal(reported.length, 2);
    for (const finding of reported) assert.deepEqual(finding.fixes.map((fix) => fix.isPreferred), [false]);
    const fixed = applyEdits(text, reported[0].fixes[0].edits).text;
    assert.equal(fixed, ['{{- if .Values.seed.enabled }}', 'apiVersion: batch/v1', 'kind: Job', 'metadata:', '    annotations:', '        # Run once the release is up.', '        helm.sh/hook: post-install,post-upgrade', '        helm.sh/hook-weight: "0"', '    name: seed', 'spec:', '    template:', '        metadata:', '            labels:', '                app: seed', '        spec:', '            restartPolicy: Never', '{{- end }}', ''].join('\n'));
    assert.deepEqual(findings(fixed, 'hook-annotation-in-pod-template'), []);
  });

  it('is not offered when the entry sits under a condition the top-level metadata does not have', () => {
    const text = ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: seed', 'spec:', '  template:', '    metadata:', '      annotations:', '        {{- if .Values.hook }}', '        "helm.sh/hook": post-install', '        {{- end }}', '    spec:', '      restartPolicy: Never', ''].join('\n');
    const [finding] = findings(text, 'hook-annotation-in-pod-template');
    assert.deepEqual(finding.fixes, []);
  });
});

describe('annotation insertions', () => {
  it('append a line with the file\'s line ending when the hook is the last line', () => {
    const text = 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: settings\r\n  annotations:\r\n    "helm.sh/hook-delete-policy": before-hook-creation\r\n    "helm.sh/hook": pre-install';
    assert.equal(applyFix(text, 'unweighted-hook', 0), `${text}\r\n    "helm.sh/hook-weight": "0"`);
  });

  it('are not offered for a `set` argument, which takes exactly one key', () => {
    const text = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  {{- $a := dict }}', '  {{- $_ := set $a "helm.sh/hook" "pre-install" }}', '  annotations: {{- toYaml $a | nindent 4 }}', ''].join('\n');
    const [finding] = findings(text, 'unweighted-hook');
    assert.ok(finding, 'unweighted-hook should fire');
    assert.deepEqual(finding.fixes, []);
  });

  it('are not offered in a flow map with template actions', () => {
    const text = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  annotations: {"helm.sh/hook": post-upgrade, started: {{ now | quote }}}', ''].join('\n');
    const [finding] = findings(text, 'unweighted-hook');
    assert.ok(finding, 'unweighted-hook should fire');
    assert.deepEqual(finding.fixes, []);
  });

  it('are not offered when a template action shares the hook line', () => {
    const text = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  annotations:', '    {{- if .Values.hook }}', '    "helm.sh/hook": pre-install {{- end }}', '    "helm.sh/hook-delete-policy": before-hook-creation', ''].join('\n');
    const [finding] = findings(text, 'unweighted-hook');
    assert.ok(finding, 'unweighted-hook should fire');
    assert.deepEqual(finding.fixes, []);
  });

  it('stay inside the `if` that guards the hook key', () => {
    const text = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  annotations:', '    {{- if .Values.hook }}', '    "helm.sh/hook": pre-install', '    {{- end }}', '    example.com/owner: platform', ''].join('\n');
    const fixed = applyFix(text, 'unweighted-hook', 0);
    assert.ok(fixed.includes('    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "0"\n    {{- end }}\n'), fixed);
  });
});

describe('resource-level rules leave alone', () => {
  const resourceRules = ['unweighted-hook', 'implicit-delete-policy', 'hook-failed-deletes-logs', 'hook-restart-policy', 'ttl-on-hook-job', 'crd-as-hook', 'resource-policy-on-hook'];

  it('a hook that Helm drops for an unknown event', () => {
    const text = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: probe', '  annotations:', '    "helm.sh/hook": test-failure', '    "helm.sh/resource-policy": keep', 'spec:', '  containers: []', ''].join('\n');
    const all = analyzeChart(chartOf(text)).findings.map((finding) => finding.rule);
    assert.ok(all.includes('unknown-hook-event'));
    assert.deepEqual(all.filter((rule) => resourceRules.includes(rule)), []);
  });

  it('hook annotations in values.yaml', () => {
    const values = ['jobAnnotations:', '  "helm.sh/hook": pre-install', '  "helm.sh/hook-delete-policy": hook-failed', ''].join('\n');
    const all = analyzeChart({ name: 'fixture', templates: [], values: { path: 'values.yaml', text: values } }).findings;
    assert.deepEqual(all.filter((finding) => [...resourceRules, 'hook-annotation-without-hook'].includes(finding.rule)), []);
  });
});
