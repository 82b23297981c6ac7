/**
 * Adversarial inputs for a regular expression, built from what its pattern mentions (issue 16:
 * every regex in server/src must finish on 100k characters within 100 ms). A backtracking regex
 * stalls where one of its quantified parts can take a long run of characters in more than one way,
 * and the rest then fails; so the inputs are: a prefix that walks the pattern up to each of its
 * parts, then a long run of one character (or of two alternating), then a suffix that fails.
 */

/** A pattern read as far as inputs need it: its one-character matchers and sample prefixes. */
export interface PatternParts {
  /** Sources of the one-character matchers (`\s`, `[^:#]`, `.`, `a`), each once. */
  readonly atoms: readonly string[];
  /** Strings that walk the pattern from its start, one per alternative taken in every alternation. */
  readonly samples: readonly (readonly string[])[];
}

type Token =
  | { readonly kind: 'atom'; readonly source: string }
  | { readonly kind: 'open' | 'close' | 'bar' | 'quantifier' | 'assertion' };

function tokenize(source: string, unicode: boolean): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const char = source[at];
    if (char === '\\') {
      const next = source[at + 1];
      if (next === 'b' || next === 'B') {
        tokens.push({ kind: 'assertion' });
        at += 2;
      } else if (/[1-9]/.test(next)) {
        at += 2;
        while (/[0-9]/.test(source[at] ?? '')) at++;
        tokens.push({ kind: 'assertion' });
      } else if (next === 'k') {
        at = source.indexOf('>', at) + 1;
        tokens.push({ kind: 'assertion' });
      } else {
        let end = at + 2;
        if ((next === 'p' || next === 'P') && unicode) end = source.indexOf('}', at) + 1;
        else if (next === 'x') end = at + 4;
        else if (next === 'u') end = source[at + 2] === '{' ? source.indexOf('}', at) + 1 : at + 6;
        else if (next === 'c') end = at + 3;
        tokens.push({ kind: 'atom', source: source.slice(at, end) });
        at = end;
      }
    } else if (char === '[') {
      let end = at + 1;
      if (source[end] === '^') end++;
      while (end < source.length && source[end] !== ']') end += source[end] === '\\' ? 2 : 1;
      tokens.push({ kind: 'atom', source: source.slice(at, end + 1) });
      at = end + 1;
    } else if (char === '(') {
      const group = /^\(\?(?::|=|!|<=|<!|<[A-Za-z_][A-Za-z0-9_]*>)?/.exec(source.slice(at, at + 40));
      tokens.push({ kind: 'open' });
      at += group && group[0].length > 2 ? group[0].length : 1;
    } else if (char === ')') {
      tokens.push({ kind: 'close' });
      at++;
    } else if (char === '|') {
      tokens.push({ kind: 'bar' });
      at++;
    } else if (char === '*' || char === '+' || char === '?') {
      tokens.push({ kind: 'quantifier' });
      at += source[at + 1] === '?' ? 2 : 1;
    } else if (char === '{' && /^\{[0-9]+(,[0-9]*)?\}/.test(source.slice(at, at + 20))) {
      at = source.indexOf('}', at) + 1;
      if (source[at] === '?') at++;
      tokens.push({ kind: 'quantifier' });
    } else if (char === '^' || char === '$') {
      tokens.push({ kind: 'assertion' });
      at++;
    } else {
      tokens.push({ kind: 'atom', source: char === '.' ? '.' : char.replace(/[\\^$.*+?()[\]{}|/-]/, '\\$&') });
      at++;
    }
  }
  return tokens;
}

/**
 * Characters the inputs are made of: the usual suspects first (blanks, template braces, `!`,
 * quotes, `-`, `#`, `:`), then every other ASCII character and a few beyond it.
 */
const pool: readonly string[] = (() => {
  const first = [' ', '\t', '\n', '\r', 'a', '0', '{', '}', '!', '"', "'", '-', '#', ':', ',', '.', '/', '\\', '*', '_', 'x', 'Z', 'e', 'E'];
  const rest: string[] = [];
  for (let code = 0; code < 128; code++) rest.push(String.fromCharCode(code));
  rest.push('\u0085', '\u00a0', '\u00e9', '\u2028', '\u3000', '\ufeff', '\u4e00', '\u{1F600}');
  return [...new Set([...first, ...rest])];
})();

export function patternParts(source: string, flags: string): PatternParts {
  const unicode = flags.includes('u') || flags.includes('v');
  const tokens = tokenize(source, unicode);
  const atoms = [...new Set(tokens.flatMap((token) => (token.kind === 'atom' ? [token.source] : [])))];
  const branches = Math.max(...branchCountsPerGroup(tokens));
  const samples: string[][] = [];
  for (let branch = 0; branch < branches; branch++) samples.push(sample(tokens, branch, flags));
  return { atoms, samples };
}

