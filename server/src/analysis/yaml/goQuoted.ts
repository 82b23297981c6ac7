/**
 * Quoted scalars over several lines as go-yaml v2 reads them. go-yaml checks a quoted scalar's
 * continuation lines only for a document marker (`---`, `...`) at column 0, never for their
 * indentation: `x: "a` then `b"` at column 0 is "a b" for Helm, and Helm renders and installs it.
 * The `yaml` package refuses a continuation indented less than its mapping needs ("Missing closing
 * quote"), so such a document was not read at all. Its lexer checks that in one place
 * (`continueScalar`, asked only by quoted scalars and plain ones): a lexer that reads quoted
 * scalars as at indentation 0 checks only the markers, as go-yaml does. Used only to read again a
 * text `yaml` refused that way, and taken only when it then reads without error (parseGuard.ts);
 * the value is folded by `yaml` as the spec says.
 */
import { Composer, Lexer, Parser, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

/** The `yaml` lexer's members this reads (not in its typings); goLineBreaks.test.ts fails if `yaml` changes them. */
interface LexerInternals {
  indentNext: number;
  parseQuotedScalar(): Generator<string, unknown>;
}

class GoQuotedLexer extends Lexer {}
const base = Lexer.prototype as unknown as LexerInternals;
(GoQuotedLexer.prototype as unknown as LexerInternals).parseQuotedScalar = function* (this: LexerInternals) {
  const indentNext = this.indentNext;
  this.indentNext = 0;
  try {
    return yield* base.parseQuotedScalar.call(this);
  } finally {
    this.indentNext = indentNext;
  }
};

/**
 * The first document of `text` with quoted scalars read as go-yaml reads them, or undefined when
 * it still has errors (the caller keeps `yaml`'s own reading and its messages then).
 */
export function parseDocumentGoQuoted(text: string, options: ParseOptions & DocumentOptions & SchemaOptions): Document | undefined {
  const parser = new Parser();
  (parser as unknown as { lexer: Lexer }).lexer = new GoQuotedLexer();
  const composer = new Composer(options);
  // go-yaml reads the first document and stops (parseGuard.ts drops the error `yaml` adds for more).
  for (const composed of composer.compose(parser.parse(text), true, text.length)) {
    return composed.errors.length === 0 ? (composed as Document) : undefined;
  }
  return undefined;
}
