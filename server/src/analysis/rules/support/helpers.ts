/** Small pieces shared by rule modules: finding annotation sites by key, list tokens, edits. */
import { deletePolicies, nearest } from '../../helm/hooks';
import type { ListToken, ListValue } from '../../helm/listValue';
import type { ValueInfo } from '../../model/model';
import type { Fix, Span, TextEdit } from '../../types';
import { goYamlPlainType } from '../../yaml/goYaml';
import type { AnnotationSite, RuleContext } from '../rule';

/** Sites whose key is exactly `key` and whose value is text Helm will split (string, empty or templated); the run splits each key's once. */
export function listSites(context: RuleContext, key: string): readonly { readonly site: AnnotationSite; readonly list: ListValue }[] {
  return context.listSites(key);
}

/** What `listSites` gives, computed: the sites of `key` among `sites`, each value split as Helm splits it. */
export function splitListSites(sites: readonly AnnotationSite[], key: string): { site: AnnotationSite; list: ListValue }[] {
  const result: { site: AnnotationSite; list: ListValue }[] = [];
  for (const site of sites) {
    if (site.entry.key !== key) continue;
    if (!isLiteralSite(site)) continue;
    const type = site.entry.value.type;
    if (type !== 'string' && type !== 'templated' && type !== 'null') continue;
    // Control actions (`if`, `end`, comments) print nothing, so the model reads such a value as a
    // literal string with blanks for the actions; split the source instead, which marks it conditional.
    const value = type === 'string' && valueHasActions(site) ? { ...site.entry.value, type: 'templated' as const } : site.entry.value;
    result.push({ site, list: site.view.listOf(value) });
  }
  return result;
}

/** Whether any template action (printing or not) sits inside the site's value. A `dict`/`set` string argument has none. */
export function valueHasActions(site: AnnotationSite): boolean {
  if (site.entry.origin === 'template-argument') return false;
  const span = site.entry.value.span;
  return site.view.piecesIn(span.start, span.end).length > 0;
}

/**
 * Literal, non-empty tokens whose offsets are exact. A token with a control action inside
 * (`pre-{{ if .X }}install{{ end }}`, or `a{{ else }}b`) is left out: its literal parts are
 * not one string in every rendering. Such a token's span is longer than its text.
 */
export function judgeableTokens(list: ListValue): ListToken[] {
  return list.tokens.filter((token) => !token.partial && token.normalized !== '' && (!list.exact || token.span.end - token.span.start === token.raw.trim().length));
}

export function replace(file: string, span: Span, newText: string): TextEdit {
  return { file, span, newText };
}

/** A fix; `isPreferred` (applied by `--fix` and offered first) only when it is the safe one. */
export function fix(title: string, edits: TextEdit[], isPreferred: boolean): Fix {
  return { title, edits, isPreferred };
}

