/**
 * Rules judging what Helm renders, each finding at the line the author changes
 * (api/renderedFindings.ts). Each folder of test/fixtures/rendered/findings is a chart, with
 * optional case.json (`args`: check's values flags); beside it `rendered.txt` (the findings with
 * rendering, as `check` gives them by default) and `literal.txt` (the same chart read as written,
 * `--no-render`). When the real Helm binary is there, the chart must render exactly as Helm
 * renders it, so the findings judge Helm's documents.
 *
 * A fixture may also carry Helm's own output, so the comparison holds without the binary:
 * `helm.txt` is what `helm template release-name <chart> <args>` printed (Helm 4.1.4), and
 * `helm-fixed.txt` what it printed for the chart after every preferred fix was applied (as
 * `check --fix` applies them), with `fixed.txt` the findings left then. With the binary, both
 * are compared with Helm run live (the fixed chart from a scratch copy).
 *
 * `plan.txt` and `plan.json`, when there, are what `plan` prints for the chart (with case.json's
 * values flags) in each format: the order, and where each hook's annotation is written.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyzeChart, type ChartInput, type Finding, type RenderOptions } from '../../server/src/analysis';
import { applyFixes, preferredFixEdits } from '../../server/src/analysis/api/edits';
import { mapSources } from '../../server/src/analysis/input/chartInput';
import { parseArgs, type CheckCommand } from '../../server/src/cli/args';
import { main } from '../../server/src/cli/main';
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
      const helmOutput = path.join(dir, 'helm.txt');
      if (fs.existsSync(helmOutput)) assert.equal(runOurs(dir, args).stdout, fs.readFileSync(helmOutput, 'utf8'), "the fixture renders as Helm's checked-in output");
      if (fs.existsSync(path.join(dir, 'helm-fixed.txt'))) checkFixedChart(dir, args, input, rendered.findings, options, read, helm);
      for (const format of ['text', 'json'] as const) {
        const golden = path.join(dir, `plan.${format === 'text' ? 'txt' : 'json'}`);
        if (fs.existsSync(golden)) assertGolden(golden, planOutput(dir, args, format), `the plan (${format})`);
      }
    });
  }
});

/** What `helm-hooks plan --format FORMAT <args> <dir>` prints (its status must be 0). */
function planOutput(dir: string, args: readonly string[], format: 'text' | 'json'): string {
  let stdout = '';
  let stderr = '';
  const status = main(['plan', '--format', format, ...args, dir], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), colorOutput: false });
  assert.equal(status, 0, stderr);
  return stdout;
}

/** The chart after every preferred fix of `findings` is applied renders as Helm rendered it (`helm-fixed.txt`), with the findings of `fixed.txt`. */
function checkFixedChart(dir: string, args: readonly string[], input: ChartInput, findings: readonly Finding[], options: RenderOptions, read: (file: string) => string, helm: string | undefined): void {
  const fixedTexts = new Map<string, string>();
  const fixed = mapSources(input, (source) => {
    const groups = preferredFixEdits(findings, source.path);
    if (groups.length === 0) return source;
    const text = applyFixes(source.text, groups).text;
    fixedTexts.set(source.path, text);
    return { ...source, text };
  });
  assert.ok(fixedTexts.size > 0, 'a fixture with helm-fixed.txt has a preferred fix to apply');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-fixed-'));
  try {
    fs.cpSync(dir, scratch, { recursive: true });
    for (const [file, text] of fixedTexts) fs.writeFileSync(path.join(scratch, file), text);
    const expected = fs.readFileSync(path.join(dir, 'helm-fixed.txt'), 'utf8');
    assert.equal(runOurs(scratch, args).stdout, expected, "the fixed chart renders as Helm's checked-in output");
    if (helm) assert.equal(runHelm(helm, scratch, args).stdout, expected, 'helm-fixed.txt is still what Helm prints for the fixed chart');
    const readFixed = (file: string): string => fixedTexts.get(file) ?? read(file);
    const after = analyzeChart(fixed, {}, undefined, options);
    assertGolden(path.join(dir, 'fixed.txt'), after.findings.map((finding) => describeFinding(finding, readFixed)).join('\n') + '\n', 'the findings after the fixes');
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
