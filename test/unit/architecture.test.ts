/**
 * The architecture invariants of ARCHITECTURE.md, checked: the core imports nothing but
 * itself and `yaml`, and its folders import each other along the pipeline; its API returns plain data; it never throws on hostile text; settings
 * are passed in and never remembered. Deeper fuzzing lives in the property tests.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import * as core from '../../server/src/analysis';
import { analyzeChart, createParseCache, parseAhead, rules, sourcesOf, type AnalysisConfig, type ChartInput, type SourceFile } from '../../server/src/analysis';
import { findingsOf } from '../../server/src/analysis/api/analyze';
import { buildChartModel } from '../../server/src/analysis/model/chart';
import { chartFacts } from '../../server/src/analysis/api/facts';
import type { Rule } from '../../server/src/analysis/rules/rule';
import { deletePolicies, hookEvents, hookKeys, outputLogPolicies } from '../../server/src/analysis/helm/hooks';
import { loadChart } from '../../server/src/node/chartLoader';
import { loadFixture, ruleFixtures } from './support/fixtures';
import { analysisCalls } from './support/apiCalls';
import { assertPlain, plainDataProblem } from './support/plainData';

const coreDir = path.resolve('server/src/analysis');

describe('invariant 1: the core does no IO and knows no editor', () => {
  const files = sourceFiles(coreDir);

  it('finds the core sources', () => assert.ok(files.length > 5, `only ${files.length} files under ${coreDir}`));

  it('imports only its own modules and yaml', () => {
    const offences: string[] = [];
    for (const file of files) {
      for (const specifier of importSpecifiers(fs.readFileSync(file, 'utf8'))) {
        const where = `${path.relative(process.cwd(), file)} imports '${specifier}'`;
        if (specifier.startsWith('.')) {
          const target = path.resolve(path.dirname(file), specifier);
          if (target !== coreDir && !target.startsWith(coreDir + path.sep)) offences.push(`${where}, which is outside the core`);
        } else if (specifier !== 'yaml') offences.push(`${where}${bannedReason(specifier)}`);
      }
    }
    assert.deepEqual(offences, []);
  });

  it('the import scanner sees every import form', () => {
    const sample = ["import * as fs from 'fs';", 'import {', '  a,', "} from 'node:path';", "export { b } from './b';", "import 'os';", "const c = require('child_process');", "const d = await import('http');", "import type { E } from 'vscode-languageserver';"].join('\n');
    assert.deepEqual(importSpecifiers(sample).sort(), ['./b', 'child_process', 'fs', 'http', 'node:path', 'os', 'vscode-languageserver'].sort());
  });
});

describe('invariant 8: rules read the document view, not template internals', () => {
  const rulesDir = path.join(coreDir, 'rules');

  it('no rule file imports template/ or reads a file\'s scan or mask', () => {
    const offences = sourceFiles(rulesDir).flatMap((file) => templateOffences(file, fs.readFileSync(file, 'utf8')).map((offence) => `${path.relative(process.cwd(), file)}: ${offence}`));
    assert.deepEqual(offences, []);
  });

  it('the check sees an import of template/ and a read of the scan or the mask', () => {
    const file = path.join(rulesDir, 'sample.ts');
    assert.deepEqual(templateOffences(file, "import type { TemplateAction } from '../template/scanner';\nconst a = file.scan.actions;\nconst b = resource.file.masked;\nconst c = view.piecesIn(0, 1);"), ["imports '../template/scanner'", 'reads .scan', 'reads .masked']);
  });
});

describe('invariant 9: the core\'s folders depend along the pipeline', () => {
  it('no folder imports a folder later in the pipeline or beside it', () => {
    const offences = sourceFiles(coreDir).flatMap((file) => layerOffences(file, fs.readFileSync(file, 'utf8')).map((offence) => `${path.relative(process.cwd(), file)}: ${offence}`));
    assert.deepEqual(offences, []);
  });

  it('the check sees an import against the direction, and allows the shared types and the own folder', () => {
    const file = path.join(coreDir, 'rules', 'support', 'sample.ts');
    const source = ["import { scanTemplate } from '../../template/scanner';", "import { hover } from '../../ide/hover';", "import type { Span } from '../../types';", "import { fix } from './helpers';", "import type { Rule } from '../rule';", "import { buildPlan } from '../../semantics/plan';"].join('\n');
    assert.deepEqual(layerOffences(file, source), ["imports '../../template/scanner' (rules/ may not import template/)", "imports '../../ide/hover' (rules/ may not import ide/)"]);
  });
});

describe('invariant 2: only plain data crosses the core API', () => {
  it('the plain-data check rejects what JSON would change', () => {
    for (const bad of [new Map(), { a: new Set() }, [undefined], { n: NaN }, { f: () => 0 }, new (class Span {})(), { d: new Date(0) }]) assert.ok(plainDataProblem(bad, '$'), `accepted ${String(bad)}`);
    assert.equal(plainDataProblem({ a: [1, 'x', null, { b: true }], c: undefined }, '$'), undefined);
  });

  for (const { name, chart } of sampleCharts()) {
    it(`results survive a JSON round trip: ${name}`, () => {
      for (const [call, result] of apiResults(chart)) assertPlain(result, `${call} on ${name}`);
    });
  }
});

describe('invariant 3: analysis never throws on input', () => {
  for (const [name, text] of hostileTexts()) {
    it(`survives ${name}`, () => {
      for (const chart of placements(text)) {
        const result = analyzeChart(chart);
        assert.deepEqual(result.internalErrors, [], 'a rule failed on this input');
        for (const finding of result.findings) {
          const length = fileText(chart, finding.file)?.length;
          assert.ok(length !== undefined, `${finding.rule} reported on unknown file ${finding.file}`);
          assert.ok(0 <= finding.span.start && finding.span.start <= finding.span.end && finding.span.end <= length, `${finding.rule} span ${JSON.stringify(finding.span)} is outside the file (length ${length})`);
        }
      }
      for (const [call, value] of apiResults(placements(text)[0], 3)) assertPlain(value, call);
    });
  }
});

describe('invariant 3: a failing rule is isolated', () => {
  const throwing: Rule = { ...rules[0], id: 'throws-always', check: () => { throw new Error('boom'); } };

  it('a throwing rule injected into the runner is an internal error, and the other rules still report', () => {
    const chart = loadFixture(ruleFixtures().find((fixture) => fixture.path.endsWith(path.join('unknown-hook-event', 'typo.yaml')))!.path).chart;
    const facts = chartFacts(buildChartModel(chart));
    const alone = findingsOf(facts, {}, rules);
    const withThrowing = findingsOf(facts, {}, [rules[0], throwing, ...rules.slice(1)]);
    assert.deepEqual(withThrowing.internalErrors, ['throws-always: boom']);
    assert.ok(alone.findings.length > 0, 'the fixture has findings');
    assert.deepEqual(withThrowing.findings, alone.findings, 'every other rule still reports, before and after the throwing one');
  });
});

describe('invariant 4: settings are passed in, never stored', () => {
  const configA: AnalysisConfig = {};
  const configB: AnalysisConfig = { rules: Object.fromEntries(rules.map((rule, index) => [rule.id, index % 2 === 0 ? 'off' : 'hint'])) };

  for (const { name, chart } of sampleCharts()) {
    it(`A, then B, then A gives A again: ${name}`, () => {
      const cache = createParseCache();
      const first = analyzeChart(chart, configA, cache);
      const other = analyzeChart(chart, configB, cache);
      const again = analyzeChart(chart, configA, cache);
      assert.deepEqual(again, first);
      assert.deepEqual(analyzeChart(chart, configA), first, 'a parse cache changed the result');
      assert.ok(other.findings.every((finding) => finding.severity === 'hint'), 'config B sets every running rule to hint');
    });
  }

  for (const { name, chart } of sampleCharts()) {
    it(`parsing ahead a file at a time fills the cache the analysis then reuses, with the same result: ${name}`, () => {
      const cache = createParseCache();
      const files = sourcesOf(chart).length;
      const left: number[] = [];
      for (let step = 0; step <= files && (left.length === 0 || left[left.length - 1] > 0); step++) left.push(parseAhead(chart, cache, 1));
      assert.deepEqual(left, Array.from({ length: files }, (_, index) => files - index - 1), 'one file per call, each call one fewer missing');
      const parsed = new Map<string, unknown>([...cache.templates, ...cache.values]);
      assert.deepEqual(analyzeChart(chart, configA, cache), analyzeChart(chart, configA));
      for (const [file, model] of [...cache.templates, ...cache.values]) assert.equal(model, parsed.get(file), `${file} was parsed again`);
      assert.equal(parseAhead(chart, cache, 1), 0);
    });
  }

  it('the core has no module-level mutable state', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(coreDir)) {
      fs.readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
        const problem = moduleStateProblem(line);
        if (problem) offences.push(`${path.relative(process.cwd(), file)}:${index + 1}: ${problem}: ${line.trim()}`);
      });
    }
    assert.deepEqual(offences, []);
  });

  it('the state scanner recognises caches', () => {
    assert.ok(moduleStateProblem('let cache = undefined;'));
    assert.ok(moduleStateProblem('export let current: Config;'));
    assert.ok(moduleStateProblem('const cache = new Map<string, File>();'));
    assert.ok(moduleStateProblem('const seen: Set<string> = new Set();'));
    assert.ok(moduleStateProblem('const pending: string[] = [];'));
    assert.ok(moduleStateProblem('const memo = {};'));
    assert.ok(moduleStateProblem('const results = new WeakMap<ChartModel, readonly Finding[]>();'));
    assert.equal(moduleStateProblem('const known: ReadonlySet<string> = new Set([\'a\']);'), undefined);
    assert.equal(moduleStateProblem('const blockFunctions = new Set([\'nindent\', \'indent\']);'), undefined);
    assert.equal(moduleStateProblem('export const rules: readonly Rule[] = ['), undefined);
    assert.equal(moduleStateProblem('  let local = 0;'), undefined);
  });
});

describe('invariant 6: the client holds no Helm knowledge', () => {
  const clientDir = path.resolve('client/src');
  const protocolModule = path.resolve('server/src/protocol.ts');
  const layoutModule = path.resolve('server/src/chartLayout.ts');
  /** What the extension bundle may import: the editor, Node's path, and the shared protocol (which brings only the chart layout). */
  const allowed: Record<string, readonly string[]> = {
    client: ['vscode', 'vscode-languageclient/node', 'path', protocolModule],
    [protocolModule]: [layoutModule],
    [layoutModule]: [],
  };
  const clientFiles = sourceFiles(clientDir);
  const bundled = [...clientFiles, protocolModule, layoutModule];

  it('finds the client sources', () => assert.ok(clientFiles.length > 0, `no sources under ${clientDir}`));

  it('imports nothing from the core, the CLI or the rest of the server', () => {
    const offences: string[] = [];
    for (const file of bundled) {
      const permitted = allowed[file] ?? allowed.client;
      for (const specifier of importSpecifiers(fs.readFileSync(file, 'utf8'))) {
        const target = specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) + '.ts' : specifier;
        // The client's own modules are checked the same way, as files of `bundled`.
        const ownModule = file.startsWith(clientDir + path.sep) && clientFiles.includes(target);
        if (!permitted.includes(target) && !ownModule) offences.push(`${path.relative(process.cwd(), file)} imports '${specifier}'`);
      }
    }
    assert.deepEqual(offences, []);
  });

  it('names no hook annotation, event or policy', () => {
    const words = [...hookKeys, ...hookEvents.filter((event) => event !== 'test'), ...deletePolicies, ...outputLogPolicies, 'helm.sh/'];
    const offences: string[] = [];
    for (const file of bundled) {
      const text = fs.readFileSync(file, 'utf8');
      for (const word of words) if (text.includes(word)) offences.push(`${path.relative(process.cwd(), file)} names '${word}'`);
    }
    assert.deepEqual(offences, []);
  });
});

