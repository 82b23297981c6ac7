/**
 * Notes for a rendered plan whose templates read the release's state. `helm template` (and so this plan)
 * renders as an install, IsInstall true, IsUpgrade false, Revision 1, or with `--is-upgrade` as an upgrade
 * still at Revision 1; `helm upgrade` renders with IsUpgrade true and Revision 2 or more. A hook guarded by
 * `.Release.IsUpgrade`, or named after `.Release.Revision`, can then differ from what this one render shows
 * for some lifecycle, and the plan says where (review15 D3): one note per template that reads it, at the
 * first line that does.
 */
import type { ChartInput } from '../types';
import { sourcesOf } from '../input/chartInput';
import type { PlanNote } from './plan';

const releaseState = /\.Release\.(IsUpgrade|IsInstall|Revision)\b/g;

export function releaseStateNotes(input: ChartInput, isUpgrade: boolean): PlanNote[] {
  const notes: PlanNote[] = [];
  for (const source of sourcesOf(input)) {
    if (!/(^|\/)templates\//.test(source.path) || typeof source.text !== 'string') continue;
    // The first line that reads each field (IsUpgrade and IsInstall say the same thing: one note for both).
    const seen = new Set<string>();
    let line = 1;
    let counted = 0;
    for (const match of source.text.matchAll(releaseState)) {
      const field = match[1] === 'Revision' ? 'Revision' : 'state';
      if (seen.has(field)) continue;
      seen.add(field);
      for (let at = source.text.indexOf('\n', counted); at >= 0 && at < match.index!; at = source.text.indexOf('\n', at + 1)) {
        line++;
        counted = at + 1;
      }
      notes.push({ file: source.path, line, message: message(match[1], isUpgrade) });
    }
  }
  return notes;
}

function message(field: string, isUpgrade: boolean): string {
  const reads = `reads .Release.${field}`;
  if (field === 'Revision') return `${reads}: rendered here with Revision 1, as helm template and helm install render; helm upgrade renders with 2 or more, so its hooks may differ.`;
  if (isUpgrade) return `${reads}: rendered here as an upgrade (--is-upgrade), so the install lifecycle may differ from what helm install runs.`;
  return `${reads}: rendered here as an install, as helm template renders; helm upgrade renders with IsUpgrade true, so its hooks may differ (plan --is-upgrade shows them).`;
}
