/**
 * Runs every rule fixture under test/fixtures/rules: the findings must be exactly the ones
 * the caret lines expect, and every preferred fix must give the golden `.fixed` text, remove
 * its finding, keep the YAML parsing, and change nothing when applied a second time.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyzeChart, applyFixes, createLineIndex, preferredFixEdits, type ChartInput, type Finding } from '../../server/src/analysis';
import { describeExpected, describeFindings, loadFixture, ruleFixtures, type ExpectedFinding } from './support/fixtures';

const update = process.env.UPDATE_FIXTURES === '1';

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
  for (const item of expected) {
    if (!item.messageIncludes) continue;
    const match = findings.find((finding) => finding.rule === item.rule && finding.file === item.file && createLineIndex(fileText(chart, item.file)).positionAt(finding.span.start).line === item.line);
    assert.ok(match && match.message.includes(item.messageIncludes), `message of ${item.rule} at line ${item.line} should contain "${item.messageIncludes}", got "${match?.message}"`);
  }
}

function checkFixes(chart: ChartInput, findings: readonly Finding[], fixedPath: (file: string) => string): void {
  const files = new Set(findings.filter((finding) => finding.fixes.some((fix) => fix.isPreferred)).flatMap((finding) => finding.fixes.find((fix) => fix.isPreferred)!.edits.map((edit) => edit.file)));
  for (const file of files) {
    const original = fileText(chart, file);
    const fixed = applyFixes(original, preferredFixEdits(findings, file)).text;
    const golden = fixedPath(file);
    if (update || !fs.existsSync(golden)) fs.writeFileSync(golden, fixed);
    assert.equal(fixed, fs.readFileSync(golden, 'utf8'), `fixed text of ${file} differs from ${golden}`);
    const fixedChart = replaceFile(chart, file, fixed);
    const after = analyzeChart(fixedChart).findings;
    const stillFixable = after.filter((finding) => finding.file === file && finding.fixes.some((fix) => fix.isPreferred && fix.edits.every((edit) => edit.file === file)));
    assert.deepEqual(describeFindings(fixedChart, stillFixable), [], 'a preferred fix left a fixable finding behind (or created one)');
    const again = applyFixes(fixed, preferredFixEdits(after, file)).text;
    assert.equal(again, fixed, 'applying the fixes a second time changed the text');
    if (yamlParses(original)) assert.ok(yamlParses(fixed), 'the fixed text no longer parses as YAML');
  }
}

function yamlParses(text: string): boolean {
  if (text.includes('{{')) return true; // Templates are checked through the core's own masked view.
  return parseAllDocuments(text).every((doc) => !('errors' in doc) || doc.errors.length === 0);
}

function fileText(chart: ChartInput, file: string): string {
  const all = [...chart.templates, ...(chart.values ? [chart.values] : []), ...(chart.subcharts ?? []).flatMap((sub) => [...sub.templates, ...(sub.values ? [sub.values] : [])])];
  return all.find((source) => source.path === file)?.text ?? '';
}

function replaceFile(chart: ChartInput, file: string, text: string): ChartInput {
  const swap = (input: ChartInput): ChartInput => ({
    ...input,
    templates: input.templates.map((source) => (source.path === file ? { path: file, text } : source)),
    values: input.values && input.values.path === file ? { path: file, text } : input.values,
    subcharts: (input.subcharts ?? []).map(swap),
  });
  return swap(chart);
}
