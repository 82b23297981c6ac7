/**
 * Acceptance test of `helm-hooks plan` against real Helm on the 7 charts of ../shared/corpus
 * (or $HELM_HOOKS_CORPUS) and the values cases of test/fixtures/render/corpus/cases.json, and on
 * the plan fixture chart (test/fixtures/plan-rendered, cases in its oracle-cases.json):
 * `plan --format json --release-name rel --namespace ns <case args>` must list exactly the hooks
 * Helm renders (kind, name, events, weight, delete policies, as Helm's own parser reads them),
 * and every phase in the order real Helm runs it.
 *
 * The oracle is Helm itself, not our sort: scripts/plan-oracle.ts ran Helm 4.1.4's install,
 * upgrade, rollback, test and uninstall against the fake Kubernetes API of the shared oracle
 * folder and recorded, per chart and case, Helm's parse of the hooks (`--dry-run=client -o json`)
 * and the order of the hooks' create requests in each phase, in
 * test/fixtures/render/corpus/plan/<chart>.<case>.json. Phases of install come from an install
 * render, those of upgrade from an upgrade render, the others from the render the case asks for
 * (the file says which), so our plan is made for both renders. When `helm template` fails for a
 * case (no `common` library chart, the chart's own `fail`), the plan must say it could not
 * render, with Helm's message. Charts with dependencies are rendered from a scratch copy without
 * them, as in renderCorpus.test.ts.
 *
 * Without the corpus this says so and checks only the fixture chart. With the Helm binary (HELM_BIN or
 * .cache/helm/helm), Helm's parse of the install render is also taken live and compared with the
 * record; the order itself is re-checked live only by `node out/scripts/plan-oracle.js --check`
 * (a full run takes minutes of simulated Jobs).
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { argsFor, caseMode, namespace, oracleSets, phaseMode, recordPath, release, type HelmHook, type OracleRecord, type OracleSet, type RenderMode } from '../../scripts/plan-oracle';
import { parseArgs, type PlanCommand } from '../../server/src/cli/args';
import { runPlan } from '../../server/src/cli/planCommand';
import { corpusAbsence, corpusRoot } from '../support/corpus';
import { helmBinary } from './support/renderHarness';

interface PlanHook {
  id: string;
  kind: string;
  name: string;
  events: string[];
  weight: number;
  deletePolicies: string[];
  deletePolicyDefault: boolean;
}
interface PlanJson {
  render: { mode: string; error?: string };
  lifecycles: Record<string, { phase?: string; hooks?: PlanHook[] }[]>;
}

const corpus = corpusRoot();
const helm = helmBinary();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-plan-corpus-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** `helm-hooks plan --format json --release-name rel --namespace ns <args> <chart>`, -f paths read from the cases folder. */
function ourPlan(chartDir: string, args: readonly string[], casesDir: string): PlanJson {
  const parsed = parseArgs(['plan', '--format', 'json', '--release-name', release, '--namespace', namespace, ...args, chartDir], { ruleIds: new Set() });
  if (!parsed.ok) throw new Error(`bad case arguments ${JSON.stringify(args)}: ${parsed.error}`);
  const command = parsed.value as PlanCommand;
  const outcome = runPlan({ ...command, valueFiles: command.valueFiles.map((file) => path.resolve(casesDir, file)) });
  assert.deepEqual(outcome.problems, []);
  return JSON.parse(outcome.output!) as PlanJson;
}

function phaseSteps(plan: PlanJson): Map<string, PlanHook[]> {
  const result = new Map<string, PlanHook[]>();
  for (const steps of Object.values(plan.lifecycles)) for (const step of steps) if (step.phase) result.set(step.phase, step.hooks ?? []);
  return result;
}

/** Our hooks in Helm's terms: each document once, the delete policy null when none was written. */
function asHelmHooks(plan: PlanJson): HelmHook[] {
  const byId = new Map<string, PlanHook>();
  for (const hooks of phaseSteps(plan).values()) for (const hook of hooks) byId.set(hook.id, hook);
  return [...byId.values()].map((hook) => ({ kind: hook.kind, name: hook.name, events: hook.events, weight: hook.weight, deletePolicies: hook.deletePolicyDefault ? null : hook.deletePolicies }));
}

