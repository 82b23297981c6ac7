/**
 * Suppression comments beyond what the rule fixtures show: settings that turn a rule off, the
 * edits of the "Suppress RULE on this line" quick fix in each comment form, and the removal fix.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart, applyEdits, suppressionFix, type ChartInput, type Finding } from '../../server/src/analysis';

const job = (annotations: string, name = 'migrate'): string =>
  ['apiVersion: batch/v1', 'kind: Job', 'metadata:', `  name: ${name}`, '  annotations:', annotations, 'spec:', '  template:', '    spec:', '      restartPolicy: Never', ''].join('\n');
const chart = (path: string, text: string): ChartInput => ({ name: 'c', templates: [{ path, text }] });
const typo = '    "helm.sh/hook": pre-instal\n    "helm.sh/hook-weight": "0"\n    "helm.sh/hook-delete-policy": before-hook-creation';

describe('suppressions and settings', () => {
  const text = job(`    # helm-hooks-disable-next-line unknown-hook-event\n${typo}`);

  it('an id of a rule that is off is not reported unused', () => {
    const result = analyzeChart(chart('templates/job.yaml', text), { rules: { 'unknown-hook-event': 'off' } });
    assert.deepEqual(result.findings.map((finding) => finding.rule), []);
  });

  it('turning unused-suppression off leaves the suppression working', () => {
    const result = analyzeChart(chart('templates/job.yaml', text), { rules: { 'unused-suppression': 'off' } });
    assert.deepEqual(result.findings.map((finding) => finding.rule), []);
  });

  it('unused-suppression findings can be silenced in the file', () => {
    const unused = job(`    # helm-hooks-disable-file unused-suppression\n    # helm-hooks-disable-next-line unknown-hook-event\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "0"\n    "helm.sh/hook-delete-policy": before-hook-creation`);
    assert.deepEqual(analyzeChart(chart('templates/job.yaml', unused)).findings.map((finding) => finding.rule), []);
  });

  it('the unused fix removes the id, or the whole comment line when it is the only one', () => {
    const two = job(`    # helm-hooks-disable-next-line unknown-hook-event, unweighted-hook\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-delete-policy": before-hook-creation`);
    const [finding] = analyzeChart(chart('templates/job.yaml', two)).findings.filter((f) => f.rule === 'unused-suppression');
    assert.ok(finding);
    assert.match(applyEdits(two, finding.fixes[0].edits).text, /# helm-hooks-disable-next-line unweighted-hook\n/);
    const one = job(`    # helm-hooks-disable-next-line unknown-hook-event\n${typo.replace('pre-instal', 'pre-install')}`);
    const [only] = analyzeChart(chart('templates/job.yaml', one)).findings;
    assert.equal(only.rule, 'unused-suppression');
    assert.equal(applyEdits(one, only.fixes[0].edits).text, job(typo.replace('pre-instal', 'pre-install')));
  });
});

describe('the "Suppress RULE on this line" fix', () => {
  const firstFinding = (path: string, text: string): Finding => {
    const finding = analyzeChart(chart(path, text)).findings.find((f) => f.rule === 'unknown-hook-event');
    assert.ok(finding, 'the fixture has an unknown-hook-event finding');
    return finding;
  };
  const suppressed = (path: string, text: string): string => {
    const fix = suppressionFix(firstFinding(path, text), text);
    assert.ok(fix);
    assert.equal(fix.title, 'Suppress unknown-hook-event on this line');
    const fixed = applyEdits(text, fix.edits).text;
    assert.deepEqual(analyzeChart(chart(path, fixed)).findings.filter((f) => f.rule === 'unknown-hook-event' || (f.rule.endsWith('-suppression') && !f.message.includes('unweighted-hook'))), [], 'the fix silences the finding and is itself used');
    return fixed;
  };

  it('writes a YAML comment with the line\'s indentation in a manifest', () => {
    assert.equal(suppressed('templates/job.yaml', job(typo)), job(`    # helm-hooks-disable-next-line unknown-hook-event\n${typo}`));
  });

  it('keeps CRLF line breaks', () => {
    const crlf = job(typo).replace(/\n/g, '\r\n');
    assert.equal(suppressed('templates/job.yaml', crlf), job(`    # helm-hooks-disable-next-line unknown-hook-event\n${typo}`).replace(/\n/g, '\r\n'));
  });

  it('adds the rule to a disable-next-line comment already above the line', () => {
    const text = job(`    # helm-hooks-disable-next-line unweighted-hook\n${typo}`);
    assert.match(suppressed('templates/job.yaml', text), /# helm-hooks-disable-next-line unweighted-hook,unknown-hook-event\n/);
    const template = job(`    {{- /* helm-hooks-disable-next-line */}}\n${typo}`);
    assert.match(suppressed('templates/job.yaml', template), /\{\{- \/\* helm-hooks-disable-next-line unknown-hook-event \*\/\}\}\n/);
  });

  it('writes a template comment inside a define, where a YAML comment would be printed into every manifest', () => {
    const text = `{{- define "c.job" }}\n${job(typo)}{{- end }}\n`;
    const at = text.indexOf('pre-instal');
    const finding: Finding = { rule: 'unknown-hook-event', severity: 'error', message: '', file: 'templates/_job.tpl', span: { start: at, end: at + 10 }, fixes: [], related: [] };
    const fix = suppressionFix(finding, text);
    assert.ok(fix);
    assert.match(applyEdits(text, fix.edits).text, /\n {4}\{\{- \/\* helm-hooks-disable-next-line unknown-hook-event \*\/\}\}\n {4}"helm\.sh\/hook": pre-instal/);
  });

  it('offers nothing on a line that starts inside a template action', () => {
    const text = job('    {{- $a := dict\n    "helm.sh/hook" "pre-instal" }}\n    "helm.sh/hook": {{ $a }}');
    const finding: Finding = { rule: 'unknown-hook-event', severity: 'error', message: '', file: 'templates/job.yaml', span: { start: text.indexOf('"helm.sh/hook" "'), end: text.indexOf('"helm.sh/hook" "') + 1 }, fixes: [], related: [] };
    assert.equal(suppressionFix(finding, text), undefined);
  });
});
