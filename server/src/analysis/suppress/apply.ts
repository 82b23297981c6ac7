/**
 * Applies suppression comments to findings: a `next-line` directive silences the findings of
 * its rules that start on the line after it, a `file` directive those anywhere in its file.
 * Records which directive ids silenced something, for the `unused-suppression` rule.
 */
import { nearest } from '../helm/hooks';
import type { Finding, Span } from '../types';
import { createLineIndex, type LineIndex } from '../text/lineIndex';
import type { SuppressionDirective } from './directives';

/** A directive and, per id (by position in `ids`), whether it silenced at least one finding. */
export interface DirectiveUse {
  readonly directive: SuppressionDirective;
  readonly used: readonly boolean[];
}

export interface Suppressed {
  readonly kept: Finding[];
  readonly uses: DirectiveUse[];
}

/** Filters `findings` by `directives`; `texts` gives each file's text (to find a finding's line). */
export function suppress(findings: readonly Finding[], directives: readonly SuppressionDirective[], texts: ReadonlyMap<string, string>): Suppressed {
  const uses = directives.map((directive) => ({ directive, used: directive.ids.map(() => false) }));
  if (uses.length === 0) return { kept: [...findings], uses };
  const byFile = new Map<string, typeof uses>();
  for (const use of uses) byFile.set(use.directive.file, [...(byFile.get(use.directive.file) ?? []), use]);
  const indexes = new Map<string, LineIndex>();
  const lineOf = (finding: Finding): number => {
    let index = indexes.get(finding.file);
    if (!index) indexes.set(finding.file, (index = createLineIndex(texts.get(finding.file) ?? '')));
    return index.positionAt(finding.span.start).line;
  };
  const kept: Finding[] = [];
  for (const finding of findings) {
    const candidates = byFile.get(finding.file);
    let silenced = false;
    for (const use of candidates ?? []) {
      const { directive } = use;
      if (directive.scope === 'next-line' && lineOf(finding) !== directive.line + 1) continue;
      directive.ids.forEach((entry, position) => {
        if (entry.id !== finding.rule) return;
        use.used[position] = true;
        silenced = true;
      });
    }
    if (!silenced) kept.push(finding);
  }
  return { kept, uses };
}

/**
 * What the `unused-suppression` and `invalid-suppression` rules judge, per id of a directive:
 * `used` silenced a finding; `unused` silenced none though its rule ran; `unknown` names no
 * rule; `unchecked` names a rule that did not run (off, or failed) or a rule that reviews
 * suppressions itself, so whether it would have silenced something is not known.
 */
export type IdStatus = 'used' | 'unused' | 'unknown' | 'unchecked';

export interface DirectiveReview {
  readonly directive: SuppressionDirective;
  readonly ids: readonly { readonly id: string; readonly span: Span; readonly status: IdStatus; readonly suggestion?: string }[];
}

/** `known`: every rule id of the catalogue; `ran`: the rules that ran and may be judged unused. */
export function reviewUses(uses: readonly DirectiveUse[], known: readonly string[], ran: ReadonlySet<string>): DirectiveReview[] {
  return uses.map(({ directive, used }) => ({
    directive,
    ids: directive.ids.map((entry, position) => {
      if (used[position]) return { ...entry, status: 'used' as const };
      if (!known.includes(entry.id)) return { ...entry, status: 'unknown' as const, suggestion: nearest(entry.id, known, 3) };
      return { ...entry, status: ran.has(entry.id) ? ('unused' as const) : ('unchecked' as const) };
    }),
  }));
}
