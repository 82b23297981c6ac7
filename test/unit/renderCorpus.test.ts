/**
 * Differential test of `helm-hooks template` against real Helm on the 7 charts of
 * ../shared/corpus (or $HELM_HOOKS_CORPUS), read in place and never copied into the project.
 * Each chart is rendered with its default values and with the values cases in
 * test/fixtures/render/corpus/cases.json (at least one turns on optional hooks). A chart whose
 * Chart.yaml declares dependencies is rendered, by Helm and by us, from a scratch copy with the
 * dependencies removed, as Helm cannot render it otherwise.
 *
 * Needs the corpus and the Helm binary (`npm run setup:helm`); without either it says so and
 * checks nothing else. Every document must be byte-equal to Helm's (or, where Helm fails, the
 * error must be), except the documents listed in `exceptions` with their reason. The number of
 * documents Helm prints per chart and case is recorded, so a case that quietly renders less fails.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { corpusAbsence, corpusRoot } from '../support/corpus';
import { compareRuns, helmBinary, renderableCopy, repoRoot, runHelm, runOurs } from './support/renderHarness';

/**
 * Documents whose output is not deterministic in Helm, so they cannot be byte-equal; the only
 * reasons allowed are a non-deterministic function or `lookup`. Keyed `chart/case` → `# Source:` path.
 * Such a document still counts only when just the values of some `key: value` lines differ.
 */
const airflowRandom: Readonly<Record<string, string>> = {
  'airflow/templates/secrets/webserver-secret-key-secret.yaml': 'webserver-secret-key is randAlphaNum 32, new on each render',
  'airflow/templates/webserver/webserver-deployment.yaml': "checksum/webserver-secret-key is the sha256sum of the Secret above, rendered again with another randAlphaNum",
  'airflow/templates/workers/worker-deployment.yaml': "checksum/webserver-secret-key is the sha256sum of the Secret above, rendered again with another randAlphaNum",
  'airflow/templates/secrets/fernetkey-secret.yaml': 'fernet-key is randAlphaNum 32, new on each render',
  'airflow/templates/secrets/redis-secrets.yaml': "the Redis password (and the connection URL holding it) is randAlphaNum 10, new on each render",
};
const exceptions: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'airflow/default': airflowRandom,
  'airflow/extra-hooks': airflowRandom,
};

/** The documents Helm prints per chart and case (1 where it fails): every one must be equal or excepted. */
const documentCounts: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  // 6 documents in each case are excepted (randAlphaNum), the rest byte-equal.
  airflow: { default: 74, 'extra-hooks': 76 },
  'argo-cd': { default: 59, 'no-redis-init': 55, upgrade: 59 },
  // Without the `common` library chart Helm fails; we fail with the same message.
  'bitnami-postgresql': { default: 1, 'update-password': 1 },
  'cert-manager': { default: 44, psp: 56 },
  'ingress-nginx': { default: 19, networkpolicy: 20 },
  // Without a datastore Helm fails with the chart's `fail` message; we fail with the same one.
  temporal: { default: 1, sql: 18 },
  vault: { default: 13, ha: 12 },
};

const casesDir = path.join(repoRoot, 'test', 'fixtures', 'render', 'corpus');
const corpus = corpusRoot();
const helm = helmBinary();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-corpus-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('render corpus against Helm', () => {
  if (!corpus || !helm) {
    const absent = [...(corpus ? [] : [corpusAbsence()]), ...(helm ? [] : ['no Helm binary: run npm run setup:helm or set HELM_BIN'])].join('; ');
    it(`compares nothing: ${absent}`, () => {
      console.log(`render corpus: not compared (${absent})`);
    });
    return;
  }
  const cases = JSON.parse(fs.readFileSync(path.join(casesDir, 'cases.json'), 'utf8')) as Record<string, Record<string, string[]> | string>;
  for (const [chart, chartCases] of Object.entries(cases)) {
    if (typeof chartCases === 'string') continue;
    const chartDir = renderableCopy(path.join(corpus, chart), path.join(scratch, chart));
    for (const [caseName, args] of Object.entries(chartCases)) {
      it(`${chart} ${caseName}: every document equal to Helm's`, () => {
        const theirs = runHelm(helm, chartDir, args, casesDir);
        const ours = runOurs(chartDir, args, casesDir);
        const comparison = compareRuns(ours, theirs, new Set(Object.keys(exceptions[`${chart}/${caseName}`] ?? {})));
        console.log(`render corpus ${chart} ${caseName}: ${comparison.equal} of ${comparison.total} equal, ${comparison.excepted} excepted (${comparison.yamlEqual} more equal as YAML)`);
        assert.equal(comparison.total, documentCounts[chart]?.[caseName], `Helm prints ${comparison.total} documents for ${chart} ${caseName}, the test records ${documentCounts[chart]?.[caseName]}`);
        assert.equal(comparison.equal + comparison.excepted, comparison.total, `${chart} ${caseName}: ${comparison.total - comparison.equal - comparison.excepted} of ${comparison.total} documents differ from Helm's:\n${comparison.differences.slice(0, 20).join('\n')}`);
      });
    }
  }
});
