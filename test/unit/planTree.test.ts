/**
 * The plan view's markers on rendered hooks of equal weight: Helm orders them by name, so a tie of
 * literal names is marked as a tie, but when one of the names comes from a random function or
 * `lookup` (different at install than in `helm template`) every hook of that weight is marked
 * uncertain, not as a certain tie. A computed name alone at its weight changes nothing.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { buildPlanTree, createChartAnalysis, renderPlan, type ChartInput, type ExecutionPlan, type PlanTreeNode } from '../../server/src/analysis';

function hook(kind: string, name: string, event: string, weight: number): string {
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  annotations:\n    "helm.sh/hook": ${event}\n    "helm.sh/hook-weight": "${weight}"\n`;
}

function chart(...documents: string[]): ChartInput {
  return {
    name: 'ties',
    chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: ties\nversion: 0.1.0\n' },
    values: { path: 'values.yaml', text: '' },
    templates: [{ path: 'templates/hooks.yaml', text: documents.join('---\n') }],
  };
}

/** The pre-install rows of `plan` (the rendered plan of `input` by default). */
function preInstallRows(input: ChartInput, plan: ExecutionPlan = renderPlan(input).plan): PlanTreeNode[] {
  const tree = buildPlanTree(plan);
  const install = tree.nodes.find((node) => node.id === 'install');
  const phase = install?.children?.find((node) => node.id === 'install/pre-install');
  return [...(phase?.children ?? [])];
}

/** The pre-install rows as `label | marker | order text` (the description's first part when it says one). */
function preInstall(input: ChartInput, plan?: ExecutionPlan): string[] {
  return preInstallRows(input, plan).map((row: PlanTreeNode) => `${row.label} | ${row.marker ?? '-'} | ${/^(tie|order)[^·]*/.exec(row.description ?? '')?.[0].trim() ?? '-'}`);
}

describe('plan view markers', () => {
  it('marks a tie of literal names as a tie by name', () => {
    assert.deepEqual(preInstall(chart(hook('ConfigMap', 'b-settings', 'pre-install', 1), hook('ConfigMap', 'a-settings', 'pre-install', 1))), [
      '1  ConfigMap a-settings | - | -',
      '1  ConfigMap b-settings | tie | tie: by name',
    ]);
  });

  it('marks every hook of a weight uncertain when one name there is random', () => {
    assert.deepEqual(preInstall(chart(hook('ConfigMap', 'settings', 'pre-install', 1), hook('ConfigMap', 'x-{{ randAlphaNum 5 | lower }}', 'pre-install', 1), hook('ConfigMap', 'later', 'pre-install', 2))), [
      '1  ConfigMap settings | uncertain | order unknown: a name at this weight is random',
      '1  ConfigMap x-abcde | uncertain | order unknown: a name at this weight is random',
      '2  ConfigMap later | - | -',
    ]);
  });

  it('says lookup when a name there comes from lookup', () => {
    const looked = hook('ConfigMap', 'seed-{{ lookup "v1" "ConfigMap" "default" "seed" | len }}', 'pre-install', 1);
    assert.deepEqual(preInstall(chart(hook('ConfigMap', 'settings', 'pre-install', 1), looked)).map((row) => row.split(' | ').slice(-2).join(' | ')), [
      'uncertain | order unknown: a name at this weight comes from lookup',
      'uncertain | order unknown: a name at this weight comes from lookup',
    ]);
  });

  it('says when the release name decides a tie, and the other order in the tooltip', () => {
    const input = chart(hook('ConfigMap', 'migrate', 'pre-install', 1), hook('ConfigMap', '{{ .Release.Name }}-db', 'pre-install', 1), hook('ConfigMap', '{{ .Release.Name }}-dc', 'pre-install', 1));
    const plan = createChartAnalysis(input, undefined, {}).renderedPlan();
    // "release-name-db" < "release-name-dc" under every name; "migrate" against them is the release name's to decide.
    assert.deepEqual(preInstall(input, plan), [
      '1  ConfigMap migrate | - | -',
      '1  ConfigMap release-name-db | tie | tie: by name, release name decides',
      '1  ConfigMap release-name-dc | tie | tie: by name',
    ]);
    assert.match(preInstallRows(input, plan)[1].tooltip ?? '', /\nother order: with release name "0" it runs before the one above \("0-db" < "migrate"\)\n/);
  });

  it('keeps a random name\'s tie unknown, not decided by the release name', () => {
    const input = chart(hook('ConfigMap', 'settings', 'pre-install', 1), hook('ConfigMap', '{{ .Release.Name }}-{{ randAlphaNum 5 | lower }}', 'pre-install', 1));
    const plan = createChartAnalysis(input, undefined, {}).renderedPlan();
    assert.deepEqual(preInstall(input, plan).map((row) => row.split(' | ').slice(-2).join(' | ')), [
      'uncertain | order unknown: a name at this weight is random',
      'uncertain | order unknown: a name at this weight is random',
    ]);
    assert.ok(Object.values(plan.lifecycles).flat().every((step) => !('hooks' in step) || step.hooks.every((item) => !item.orderDependsOnReleaseName)));
  });

  it('leaves a random name alone at its weight unmarked', () => {
    assert.deepEqual(preInstall(chart(hook('ConfigMap', 'x-{{ randAlphaNum 5 | lower }}', 'pre-install', 1), hook('ConfigMap', 'settings', 'pre-install', 2))), [
      '1  ConfigMap x-abcde | - | -',
      '2  ConfigMap settings | - | -',
    ]);
  });
});
