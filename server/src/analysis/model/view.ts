/**
 * The document view: what rules may know about the text of a file beyond its YAML model.
 * Which spans are literal, which a template action prints into (`templated`), which only steer
 * rendering (`control`: `if`, `range`, `end`, comments), under which conditions an offset
 * renders, and where each byte came from. Rules ask the view and never read template internals,
 * so a rendered document (a view whose text is the renderer's output) can feed the same rules.
 */
import type { ListValue } from '../helm/listValue';
import type { ValueInfo } from './model';
import type { Span } from '../types';

export interface TemplatePiece {
  readonly span: Span;
  /** `templated`: the action prints text here; `control`: it prints nothing. */
  readonly kind: 'templated' | 'control';
  /** A templated piece that prints within a line (`x: {{ .Values.x }}`), not whole lines (`{{ include … | nindent 4 }}`). */
  readonly inline: boolean;
  /** For a templated piece: the indentation of the lines it prints (its `nindent`/`indent` argument, else its line's). */
  readonly printedIndent?: number;
}

/**
 * Where a byte of a view's text came from. For a template file's own view, the same offset of
 * the same file, as written. The renderer (`render/`) fills it for rendered documents: the
 * template text a byte was copied from, or the action that printed it.
 */
export interface ByteOrigin {
  /** Chart-relative path of the file the byte was written in, or printed from. */
  readonly file: string;
  /** Offset in `file`: of the byte itself (`written`), or of the action that printed it (`printed`). */
  readonly offset: number;
  readonly kind: 'written' | 'printed';
}

/** The pipeline of an output action, for rules that judge what it prints as written. */
export interface PrintedPipeline {
  /** Its words in order, kinds as the template lexer names them (`identifier`, `field`, `number`, `pipe`, …). */
  readonly words: readonly { readonly kind: string; readonly text: string }[];
  /** Where its last character ends, before the spaces and the closing `}}` or ` -}}`. */
  readonly end: number;
}

export interface DocumentView {
  /** Chart-relative path of the file the view's spans point into. */
  readonly file: string;
  /** The text rules read; every span of the model is an offset into it. */
  readonly text: string;
  /** Template pieces that overlap [start, end), in order; none means the text there is literal. */
  piecesIn(start: number, end: number): readonly TemplatePiece[];
  /** Which `if`/`range`/`with` branches enclose `offset`, as ids comparable within this view. */
  conditionsAt(offset: number): readonly string[];
  /** Whether two offsets render under exactly the same conditions. */
  sameConditions(a: number, b: number): boolean;
  /** A comma-list value (`helm.sh/hook`, the policies) split the way Helm splits it, with spans in `text`. */
  listOf(value: ValueInfo): ListValue;
  /**
   * For a hook annotation written as a `dict` key/value argument pair (key at `keySpan`): where
   * another pair may be appended (the end of this pair's value). Undefined for `set`, which takes
   * one pair, and for anything that is not such an argument.
   */
  dictPairEnd(keySpan: Span): number | undefined;
  /** The pipeline of the closed output action spanning exactly `span`, if one does. */
  pipelineAt(span: Span): PrintedPipeline | undefined;
  /** Template syntax errors in the text (a rendered document has none). */
  syntaxErrors(): readonly { readonly span: Span; readonly message: string }[];
  /** Where the byte at `offset` came from. */
  originOf(offset: number): ByteOrigin;
}
