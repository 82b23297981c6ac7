/**
 * The `if` conditions a place in a template renders under, as text. Two documents whose
 * conditions contradict each other (`if X` / `else`, or `if X` / `if not X`, possibly in
 * different files) are never rendered together, so a rule must not compare them.
 */
import type { TemplateFile } from '../model/model';

export interface Condition {
  /** The condition's normalised text, without a leading `not`. */
  readonly text: string;
  /** The place renders when the condition is false. */
  readonly negated: boolean;
}

/** Conditions of every `if`/`else if` branch that encloses `offset`. */
export function conditionsAt(file: TemplateFile, offset: number): Condition[] {
  const { actions, blocks } = file.scan;
  const result: Condition[] = [];
  for (const block of blocks) {
    if (block.kind !== 'if' || block.end < 0) continue;
    const bodyStart = actions[block.open].span.end;
    const bodyEnd = actions[block.end].span.start;
    if (offset < bodyStart || offset > bodyEnd) continue;
    // Branch 0 is the `if` body; branch k follows the k-th `else`.
    const branch = block.elses.filter((index) => actions[index].span.end <= offset).length;
    const heads = [block.open, ...block.elses];
    heads.slice(0, branch).forEach((index) => {
      const condition = conditionOf(file, index);
      if (condition) result.push(flip(condition));
    });
    const own = conditionOf(file, heads[branch]);
    if (own) result.push(own);
  }
  return result;
}

/** Whether two places can never render together: one needs a condition the other needs false. */
export function contradict(a: readonly Condition[], b: readonly Condition[]): boolean {
  return a.some((x) => b.some((y) => x.text === y.text && x.negated !== y.negated));
}

/** The condition of an `if` or `else if` action; undefined for a plain `else`. */
function conditionOf(file: TemplateFile, index: number): Condition | undefined {
  const action = file.scan.actions[index];
  let text = file.text.slice(action.innerSpan.start, action.innerSpan.end).trim().replace(/\s+/g, ' ');
  if (action.kind === 'else') {
    if (!text.startsWith('else if ')) return undefined;
    text = text.slice('else '.length);
  }
  if (!text.startsWith('if ')) return undefined;
  return normalise(text.slice(3).trim(), false);
}

function normalise(text: string, negated: boolean): Condition {
  let inner = text.trim();
  while (inner.startsWith('(') && inner.endsWith(')') && balanced(inner.slice(1, -1))) inner = inner.slice(1, -1).trim();
  if (inner.startsWith('not ')) return normalise(inner.slice(4), !negated);
  return { text: inner, negated };
}

function flip(condition: Condition): Condition {
  return { text: condition.text, negated: !condition.negated };
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
