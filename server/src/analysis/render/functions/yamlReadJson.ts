/**
 * What toYaml's strings become between encoding/json and go-yaml v2's emitter: sigs.k8s.io/yaml
 * reads the JSON text back with go-yaml v2 (JSONToYAML), so each string is scanned as a
 * double-quoted YAML scalar of its JSON text. JSON escapes every blank and break but the space and
 * U+0085 (NEL), so only those two matter: a NEL is a line break there, folded with the spaces
 * around it. And some texts make the read fail, so that toYaml prints "" (Helm swallows the
 * error) and mustToYaml fails with go-yaml's message:
 * - the reader refuses raw DEL, C1 controls but NEL, U+FFFE and U+FFFF ("control characters are not allowed");
 * - after a NEL, `---` or `...` followed by a blank ends the document inside the string;
 * - a key holding a NEL spans lines, and a key whose JSON text is over 1024 characters is too far
 *   from its `:`: neither is a simple key (yaml_simple_key_is_valid), so the flow mapping breaks.
 * go-yaml numbers lines by the NELs read before the error (in JSON's order of the value).
 */
import { GoError, Value, isGoList, isGoMap, validUtf8Text } from '../value';
import { sortedKeys } from './goValues';

/** Characters encoding/json writes as they are and go-yaml v2's reader refuses. */
const refusedRaw = /[\x7f-\x84\x86-\x9f\ufffe\uffff]/;
const NEL = '\u0085';

/** A read that fails: thrown from `readJsonString`, turned into go-yaml's message by `readError`. */
export class JsonReadError extends GoError {}

/** A string (a value, or with `key` a mapping key), UTF-8 already made valid, as go-yaml v2 reads its JSON text. */
export function readJsonString(text: string, key: boolean): string {
  if (refusedRaw.test(text)) throw new JsonReadError('refused');
  if (key && text.length > 170 && jsonQuotedLength(text) > 1024) throw new JsonReadError('key');
  if (!text.includes(NEL)) return text;
  if (key) throw new JsonReadError('key');
  const { text: folded, failsAt } = foldBreaks(text);
  if (failsAt !== undefined) throw new JsonReadError('document');
  return folded;
}

/** yaml_parser_scan_flow_scalar over the string's JSON text; `failsAt`: the NELs read before a document indicator. */
function foldBreaks(text: string): { text: string; failsAt?: number } {
  let out = '';
  let i = 0;
  let lineStart = false;
  let lines = 0;
  const blankz = (c: string | undefined) => c === ' ' || c === NEL;
  for (;;) {
    if (lineStart && (text.startsWith('---', i) || text.startsWith('...', i)) && blankz(text[i + 3])) return { text: out, failsAt: lines };
    let start = i;
    while (i < text.length && !blankz(text[i])) i++;
    out += text.slice(start, i);
    if (i === text.length) return { text: out };
    start = i;
    let breaks = 0;
    lineStart = false;
    for (; i < text.length && blankz(text[i]); i++) {
      lineStart = text[i] === NEL;
      if (lineStart) breaks++;
    }
    lines += breaks;
    // Spaces before the first break are dropped, and every space after it; one break reads as a space.
    if (breaks === 0) out += text.slice(start, i);
    else out += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  }
}

/** The length in characters of encoding/json's quoted text of a string (HTML escaped, as json.Marshal writes it). */
function jsonQuotedLength(text: string): number {
  let n = 2;
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (c === '"' || c === '\\' || c === '\n' || c === '\r' || c === '\t' || c === '\b' || c === '\f') n += 2;
    else if (code < 0x20 || c === '<' || c === '>' || c === '&' || code === 0x2028 || code === 0x2029) n += 6;
    else n += 1;
  }
  return n;
}

const nels = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf(NEL); i >= 0; i = text.indexOf(NEL, i + 1)) n++;
  return n;
};

/**
 * go-yaml's message for a read that failed somewhere in `value`'s JSON text. The reader decodes
 * ahead of the scanner, so a refused character wins (exactly so while the text before the other
 * failure is under go-yaml's 512-byte read-ahead); else the first failure in JSON's order, with
 * the line: a scanner error (a document indicator) counts from 1, a parser error (the key's `:`) from 0.
 */
export function readError(value: Value): GoError {
  if (anyString(value, (text) => refusedRaw.test(text))) return new GoError('yaml: control characters are not allowed');
  let lines = 0;
  const line = (n: number) => (n === 0 ? '' : `line ${n}: `);
  const visit = (v: Value): GoError | undefined => {
    if (typeof v === 'string') {
      const text = validUtf8Text(v);
      const failsAt = text.includes(NEL) ? foldBreaks(text).failsAt : undefined;
      if (failsAt !== undefined) return new GoError(`yaml: ${line(lines + failsAt + 1)}found unexpected document indicator`);
      lines += nels(text);
      return undefined;
    }
    if (isGoList(v)) {
      for (const item of v) {
        const error = visit(item);
        if (error) return error;
      }
    } else if (isGoMap(v)) {
      for (const key of sortedKeys(v)) {
        const text = validUtf8Text(key);
        lines += nels(text);
        if (text.includes(NEL) || jsonQuotedLength(text) > 1024) return new GoError(`yaml: ${line(lines)}did not find expected ',' or '}'`);
        const error = visit(v.get(key) ?? null);
        if (error) return error;
      }
    }
    return undefined;
  };
  return visit(value) ?? new GoError('yaml: unknown problem parsing YAML content');
}

function anyString(value: Value, test: (text: string) => boolean): boolean {
  if (typeof value === 'string') return test(validUtf8Text(value));
  if (isGoList(value)) return value.some((item) => anyString(item, test));
  if (isGoMap(value)) return [...value].some(([key, item]) => test(validUtf8Text(key)) || anyString(item, test));
  return false;
}
