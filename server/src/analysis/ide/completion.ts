/**
 * Completion for hook annotations: the hook keys inside a resource's top-level
 * `metadata.annotations` (or an annotations map in a values file), the events and policies
 * not yet listed in a comma list, and weights that place the hook in its phases; hook snippets
 * only where a new document or the annotations block may start, never among values.
 * Works on the line around the cursor, so half-typed YAML that does not parse still completes.
 */
import type { ChartModel } from '../model/chart';
import { chartFacts, type ChartFacts } from '../api/facts';
import { deletePolicyDoc, eventDoc, keyDocs, outputLogPolicyDoc } from '../helm/hookDocs';
import { canonicalEvent, deletePolicies, deletePolicyKey, hookEvents, hookKey, hookKeys, outputLogPolicies, outputLogPolicyKey, weightKey } from '../helm/hooks';
import { weightSuggestionsIn } from '../semantics/placement';
import type { ExecutionPlan } from '../semantics/plan';
import { helpersOfChart, newDocumentAt, newHookCompletions } from './newHook';
import { snippetsAt } from './snippets';
import type { TemplateAction } from '../template/scanner';
import type { Span } from '../types';
import { readMappingKey } from '../text/mappingKey';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: 'key' | 'event' | 'policy' | 'weight' | 'snippet';
  /** Replaces `replaceSpan`; plain text, except for `snippet` items (snippet syntax: `${1:default}`). */
  readonly insertText: string;
  readonly insertTextFormat?: 'snippet';
  readonly replaceSpan: Span;
  /** Markdown. */
  readonly documentation: string;
  readonly sortText: string;
  readonly detail?: string;
  /** What the typed text is matched against, when it differs from the label (quotes). */
  readonly filterText?: string;
}

export interface CompletionResult {
  readonly items: readonly CompletionEntry[];
  /**
   * The items are weights placed in the plan: a caller that has the rendered plan (`rendered`)
   * asks again with it. Only weight values need it, so an editor renders nothing for the rest.
   */
  readonly placesWeights?: boolean;
}

const empty: CompletionResult = { items: [] };

/**
 * Completions at `offset` of `file`. Completion is a convenience: odd input gives nothing, never an error.
 * With `rendered` (the caller's `renderPlan` of this chart state), weights are placed among the
 * rendered hooks, by their rendered names in Helm's order (see `weightSuggestionsIn`).
 */
export function completionsIn(facts: ChartFacts, file: string, offset: number, rendered?: ExecutionPlan): CompletionResult {
  try {
    return complete(facts, file, offset, rendered);
  } catch {
    return empty;
  }
}

/** The same completions on a chart model the caller already built. */
export function getCompletionsInChart(chart: ChartModel, file: string, offset: number): CompletionResult {
  return completionsIn(chartFacts(chart), file, offset);
}

function complete(facts: ChartFacts, file: string, offset: number, rendered: ExecutionPlan | undefined): CompletionResult {
  const model = facts.model;
  const template = model.files.find((candidate) => candidate.path === file);
  const values = template ? undefined : model.valuesFiles.find((candidate) => candidate.path === file);
  if (!template && !values) return empty;
  // NOTES.txt is rendered as text, never read as a manifest (as yaml/documents.ts reads it): no hook keys to complete.
  if (template && !template.isPartial && template.path.endsWith('NOTES.txt')) return empty;
  const text = template?.text ?? values!.text;
  if (offset < 0 || offset > text.length) return empty;
  // Structure is read from the masked view (actions blanked, offsets kept); words from the text.
  const masked = template?.masked ?? text;
  const action = template?.scan.actions.find((candidate) => candidate.span.start < offset && offset < candidate.span.end);
  if (action) return completeArgument(facts, file, text, action, offset, rendered);
  const line = lineAt(masked, offset);
  const lineText = masked.slice(line.start, line.end);
  const lineKey = readMappingKey(lineText, 'blank');
  if (lineKey && offset >= line.start + lineKey.end) {
    return completeValue(facts, file, lineKey.key, { text, masked, valueStart: line.start + lineKey.end, lineEnd: line.end, offset, rendered });
  }
  if (template) {
    const place = newDocumentAt(template, offset);
    if (place) {
      const hooks: CompletionEntry[] = newHookCompletions(facts, template, offset).map((hook, index) => ({
        label: hook.label,
        kind: 'snippet',
        insertText: hook.snippet,
        insertTextFormat: 'snippet',
        replaceSpan: hook.replaceSpan,
        documentation: hook.documentation,
        detail: hook.detail,
        sortText: String(index).padStart(2, '0'),
      }));
      // The chart's helper prefix replaces the `chart` guess only when both helpers the snippets include exist.
      const helpers = helpersOfChart(facts, template);
      const owner = helpers.fullname && helpers.labels ? helpers.fullname.slice(0, -'.fullname'.length) : undefined;
      return { items: [...hooks, ...snippetItems(snippetsAt('document', owner), place.lead, place.replaceSpan)] };
    }
  }
  const context = template ? 'template' : 'values';
  return completeKey(text, masked, line, offset, context);
}

