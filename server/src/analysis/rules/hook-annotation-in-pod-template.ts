/** Rule hook-annotation-in-pod-template: hook annotations on the pod template, where Helm never looks. */
import type { Resource } from '../model/chart';
import { hookKeys } from '../helm/hooks';
import type { AnnotationBlock, AnnotationEntry, MetadataBlock } from '../model/model';
import type { TextEdit } from '../types';
import { endOfLine, indentationAt, startOfLine } from '../text/lineIndex';
import { fix } from './support/helpers';
import { entryOwnsItsLines, lineEnding } from './support/insertions';
import type { Rule } from './rule';
import { withoutTrailingComment } from '../text/trim';

export const hookAnnotationInPodTemplate: Rule = {
  id: 'hook-annotation-in-pod-template',
  defaultSeverity: 'warning',
  judges: 'resource',
  checksUnrendered: true,
  summary: 'Hook annotation in the pod template',
  rationale: [
    'Helm reads hook annotations only from the object\'s top-level `metadata.annotations` (`manifest_sorter.go`).',
    'The same keys under `spec.template.metadata.annotations` (or `spec.jobTemplate.spec.template.metadata.annotations`',
    'of a CronJob) only annotate the Pods; Helm ignores them, so the object is installed as an ordinary resource and',
    'its weight and delete policy do nothing (helm/helm#9163). The fix moves the keys to the top-level metadata when',
    'it has no `annotations:` yet. It is never applied automatically: it turns an object the release installs and upgrades',
    'into a hook, which is no longer part of the release manifest, so the first `helm upgrade` after the change deletes it',
    '(helm/helm#11608, helm/helm#12799). Decide whether the object should be a hook before moving them.',
  ].join(' '),
  example: {
    bad: 'kind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    metadata:\n      annotations:\n        "helm.sh/hook": pre-upgrade',
    good: 'kind: Job\nmetadata:\n  annotations:\n    "helm.sh/hook": pre-upgrade\n  name: migrate\nspec:\n  template:',
  },
  fixDescription: 'Moves the hook annotations to a new `annotations:` block under the top-level `metadata:` (offered, never applied by `--fix`).',
  check(context) {
    for (const resource of context.chart.resources) {
      const podBlock = resource.doc.podSpec?.templateMetadata?.annotations;
      if (!podBlock) continue;
      const topLevelKeys = new Set(resource.annotations.map((entry) => entry.key));
      const misplaced = podBlock.entries.filter((entry) => hookKeys.includes(entry.key) && !topLevelKeys.has(entry.key));
      if (misplaced.length === 0) continue;
      const edits = moveEdits(resource, podBlock, misplaced);
      for (const entry of misplaced) {
        context.report({
          file: resource.file.path,
          span: entry.keySpan,
          message: `"${entry.key}" in the pod template is ignored: Helm reads hook keys only in the top-level metadata.`,
          // Never preferred: it turns an installed release object into a hook, which the next upgrade deletes.
          fixes: edits ? [fix('Move the hook annotations to the top-level metadata', edits, false)] : [],
        });
      }
    }
  },
};

/**
 * Edits that create `annotations:` as the first key of the top-level metadata with the
 * misplaced entries, and delete them from the pod template. When nothing else is left in
 * the pod template's `annotations:`, the whole block goes, and its comments move along.
 */
function moveEdits(resource: Resource, podBlock: AnnotationBlock, misplaced: readonly AnnotationEntry[]): TextEdit[] | undefined {
  const { view } = resource;
  const { text, path } = resource.file;
  const metadata = resource.doc.metadata;
  if (!metadata || metadata.annotations || podBlock.flow) return undefined;
  if (!isBlockMapping(text, metadata)) return undefined;
  const insertAt = endOfLine(text, metadata.keySpan.end);
  if (insertAt >= text.length) return undefined;
  const eol = lineEnding(text);
  const keyIndent = metadata.childIndent;
  const step = keyIndent.length - indentationAt(text, metadata.keySpan.start).length;
  if (step <= 0) return undefined;
  for (const entry of misplaced) {
    if (!entryOwnsItsLines(view, entry)) return undefined;
    if (!view.sameConditions(entry.keySpan.start, insertAt)) return undefined;
  }
  const whole = wholeBlock(text, podBlock, misplaced);
  const movedSpans = whole ? [{ start: nextLineStart(text, podBlock.keySpan.end), end: whole.end }] : misplaced.map((entry) => entry.lineSpan);
  let moved = '';
  for (const span of movedSpans) {
    const lines = reindent(text.slice(span.start, span.end), podBlock.entryIndent, keyIndent + ' '.repeat(step));
    if (lines === undefined) return undefined;
    moved += lines.endsWith('\n') ? lines : lines + eol;
  }
  const insertion: TextEdit = { file: path, span: { start: insertAt, end: insertAt }, newText: `${eol}${keyIndent}annotations:${eol}${moved.replace(/\r?\n$/, '')}` };
  const removals = whole ? [{ file: path, span: whole, newText: '' }] : misplaced.map((entry) => ({ file: path, span: entry.lineSpan, newText: '' }));
  return [insertion, ...removals];
}

/** The span of the pod template's whole `annotations:` block, when it holds only the moved entries and comments. */
function wholeBlock(text: string, podBlock: AnnotationBlock, misplaced: readonly AnnotationEntry[]): { start: number; end: number } | undefined {
  if (podBlock.templated || podBlock.entries.some((entry) => !misplaced.includes(entry))) return undefined;
  const keyLineOnlyKey = withoutTrailingComment(text.slice(podBlock.keySpan.end, endOfLine(text, podBlock.keySpan.end))).trim() === ':';
  const start = startOfLine(text, podBlock.keySpan.start);
  const end = misplaced[misplaced.length - 1].lineSpan.end;
  if (!keyLineOnlyKey || !onlyEntriesAndComments(text, start, end, misplaced)) return undefined;
  return { start, end };
}

function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

function onlyEntriesAndComments(text: string, start: number, end: number, entries: readonly AnnotationEntry[]): boolean {
  let cursor = endOfLine(text, start);
  const sorted = [...entries].sort((a, b) => a.lineSpan.start - b.lineSpan.start);
  for (const entry of sorted) {
    const gap = text.slice(cursor, entry.lineSpan.start);
    if (gap.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#'))) return false;
    cursor = entry.lineSpan.end;
  }
  return cursor === end;
}

/** A block mapping whose first key is on a later line than `metadata:` and nothing but a comment follows the colon. */
function isBlockMapping(text: string, metadata: MetadataBlock): boolean {
  const keyLineEnd = endOfLine(text, metadata.keySpan.end);
  const rest = withoutTrailingComment(text.slice(metadata.keySpan.end, keyLineEnd)).trim();
  return rest === ':' && metadata.valueSpan.start > keyLineEnd;
}

/** The lines with `from` indentation replaced by `to`; undefined when a non-blank line is indented less. */
function reindent(lines: string, from: string, to: string): string | undefined {
  const parts = lines.split('\n');
  const result: string[] = [];
  for (let index = 0; index < parts.length; index++) {
    const line = parts[index];
    if (line.replace(/\r$/, '').trim() === '') {
      result.push(line);
      continue;
    }
    if (line.trimStart().startsWith('#')) {
      result.push(to + line.trimStart());
      continue;
    }
    if (!line.startsWith(from)) return undefined;
    result.push(to + line.slice(from.length));
  }
  return result.join('\n');
}
