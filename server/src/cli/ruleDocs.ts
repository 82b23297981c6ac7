/**
 * A rule's documentation as docs/rules.md ships it, from the catalogue: scripts/generate.ts
 * writes each rule's section with `ruleSection`, and `check --explain` prints the same text.
 */
import { analyzeChart, type ChartInput, type HelmVersion, type Rule } from '../analysis';

/** The markdown section of docs/rules.md for `rule`, heading included, without a final newline. */
export function ruleSection(rule: Rule): string {
  return [
    `## ${rule.id}`,
    '',
    `**Default severity:** ${rule.defaultSeverity}`,
    '',
    `**Summary:** ${rule.summary}`,
    '',
    `**Judges:** ${rule.judges === 'source' ? 'the template source as written' : 'the resource Helm sees'}`,
    '',
    rule.rationale.trim(),
    '',
    'This triggers the rule:',
    '',
    ...codeBlock(rule.example.bad),
    '',
    'This does not:',
    '',
    ...codeBlock(rule.example.good),
    '',
    ...messageLines(rule),
    '',
    rule.fixDescription ? `**Fix:** ${rule.fixDescription.trim()}` : '**Fix:** none automatic.',
  ].join('\n');
}

/** `check --list-rules`: one line per rule, id, default severity and summary in aligned columns. */
export function ruleList(rules: readonly Rule[]): string {
  const idWidth = Math.max(...rules.map((rule) => rule.id.length));
  const severityWidth = Math.max(...rules.map((rule) => rule.defaultSeverity.length));
  return rules.map((rule) => `${rule.id.padEnd(idWidth)}  ${rule.defaultSeverity.padEnd(severityWidth)}  ${rule.summary}\n`).join('');
}

/**
 * What the rule says about its example, as the editor and the CLI show it: once when Helm 3 and
 * 4 get the same text, else both (the `helmVersion` setting and `--helm-version` choose).
 */
function messageLines(rule: Rule): string[] {
  const messageFor = (helmVersion: HelmVersion): string => analyzeChart(exampleChart(rule.example.bad), { helmVersion }).findings.find((finding) => finding.rule === rule.id)?.message ?? '';
  const helm4 = messageFor('4');
  const helm3 = messageFor('3');
  if (helm4 === helm3) return [`**Message:** ${helm4}`];
  return [`**Message (Helm 4, the default):** ${helm4}`, '', `**Message (Helm 3, \`helmVersion: "3"\` or \`--helm-version 3\`):** ${helm3}`];
}

/**
 * Examples are short snippets for the docs. A complete document (it has `kind:`) is analysed
 * as written; a `metadata:` block gets a Job header; anything else is taken as annotation
 * entries of a finished, well-formed Job.
 */
export function exampleText(snippet: string): string {
  if (/^kind:/m.test(snippet)) return snippet;
  if (/^metadata:/m.test(snippet)) return `apiVersion: batch/v1\nkind: Job\n${snippet}`;
  const annotations = snippet.trimEnd().split('\n').map((line) => `    ${line}`).join('\n');
  return [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: example',
    '  annotations:',
    annotations,
    'spec:',
    '  backoffLimit: 1',
    '  activeDeadlineSeconds: 300',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: example',
    '          image: busybox',
    '',
  ].join('\n');
}

/** A chart of one template holding the example. */
export function exampleChart(snippet: string): ChartInput {
  return { name: 'example', templates: [{ path: 'templates/example.yaml', text: exampleText(snippet) }] };
}

function codeBlock(text: string): string[] {
  // A fence longer than any backtick run inside keeps the example intact.
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return [`${fence}yaml`, text.trimEnd(), fence];
}