/** Hooks in one order for comparing lists (Helm's is kind order, ours phase order). */
function sorted(hooks: readonly HelmHook[]): HelmHook[] {
  const key = (hook: HelmHook) => JSON.stringify([hook.kind, hook.name, hook.events, hook.weight, hook.deletePolicies]);
  return [...hooks].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

describe('plan of the corpus charts against real Helm', () => {
  const sets = oracleSets(corpus);
  if (!sets.corpus) {
    it(`compares nothing: ${corpusAbsence()}`, () => {
      console.log(`plan corpus: not compared (${corpusAbsence()})`);
    });
    return;
  }
  compareWithHelm(sets.corpus);
});

describe('plan of the plan fixture chart against real Helm', () => {
  compareWithHelm(oracleSets(corpus).fixture);
});

function compareWithHelm(set: OracleSet): void {
  for (const [chart, chartCases] of Object.entries(set.cases)) {
    for (const [caseName, args] of Object.entries(chartCases)) {
      it(`${chart} ${caseName}: the hooks Helm renders, each phase in the order Helm runs it`, () => {
        const file = recordPath(set, chart, caseName);
        assert.ok(fs.existsSync(file), `no record of Helm's run: ${path.relative(process.cwd(), file)} (run npm run plan-oracle -- ${chart}/${caseName})`);
        const record = JSON.parse(fs.readFileSync(file, 'utf8')) as OracleRecord;
        assert.deepEqual(record.args, args, 'the record was made with other arguments: run scripts/plan-oracle again');
        const chartDir = set.chartDir(chart, scratch);
        const mode = caseMode(args);
        if (record.error !== undefined) {
          const plan = ourPlan(chartDir, args, set.casesDir);
          assert.equal(plan.render.mode, 'literal', `Helm fails with ${JSON.stringify(record.error)}; our plan rendered`);
          assert.equal(plan.render.error, record.error);
          console.log(`plan corpus ${chart} ${caseName}: Helm fails, the plan says so (${record.error.split('\n')[0]})`);
          return;
        }
        const plans: Record<RenderMode, PlanJson> = { install: ourPlan(chartDir, argsFor(args, 'install'), set.casesDir), upgrade: ourPlan(chartDir, argsFor(args, 'upgrade'), set.casesDir) };
        for (const render of ['install', 'upgrade'] as const) {
          assert.equal(plans[render].render.mode, 'rendered', `${render} render: ${plans[render].render.error}`);
          assert.deepEqual(sorted(asHelmHooks(plans[render])), sorted(record.hooks![render]), `the hooks of the ${render} render`);
        }
        let phasesWithHooks = 0;
        for (const [phase, expected] of Object.entries(record.phases!)) {
          assert.equal(expected.render, phaseMode(phase, mode));
          const ours = (phaseSteps(plans[expected.render]).get(phase) ?? []).map((hook) => `${hook.kind}/${hook.name}`);
          assert.deepEqual(ours, expected.order, `${phase} (${expected.render} render): the order Helm ran`);
          if (expected.order.length > 0) phasesWithHooks++;
        }
        const hookCount = record.hooks![mode].length;
        console.log(`plan corpus ${chart} ${caseName}: ${hookCount} hooks as Helm parses them (${mode} render), ${phasesWithHooks} phases with hooks in Helm's order`);
        if (helm) {
          // Live: Helm's parse of the install render now, against the record (and so against ours).
          const live = spawnSync(helm, ['install', release, chartDir, '-n', namespace, ...argsFor(args, 'install'), '--dry-run=client', '-o', 'json'], { cwd: set.casesDir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, HELM_DEBUG: '' } });
          assert.equal(live.status, 0, live.stderr);
          const parsed = (JSON.parse(live.stdout) as { hooks?: { kind: string; name: string; events?: string[]; weight?: number; delete_policies?: string[] | null }[] }).hooks ?? [];
          const liveHooks = parsed.map((hook) => ({ kind: hook.kind, name: hook.name, events: hook.events ?? [], weight: hook.weight ?? 0, deletePolicies: hook.delete_policies ?? null }));
          assert.deepEqual(sorted(liveHooks), sorted(record.hooks!.install), 'Helm parses the install render as recorded');
        }
      });
    }
  }
}