/**
 * What each folder of the core may not import, so dependencies follow the pipeline (input →
 * template → yaml → model → semantics → rules, ide → api; helm/ is Helm's facts the steps
 * share). The renderer stands apart from the source-text analysis: its output reaches rules
 * through a view built in model/, so render/ imports none of model/ and what follows, and
 * rules import no render/. Files at the top of the core (index.ts, types.ts) and folders not
 * named here are not restricted; nothing in the core imports the server or the CLI (invariant 1).
 */
const mayNotImport: Record<string, readonly string[]> = {
  text: ['input', 'template', 'yaml', 'helm', 'model', 'semantics', 'rules', 'ide', 'api', 'render'],
  template: ['input', 'yaml', 'helm', 'model', 'semantics', 'rules', 'ide', 'api', 'render'],
  input: ['template', 'helm', 'model', 'semantics', 'rules', 'ide', 'api', 'render'],
  yaml: ['input', 'semantics', 'rules', 'ide', 'api', 'render'],
  helm: ['input', 'semantics', 'rules', 'ide', 'api', 'render'],
  model: ['semantics', 'rules', 'ide', 'api'],
  semantics: ['rules', 'ide'],
  rules: ['template', 'render', 'ide', 'api'],
  ide: ['rules'],
  suppress: ['model', 'semantics', 'rules', 'ide', 'api', 'render'],
  render: ['template', 'model', 'semantics', 'rules', 'ide', 'api'],
};

