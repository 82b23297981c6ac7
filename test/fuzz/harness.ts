/**
 * Runs the core's robustness properties (properties.ts) over mutated seed templates with
 * fast-check. The unit test runs a short, fixed-seed budget; `npm run fuzz` a long, random one.
 * A failure report names the seed, the shrunk mutations and the final text, ready to become a
 * regression fixture under test/fixtures/regressions/.
 */
import fc from 'fast-check';
import { rules, type AnalysisConfig, type ChartInput } from '../../server/src/analysis';
import { applyMutations, mutation, type Mutation } from './mutations';
import { checkChart } from './properties';
import { templateSeeds, valuesSeeds, type Seed } from './seeds';

export interface FuzzCase {
  readonly origin: string;
  readonly mutations: readonly Mutation[];
  readonly chart: ChartInput;
  readonly config: AnalysisConfig;
}

export interface FuzzOptions {
  readonly numRuns: number;
  readonly seed: number;
  /** Stop after this long even if runs remain (fast-check's `interruptAfterTimeLimit`). */
  readonly timeLimitMs?: number;
}

export interface FuzzOutcome {
  readonly failed: boolean;
  readonly numRuns: number;
  readonly seed: number;
  readonly report: string;
  /** The shrunk template text of a failure, for a regression fixture. */
  readonly failingText?: string;
}

const severitySettings = ['error', 'warning', 'information', 'hint', 'off', 'default', 'fatal', '', 'ERROR'] as const;

export function fuzzCaseArbitrary(seeds: readonly Seed[] = templateSeeds(), values: readonly Seed[] = valuesSeeds()): fc.Arbitrary<FuzzCase> {
  const ruleIds = [...rules.map((rule) => rule.id), 'no-such-rule', '__proto__', 'constructor'];
  const config: fc.Arbitrary<AnalysisConfig> = fc.oneof(
    { weight: 4, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...ruleIds), fc.constantFrom(...severitySettings), { maxKeys: 4 }).map((settings) => ({ rules: settings as AnalysisConfig['rules'] })) },
  );
  // Seeds with hook annotations come first (seeds.ts); three cases in four start from one.
  const hookSeeds = Math.max(1, seeds.filter((seed) => seed.text.includes('helm.sh/hook')).length);
  const seedIndex = fc.oneof({ weight: 3, arbitrary: fc.nat({ max: hookSeeds - 1 }) }, { weight: 1, arbitrary: fc.nat({ max: seeds.length - 1 }) });
  return fc
    .record({
      seedIndex,
      mutations: fc.array(mutation, { maxLength: 8 }),
      values: fc.option(fc.record({ index: fc.nat({ max: values.length - 1 }), mutations: fc.array(mutation, { maxLength: 4 }) }), { nil: undefined }),
      companion: fc.option(fc.nat({ max: seeds.length - 1 }), { nil: undefined }),
      config,
    })
    .map(({ seedIndex, mutations, values: valuesCase, companion, config: settings }) => {
      const seed = seeds[seedIndex];
      const templates = [{ path: seed.path, text: applyMutations(seed.text, mutations) }];
      const other = companion === undefined ? undefined : seeds[companion];
      if (other && other.path !== seed.path) templates.push({ path: other.path, text: other.text });
      const valuesFile = valuesCase ? { path: 'values.yaml', text: applyMutations(values[valuesCase.index].text, valuesCase.mutations) } : undefined;
      const chart: ChartInput = { name: 'fuzz', chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: fuzz\nversion: 0.1.0\n' }, values: valuesFile, templates };
      const result: FuzzCase & { [fc.toStringMethod]: () => string } = {
        origin: seed.origin,
        mutations,
        chart,
        config: settings,
        [fc.toStringMethod]: () => describeCase(result),
      };
      return result;
    });
}

export function runFuzz(options: FuzzOptions): FuzzOutcome {
  const property = fc.property(fuzzCaseArbitrary(), (fuzzCase) => checkChart(fuzzCase.chart, fuzzCase.config));
  const details = fc.check(property, { numRuns: options.numRuns, seed: options.seed, interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false });
  if (!details.failed) {
    return { failed: false, numRuns: details.numRuns, seed: options.seed, report: `${details.numRuns} runs passed (seed ${options.seed})` };
  }
  const counterexample = details.counterexample?.[0];
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const report = [
    `Property failed after ${details.numRuns} runs: seed ${options.seed}, path "${details.counterexamplePath}"`,
    `(re-run with FUZZ_SEED=${options.seed} npm run fuzz)`,
    counterexample ? describeCase(counterexample) : '(no counterexample)',
    `Failure: ${error}`,
  ].join('\n');
  return { failed: true, numRuns: details.numRuns, seed: options.seed, report, failingText: counterexample?.chart.templates[0].text };
}

export function describeCase(fuzzCase: FuzzCase): string {
  const [main] = fuzzCase.chart.templates;
  const lines = [
    `seed template: ${fuzzCase.origin} (analysed as ${main.path})`,
    `mutations: ${JSON.stringify(fuzzCase.mutations)}`,
    `config: ${JSON.stringify(fuzzCase.config)}`,
    `template text (JSON): ${JSON.stringify(main.text)}`,
  ];
  if (fuzzCase.chart.templates.length > 1) lines.push(`companion template: ${fuzzCase.chart.templates[1].path}`);
  if (fuzzCase.chart.values) lines.push(`values.yaml (JSON): ${JSON.stringify(fuzzCase.chart.values.text)}`);
  return lines.join('\n');
}
