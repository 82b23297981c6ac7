/**
 * Values profiles (api/profiles.ts). The fixture test/fixtures/profiles/ci-profiles/chart has two
 * chart-testing profiles: ci/migrate-values.yaml switches a hook on, ci/weights-values.yaml sets
 * only a weight (so the rest of values.yaml must still hold: Helm merges `-f` files). Beside the
 * chart: `helm/<profile>.txt`, what `helm template release-name chart [-f ci/<file>]` printed
 * (recorded with UPDATE_FIXTURES=1 and HELM_BIN; compared live when the binary is there), which
 * each profile's rendering must equal byte for byte; `findings.txt`, the merged findings.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyzeChart, analyzeProfiles, createParseCache, mergeProfileFindings, profileRenderOptions, valuesProfiles, type ChartInput, type Finding } from '../../server/src/analysis';
import { renderChart } from '../../server/src/analysis/render/chart';
import { loadChart } from '../../server/src/node/chartLoader';
import { assertGolden } from './support/goldens';
import { helmBinary, repoRoot, runHelm } from './support/renderHarness';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'profiles', 'ci-profiles');
const chartDir = path.join(fixture, 'chart');

function load(): ChartInput {
  const problems: { path: string; message: string }[] = [];
  const input = loadChart(chartDir, problems);
  assert.deepEqual(problems, []);
  return input;
}

/** `helm/default.txt`, `helm/migrate-values.txt`: one recorded Helm output per profile. */
function recordedPath(profile: string): string {
  return path.join(fixture, 'helm', `${profile === 'default' ? 'default' : path.basename(profile, '.yaml')}.txt`);
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

describe('values profiles', () => {
  it('are the default values and each ci/*-values.yaml of the top chart, in path order', () => {
    assert.deepEqual(
      valuesProfiles(load()).map((profile) => profile.name),
      ['default', 'ci/migrate-values.yaml', 'ci/weights-values.yaml'],
    );
  });

  it('a named file is one more profile, a ci file named again is not listed twice', () => {
    const input = load();
    const named = [{ path: 'ci/migrate-values.yaml', text: 'x: 1\n' }, { path: 'prod.yaml', text: 'migrate:\n  enabled: true\n' }];
    assert.deepEqual(
      valuesProfiles(input, named).map((profile) => profile.name),
      ['default', 'ci/migrate-values.yaml', 'ci/weights-values.yaml', 'prod.yaml'],
    );
  });

  it('a subchart’s ci/ folder and files not named *-values.yaml are not profiles', () => {
    const input: ChartInput = {
      name: 'top',
      templates: [],
      files: [{ path: 'ci/readme.txt', text: '' }, { path: 'ci/values.yaml', text: '' }, { path: 'ci/deep/x-values.yaml', text: '' }],
      subcharts: [{ name: 'db', templates: [], files: [{ path: 'charts/db/ci/a-values.yaml', text: 'a: 1\n' }] }],
    };
    assert.deepEqual(valuesProfiles(input).map((profile) => profile.name), ['default']);
  });

  it('a profile is the base flags with its file as one more -f after the base files', () => {
    const base = { valueFiles: [{ name: 'my.yaml', text: 'a: 1\n' }], set: ['b=2'], name: 'rel' };
    const [, migrate] = valuesProfiles(load());
    assert.deepEqual(profileRenderOptions(base, migrate!), { ...base, valueFiles: [...base.valueFiles, { name: 'ci/migrate-values.yaml', text: migrate!.file!.text }] });
    assert.equal(profileRenderOptions(base, { name: 'default' }), base);
  });

  const helm = helmBinary();
  for (const profile of valuesProfiles(load())) {
    it(`${profile.name} renders as helm template ${profile.file ? `-f ${profile.name}` : ''} printed it`, () => {
      const recorded = recordedPath(profile.name);
      if (helm) {
        const live = runHelm(helm, chartDir, profile.file ? ['-f', profile.name] : []);
        assert.equal(live.error, undefined);
        assertGolden(recorded, live.stdout, 'what Helm prints now');
      }
      const ours = renderChart(load(), profileRenderOptions({}, profile));
      assert.equal(ours.error, undefined);
      assert.equal(ours.text, fs.readFileSync(recorded, 'utf8'));
    });
  }

  it('the findings of every profile, merged, each naming the profiles it holds in', () => {
    const input = load();
    const result = analyzeProfiles(input, {}, { render: {} });
    assert.deepEqual(result.profiles, ['default', 'ci/migrate-values.yaml', 'ci/weights-values.yaml']);
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(result.renders?.map((render) => render.mode), ['rendered', 'rendered', 'rendered']);
    const read = (file: string): string => fs.readFileSync(path.join(chartDir, file), 'utf8');
    const text = result.findings.map((finding) => `${finding.rule} ${finding.severity} ${finding.file}:${lineOf(read(finding.file), finding.span.start)} [${finding.profiles.join(', ')}] ${finding.message}`).join('\n') + '\n';
    assertGolden(path.join(fixture, 'findings.txt'), text, 'the merged findings');
  });

  it('each profile finds what analyzeChart finds with that profile’s options', () => {
    const input = load();
    const cache = createParseCache();
    const profiles = valuesProfiles(input);
    const merged = analyzeProfiles(input, {}, { render: {}, cache });
    for (const profile of profiles) {
      const alone = analyzeChart(input, {}, undefined, profileRenderOptions({}, profile)).findings;
      const strip = ({ profiles: _, ...finding }: Finding & { profiles?: readonly string[] }): Finding => finding;
      assert.deepEqual(merged.findings.filter((finding) => finding.profiles.includes(profile.name)).map(strip), [...alone], profile.name);
    }
  });

  it('without rendering only the default values are judged', () => {
    const input = load();
    const result = analyzeProfiles(input, {});
    assert.deepEqual(result.profiles, ['default']);
    assert.equal(result.renders, undefined);
    assert.deepEqual(result.findings.map(({ profiles: _, ...finding }) => finding), [...analyzeChart(input, {}).findings]);
  });

  it('merging keeps one finding per place and message, in profile order', () => {
    const finding = (rule: string, start: number, message = 'm'): Finding => ({ rule, severity: 'warning', message, file: 'templates/a.yaml', span: { start, end: start + 1 }, fixes: [], related: [] });
    const merged = mergeProfileFindings([
      { profile: 'default', findings: [finding('r', 5), finding('r', 1)] },
      { profile: 'ci/b-values.yaml', findings: [finding('r', 1), finding('r', 1, 'other')] },
    ]);
    assert.deepEqual(
      merged.map((item) => [item.span.start, item.message, item.profiles]),
      [
        [1, 'm', ['default', 'ci/b-values.yaml']],
        [1, 'other', ['ci/b-values.yaml']],
        [5, 'm', ['default']],
      ],
    );
  });

  it('odd input never throws', () => {
    assert.deepEqual(valuesProfiles(null as unknown as ChartInput).map((profile) => profile.name), ['default']);
    const result = analyzeProfiles(null as unknown as ChartInput, {}, { render: {} });
    assert.ok(Array.isArray(result.findings));
  });
});
