/**
 * Hook annotations kept as data in `values.yaml` (cert-manager's `jobAnnotations:` maps):
 * every mapping entry, at any depth, whose key is or nearly is a hook annotation key.
 */
import { isMap, isPair, isScalar, visit, type Node, type Pair } from 'yaml';
import { parseDocumentSafely } from './parseGuard';
import { isHookKeyCandidate } from '../helm/hooks';
import type { AnnotationEntry, ValuesFile } from '../model/model';
import type { SourceFile } from '../types';
import { afterColon, aliasTargets, readValue, type SourceContext } from './values';
import { endOfLine, startOfLine } from '../text/lineIndex';

export function parseValuesFile(file: SourceFile): ValuesFile {
  const entries: AnnotationEntry[] = [];
  const flowEntries: AnnotationEntry[] = [];
  const document = parseDocumentSafely(file.text, { version: '1.1', keepSourceTokens: true, uniqueKeys: false });
  if (!document) return { path: file.path, text: file.text, hookEntries: [], flowEntries: [] };
  const source: SourceContext = { text: file.text, actions: [], offset: 0, aliases: aliasTargets(document, file.text) };
  visit(document, {
    Pair(_, pair, path) {
      if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return;
      const key = String(pair.key.value);
      if (!isHookKeyCandidate(key)) return;
      const typed = pair as Pair<Node, Node>;
      const keySpan = { start: pair.key.range[0], end: pair.key.range[1] };
      const colon = afterColon(file.text, keySpan.end);
      const value = readValue(source, typed.value, colon);
      const lineStart = startOfLine(file.text, keySpan.start);
      const contentEnd = Math.max(value.span.end, keySpan.end);
      const lineEnd = endOfLine(file.text, contentEnd);
      // Newline included (both characters of CRLF); a multi-line value may already end after it.
      const next = file.text[contentEnd - 1] === '\n' ? contentEnd : file.text[lineEnd] === '\r' ? lineEnd + 2 : lineEnd + 1;
      const entry: AnnotationEntry = {
        key,
        keySpan,
        keySource: file.text.slice(keySpan.start, keySpan.end),
        value,
        lineSpan: { start: lineStart, end: Math.min(file.text.length, next) },
        origin: 'values',
      };
      entries.push(entry);
      const parent = path[path.length - 1];
      if (isMap(parent) && parent.flow === true) flowEntries.push(entry);
    },
  });
  return { path: file.path, text: file.text, hookEntries: entries, flowEntries };
}
