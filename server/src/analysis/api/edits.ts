/**
 * Applying text edits to a file's text: the single implementation used by `--fix`, the
 * tests and the property checks. Overlapping edits are skipped, never merged.
 */
import type { Finding, TextEdit } from '../types';

export interface ApplyResult {
  readonly text: string;
  readonly applied: readonly TextEdit[];
  readonly skipped: readonly TextEdit[];
}

/** Applies edits that do not overlap an earlier-accepted one; edits are taken in the order given. */
export function applyEdits(text: string, edits: readonly TextEdit[]): ApplyResult {
  const accepted: TextEdit[] = [];
  const skipped: TextEdit[] = [];
  for (const edit of edits) {
    const { start, end } = edit.span;
    const valid = start >= 0 && end >= start && end <= text.length;
    const overlaps = accepted.some((other) => start < other.span.end && other.span.start < end || (start === end && start === other.span.start) || (other.span.start === other.span.end && other.span.start === start));
    if (!valid || overlaps) skipped.push(edit);
    else accepted.push(edit);
  }
  const ordered = [...accepted].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let result = text;
  for (const edit of ordered) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return { text: result, applied: accepted, skipped };
}

/** The edits of each finding's preferred fix in one file, one whole fix at a time. */
export function preferredFixEdits(findings: readonly Finding[], file: string): TextEdit[][] {
  const groups: TextEdit[][] = [];
  for (const finding of findings) {
    const preferred = finding.fixes.find((candidate) => candidate.isPreferred);
    if (!preferred) continue;
    if (preferred.edits.some((edit) => edit.file !== file)) continue;
    if (finding.file !== file && !preferred.edits.some((edit) => edit.file === file)) continue;
    groups.push([...preferred.edits]);
  }
  return groups;
}

/** Applies whole fixes (all of a fix's edits or none of them) to one file's text. */
export function applyFixes(text: string, fixes: readonly (readonly TextEdit[])[]): { text: string; appliedFixes: number; skippedFixes: number } {
  const accepted: TextEdit[] = [];
  let appliedFixes = 0;
  let skippedFixes = 0;
  for (const edits of fixes) {
    const trial = applyEdits(text, [...accepted, ...edits]);
    if (trial.skipped.length > 0) {
      skippedFixes++;
      continue;
    }
    accepted.push(...edits);
    appliedFixes++;
  }
  return { text: applyEdits(text, accepted).text, appliedFixes, skippedFixes };
}
