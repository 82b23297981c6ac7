/**
 * Records the order in which real Helm runs the hooks of the shared corpus charts (and of the
 * project's plan fixture chart), for the acceptance test of `helm-hooks plan`
 * (test/unit/planCorpus.test.ts).
 *
 * No Helm command prints the execution order (template, dry runs and `get hooks` print the
 * stored kind order), so Helm is run for real against the fake Kubernetes API of the shared
 * oracle folder (`fakeapi.py`, which logs every request; started through
 * scripts/plan-oracle-fakeapi.py with the chart's kinds added to its discovery). For each chart
 * and values case of test/fixtures/render/corpus/cases.json (and test/fixtures/plan-rendered/
 * oracle-cases.json for the fixture chart), with release `rel` in namespace `ns`:
 *   install (pre-install, post-install) → upgrade (pre-upgrade, post-upgrade) → upgrade again →
 *   rollback (pre-rollback, post-rollback) → test → uninstall (pre-delete, post-delete).
 * The order of a phase is the order of the create (apply) requests of its hooks in the log.
 * Install renders as an install and upgrade as an upgrade whatever the case says; the rollback
 * goes back to the revision rendered as the case renders (1 for an install case, 2 for an
 * `--is-upgrade` case), and test and uninstall run that revision's hooks, so each phase records
 * which render it belongs to. Helm's own parse of the hooks (events, weight, delete policies)
 * comes from `--dry-run=client -o json` of install and of the first upgrade.
 *
 * Writes test/fixtures/render/corpus/plan/<chart>.<case>.json (the fixture's in
 * test/fixtures/plan-rendered/helm/). When `helm template` fails for a
 * case (a missing library chart, the chart's `fail`), only Helm's error is recorded.
 *
 * Needs Helm (`$HELM_BIN` or .cache/helm/helm), python3, the corpus (`$HELM_HOOKS_CORPUS` or
 * ../shared/corpus) and the oracle folder (`$HELM_HOOKS_ORACLE` or ../shared/oracle).
 * Usage: npm run plan-oracle -- [chart[/case]]...   (default: all; the fixture chart is `shop`)
 *        add --check to compare with the recorded files instead of writing them (exit 1 on a difference).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { isDeepStrictEqual } from 'util';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { corpusAbsence, corpusRoot, repositoryRoot } from '../test/support/corpus';
import { renderableCopy } from '../test/unit/support/renderHarness';

export const release = 'rel';
export const namespace = 'ns';

/** Hook events Helm knows, in the order the record lists phases. */
const phases = ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'test', 'pre-delete', 'post-delete'] as const;

export type RenderMode = 'install' | 'upgrade';

export interface HelmHook {
  readonly kind: string;
  readonly name: string;
  readonly events: readonly string[];
  readonly weight: number;
  /** Helm's parsed list; null when the annotation is absent (Helm then uses before-hook-creation). */
  readonly deletePolicies: readonly string[] | null;
}

export interface OracleRecord {
  readonly about: string;
  readonly helm: string;
  readonly chart: string;
  readonly case: string;
  /** The case's arguments (after `helm template rel CHART -n ns`), -f paths relative to cases.json's folder. */
  readonly args: readonly string[];
  /** What `helm template` prints after `Error: ` when it fails for the case: nothing else is recorded then. */
  readonly error?: string;
  /** Helm's parse of the hooks rendered as an install and as an upgrade, in its stored (kind) order. */
  readonly hooks?: { readonly [M in RenderMode]: readonly HelmHook[] };
  /** Per phase: the render its hooks come from, and the `Kind/name` of each hook in the order Helm created them. */
  readonly phases?: { readonly [phase: string]: { readonly render: RenderMode; readonly order: readonly string[] } };
}

const root = repositoryRoot() ?? process.cwd();
/** Charts the oracle runs: their cases (chart → case → arguments), where -f paths are relative to, where records go. */
export interface OracleSet {
  readonly cases: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  readonly casesDir: string;
  readonly recordsDir: string;
  /** The folder Helm renders for `chart` (a scratch copy under `scratch` when it must drop dependencies). */
  readonly chartDir: (chart: string, scratch: string) => string;
}