/** Imports of a core file that go against the direction of the pipeline. */
function layerOffences(file: string, source: string): string[] {
  const folder = path.relative(coreDir, file).split(path.sep)[0];
  const banned = mayNotImport[folder] ?? [];
  return importSpecifiers(source).filter((specifier) => specifier.startsWith('.')).flatMap((specifier) => {
    const target = path.relative(coreDir, path.resolve(path.dirname(file), specifier)).split(path.sep)[0];
    return banned.includes(target) ? [`imports '${specifier}' (${folder}/ may not import ${target}/)`] : [];
  });
}

/** How a rule file reaches past the document view into template internals. */
function templateOffences(file: string, source: string): string[] {
  const templateDir = path.join(coreDir, 'template');
  const imports = importSpecifiers(source).filter((specifier) => specifier.startsWith('.') && path.resolve(path.dirname(file), specifier).startsWith(templateDir)).map((specifier) => `imports '${specifier}'`);
  const reads = ['scan', 'masked'].filter((field) => new RegExp(`\\.${field}\\b`).test(source)).map((field) => `reads .${field}`);
  return [...imports, ...reads];
}

/** Module specifiers of import/export-from statements, side-effect imports, require() and import(). */
function importSpecifiers(source: string): string[] {
  const patterns = [/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm, /^\s*import\s*['"]([^'"]+)['"]/gm, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]));
}

