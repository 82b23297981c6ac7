/**
 * What go-yaml v2's reader refuses before it parses anything: a character outside YAML 1.1's
 * printable set (C0 controls but TAB, LF and CR; DEL; C1 controls but NEL; U+FFFE, U+FFFF), in a
 * plain or quoted scalar or a comment alike. Helm then stops with `error converting YAML to JSON:
 * yaml: control characters are not allowed` (no line: a reader error has no position); the `yaml`
 * package reads such text without a word. The reader decodes its input in 512-byte chunks ahead
 * of the parser, so a character after the first document (which go-yaml stops at) may or may not
 * be met: only one before that document's end is reported, one after it is left as before.
 */

/** One search for any character go-yaml reads differently from `yaml`: a CR, NEL, LS, PS or a refused one. */
const rareCharacter = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\uFFFE\uFFFF]/;

/** Whether `text` may hold a character go-yaml reads differently (one native search; most texts hold none). */
export function mayReadDifferently(text: string): boolean {
  return rareCharacter.test(text);
}

const refusedCharacter = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

/** A line starting with a document marker: where the first document ends (go-yaml reads no further for certain). */
const documentMarker = /\n(?:---|\.\.\.)(?=[ \t\r\n]|$)/;

/** go-yaml's reader error for `text` (as Helm prints it after `yaml: `), when it surely meets a refused character; else undefined. */
export function goYamlReaderError(text: string): string | undefined {
  const refused = refusedCharacter.exec(text);
  if (!refused) return undefined;
  const marker = documentMarker.exec(text);
  return marker && marker.index < refused.index ? undefined : 'control characters are not allowed';
}