/** The prefixes of a string that walks the pattern taking alternative `branch` (or the last) of every alternation. */
function sample(tokens: readonly Token[], branch: number, flags: string): string[] {
  const prefixes: string[] = [''];
  let text = '';
  // Per open group: which alternative we are in, and whether we are taking it.
  const stack: { index: number; taking: boolean }[] = [{ index: 0, taking: branch === 0 }];
  const alternatives = branchCountsPerGroup(tokens);
  let group = 0;
  const groupIds: number[] = [alternatives.length - 1];
  const chosen = (id: number) => Math.min(branch, alternatives[id] - 1);
  stack[0].taking = chosen(groupIds[0]) === 0;
  for (const token of tokens) {
    const top = stack[stack.length - 1];
    const taking = stack.every((level) => level.taking);
    if (token.kind === 'open') {
      const id = group++;
      groupIds.push(id);
      stack.push({ index: 0, taking: chosen(id) === 0 });
    } else if (token.kind === 'close') {
      stack.pop();
      groupIds.pop();
    } else if (token.kind === 'bar') {
      top.index++;
      top.taking = chosen(groupIds[groupIds.length - 1]) === top.index;
    } else if (token.kind === 'atom' && taking) {
      const char = pool.find((candidate) => matches(token.source, flags, candidate));
      if (char !== undefined) {
        text += char;
        prefixes.push(text);
      }
    }
  }
  return prefixes;
}

/** Alternative counts indexed by group in order of their opening parenthesis; the whole pattern last. */
function branchCountsPerGroup(tokens: readonly Token[]): number[] {
  const counts: number[] = [];
  const open: number[] = [];
  let whole = 1;
  for (const token of tokens) {
    if (token.kind === 'open') {
      open.push(counts.length);
      counts.push(1);
    } else if (token.kind === 'bar') {
      if (open.length > 0) counts[open[open.length - 1]]++;
      else whole++;
    } else if (token.kind === 'close') open.pop();
  }
  return [...counts, whole];
}

const matcherCache = new Map<string, RegExp | null>();

function matches(atom: string, flags: string, char: string): boolean {
  const key = `${flags}/${atom}`;
  let matcher = matcherCache.get(key);
  if (matcher === undefined) {
    try {
      matcher = new RegExp(`^(?:${atom})$`, flags.replace(/[gmy]/g, ''));
    } catch {
      matcher = null;
    }
    matcherCache.set(key, matcher);
  }
  return matcher !== null && matcher.test(char);
}

/**
 * One character per class of characters the pattern cannot tell apart (same answer from every
 * one of its atoms), and the character that the fewest atoms accept (the likeliest to fail).
 */
export function alphabet(parts: PatternParts, flags: string): { readonly characters: readonly string[]; readonly failing: string } {
  const classes = new Map<string, string>();
  let failing = pool[0];
  let fewest = Infinity;
  for (const char of pool) {
    const signature = parts.atoms.map((atom) => (matches(atom, flags, char) ? '1' : '0')).join('');
    if (!classes.has(signature)) classes.set(signature, char);
    const count = signature.split('1').length - 1;
    if (count < fewest) {
      fewest = count;
      failing = char;
    }
  }
  return { characters: [...classes.values()], failing };
}

export interface AdversarialInput {
  /** What it is, for a failure message. */
  readonly label: string;
  /** The input with a run of about `length` characters. */
  build(length: number): string;
}

/**
 * The inputs for a pattern: each sample prefix, then a long run of one character, then nothing,
 * the failing character or a line break; and long runs of two alternating characters, then those.
 */
export function adversarialInputs(source: string, flags: string): AdversarialInput[] {
  const parts = patternParts(source, flags);
  const { characters, failing } = alphabet(parts, flags);
  const prefixes = [...new Set(parts.samples.flat())];
  const suffixes = [...new Set(['', failing, '\n'])];
  const inputs = new Map<string, AdversarialInput>();
  const add = (prefix: string, unit: string, suffix: string) => {
    const label = `${JSON.stringify(prefix)} + ${JSON.stringify(unit)}×n + ${JSON.stringify(suffix)}`;
    inputs.set(label, { label, build: (length) => prefix + unit.repeat(Math.ceil(length / unit.length)) + suffix });
  };
  for (const prefix of prefixes) for (const char of characters) for (const suffix of suffixes) add(prefix, char, suffix);
  for (const a of characters) for (const b of characters) if (a !== b) for (const suffix of suffixes) add('', a + b, suffix);
  return [...inputs.values()];
}
