/**
 * Rules judging what Helm renders, each finding at the line the author changes
 * (api/renderedFindings.ts). Each folder of test/fixtures/rendered/findings is a chart, with
 * optional case.json (`args`: check's values flags); beside it `rendered.txt` (the findings with
 * rendering, as `check` gives them by default) and `literal.txt` (the same chart read as written,
 * `--no-render`). When the real Helm binary is there, the chart must render exactly as Helm
 * renders it, so the findings judge Helm's documents.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyzeChart, type Finding } from '../../server/src/analysis';
import { parseArgs, type CheckCommand } from '../../server/src/cli/args';
import { readRenderOptions } from '../../server/src/cli/renderInput';
import { loadChart } from '../../server/src/node/chartLoader';
import { assertGolden } from './support/goldens';
import { helmBinary, repoRoot, runHelm, runOurs } from './support/renderHarness';

const root = path.join(repoRoot, 'test', 'fixtures', 'rendered', 'findings');

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** A finding as the goldens write it: rule, severity, place and the text there, message; then related places and fixes. */
function describeFinding(finding: Finding, read: (file: string) => string): string {
  const at = (file: string, span: { start: number; end: number }): string => `${file}:${lineOf(read(file), span.start)} ${JSON.stringify(read(file).slice(span.start, span.end))}`;
  const lines = [`${finding.rule} ${finding.severity} ${at(finding.file, finding.span)} ${finding.message}`];
  for (const related of finding.related) lines.push(`  related ${at(related.file, related.span)} ${related.message}`);
  for (const fix of finding.fixes) lines.push(`  fix ${JSON.stringify(fix.title)}${fix.isPreferred ? ' (preferred)' : ''}: ${fix.edits.map((edit) => `${at(edit.file, edit.span)} -> ${JSON.stringify(edit.newText)}`).join('; ')}`);
  if (finding.fixes.length === 0) lines.push('  no fix');
  return lines.join('\n');
}

describe('rules judge the rendered chart and point at the source', () => {
  for (const name of fs.readdirSync(root).sort()) {
    const dir = path.join(root, name);
    const casePath = path.join(dir, 'case.json');
    const args: string[] = fs.existsSync(casePath) ? (JSON.parse(fs.readFileSync(casePath, 'utf8')) as { args: string[] }).args : [];
    it(name, () => {
      const parsed = parseArgs(['check', ...args, dir], { ruleIds: new Set() });
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
      const problems: { path: string; message: string }[] = [];
      const options = readRenderOptions(parsed.value as CheckCommand, problems);
      const input = loadChart(dir, problems);
      assert.deepEqual(problems, []);
      const read = (file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');
      const rendered = analyzeChart(input, {}, undefined, options);
      assert.deepEqual(rendered.render, { mode: 'rendered' });
      assert.deepEqual(rendered.internalErrors, []);
      assertGolden(path.join(dir, 'rendered.txt'), rendered.findings.map((finding) => describeFinding(finding, read)).join('\n') + '\n', 'the rendered findings');
      const literal = analyzeChart(input, {});
      assert.equal(literal.render, undefined);
      assertGolden(path.join(dir, 'literal.txt'), literal.findings.map((finding) => describeFinding(finding, read)).join('\n') + '\n', 'the literal findings');
      const helm = helmBinary();
      if (helm) assert.deepEqual(runOurs(dir, args), runHelm(helm, dir, args), 'the fixture renders as real Helm renders it');
    });
  }
});
