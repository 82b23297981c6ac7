/**
 * The rendered plan says where a template reads the release's state (review15 D3): `helm template`
 * renders one way (an install, Revision 1), `helm upgrade` another, so a hook guarded by
 * `.Release.IsUpgrade` or named after `.Release.Revision` is not what every lifecycle runs.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { renderPlan } from '../../server/src/analysis/semantics/renderedPlan';
import type { ChartInput } from '../../server/src/analysis';

const guarded = [
  '{{- if .Release.IsUpgrade }}',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: only-on-upgrade',
  '  annotations:',
  '    "helm.sh/hook": pre-upgrade',
  '{{- end }}',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: mig-{{ .Release.Revision }}',
  '  annotations:',
  '    "helm.sh/hook": pre-upgrade,pre-install',
  '',
].join('\n');

function chart(templates: Record<string, string>): ChartInput {
  return { name: 'state', chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: state\nversion: 0.1.0\n' }, templates: Object.entries(templates).map(([path, text]) => ({ path, text })) };
}

describe('plan notes where templates read the release state', () => {
  it('names the first line reading IsUpgrade and the first reading Revision, and what this render is', () => {
    const { plan } = renderPlan(chart({ 'templates/hooks.yaml': guarded, 'templates/plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n' }));
    assert.equal(plan.render?.mode, 'rendered');
    assert.deepEqual(plan.notes.map((note) => [note.file, note.line]), [['templates/hooks.yaml', 1], ['templates/hooks.yaml', 13]]);
    assert.match(plan.notes[0].message, /^reads \.Release\.IsUpgrade: rendered here as an install/);
    assert.match(plan.notes[1].message, /^reads \.Release\.Revision: rendered here with Revision 1/);
  });

  it('says the install lifecycle is the upgrade render under --is-upgrade', () => {
    const { plan } = renderPlan(chart({ 'templates/hooks.yaml': guarded }), { isUpgrade: true });
    assert.match(plan.notes[0].message, /rendered here as an upgrade \(--is-upgrade\), so the install lifecycle may differ/);
  });

  it('adds nothing when no template reads it', () => {
    const { plan } = renderPlan(chart({ 'templates/plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n' }));
    assert.equal(plan.render?.mode, 'rendered');
    assert.deepEqual(plan.notes, []);
  });
});
