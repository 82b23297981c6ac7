/** Small pieces shared by rule modules: finding annotation sites by key, list tokens, edits. */
import { splitList, type ListToken, type ListValue } from '../listValue';
import type { Fix, Span, TextEdit } from '../types';
import type { AnnotationSite, RuleContext } from './rule';

/** Sites whose key is exactly `key` and whose value is text Helm will split (string, empty or templated). */
export function listSites(context: RuleContext, key: string): { site: AnnotationSite; list: ListValue }[] {
  const result: { site: AnnotationSite; list: ListValue }[] = [];
  for (const site of context.annotationSites) {
    if (site.entry.key !== key) continue;
    const type = site.entry.value.type;
    if (type !== 'string' && type !== 'templated' && type !== 'null') continue;
    result.push({ site, list: splitList(site.entry.value, site.text, site.actions) });
  }
  return result;
}

/** Literal, non-empty tokens whose offsets are exact. */
export function judgeableTokens(list: ListValue): ListToken[] {
  return list.tokens.filter((token) => !token.partial && token.normalized !== '');
}

export function replace(file: string, span: Span, newText: string): TextEdit {
  return { file, span, newText };
}

export function fix(title: string, edits: TextEdit[], isPreferred = true): Fix {
  return { title, edits, isPreferred };
}

/**
 * The edit that removes token `index` of a list with its separator: the comma before it,
 * or the comma after it when it is the first token.
 */
export function removeTokenEdit(file: string, list: ListValue, index: number): TextEdit {
  const token = list.tokens[index];
  if (index > 0) return replace(file, { start: list.tokens[index - 1].rawSpan.end, end: token.rawSpan.end }, '');
  const next = list.tokens[index + 1];
  if (next) return replace(file, { start: token.rawSpan.start, end: next.rawSpan.start }, '');
  return replace(file, token.rawSpan, '');
}

/** A double-quoted YAML string for `text`. */
export function quoteYaml(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
