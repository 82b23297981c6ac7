/**
 * Hover and weight suggestions placed by the rendered plan. The chart in
 * test/fixtures/hover-rendered/chart has five pre-install Jobs of weight 0 whose names come from
 * a helper, from `.Release.Name` and from a `range` (`release-name-app` is a prefix of
 * `release-name-app-db`); Helm runs a weight's ties by rendered name byte-wise, which is not the
 * order of the names as written (`zz-{{ .Release.Name }}` sorts before `{{ include … }}` as text,
 * after every `release-name-…` once rendered). Each case of cases.json is hovered with the
 * chart's `renderPlan` plan and compared with expected/<case>.md (UPDATE_FIXTURES=1 writes them).
 * With the Helm binary (HELM_BIN or .cache/helm/helm), the names the plan places are checked
 * against `helm template`'s own output.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { createChartAnalysis, renderPlan, type ExecutionPlan } from '../../server/src/analysis';
import { loadChart } from '../../server/src/node/chartLoader';
import { fixturesRoot } from './support/fixtures';
import { assertGolden } from './support/goldens';
import { helmBinary, runHelm } from './support/renderHarness';

const root = path.join(fixturesRoot, 'hover-rendered');
const chartDir = path.join(root, 'chart');
const { cases } = JSON.parse(fs.readFileSync(path.join(root, 'cases.json'), 'utf8')) as { cases: Record<string, { file: string; at: string }> };
const input = loadChart(chartDir);
const { plan } = renderPlan(input);

function preInstallNames(of: ExecutionPlan): string[] {
  const step = of.lifecycles.install.find((item) => 'phase' in item && item.phase === 'pre-install');
  return step && 'hooks' in step ? step.hooks.map((hook) => hook.name) : [];
}

function offsetOf(file: string, at: string): number {
  const text = input.templates.find((template) => template.path === file)!.text;
  const offset = text.indexOf(at);
  assert.ok(offset >= 0, `${file} has no ${at}`);
  return offset + 1;
}

describe('hover placed by the rendered plan', () => {
  it('the chart renders, and its rendered order is not the order read as written', () => {
    assert.equal(plan.render?.mode, 'rendered', plan.render?.error);
    assert.deepEqual(preInstallNames(plan), ['release-name-app', 'release-name-app-db', 'release-name-m', 'release-name-s', 'zz-release-name']);
    const literalHover = createChartAnalysis(input).hover('templates/c-zz.yaml', offsetOf('templates/c-zz.yaml', 'helm.sh/hook"'));
    const renderedHover = createChartAnalysis(input).hover('templates/c-zz.yaml', offsetOf('templates/c-zz.yaml', 'helm.sh/hook"'), plan);
    assert.notEqual(literalHover?.markdown, renderedHover?.markdown, 'the fixture must tell the two orders apart');
  });

  it('the names are the ones helm template renders', (t) => {
    const helm = helmBinary();
    if (!helm) return t.skip('no Helm binary (HELM_BIN or .cache/helm/helm)');
    const run = runHelm(helm, chartDir, []);
    assert.equal(run.error, undefined);
    const names = [...run.stdout.matchAll(/^ {2}name: (.+)$/gm)].map((match) => match[1]).sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
    assert.deepEqual(names, preInstallNames(plan));
  });

  for (const [name, { file, at }] of Object.entries(cases)) {
    it(name, () => {
      const offset = offsetOf(file, at);
      const analysis = createChartAnalysis(input);
      const hover = analysis.hover(file, offset, plan);
      assert.ok(hover, 'a hover');
      assert.deepEqual(JSON.parse(JSON.stringify(hover)), hover);
      const weights = analysis.weightSuggestions(file, offset, plan).map((item) => `- ${item.weight}: ${item.description}`);
      assertGolden(path.join(root, 'expected', `${name}.md`), `${hover.markdown}\n\n**Weight suggestions**\n${weights.join('\n')}\n`, 'the hover');
    });
  }

  it('falls back to the plan as written when the chart does not render', () => {
    const broken = { ...input, templates: [...input.templates, { path: 'templates/fail.yaml', text: '{{ fail "no" }}\n' }] };
    const failed = renderPlan(broken).plan;
    assert.equal(failed.render?.mode, 'literal');
    const file = 'templates/c-zz.yaml';
    const offset = offsetOf(file, 'helm.sh/hook"');
    assert.deepEqual(createChartAnalysis(broken).hover(file, offset, failed), createChartAnalysis(broken).hover(file, offset));
  });
});

describe('a hook whose annotations a helper computes from a dict the template writes', () => {
  // test/fixtures/rendered/findings/dict-annotations-helper: bitnami's shape, `$hookAnnotations := dict "helm.sh/hook" "pre-upgrade" …` merged by a helper.
  const dir = path.join(fixturesRoot, 'rendered', 'findings', 'dict-annotations-helper');
  const chart = loadChart(dir);
  const options = { isUpgrade: true };
  const rendered = renderPlan(chart, options).plan;
  const file = 'templates/rotate-job.yaml';
  const text = chart.templates.find((template) => template.path === file)!.text;

  it('the plan names the dict pair as where the annotation is written, and hover there places the rendered hook', () => {
    const step = rendered.lifecycles.upgrade.find((item) => 'phase' in item && item.phase === 'pre-upgrade');
    const job = step && 'hooks' in step ? step.hooks.find((hook) => hook.file === file) : undefined;
    assert.ok(job, 'the Job is planned in pre-upgrade');
    const pairAt = text.indexOf('dict "helm.sh/hook" "pre-upgrade"');
    assert.deepEqual(job.origin, { file, line: text.slice(0, pairAt).split('\n').length });
    const hover = createChartAnalysis(chart, undefined, options).hover(file, text.indexOf('"helm.sh/hook"', pairAt) + 1, rendered);
    assert.match(hover?.markdown ?? '', /- pre-upgrade: 1 of 2, before `release-name-keyrotate-saved-keys` \(weight 0\)$/);
  });
});

describe('hover on a tie whose order the release name decides', () => {
  // test/fixtures/rendered/findings/release-name-order: Job "migrate" and Service "{{ .Release.Name }}-db" at weight 5, by name.
  const dir = path.join(fixturesRoot, 'rendered', 'findings', 'release-name-order');
  const chart = loadChart(dir);
  const analysis = createChartAnalysis(chart, undefined, {});
  const file = 'templates/database.yaml';
  const text = chart.templates.find((template) => template.path === file)!.text;
  const hoverAt = (at: number): string => analysis.hover(file, text.indexOf('helm.sh/hook:', at) + 1, analysis.renderedPlan())?.markdown ?? '';

  it('says which release name swaps the two, on each side of the tie', () => {
    assert.match(hoverAt(text.indexOf('kind: Service')), /- pre-install: 2 of 2, after `migrate` \(weight 5\); the release name decides this tie: it runs before `migrate` with release name "0"$/);
    assert.match(hoverAt(text.indexOf('kind: Job')), /- pre-install: 1 of 2, before `release-name-db` \(weight 5\); the release name decides this tie: it runs after `release-name-db` with release name "0"$/);
  });

  it('keeps a tie fixed for every release name as it was', () => {
    const fixed = loadChart(path.join(fixturesRoot, 'rendered', 'findings', 'release-name-fixed'));
    const fixedAnalysis = createChartAnalysis(fixed, undefined, {});
    const account = fixed.templates.find((template) => template.path === 'templates/serviceaccount.yaml');
    assert.ok(account, 'the fixture has its ServiceAccount');
    const markdown = fixedAnalysis.hover(account.path, account.text.indexOf('helm.sh/hook:') + 1, fixedAnalysis.renderedPlan())?.markdown ?? '';
    assert.match(markdown, /- pre-install: 1 of 4, before/);
    assert.doesNotMatch(markdown, /release name/);
  });
});