/** A double-quoted YAML string for `text`. */
export function quoteYaml(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Whether a site's text is what Helm reads. A values.yaml string with `{{` may be passed
 * through `tpl` by the chart, so its final text is unknown; template files mark such values
 * `templated` themselves.
 */
export function isLiteralSite(site: AnnotationSite): boolean {
  return site.entry.origin !== 'values' || !site.entry.value.source.includes('{{');
}

/**
 * Edits that remove the tokens at `indexes`, each with one separator, as one fix: runs of
 * neighbouring tokens become one edit, so the edits never overlap. Undefined when no token
 * would remain, when the offsets are not exact, or when an action would be deleted.
 */
export function removeTokensEdits(file: string, text: string, list: ListValue, indexes: readonly number[]): TextEdit[] | undefined {
  if (!list.exact) return undefined;
  const removed = new Set(indexes);
  const tokens = list.tokens;
  if (tokens.every((_, index) => removed.has(index))) return undefined;
  const edits: TextEdit[] = [];
  for (let first = 0; first < tokens.length; first++) {
    if (!removed.has(first)) continue;
    let last = first;
    while (removed.has(last + 1)) last++;
    const span = first > 0
      ? { start: tokens[first - 1].rawSpan.end, end: tokens[last].rawSpan.end }
      : { start: tokens[0].rawSpan.start, end: tokens[last + 1].rawSpan.start };
    if (text.slice(span.start, span.end).includes('{{')) return undefined;
    edits.push(replace(file, span, ''));
    first = last;
  }
  return edits;
}

/**
 * The edit that makes a scalar value read `content`, keeping its quotes. `content` must be a
 * plain word list such as `5` or `before-hook-creation,hook-succeeded` (other text gives
 * undefined). A plain or missing value that would not read as a string is double-quoted.
 * Undefined for block scalars and templated values.
 */
export function setValueEdit(site: AnnotationSite, content: string): TextEdit | undefined {
  // Such text needs no escapes in YAML or Go strings, so it can go between any quotes.
  if (!/^[A-Za-z0-9,._+-]*$/.test(content)) return undefined;
  const value = site.entry.value;
  switch (value.style) {
    case 'double':
    case 'single': {
      if (value.literalMapping) return replace(site.file, value.contentSpan, content);
      const quote = value.style === 'double' ? '"' : "'";
      return replace(site.file, value.span, `${quote}${content}${quote}`);
    }
    case 'plain':
      if (value.type === 'templated') return undefined;
      return replace(site.file, value.span, plainOrQuoted(content, site.inFlowMapping));
    case 'missing': {
      const space = site.text[value.span.start - 1] === ':' ? ' ' : '';
      // `key: # note`: a comment right after the value must stay a comment, so it keeps a blank before it.
      const after = site.text[value.span.end] === '#' ? ' ' : '';
      return replace(site.file, value.span, space + plainOrQuoted(content, site.inFlowMapping) + after);
    }
    default:
      return undefined;
  }
}

/** The delete policy a misspelt token most likely means (within three edits), or undefined. */
export function nearestDeletePolicy(token: string): string | undefined {
  const word = token.trim().toLowerCase();
  // A known policy is its own nearest (distance 0, no tie): no edit distances for the common case.
  return deletePolicies.includes(word) ? word : nearest(word, deletePolicies, 3);
}

/** `content` plain when it reads back as that string: not a number or bool, and no comma inside a flow mapping. */
function plainOrQuoted(content: string, inFlowMapping: boolean): string {
  return goYamlPlainType(content) === 'string' && !(inFlowMapping && content.includes(',')) ? content : `"${content}"`;
}

/**
 * `edit`, an edit inside `value`, made sound for a flow mapping: in `{…}` a comma ends a plain
 * scalar (the rest would become a new key), so a plain value that gains a comma is rewritten
 * whole, double-quoted. Undefined when that value holds a template action, whose text
 * must not be escaped.
 */
export function flowSafeValueEdit(edit: TextEdit, value: ValueInfo, text: string, inFlowMapping: boolean): TextEdit | undefined {
  if (!inFlowMapping || value.style !== 'plain' || !edit.newText.includes(',')) return edit;
  const { start, end } = value.span;
  if (edit.span.start < start || edit.span.end > end) return edit;
  const source = text.slice(start, end);
  if (source.includes('{{')) return undefined;
  const content = source.slice(0, edit.span.start - start) + edit.newText + source.slice(edit.span.end - start);
  return replace(edit.file, value.span, quoteYaml(content));
}

/** A value as a message shows it: the string Helm reads, or the source text without its quotes (see `shownText`). */
export function shownValue(value: ValueInfo): string {
  if (value.value !== undefined) return shownText(value.value);
  const source = value.source;
  return shownText(/^(["']).*\1$/s.test(source) ? source.slice(1, -1) : source);
}

/**
 * Text as a message quotes it: control characters become escapes (`\n`, `\t`, `\u0000`), so a
 * block scalar's final line break shows as `\n` and the message stays on one line.
 */
export function shownText(text: string): string {
  const escaped = text.replace(/[\u0000-\u001f\u007f]/g, (char) => controlEscapes[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // A message is one short sentence: a long value (a template action, a name) is cut, the whole is at the range.
  return escaped.length > maxShownLength ? `${escaped.slice(0, maxShownLength - 1)}…` : escaped;
}

/** The most characters of one quoted value in a message, so messages stay under about 120 characters. */
export const maxShownLength = 36;

const controlEscapes: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
