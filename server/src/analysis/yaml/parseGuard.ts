/**
 * Parsing YAML without letting pathological text take the process down. The `yaml` package
 * compiles a regular expression per flow-nesting level; a few thousand nested `[`/`{` make
 * V8 abort with an out-of-memory error that no `catch` can stop. No real manifest nests flow
 * collections that deep, so such text is simply not parsed.
 */
import { parseDocument, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

/** Deeper flow nesting than this is not parsed (real charts stay in single digits). */
export const maxFlowDepth = 128;

export function parseDocumentSafely(text: string, options: ParseOptions & DocumentOptions & SchemaOptions): Document | undefined {
  if (flowDepthExceeds(text, maxFlowDepth)) return undefined;
  try {
    return parseDocument(text, options);
  } catch {
    // Deep block nesting can overflow the stack; that is catchable, and the text is then unread.
    return undefined;
  }
}

/** Whether `[`/`{` nest deeper than `limit` (quotes are not tracked: this only has to be cheap and safe). */
export function flowDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 91 || code === 123) {
      if (++depth > limit) return true;
    } else if ((code === 93 || code === 125) && depth > 0) {
      depth--;
    }
  }
  return false;
}