/** Snippet items after every other item; `lead` goes before each snippet's text. */
function snippetItems(snippets: ReturnType<typeof snippetsAt>, lead: string, replaceSpan: Span): CompletionEntry[] {
  return snippets.map(({ snippet, text }, index) => ({
    label: snippet.prefix,
    kind: 'snippet',
    insertText: lead + text,
    insertTextFormat: 'snippet',
    replaceSpan,
    documentation: snippet.description,
    detail: snippet.name,
    sortText: `9${String(index).padStart(2, '0')}`,
  }));
}

interface ValueContext {
  readonly text: string;
  readonly masked: string;
  /** Just after the colon. */
  readonly valueStart: number;
  readonly lineEnd: number;
  readonly offset: number;
  readonly rendered: ExecutionPlan | undefined;
}

function completeValue(facts: ChartFacts, file: string, key: string, context: ValueContext): CompletionResult {
  if (!hookKeys.includes(key)) return empty;
  const { text, masked, offset } = context;
  let start = context.valueStart;
  while (start < context.lineEnd && (masked[start] === ' ' || masked[start] === '\t')) start++;
  const quote = masked[start] === '"' || masked[start] === "'" ? masked[start] : undefined;
  if (!quote && /[|>[{&*!]/.test(masked[start] ?? '')) return empty; // Block scalars, flow collections, anchors, tags.
  let contentStart = quote ? start + 1 : start;
  let contentEnd: number;
  if (quote) {
    const close = masked.indexOf(quote, contentStart);
    contentEnd = close >= 0 && close < context.lineEnd ? close : context.lineEnd;
    if (offset < contentStart || offset > contentEnd) return empty;
  } else {
    const comment = masked.slice(start, context.lineEnd).search(/(^|\s)#/);
    contentEnd = comment >= 0 ? start + comment : context.lineEnd;
    while (contentEnd > start && /\s/.test(masked[contentEnd - 1])) contentEnd--;
    if (offset > contentEnd && comment >= 0) return empty;
    if (offset < start) contentStart = start = offset; // Cursor in the spaces before the value.
    contentEnd = Math.max(contentEnd, offset);
  }
  // A value right after the colon with no space would glue onto it: `key:pre-install` is not a mapping.
  const needsSpace = !quote && offset === context.valueStart && masked[offset - 1] === ':';
  const lead = needsSpace ? ' ' : '';
  return completeContent(facts, file, key, { text, masked, quote, contentStart, contentEnd, offset, lead, rendered: context.rendered });
}

/**
 * A `dict`/`set` argument such as `set $annotations "helm.sh/hook" "post-install,<|>"`: the
 * string after a hook key string completes like the YAML value would.
 */
function completeArgument(facts: ChartFacts, file: string, text: string, action: TemplateAction, offset: number, rendered: ExecutionPlan | undefined): CompletionResult {
  const index = action.tokens.findIndex((token) => token.kind === 'string' && token.span.start < offset && offset <= token.span.end);
  const keyToken = index > 0 ? action.tokens[index - 1] : undefined;
  if (!keyToken || keyToken.kind !== 'string' || !hookKeys.includes(keyToken.value ?? '')) return empty;
  const token = action.tokens[index];
  const closed = token.span.end - token.span.start >= 2 && text[token.span.end - 1] === '"';
  const contentStart = token.span.start + 1;
  const contentEnd = closed ? token.span.end - 1 : token.span.end;
  if (offset > contentEnd || text.slice(contentStart, contentEnd).includes('\\')) return empty; // Escapes would shift offsets.
  return completeContent(facts, file, keyToken.value!, { text, masked: text, quote: '"', contentStart, contentEnd, offset, lead: '', rendered });
}

interface ContentContext {
  readonly text: string;
  readonly masked: string;
  /** The value's quote, when it has one: weights then go in without quotes of their own. */
  readonly quote: string | undefined;
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly offset: number;
  /** Text to put before an inserted value (a space after a bare colon). */
  readonly lead: string;
  readonly rendered: ExecutionPlan | undefined;
}

/** Items for the value of hook key `key`, whose text runs from `contentStart` to `contentEnd`. */
function completeContent(facts: ChartFacts, file: string, key: string, context: ContentContext): CompletionResult {
  const { text, masked, quote, contentStart, contentEnd, offset, lead } = context;
  if (key === weightKey) return completeWeight(facts, file, { quote, contentStart, contentEnd, offset, lead, text, rendered: context.rendered });
  const tokens = splitTokens(text, masked, contentStart, contentEnd);
  const current = tokens.find((token) => token.rawSpan.start <= offset && offset <= token.rawSpan.end);
  if (!current || current.templated) return empty;
  const replaceSpan = current.trimmed.start <= offset && offset <= current.trimmed.end ? current.trimmed : { start: offset, end: offset };
  const listed = new Set(tokens.filter((token) => token !== current && !token.templated).map((token) => token.normalized));
  if (key === hookKey) {
    const present = new Set([...listed].map((token) => canonicalEvent(token) ?? token));
    return items(hookEvents.filter((event) => !present.has(event)).map((event) => ({ label: event, kind: 'event', documentation: eventDoc(event) ?? '' })), replaceSpan, lead);
  }
  const policies = key === deletePolicyKey ? deletePolicies : key === outputLogPolicyKey ? outputLogPolicies : [];
  const doc = key === deletePolicyKey ? deletePolicyDoc : outputLogPolicyDoc;
  return items(policies.filter((policy) => !listed.has(policy)).map((policy) => ({ label: policy, kind: 'policy', documentation: doc(policy) ?? '' })), replaceSpan, lead);
}

interface WeightContext {
  readonly quote: string | undefined;
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly offset: number;
  readonly lead: string;
  readonly text: string;
  readonly rendered: ExecutionPlan | undefined;
}

function completeWeight(facts: ChartFacts, file: string, context: WeightContext): CompletionResult {
  const current = context.text.slice(context.contentStart, context.contentEnd);
  if (current.includes('{{')) return empty;
  const suggestions = weightSuggestionsIn(facts, file, context.offset, context.rendered);
  const replaceSpan = { start: context.contentStart, end: context.contentEnd };
  return {
    placesWeights: true,
    items: suggestions.map((suggestion, index) => {
      const value = suggestion.weight;
      // Annotation values must be strings: an unquoted number fails when Kubernetes builds the hook.
      const insertText = context.quote ? value : `${context.lead}"${value}"`;
      return {
        label: value,
        kind: 'weight',
        insertText,
        replaceSpan,
        // The description once: as documentation, not repeated as the detail line above it.
        documentation: suggestion.description,
        sortText: String(index).padStart(3, '0'),
      };
    }),
  };
}

interface KeyLine {
  readonly start: number;
  readonly end: number;
}

function completeKey(text: string, masked: string, line: KeyLine, offset: number, context: 'template' | 'values'): CompletionResult {
  const lineText = masked.slice(line.start, line.end);
  const indent = /^\s*/.exec(lineText)![0].length;
  const keyStart = line.start + indent;
  if (offset < keyStart) return empty;
  const typed = text.slice(keyStart, offset);
  if (!/^["']?[A-Za-z0-9./_-]*$/.test(typed)) return empty;
  const parent = parentLine(masked, line.start, indent);
  if (!parent) return empty;
  const rest = masked.slice(offset, line.end);
  if (context === 'template' && parent.key === 'metadata' && parent.indent === 0) {
    // A key of the top-level metadata: the annotations block snippet, unless the resource has annotations already.
    const fits = /^([A-Za-z][A-Za-z-]*)?$/.test(typed) && rest.trim() === '' && !siblingKeys(masked, parent, line.start).some((sibling) => sibling.key === 'annotations');
    return { items: fits ? snippetItems(snippetsAt('metadata', undefined), '', { start: keyStart, end: offset }) : [] };
  }
  if (!isAnnotationsParent(masked, parent, context)) return empty;
  const siblings = siblingKeys(masked, parent, line.start);
  const colon = /^([^\s:"']*["']?)\s*:/.exec(rest);
  const replaceEnd = colon ? offset + colon[1].length : line.end - (rest.length - rest.trimEnd().length);
  const quote = typed.startsWith('"') || typed.startsWith("'") ? typed[0] : quoteStyle(siblings, text);
  const present = new Set(siblings.map((sibling) => sibling.key));
  const entries = hookKeys
    .filter((key) => !present.has(key))
    .map((key) => {
      const written = `${quote}${key}${quote}`;
      return {
        label: key,
        kind: 'key' as const,
        insertText: colon ? written : `${written}: `,
        replaceSpan: { start: keyStart, end: Math.max(offset, replaceEnd) },
        documentation: keyDocs[key],
        sortText: String(hookKeys.indexOf(key)).padStart(2, "0"),
        filterText: typed.startsWith(quote) && quote ? written : key,
      };
    });
  return { items: entries };
}

interface ItemSeed {
  readonly label: string;
  readonly kind: CompletionEntry['kind'];
  readonly documentation: string;
}

function items(seeds: readonly ItemSeed[], replaceSpan: Span, lead: string): CompletionResult {
  return {
    items: seeds.map((seed, index) => ({
      ...seed,
      insertText: lead + seed.label,
      replaceSpan,
      sortText: String(index).padStart(2, '0'),
    })),
  };
}

interface Token {
  readonly rawSpan: Span;
  readonly trimmed: Span;
  readonly normalized: string;
  /** A template action prints into it, so its final text is unknown. */
  readonly templated: boolean;
}

/** Splits [start, end) on commas the way Helm does; commas inside template actions do not count. */
function splitTokens(text: string, masked: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let tokenStart = start;
  for (let cursor = start; cursor <= end; cursor++) {
    if (cursor < end && masked[cursor] !== ',') continue;
    const raw = text.slice(tokenStart, cursor);
    const lead = raw.length - raw.trimStart().length;
    const trimmedText = raw.trim();
    tokens.push({
      rawSpan: { start: tokenStart, end: cursor },
      trimmed: { start: tokenStart + lead, end: tokenStart + lead + trimmedText.length },
      normalized: trimmedText.toLowerCase(),
      templated: masked.slice(tokenStart, cursor) !== raw,
    });
    tokenStart = cursor + 1;
  }
  return tokens;
}

function lineAt(text: string, offset: number): KeyLine {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end };
}

interface ParentLine {
  readonly start: number;
  readonly indent: number;
  readonly key: string;
}

/** The nearest line above `lineStart` indented less than `indent`, within the same document. */
function parentLine(masked: string, lineStart: number, indent: number): ParentLine | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    const start = masked.lastIndexOf('\n', end - 1) + 1;
    const content = masked.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (content.startsWith('---')) return undefined;
    if (content.trim() === '' || content.trimStart().startsWith('#')) continue;
    const lineIndent = content.length - content.trimStart().length;
    if (lineIndent >= indent) continue;
    const match = readMappingKey(content, 'comment');
    if (!match) return undefined;
    return { start, indent: lineIndent, key: match.key };
  }
  return undefined;
}

/**
 * Whether `parent` is an annotations map that Helm reads hook keys from: the top-level
 * `metadata.annotations` of a manifest, or in a values file a map named like `jobAnnotations`
 * (pod annotations end up on pod templates, where Helm ignores hook keys).
 */
function isAnnotationsParent(masked: string, parent: ParentLine, context: 'template' | 'values'): boolean {
  if (context === 'values') return /annotations$/i.test(parent.key) && !/^pod/i.test(parent.key);
  if (parent.key !== 'annotations') return false;
  const metadata = parentLine(masked, parent.start, parent.indent);
  return metadata !== undefined && metadata.key === 'metadata' && metadata.indent === 0;
}

interface SiblingKey {
  readonly key: string;
  readonly quote: string;
}

/** Keys of the map under `parent`, except the one on the line being completed. */
function siblingKeys(masked: string, parent: ParentLine, skipLineStart: number): SiblingKey[] {
  const result: SiblingKey[] = [];
  let start = masked.indexOf('\n', parent.start) + 1;
  let childIndent: number | undefined;
  while (start > 0 && start < masked.length) {
    let end = masked.indexOf('\n', start);
    if (end < 0) end = masked.length;
    const content = masked.slice(start, end).replace(/\r$/, '');
    const lineStart = start;
    start = end + 1;
    if (content.startsWith('---')) break;
    if (content.trim() === '' || content.trimStart().startsWith('#')) continue;
    const indent = content.length - content.trimStart().length;
    if (indent <= parent.indent) break;
    childIndent ??= indent;
    if (indent !== childIndent || lineStart === skipLineStart) continue;
    const match = readMappingKey(content);
    if (match) result.push({ key: match.key, quote: match.quote });
  }
  return result;
}

/** The quoting the file already uses for keys: the map's own keys first, then hook keys elsewhere, else double quotes. */
function quoteStyle(siblings: readonly SiblingKey[], text: string): string {
  const counts = new Map<string, number>();
  for (const sibling of siblings) counts.set(sibling.quote, (counts.get(sibling.quote) ?? 0) + 1);
  if (counts.size === 0) {
    for (const match of text.matchAll(/^[ \t]*(["']?)helm\.sh\/hook[a-z-]*\1[ \t]*:/gm)) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
  }
  if (counts.size === 0) return '"';
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}
