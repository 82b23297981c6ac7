/**
 * A rule's documentation as docs/rules.md ships it, from the catalogue: scripts/generate.ts
 * writes each rule's section with `ruleSection`, and `check --explain` prints the same text.
 */
import type { Rule } from '../analysis';

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
    rule.fixDescription ? `**Fix:** ${rule.fixDescription.trim()}` : '**Fix:** none automatic.',
  ].join('\n');
}

/** `check --list-rules`: one line per rule, id, default severity and summary in aligned columns. */
export function ruleList(rules: readonly Rule[]): string {
  const idWidth = Math.max(...rules.map((rule) => rule.id.length));
  const severityWidth = Math.max(...rules.map((rule) => rule.defaultSeverity.length));
  return rules.map((rule) => `${rule.id.padEnd(idWidth)}  ${rule.defaultSeverity.padEnd(severityWidth)}  ${rule.summary}\n`).join('');
}

function codeBlock(text: string): string[] {
  // A fence longer than any backtick run inside keeps the example intact.
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return [`${fence}yaml`, text.replace(/\s+$/, ''), fence];
}
