/**
 * Runs every rule fixture under test/fixtures/rules: the findings must be exactly the ones
 * the caret lines expect, and every preferred fix must give the golden `.fixed` text, remove
 * its finding without creating another, keep the YAML parsing (same documents and kinds),
 * and change nothing when applied a second time.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyzeChart, applyFixes, createLineIndex, mapSources, preferredFixEdits, sourcesOf, type ChartInput, type Finding, type SourceFile } from '../../server/src/analysis';
import { parseTemplateFile } from '../../server/src/analysis/yaml/documents';
import { describeExpected, describeFindings, loadFixture, ruleFixtures, type ExpectedFinding } from './support/fixtures';
import { assertGolden } from './support/goldens';

describe('rule fixtures', () => {
  for (const { rule, path: fixturePath } of ruleFixtures()) {
    const fixture = loadFixture(fixturePath);
    it(`${rule}/${fixture.name}`, () => {
      const result = analyzeChart(fixture.chart);
      assert.deepEqual(result.internalErrors, []);
      assertFindings(fixture.chart, result.findings, fixture.expected);
      checkFixes(fixture.chart, result.findings, fixture.fixedPath);
    });
  }
});

function assertFindings(chart: ChartInput, findings: readonly Finding[], expected: readonly ExpectedFinding[]): void {
  const actual = describeFindings(chart, findings);
  const wanted = describeExpected(expected);
  // A caret that runs to the end of the line ("^^^...") matches any end on a later line or column.
  const normalized = actual.map((line, index) => {
    const want = expected.find((item) => item.endCharacter === undefined && line.startsWith(`${item.file}:${item.line}:${item.startCharacter}-`) && line.endsWith(` ${item.severity} ${item.rule}`));
    return want ? describeExpected([want])[0] : actual[index];
  });
  assert.deepEqual([...normalized].sort(), [...wanted].sort(), `findings differ\nactual:\n  ${actual.join('\n  ')}\nmessages:\n  ${findings.map((f) => f.message).join('\n  ')}`);
  // A message is one sentence on one line, whatever line breaks the quoted value holds.
  for (const finding of findings) assert.doesNotMatch(finding.message, /[\r\n]/, `${finding.rule}: the message spans lines: ${JSON.stringify(finding.message)}`);
  for (const item of expected) {
    if (!item.messageIncludes) continue;
    const match = findings.find((finding) => finding.rule === item.rule && finding.file === item.file && createLineIndex(fileText(chart, item.file)).positionAt(finding.span.start).line === item.line);
    assert.ok(match && match.message.includes(item.messageIncludes), `message of ${item.rule} at line ${item.line} should contain "${item.messageIncludes}", got "${match?.message}"`);
  }
}

function checkFixes(chart: ChartInput, findings: readonly Finding[], fixedPath: (file: string) => string): void {
  const files = [...new Set(findings.filter((finding) => finding.fixes.some((fix) => fix.isPreferred)).flatMap((finding) => finding.fixes.find((fix) => fix.isPreferred)!.edits.map((edit) => edit.file)))];
  // A golden that no preferred fix produces any more would sit there unchecked.
  const stale = allFiles(chart).filter((file) => !files.includes(file) && fs.existsSync(fixedPath(file)));
  assert.deepEqual(stale.map(fixedPath), [], 'stale goldens: no preferred fix changes these files any more; delete the goldens');
  if (files.length === 0) return;
  // Every file at once, as `--fix` does: a fix in values.yaml may change what a template's findings are.
  let fixedChart = chart;
  for (const file of files) {
    const fixed = applyFixes(fileText(chart, file), preferredFixEdits(findings, file)).text;
    assertGolden(fixedPath(file), fixed, `the fixed text of ${file}`);
    fixedChart = replaceFile(fixedChart, file, fixed);
  }
  const after = analyzeChart(fixedChart);
  assert.deepEqual(after.internalErrors, []);
  assertOnlyOldFindings(chart, findings, fixedChart, after.findings);
  for (const file of files) {
    const fixed = fileText(fixedChart, file);
    const again = applyFixes(fixed, preferredFixEdits(after.findings, file)).text;
    assert.equal(again, fixed, `applying the fixes a second time changed ${file}`);
    assertStillParses(file, fileText(chart, file), fixed);
  }
}

/**
 * The findings after the fixes must be findings that were there before and had no preferred
 * fix: a fix removes its own finding and creates none. Offsets move, so a finding is known by
 * its rule, file and the text it points at; a finding whose text a fix changed counts as new.
 */
function assertOnlyOldFindings(chart: ChartInput, before: readonly Finding[], fixedChart: ChartInput, after: readonly Finding[]): void {
  const identity = (input: ChartInput, finding: Finding): string => `${finding.rule} ${finding.file} ${JSON.stringify(fileText(input, finding.file).slice(finding.span.start, finding.span.end))}`;
  const left = new Map<string, number>();
  for (const finding of before) {
    if (finding.fixes.some((fix) => fix.isPreferred)) continue;
    const key = identity(chart, finding);
    left.set(key, (left.get(key) ?? 0) + 1);
  }
  const unexpected: string[] = [];
  after.forEach((finding, index) => {
    const key = identity(fixedChart, finding);
    const count = left.get(key) ?? 0;
    if (count === 0) unexpected.push(`${describeFindings(fixedChart, [finding])[0]}: ${after[index].message}`);
    else left.set(key, count - 1);
  });
  assert.deepEqual(unexpected, [], 'after the preferred fixes, these findings are new or were not removed by their fix');
}

/**
 * The fixed text still reads as the same documents: for a template, the core's own view of
 * it (documents split as Helm splits them, the masked YAML) has the same documents and kinds
 * and no new YAML errors; a values file still parses.
 */
function assertStillParses(file: string, original: string, fixed: string): void {
  if (!file.includes('templates/')) {
    assert.ok(!yamlParses(original) || yamlParses(fixed), `the fixed text of ${file} no longer parses as YAML`);
    return;
  }
  const shape = (text: string) => parseTemplateFile({ path: file, text }).documents.map((doc) => ({ kind: doc.kind?.source, readable: doc.yamlReadable, errors: doc.yamlErrors.length }));
  const was = shape(original);
  const is = shape(fixed);
  assert.deepEqual(is.map((doc) => doc.kind), was.map((doc) => doc.kind), `the fixed text of ${file} has other documents or kinds`);
  is.forEach((doc, index) => {
    assert.ok(doc.readable || !was[index].readable, `document ${index} of the fixed ${file} no longer parses (masked YAML)`);
    assert.ok(doc.errors <= was[index].errors, `document ${index} of the fixed ${file} has new YAML errors`);
  });
}

function yamlParses(text: string): boolean {
  return parseAllDocuments(text).every((doc) => !('errors' in doc) || doc.errors.length === 0);
}

function sources(chart: ChartInput): SourceFile[] {
  return sourcesOf(chart);
}

function allFiles(chart: ChartInput): string[] {
  return sources(chart).map((source) => source.path);
}

function fileText(chart: ChartInput, file: string): string {
  return sources(chart).find((source) => source.path === file)?.text ?? '';
}

function replaceFile(chart: ChartInput, file: string, text: string): ChartInput {
  return mapSources(chart, (source, role) => (role !== 'chartYaml' && source.path === file ? { path: file, text } : source));
}