/** The corpus charts' set (absent without the corpus) and the plan fixture chart's set. */
export function oracleSets(corpus: string | undefined): { corpus?: OracleSet; fixture: OracleSet } {
  const readCases = (file: string) => Object.fromEntries(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, string[]> | string>).filter((entry): entry is [string, Record<string, string[]>] => typeof entry[1] !== 'string'));
  const corpusCases = path.join(root, 'test', 'fixtures', 'render', 'corpus');
  const fixtureDir = path.join(root, 'test', 'fixtures', 'plan-rendered');
  const fixture: OracleSet = { cases: readCases(path.join(fixtureDir, 'oracle-cases.json')), casesDir: fixtureDir, recordsDir: path.join(fixtureDir, 'helm'), chartDir: () => path.join(fixtureDir, 'chart') };
  if (!corpus) return { fixture };
  return {
    corpus: { cases: readCases(path.join(corpusCases, 'cases.json')), casesDir: corpusCases, recordsDir: path.join(corpusCases, 'plan'), chartDir: (chart, scratch) => renderableCopy(path.join(corpus, chart), path.join(scratch, chart)) },
    fixture,
  };
}

export function recordPath(set: OracleSet, chart: string, caseName: string): string {
  return path.join(set.recordsDir, `${chart}.${caseName}.json`);
}

/** The case's arguments for one render: `--is-upgrade` removed, and added back for an upgrade. */
export function argsFor(args: readonly string[], mode: RenderMode): string[] {
  const rest = args.filter((arg) => arg !== '--is-upgrade');
  return mode === 'upgrade' ? [...rest, '--is-upgrade'] : rest;
}

export function caseMode(args: readonly string[]): RenderMode {
  return args.includes('--is-upgrade') ? 'upgrade' : 'install';
}

/** The render each phase's hooks come from in the recorded command sequence. */
export function phaseMode(phase: string, mode: RenderMode): RenderMode {
  if (phase.endsWith('-install')) return 'install';
  if (phase.endsWith('-upgrade')) return 'upgrade';
  return mode;
}

function helmBinary(): string | undefined {
  const candidate = process.env.HELM_BIN || path.join(root, '.cache', 'helm', 'helm');
  return fs.existsSync(candidate) ? candidate : undefined;
}

