/**
 * Every finding message is one short sentence the Problems panel can show whole: at most 120
 * characters, one line, no file path (the panel and the CLI show where the finding is; the
 * related locations say where the other objects are). Checked over every rule fixture under
 * both Helm versions, the example chart, and the shared corpus of real charts when it is there.
 * A message that counts more objects than it names ("and 3 more") lists them all as related
 * locations, so nothing it counts is hidden.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyzeChart, chartsOf, sourcesOf, type ChartInput, type Finding, type HelmVersion } from '../../server/src/analysis';
import { findChartRoots, loadChart } from '../../server/src/node/chartLoader';
import { corpusAbsence, corpusRoot } from '../support/corpus';
import { loadFixture, ruleFixtures } from './support/fixtures';

const maxLength = 120;
/** A chart file's path as messages used to quote it: `templates/job.yaml`, `charts/db/values.yaml:4`. */
const pathLike = /(^|[\s("'])[\w.-]+(\/[\w.-]+)*\/[\w.-]+\.(ya?ml|tpl|txt|json)\b/;

function problems(chart: ChartInput, findings: readonly Finding[]): string[] {
  const files = sourcesOf(chart).map((file) => file.path);
  const seen: string[] = [];
  for (const finding of findings) {
    const { message } = finding;
    const say = (what: string): number => seen.push(`${finding.rule} ${what}: ${JSON.stringify(message)}`);
    if (message.length > maxLength) say(`has ${message.length} characters`);
    if (/[\r\n]/.test(message)) say('spans lines');
    if (pathLike.test(message) || files.some((file) => message.includes(file))) say('names a file');
    const more = /\band (\d+) more\b/.exec(message);
    // The message names one object besides the finding's own; the rest must be related locations.
    if (more && finding.related.length < Number(more[1]) + 1) say(`counts ${more[1]} more but relates ${finding.related.length}`);
  }
  return seen;
}

function check(chart: ChartInput, helmVersion: HelmVersion): string[] {
  const result = analyzeChart(chart, { helmVersion });
  assert.deepEqual(result.internalErrors, []);
  return problems(chart, result.findings);
}

describe('finding messages', () => {
  for (const helmVersion of ['4', '3'] as const) {
    it(`are short, one line and name no file in every rule fixture (Helm ${helmVersion})`, () => {
      const seen = ruleFixtures().flatMap(({ path: fixturePath }) => check(loadFixture(fixturePath).chart, helmVersion));
      assert.deepEqual(seen, []);
    });
  }

  it('are short, one line and name no file in the example chart', () => {
    const chart = loadChart(path.resolve('examples/demo-chart'));
    assert.ok(chartsOf(chart).length > 0);
    assert.ok(analyzeChart(chart).findings.length > 0, 'the example chart shows findings');
    assert.deepEqual([...check(chart, '4'), ...check(chart, '3')], []);
  });

  const root = corpusRoot();
  if (!root) {
    it(`are not compared on the corpus: ${corpusAbsence()}`, () => {
      console.log(`messages corpus: not compared (${corpusAbsence()})`);
    });
    return;
  }
  it('are short, one line and name no file in the corpus of real charts', () => {
    const charts = fs.readdirSync(root).filter((name) => fs.statSync(path.join(root, name)).isDirectory()).flatMap((name) => findChartRoots(path.join(root, name)));
    assert.ok(charts.length > 0, `no chart under ${root}`);
    const seen = charts.flatMap((chartRoot) => check(loadChart(chartRoot), '4').map((problem) => `${path.relative(root, chartRoot)}: ${problem}`));
    assert.deepEqual(seen, []);
  });
});
