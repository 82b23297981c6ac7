/**
 * A small stand-in for the evaluator, only for the function-library tests until `render/engine.ts`
 * lands: text and actions with trim markers, pipelines, parentheses, `$x :=`, `.Values` paths,
 * literals, and Go's argument conversion for a function's declared parameter types. A template
 * outside that subset throws `NeedsEngine`, and the test counts it instead of guessing.
 */
import { GoError, GoFunction, GoParamType, Value, isGoMap } from '../../../server/src/analysis/render/value';
import { formatValue, typeName } from '../../../server/src/analysis/render/functions/goValues';

export class NeedsEngine extends Error {}

type Token = { kind: 'str' | 'num' | 'word' | 'field' | 'var' | 'punct'; text: string };

function tokenize(action: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:("(?:\\.|[^"\\])*")|(`[^`]*`)|(-?[0-9][0-9.eE+-]*)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)|((?:\.[A-Za-z0-9_]+)+)|([A-Za-z_][A-Za-z0-9_]*)|(:=|[|()]))/y;
  let match: RegExpExecArray | null;
  let last = 0;
  while ((match = re.exec(action))) {
    last = re.lastIndex;
    if (match[1]) tokens.push({ kind: 'str', text: JSON.parse(match[1].replace(/\\x([0-9a-f]{2})/gi, '\\u00$1')) });
    else if (match[2]) tokens.push({ kind: 'str', text: match[2].slice(1, -1) });
    else if (match[3]) tokens.push({ kind: 'num', text: match[3] });
    else if (match[4]) tokens.push({ kind: 'var', text: match[4] });
    else if (match[5]) tokens.push({ kind: 'field', text: match[5] });
    else if (match[6]) tokens.push({ kind: 'word', text: match[6] });
    else tokens.push({ kind: 'punct', text: match[7] });
  }
  if (action.slice(last).trim() !== '') throw new NeedsEngine(`cannot read ${action.slice(last)}`);
  return tokens;
}

type Operand = { value: Value; untyped?: 'int' | 'float' };

export function renderMini(template: string, values: Value, functions: ReadonlyMap<string, GoFunction>): string {
  const vars = new Map<string, Value>([['$', new Map([['Values', values]])]]);
  let out = '';
  const re = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  let trimNext = false;
  let match: RegExpExecArray | null;
  while ((match = re.exec(template))) {
    let text = template.slice(last, match.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (match[1]) text = text.replace(/\s+$/, '');
    out += text;
    last = re.lastIndex;
    trimNext = match[3] === '-';
    const tokens = tokenize(match[2]);
    if (tokens.length >= 2 && tokens[0].kind === 'var' && tokens[1].text === ':=') {
      vars.set(tokens[0].text, pipeline(tokens.slice(2), vars, functions).value);
      continue;
    }
    const result = pipeline(tokens, vars, functions).value;
    out += result === null ? '' : formatValue(result);
  }
  let rest = template.slice(last);
  if (trimNext) rest = rest.replace(/^\s+/, '');
  return (out + rest).replace(/<no value>/g, '');
}

function pipeline(tokens: Token[], vars: Map<string, Value>, functions: ReadonlyMap<string, GoFunction>): Operand {
  const commands: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.text === '(') depth++;
    if (token.text === ')') depth--;
    if (token.text === '|' && depth === 0) commands.push([]);
    else commands[commands.length - 1].push(token);
  }
  let previous: Operand | undefined;
  for (const command of commands) previous = runCommand(command, previous, vars, functions);
  return previous!;
}

function runCommand(tokens: Token[], piped: Operand | undefined, vars: Map<string, Value>, functions: ReadonlyMap<string, GoFunction>): Operand {
  const operands: Operand[] = [];
  let i = tokens[0]?.kind === 'word' && !['true', 'false', 'nil'].includes(tokens[0].text) ? 1 : 0;
  for (; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.text === '(') {
      let depth = 1;
      let j = i + 1;
      for (; j < tokens.length && depth > 0; j++) depth += tokens[j].text === '(' ? 1 : tokens[j].text === ')' ? -1 : 0;
      operands.push(pipeline(tokens.slice(i + 1, j - 1), vars, functions));
      i = j - 1;
    } else operands.push(operand(token, vars));
  }
  if (piped) operands.push(piped);
  if (i > 0 && tokens[0].kind === 'word' && !['true', 'false', 'nil'].includes(tokens[0].text)) return call(tokens[0].text, operands, functions);
  if (operands.length !== 1) throw new NeedsEngine('not a function call');
  return operands[0];
}

function operand(token: Token, vars: Map<string, Value>): Operand {
  switch (token.kind) {
    case 'str':
      return { value: token.text };
    case 'num':
      return /[.eE]/.test(token.text) ? { value: Number(token.text), untyped: 'float' } : { value: BigInt(token.text), untyped: 'int' };
    case 'word':
      if (token.text === 'true' || token.text === 'false') return { value: token.text === 'true' };
      if (token.text === 'nil') return { value: null };
      throw new NeedsEngine(token.text);
    case 'field':
      return { value: path(vars.get('$')!, token.text.slice(1).split('.')) };
    case 'var': {
      const [name, ...fields] = token.text.split('.');
      if (!vars.has(name)) throw new NeedsEngine(name);
      return { value: path(vars.get(name)!, fields) };
    }
    default:
      throw new NeedsEngine(token.text);
  }
}

function path(value: Value, fields: string[]): Value {
  let current = value;
  for (const field of fields) {
    if (!isGoMap(current)) throw new NeedsEngine(`field ${field} of ${typeName(current)}`);
    current = current.get(field) ?? null;
  }
  return current;
}

function call(name: string, operands: Operand[], functions: ReadonlyMap<string, GoFunction>): Operand {
  const fn = functions.get(name);
  if (!fn) throw new NeedsEngine(`function ${name}`);
  const fixed = fn.params.length;
  if (fn.variadic ? operands.length < fixed : operands.length !== fixed) throw new NeedsEngine(`wrong number of args for ${name}`);
  const args = operands.map((op, i) => convert(op, i < fixed ? fn.params[i] : fn.variadic!));
  try {
    return { value: fn.call(args, { name }) };
  } catch (error) {
    if (error instanceof GoError) throw new GoError(`error calling ${name}: ${error.message}`);
    throw error;
  }
}

function convert(op: Operand, type: GoParamType): Value {
  const value = op.value;
  if (type === 'interface {}') return value;
  if (type === 'int' || type === 'int64') {
    if (typeof value === 'bigint') return value;
    if (op.untyped === 'float' && Number.isInteger(value)) return BigInt(value as number);
    throw new GoError(`wrong type for value; expected ${type}; got ${typeName(value)}`);
  }
  if (type === 'float64') {
    if (typeof value === 'number') return value;
    if (op.untyped === 'int') return Number(value);
  }
  if (type === 'string' && typeof value === 'string') return value;
  if (type === 'bool' && typeof value === 'boolean') return value;
  if (type === 'map[string]interface {}' && isGoMap(value)) return value;
  if (type === '[]interface {}' && Array.isArray(value) && !value.elem) return value;
  if (type === '[]string' && Array.isArray(value) && value.elem === 'string') return value;
  if (value === null && (type === 'map[string]interface {}' || type === '[]interface {}' || type === '[]string')) return null;
  throw new GoError(`wrong type for value; expected ${type}; got ${typeName(value)}`);
}