function bannedReason(specifier: string): string {
  if (specifier.startsWith('vscode')) return ' (an editor API)';
  if (specifier.startsWith('node:') || require('module').builtinModules.includes(specifier.split('/')[0])) return ' (a Node built-in: the core does no IO)';
  return ' (the core may use only the yaml package)';
}

/** Why a top-level line declares mutable module state, or undefined when it does not. */
function moduleStateProblem(line: string): string | undefined {
  if (/^(export\s+)?(let|var)\s/.test(line)) return 'top-level let/var';
  const declaration = /^(?:export\s+)?const\s+\w+\s*(?::[^=]+)?=\s*(.*)$/.exec(line);
  if (!declaration) return undefined;
  const value = declaration[1];
  // A collection built empty at module level can only be filled later: a cache or an accumulator.
  if (/^new\s+(Map|Set|WeakMap|WeakSet)\b\s*(<.*>)?\s*\(\s*\)/.test(value)) return 'module-level collection filled at run time (a cache)';
  if (/^(\[\s*\]|\{\s*\})\s*(as\s+[^;]+)?;?\s*$/.test(value)) return 'module-level empty array/object (an accumulator or cache)';
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Rule fixtures, the CLI fixtures and the demo chart: the shapes real charts have. */
function sampleCharts(): { name: string; chart: ChartInput }[] {
  const samples = ruleFixtures().map(({ rule, path: fixturePath }) => ({ name: `rules/${rule}/${path.basename(fixturePath)}`, chart: loadFixture(fixturePath).chart }));
  for (const dir of ['examples/demo-chart', ...listDirs('test/fixtures/cli')]) {
    if (fs.existsSync(path.join(dir, 'Chart.yaml'))) samples.push({ name: dir, chart: loadChart(dir) });
  }
  return samples;
}

function listDirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => path.join(dir, entry.name));
}

/**
 * Every API function that takes a chart, and every method of a ChartAnalysis of it, called on
 * it. Functions other helpers add later are called when present, by the signatures the API
 * uses: (chart) or (chart, file, offset).
 */
function apiResults(chart: ChartInput, maxOffsets = 12): [string, unknown][] {
  const api = core as unknown as Record<string, unknown>;
  const results: [string, unknown][] = [['analyzeChart', analyzeChart(chart)]];
  if (typeof api.getExecutionPlan === 'function') results.push(['getExecutionPlan', api.getExecutionPlan(chart)]);
  const file = chart.templates.find((template) => template.text.length > 0) ?? chart.templates[0];
  const analysis = core.createChartAnalysis(chart);
  const offsets = file ? interestingOffsets(file.text).slice(0, maxOffsets) : [0];
  for (const [method, call] of Object.entries(analysisCalls)) {
    for (const offset of offsets) results.push([`analysis.${method}(${file?.path}, ${offset})`, call(analysis, file?.path ?? '', offset)]);
  }
  if (!file) return results;
  for (const name of ['getCompletions', 'getHover', 'getHookPlacements', 'suggestWeights']) {
    const fn = api[name];
    if (typeof fn !== 'function') continue;
    for (const offset of offsets) results.push([`${name}(${file.path}, ${offset})`, fn(chart, file.path, offset)]);
  }
  return results;
}

