/**
 * The syntax check encoding/json runs before it decodes (`json.Unmarshal`'s checkValid), for
 * its error text: Helm's `fromJson` puts that text in the `Error` key of its result, and
 * charts test for that key (vault reads its HCL-or-JSON config that way). The check walks the
 * UTF-8 bytes with the states of Go's scanner; at the end of the input it steps one space, so
 * a cut-off literal names the space (`invalid character ' ' in literal true (expecting 'e')`).
 */

type Step = (byte: number) => void;

class SyntaxFailure {
  constructor(readonly message: string) {}
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** Go's quoteChar: the byte as the rune U+00XX, in single quotes, escaped as strconv.Quote does. */
function quoteByte(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const short: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 0x5c: '\\\\' };
  if (short[c] !== undefined) return `'${short[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  // U+0080–U+00A0 and the soft hyphen are not printable for Go's strconv.IsPrint.
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u00${c.toString(16)}'`;
  return `'${String.fromCharCode(c)}'`;
}

const fail = (c: number, context: string): never => {
  throw new SyntaxFailure(`invalid character ${quoteByte(c)} ${context}`);
};

/** Go's json syntax error text for `text`, or undefined when encoding/json accepts it. */
export function jsonSyntaxError(text: string): string | undefined {
  const stack: Array<'key' | 'value' | 'array'> = [];
  let ended = false;
  let step: Step;

  const endTop: Step = (c) => {
    if (!isSpace(c)) fail(c, 'after top-level value');
  };
  const endValue: Step = (c) => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      ended = true;
      step = endTop;
      return endTop(c);
    }
    if (isSpace(c)) return void (step = endValue);
    if (top === 'key') {
      if (c === 0x3a) return void ((stack[stack.length - 1] = 'value'), (step = beginValue));
      return fail(c, 'after object key');
    }
    if (top === 'value') {
      if (c === 0x2c) return void ((stack[stack.length - 1] = 'key'), (step = beginString));
      if (c === 0x7d) return pop();
      return fail(c, 'after object key:value pair');
    }
    if (c === 0x2c) return void (step = beginValue);
    if (c === 0x5d) return pop();
    return fail(c, 'after array element');
  };
  const pop = () => {
    stack.pop();
    if (stack.length === 0) {
      ended = true;
      step = endTop;
    } else step = endValue;
  };
  const beginValue: Step = (c) => {
    if (isSpace(c)) return;
    switch (c) {
      case 0x7b: stack.push('key'); step = beginStringOrEmpty; return;
      case 0x5b: stack.push('array'); step = beginValueOrEmpty; return;
      case 0x22: step = inString; return;
      case 0x2d: step = negative; return;
      case 0x30: step = zero; return;
      case 0x74: step = literal('true', 1); return;
      case 0x66: step = literal('false', 1); return;
      case 0x6e: step = literal('null', 1); return;
    }
    if (c >= 0x31 && c <= 0x39) return void (step = digits);
    fail(c, 'looking for beginning of value');
  };
  const beginValueOrEmpty: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x5d) return endValue(c);
    beginValue(c);
  };
  const beginStringOrEmpty: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x7d) {
      stack[stack.length - 1] = 'value';
      return endValue(c);
    }
    beginString(c);
  };
  const beginString: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x22) return void (step = inString);
    fail(c, 'looking for beginning of object key string');
  };
  const inString: Step = (c) => {
    if (c === 0x22) return void (step = endValue);
    if (c === 0x5c) return void (step = inEscape);
    if (c < 0x20) fail(c, 'in string literal');
  };
  const inEscape: Step = (c) => {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) return void (step = inString);
    if (c === 0x75) return void (step = unicodeEscape(4));
    fail(c, 'in string escape code');
  };
  const unicodeEscape = (left: number): Step => (c) => {
    if (!isHex(c)) fail(c, 'in \\u hexadecimal character escape');
    step = left === 1 ? inString : unicodeEscape(left - 1);
  };
  const negative: Step = (c) => {
    if (c === 0x30) return void (step = zero);
    if (c >= 0x31 && c <= 0x39) return void (step = digits);
    fail(c, 'in numeric literal');
  };
  const digits: Step = (c) => {
    if (isDigit(c)) return;
    zero(c);
  };
  const zero: Step = (c) => {
    if (c === 0x2e) return void (step = dot);
    if (c === 0x65 || c === 0x45) return void (step = exponent);
    endValue(c);
  };
  const dot: Step = (c) => {
    if (isDigit(c)) return void (step = fraction);
    fail(c, 'after decimal point in numeric literal');
  };
  const fraction: Step = (c) => {
    if (isDigit(c)) return;
    if (c === 0x65 || c === 0x45) return void (step = exponent);
    endValue(c);
  };
  const exponent: Step = (c) => {
    if (c === 0x2b || c === 0x2d) return void (step = exponentSign);
    exponentSign(c);
  };
  const exponentSign: Step = (c) => {
    if (isDigit(c)) return void (step = exponentDigits);
    fail(c, 'in exponent of numeric literal');
  };
  const exponentDigits: Step = (c) => {
    if (isDigit(c)) return;
    endValue(c);
  };
  const literal = (word: string, at: number): Step => (c) => {
    if (c !== word.charCodeAt(at)) fail(c, `in literal ${word} (expecting '${word[at]}')`);
    step = at === word.length - 1 ? endValue : literal(word, at + 1);
  };

  step = beginValue;
  try {
    for (const byte of new TextEncoder().encode(text)) step(byte);
    if (ended) return undefined;
    step(0x20);
    return ended ? undefined : 'unexpected end of JSON input';
  } catch (error) {
    if (error instanceof SyntaxFailure) return error.message;
    throw error;
  }
}
