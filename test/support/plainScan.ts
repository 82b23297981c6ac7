/**
 * A template scan as plain data, for comparing a scan taken over after an edit (template/rescan.ts)
 * with a fresh one: a moved action is an object of its own class that makes its tokens when read,
 * so scans are compared by what their actions and tokens show, not by their classes.
 */
import type { TemplateScan } from '../../server/src/analysis/template/scanner';

export function plainScan(scan: TemplateScan): unknown {
  return {
    blocks: scan.blocks,
    errors: scan.errors,
    actions: scan.actions.map((action) => ({
      span: action.span,
      innerSpan: action.innerSpan,
      trimLeft: action.trimLeft,
      trimRight: action.trimRight,
      closed: action.closed,
      kind: action.kind,
      tokens: action.tokens.map((token) => ({ kind: token.kind, span: token.span, text: token.text, value: token.value })),
    })),
  };
}

/** `file` with its scan as plain data (`plainScan`). */
export function withPlainScan<T extends { readonly scan: TemplateScan }>(file: T): unknown {
  return { ...file, scan: plainScan(file.scan) };
}