function oracleDir(): string {
  return path.resolve(process.env.HELM_HOOKS_ORACLE || path.join(root, '..', 'shared', 'oracle'));
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runHelmIn(helm: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Run {
  const result = spawnSync(helm, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 600_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** What Helm printed after `Error: `, the scratch folder of the chart replaced by the chart's name. */
function helmError(run: Run, chartDir: string, chart: string): string {
  const lines = run.stderr.split('\n');
  const at = lines.findIndex((line) => line.startsWith('Error: '));
  const text = (at >= 0 ? lines.slice(at).join('\n').slice('Error: '.length) : run.stderr).replace(/\n$/, '');
  return text.split(chartDir).join(chart);
}

/** Cluster-scoped kinds among those the corpus renders (Kubernetes' own, and the chart CRDs' scope). */
const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'StorageClass', 'PersistentVolume', 'IngressClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService', 'PodSecurityPolicy', 'ClusterIssuer']);

function plural(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** Every apiVersion/kind the rendered chart holds, for the fake API's discovery. */
function kindsOf(rendered: readonly string[]): { apiVersion: string; kind: string; plural: string; namespaced: boolean }[] {
  const seen = new Map<string, { apiVersion: string; kind: string; plural: string; namespaced: boolean }>();
  for (const text of rendered) {
    for (const doc of parseAllDocuments(text)) {
      if (!('toJS' in doc)) continue;
      const value = doc.toJS() as { apiVersion?: unknown; kind?: unknown } | null;
      if (!value || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') continue;
      seen.set(`${value.apiVersion} ${value.kind}`, { apiVersion: value.apiVersion, kind: value.kind, plural: plural(value.kind), namespaced: !clusterScoped.has(value.kind) });
    }
  }
  return [...seen.values()];
}

function parsedHooks(run: Run): HelmHook[] {
  const json = JSON.parse(run.stdout) as { hooks?: { kind: string; name: string; events?: string[]; weight?: number; delete_policies?: string[] | null }[] };
  return (json.hooks ?? []).map((hook) => ({ kind: hook.kind, name: hook.name, events: hook.events ?? [], weight: hook.weight ?? 0, deletePolicies: hook.delete_policies ?? null }));
}

interface LogEntry {
  readonly m?: string;
  readonly code?: number;
  readonly kind?: string;
  readonly name?: string;
  readonly applied?: string;
}

function readLog(file: string): LogEntry[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as LogEntry);
}

/** `Kind/name` of every successful create or apply, in request order. */
function creations(entries: readonly LogEntry[]): string[] {
  return entries
    .filter((entry) => (entry.m === 'POST' && entry.code === 201) || (entry.m === 'PATCH' && entry.applied !== undefined))
    .filter((entry) => entry.kind && entry.name)
    .map((entry) => `${entry.kind}/${entry.name}`);
}

/** Splits the hook creations of one command into its pre and post phase, by how many runs each phase has. */
function splitPhases(created: readonly string[], hooks: readonly HelmHook[], pre: string, post: string | undefined): { [phase: string]: string[] } {
  const ids = new Set(hooks.map((hook) => `${hook.kind}/${hook.name}`));
  const hookCreations = created.filter((id) => ids.has(id));
  const runs = (phase: string) => hooks.reduce((count, hook) => count + hook.events.filter((event) => event === phase).length, 0);
  const preRuns = runs(pre);
  const postRuns = post ? runs(post) : 0;
  if (hookCreations.length !== preRuns + postRuns) throw new Error(`${pre}: ${hookCreations.length} hook creations seen, Helm's parse has ${preRuns} + ${postRuns} runs: ${hookCreations.join(', ')}`);
  return { [pre]: hookCreations.slice(0, preRuns), ...(post ? { [post]: hookCreations.slice(preRuns) } : {}) };
}

async function startFakeApi(oracle: string, log: string, kindsFile: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn('python3', [path.join(root, 'scripts', 'plan-oracle-fakeapi.py'), oracle, log, kindsFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(Number(line));
    });
    child.on('exit', (code) => reject(new Error(`the fake API exited (${code})`)));
  });
  return { child, port };
}

/** Runs one chart and case against the fake API and returns its record. */
async function recordCase(helm: string, oracle: string, set: OracleSet, chart: string, caseName: string, args: readonly string[], scratch: string): Promise<OracleRecord> {
  const chartDir = set.chartDir(chart, scratch);
  const runHelm = (helmArgs: readonly string[], env: NodeJS.ProcessEnv): Run => runHelmIn(helm, helmArgs, env, set.casesDir);
  const version = runHelm(['version', '--short'], process.env).stdout.trim();
  const about = 'Recorded by scripts/plan-oracle.ts from Helm run against the fake Kubernetes API of the shared oracle folder; read by test/unit/planCorpus.test.ts.';
  const base = { about, helm: version, chart, case: caseName, args };
  const mode = caseMode(args);
  const env = { ...process.env, HELM_DEBUG: '' };
  const templates: Record<RenderMode, Run> = {
    install: runHelm(['template', release, chartDir, '-n', namespace, ...argsFor(args, 'install')], env),
    upgrade: runHelm(['template', release, chartDir, '-n', namespace, ...argsFor(args, 'upgrade')], env),
  };
  if (templates[mode].status !== 0) return { ...base, error: helmError(templates[mode], chartDir, chart) };
  for (const other of ['install', 'upgrade'] as const) if (templates[other].status !== 0) throw new Error(`${chart} ${caseName}: helm template fails as ${other}: ${templates[other].stderr}`);

  const work = fs.mkdtempSync(path.join(scratch, `${chart}-${caseName}-`));
  const log = path.join(work, 'requests.jsonl');
  const kindsFile = path.join(work, 'kinds.json');
  fs.writeFileSync(kindsFile, JSON.stringify(kindsOf([templates.install.stdout, templates.upgrade.stdout])));
  const { child, port } = await startFakeApi(oracle, log, kindsFile);
  try {
    const kubeconfig = path.join(work, 'kubeconfig');
    fs.writeFileSync(kubeconfig, fs.readFileSync(path.join(oracle, 'kubeconfig'), 'utf8').replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`));
    const home = path.join(work, 'home');
    fs.mkdirSync(home);
    const clusterEnv = { ...env, KUBECONFIG: kubeconfig, HOME: home };
    const common = ['-n', namespace, '--timeout', '120s'];
    const step = (what: string, helmArgs: readonly string[]): { run: Run; entries: LogEntry[] } => {
      const before = readLog(log).length;
      const run = runHelm(helmArgs, clusterEnv);
      if (run.status !== 0) throw new Error(`${chart} ${caseName}: helm ${what} failed: ${run.stderr}`);
      return { run, entries: readLog(log).slice(before) };
    };
    const hooks = {
      install: parsedHooks(step('install --dry-run', ['install', release, chartDir, ...common, ...argsFor(args, 'install'), '--dry-run=client', '-o', 'json']).run),
    } as { install: HelmHook[]; upgrade: HelmHook[] };
    const observed: { [phase: string]: string[] } = {};
    Object.assign(observed, splitPhases(creations(step('install', ['install', release, chartDir, ...common, ...argsFor(args, 'install')]).entries), hooks.install, 'pre-install', 'post-install'));
    hooks.upgrade = parsedHooks(step('upgrade --dry-run', ['upgrade', release, chartDir, ...common, ...argsFor(args, 'install'), '--dry-run=client', '-o', 'json']).run);
    Object.assign(observed, splitPhases(creations(step('upgrade', ['upgrade', release, chartDir, ...common, ...argsFor(args, 'install')]).entries), hooks.upgrade, 'pre-upgrade', 'post-upgrade'));
    step('second upgrade', ['upgrade', release, chartDir, ...common, ...argsFor(args, 'install')]);
    const revision = mode === 'install' ? '1' : '2';
    Object.assign(observed, splitPhases(creations(step('rollback', ['rollback', release, revision, ...common]).entries), hooks[mode], 'pre-rollback', 'post-rollback'));
    Object.assign(observed, splitPhases(creations(step('test', ['test', release, ...common]).entries), hooks[mode], 'test', undefined));
    Object.assign(observed, splitPhases(creations(step('uninstall', ['uninstall', release, ...common]).entries), hooks[mode], 'pre-delete', 'post-delete'));
    const recorded = Object.fromEntries(phases.map((phase) => [phase, { render: phaseMode(phase, mode), order: observed[phase] ?? [] }]));
    return { ...base, hooks, phases: recorded };
  } finally {
    child.kill();
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const check = argv.includes('--check');
  const only = argv.filter((arg) => !arg.startsWith('--'));
  const helm = helmBinary();
  const corpus = corpusRoot();
  const oracle = oracleDir();
  if (!helm) return fail('no Helm binary: run npm run setup:helm or set HELM_BIN');
  if (!corpus) console.error(`plan-oracle: ${corpusAbsence()}; only the fixture chart is run`);
  if (!fs.existsSync(path.join(oracle, 'fakeapi.py'))) return fail(`no fakeapi.py in ${oracle} (set HELM_HOOKS_ORACLE to the oracle folder)`);
  const sets = oracleSets(corpus);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-oracle-'));
  let differences = 0;
  try {
    for (const set of [sets.corpus, sets.fixture]) {
      if (!set) continue;
      fs.mkdirSync(set.recordsDir, { recursive: true });
      for (const [chart, chartCases] of Object.entries(set.cases)) {
        for (const [caseName, args] of Object.entries(chartCases)) {
          if (only.length > 0 && !only.includes(chart) && !only.includes(`${chart}/${caseName}`)) continue;
          const started = Date.now();
          const record = await recordCase(helm, oracle, set, chart, caseName, args, scratch);
          const file = recordPath(set, chart, caseName);
          const text = JSON.stringify(record, null, 2) + '\n';
          const summary = record.error !== undefined ? 'Helm fails' : Object.entries(record.phases ?? {}).filter(([, phase]) => phase.order.length > 0).map(([name, phase]) => `${name} ${phase.order.length}`).join(', ') || 'no hooks';
          if (check) {
            const same = fs.existsSync(file) && isDeepStrictEqual({ ...JSON.parse(fs.readFileSync(file, 'utf8')), helm: '' }, { ...record, helm: '' });
            if (!same) differences++;
            console.log(`${chart}/${caseName}: ${same ? 'same as recorded' : 'DIFFERS from the recorded file'} (${summary}; ${((Date.now() - started) / 1000).toFixed(1)} s)`);
          } else {
            fs.writeFileSync(file, text);
            console.log(`${chart}/${caseName}: ${summary} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
          }
        }
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return differences > 0 ? 1 : 0;
}

function fail(message: string): number {
  console.error(`plan-oracle: ${message}`);
  return 2;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(`plan-oracle: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