/** Offsets at the ends, in the middle and just after each hook annotation key. */
function interestingOffsets(text: string): number[] {
  const offsets = new Set([0, text.length, Math.floor(text.length / 2)]);
  for (const match of text.slice(0, 20_000).matchAll(/helm\.sh\/hook[\w-]*"?:\s*/g)) offsets.add(match.index + match[0].length);
  return [...offsets].slice(0, 12);
}

function hostileTexts(): [string, string][] {
  const hook = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-delete-policy": hook-succeeded\n';
  return [
    ['an empty file', ''],
    ['an unclosed action', `${hook}    "helm.sh/hook-weight": {{ .Values.weight`],
    ['an unclosed comment', `{{/* ${hook}`],
    ['only braces', '{{}}{{-}}{{- -}}}}{{'],
    ['a quote inside an action', `${hook}    x: {{ "}}" }}\n`],
    ['NUL bytes', hook.replace(/name: x/, 'name: x\0\0') + '\0'],
    ['lone surrogates', hook.replace('pre-install', 'pre-\uD800install') + '\uDC00\n'],
    ['CRLF line endings', hook.replace(/\n/g, '\r\n')],
    ['lone CRs', hook.replace(/\n/g, '\r')],
    ['a byte-order mark', `\uFEFF${hook}`],
    ['100k opening braces', '{{'.repeat(100_000)],
    ['5k actions on their own lines', '{{ . }}\n'.repeat(5_000)],
    ['300 actions on one line', `name: ${'{{ . }}'.repeat(300)}\n`],
    ['deeply nested maps', Array.from({ length: 2_000 }, (_, depth) => `${' '.repeat(depth)}a:`).join('\n')],
    ['deeply nested flow collections', `${'['.repeat(1_000)}${']'.repeat(1_000)}`],
    ['deeply nested if blocks', `${'{{ if . }}'.repeat(1_000)}${hook}${'{{ end }}'.repeat(1_000)}`],
    ['a --- storm', '---\n'.repeat(5_000)],
    ['--- with text after it', `---apiVersion: v1\n---  \n${hook}---\n---`],
    ['a list as the hook value', hook.replace('pre-install', '[pre-install, {a: b}]')],
    ['aliases and merge keys', `${hook}    anchor: &a pre-install\n    "helm.sh/hook-weight": *a\n    <<: *a\n`],
    ['tags and directives', `%YAML 1.2\n---\n!!map\nkind: !custom Job\nmetadata: !!str x\n`],
    ['a scalar document', 'just some text\n---\n- a list\n- document\n'],
    ['tabs as indentation', hook.replace(/ {4}/g, '\t')],
    ['a very long line', `${hook}    note: "${'x'.repeat(200_000)}"\n`],
    ['duplicate keys', `${hook}    "helm.sh/hook": post-install\nmetadata:\n  name: y\n`],
    ['empty annotation values', hook.replace('pre-install', '').replace('hook-succeeded', '""')],
    ['a block scalar hook value', hook.replace('pre-install', '|\n      pre-install\n      post-install')],
  ];
}

/** The same text as a template, a subchart template, values.yaml and Chart.yaml. */
function placements(text: string): ChartInput[] {
  const template: SourceFile = { path: 'templates/hostile.yaml', text };
  return [
    { name: 'hostile', templates: [template] },
    { name: 'hostile', templates: [{ path: 'templates/_hostile.tpl', text }] },
    { name: 'hostile', templates: [], values: { path: 'values.yaml', text }, chartYaml: { path: 'Chart.yaml', text } },
    { name: 'parent', templates: [], subcharts: [{ name: 'sub', templates: [{ path: 'charts/sub/templates/hostile.yaml', text }], values: { path: 'charts/sub/values.yaml', text } }] },
  ];
}

function fileText(chart: ChartInput, file: string): string | undefined {
  return sourcesOf(chart, { withChartYaml: true }).find((source) => source.path === file)?.text;
}
