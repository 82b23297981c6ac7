/**
 * Fixture conventions shared by the rule tests.
 *
 * A rule fixture is a template (`<case>.yaml`) or a chart folder (`<case>/` with Chart.yaml).
 * Expected findings are YAML comment lines of carets under the offending line:
 *
 *     "helm.sh/hook": pre-instal
 *     #               ^^^^^^^^^^ error unknown-hook-event
 *
 * Caret lines are removed before analysis, so the analysed text is what a user writes. A
 * file without caret lines expects no finding. `<case>.fixed.yaml` (or `<file>.fixed` inside
 * a chart folder) holds the text after every preferred fix; it is written only when
 * UPDATE_FIXTURES=1 (see goldens.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeChart, createLineIndex, sourcesOf, type AnalysisConfig, type ChartInput, type Finding, type SourceFile } from '../../../server/src/analysis';

// Tests run from the repository root (npm test), whatever folder they were compiled to.
export const fixturesRoot = path.resolve('test/fixtures');

export interface ExpectedFinding {
  readonly file: string;
  readonly line: number;
  readonly startCharacter: number;
  /** Undefined when the caret runs to the end of the line (a span that may go on). */
  readonly endCharacter?: number;
  readonly severity: string;
  readonly rule: string;
  /** Optional text the message must contain (after a colon on the caret line). */
  readonly messageIncludes?: string;
}

const caretLine = /^(\s*)#(\s*)(\^+)(\.\.\.)?\s+(error|warning|information|hint)\s+([a-z0-9-]+)(?::\s*(.*))?\s*$/;

/** Strips caret lines from `raw`, returning the text and what the carets expect. */
export function parseExpectations(file: string, raw: string): { text: string; expected: ExpectedFinding[] } {
  const lines = raw.split('\n');
  const kept: string[] = [];
  const expected: ExpectedFinding[] = [];
  for (const line of lines) {
    const match = caretLine.exec(line.replace(/\r$/, ''));
    if (!match) {
      kept.push(line);
      continue;
    }
    const start = match[1].length + 1 + match[2].length;
    expected.push({
      file,
      line: kept.length - 1,
      startCharacter: start,
      endCharacter: match[4] ? undefined : start + match[3].length,
      severity: match[5],
      rule: match[6],
      messageIncludes: match[7] || undefined,
    });
  }
  return { text: kept.join('\n'), expected };
}

export interface LoadedFixture {
  readonly name: string;
  readonly chart: ChartInput;
  readonly expected: ExpectedFinding[];
  /** Where each file's fixed text lives. */
  readonly fixedPath: (file: string) => string;
}

/** Loads a fixture: a single template file (as `templates/<name>`) or a chart folder. */
export function loadFixture(fixturePath: string): LoadedFixture {
  const name = path.basename(fixturePath);
  if (fs.statSync(fixturePath).isFile()) {
    const templatePath = `templates/${name}`;
    const { text, expected } = parseExpectations(templatePath, fs.readFileSync(fixturePath, 'utf8'));
    return {
      name,
      chart: { name: 'fixture', templates: [{ path: templatePath, text }] },
      expected,
      fixedPath: () => fixturePath.replace(/\.(ya?ml|tpl)$/, '.fixed.$1'),
    };
  }
  const expected: ExpectedFinding[] = [];
  const read = (relative: string): SourceFile => {
    const parsed = parseExpectations(relative, fs.readFileSync(path.join(fixturePath, relative), 'utf8'));
    expected.push(...parsed.expected);
    return { path: relative, text: parsed.text };
  };
  const chart = readChart(fixturePath, '', read);
  return { name, chart, expected, fixedPath: (file) => path.join(fixturePath, `${file}.fixed`) };
}

function readChart(root: string, prefix: string, read: (relative: string) => SourceFile): ChartInput {
  const templates: SourceFile[] = [];
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (!entry.name.endsWith('.fixed')) templates.push(read(prefix + child));
    }
  };
  if (fs.existsSync(path.join(root, 'templates'))) walk('templates');
  const values = fs.existsSync(path.join(root, 'values.yaml')) ? read(prefix + 'values.yaml') : undefined;
  const subcharts: ChartInput[] = [];
  const chartsDir = path.join(root, 'charts');
  if (fs.existsSync(chartsDir)) {
    for (const sub of fs.readdirSync(chartsDir).sort()) {
      subcharts.push(readChart(path.join(chartsDir, sub), `${prefix}charts/${sub}/`, (relative) => read(relative)));
    }
  }
  const chartYamlPath = path.join(root, 'Chart.yaml');
  const nameMatch = fs.existsSync(chartYamlPath) ? /^name:\s*(\S+)/m.exec(fs.readFileSync(chartYamlPath, 'utf8')) : null;
  return { name: nameMatch?.[1] ?? path.basename(root), prefix, templates, values, subcharts };
}

/** Findings rendered the way caret lines describe them, for readable assertion diffs. */
export function describeFindings(chart: ChartInput, findings: readonly Finding[]): string[] {
  const texts = new Map(sourcesOf(chart).map((file) => [file.path, file.text]));
  return findings.map((finding) => {
    const index = createLineIndex(texts.get(finding.file) ?? '');
    const start = index.positionAt(finding.span.start);
    const end = index.positionAt(finding.span.end);
    const endText = end.line === start.line ? `${end.character}` : '…';
    return `${finding.file}:${start.line}:${start.character}-${endText} ${finding.severity} ${finding.rule}`;
  });
}

export function describeExpected(expected: readonly ExpectedFinding[]): string[] {
  return expected.map((item) => `${item.file}:${item.line}:${item.startCharacter}-${item.endCharacter ?? '…'} ${item.severity} ${item.rule}`);
}

export function analyzeFixture(fixture: LoadedFixture, config: AnalysisConfig = {}) {
  return analyzeChart(fixture.chart, config);
}

/** All rule fixture paths: test/fixtures/rules/<rule-id>/<case>(.yaml|/). */
export function ruleFixtures(): { rule: string; path: string }[] {
  const root = path.join(fixturesRoot, 'rules');
  const result: { rule: string; path: string }[] = [];
  if (!fs.existsSync(root)) return result;
  for (const rule of fs.readdirSync(root).sort()) {
    for (const entry of fs.readdirSync(path.join(root, rule)).sort()) {
      if (/\.fixed(\.ya?ml|\.tpl)?$/.test(entry)) continue;
      result.push({ rule, path: path.join(root, rule, entry) });
    }
  }
  return result;
}

/** Every values file (`values*.yaml`) under `dir`, sorted; none when `dir` is missing (the corpus on a machine without it). */
export function valuesFilesUnder(dir: string): string[] {
  const found: string[] = [];
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...valuesFilesUnder(full));
    else if (/values.*\.ya?ml$/.test(entry.name)) found.push(full);
  }
  return found.sort();
}
