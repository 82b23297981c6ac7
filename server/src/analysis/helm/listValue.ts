/**
 * Comma lists (`helm.sh/hook`, delete and log policies) split the way Helm splits them,
 * with the source span of every token. Template actions are respected: a token that an
 * action prints into is `partial` and is never judged; control actions (`if`, `end`) print
 * nothing, so the literal tokens around them still count.
 */
import type { TemplateAction } from '../template/scanner';
import type { ValueInfo } from '../model/model';
import type { Span } from '../types';
import { actionsIn, printsText } from '../yaml/values';

export interface ListToken {
  /** The token as written, untrimmed (spaces around it included). */
  readonly raw: string;
  /** What Helm compares: trimmed and lower-cased. */
  readonly normalized: string;
  /** The trimmed token's span; for an empty token, where it would be. */
  readonly span: Span;
  /** Span of the token including its surrounding spaces, between separators. */
  readonly rawSpan: Span;
  /** An action prints into this token, so its final text is unknown. */
  readonly partial: boolean;
}

export interface ListValue {
  readonly tokens: readonly ListToken[];
  /** Some part of the value is printed by a template action. */
  readonly templated: boolean;
  /** Some control action (`if`, `range`, `else`) decides which tokens exist. */
  readonly conditional: boolean;
  /** Token offsets are exact (no escapes or folding between the source and the value). */
  readonly exact: boolean;
}

/** Splits a list-valued annotation into tokens with spans in the original text. */
export function splitList(value: ValueInfo, text: string, actions: readonly TemplateAction[]): ListValue {
  if (value.type !== 'templated' && value.type !== 'null' && !value.literalMapping) {
    // Escapes or line folding: the tokens are known, their offsets are not; point at the whole value.
    const tokens = (value.value ?? '').split(',').map((raw) => ({ raw, normalized: raw.trim().toLowerCase(), span: value.span, rawSpan: value.span, partial: false }));
    return { tokens, templated: false, conditional: false, exact: false };
  }
  const content = value.contentSpan;
  const inside = actionsIn(actions, content.start, content.end).filter((action) => action.span.start >= content.start && action.span.end <= content.end);
  if (value.type === 'templated' && inside.length === 0) {
    // The value is itself template code (a `dict` argument such as `.Values.policy`): one unknown token.
    const whole = { raw: value.source, normalized: '', span: value.span, rawSpan: value.span, partial: true };
    return { tokens: [whole], templated: true, conditional: false, exact: true };
  }
  const tokens: ListToken[] = [];
  let tokenStart = content.start;
  let partial = false;
  let cursor = content.start;
  const push = (end: number): void => {
    const rawSpan = { start: tokenStart, end };
    const literal = literalText(text, rawSpan, inside);
    const lead = literal.length - literal.trimStart().length;
    const trimmed = literal.trim();
    const span = partial ? rawSpan : trimmedSpan(rawSpan, inside, lead, trimmed.length);
    tokens.push({ raw: literal, normalized: trimmed.toLowerCase(), span, rawSpan, partial });
  };
  let actionIndex = 0;
  while (cursor < content.end) {
    const action = inside[actionIndex];
    if (action && action.span.start === cursor) {
      if (printsText(action)) partial = true;
      cursor = action.span.end;
      actionIndex++;
      continue;
    }
    // The next comma before the next action (or the end), found at once rather than a character at a time.
    const stop = action && action.span.start >= cursor ? action.span.start : content.end;
    const comma = text.indexOf(',', cursor);
    if (comma < 0 || comma >= stop) {
      cursor = stop;
      continue;
    }
    push(comma);
    tokenStart = comma + 1;
    partial = false;
    cursor = comma + 1;
  }
  push(content.end);
  return {
    tokens,
    templated: inside.some(printsText),
    conditional: inside.some((action) => !printsText(action) && action.kind !== 'comment'),
    exact: true,
  };
}

/** The literal characters of a span with the actions inside it removed. */
function literalText(text: string, span: Span, actions: readonly TemplateAction[]): string {
  if (actions.length === 0) return text.slice(span.start, span.end);
  let result = '';
  let cursor = span.start;
  for (const action of actions) {
    if (action.span.end <= span.start || action.span.start >= span.end) continue;
    result += text.slice(cursor, Math.max(cursor, action.span.start));
    cursor = Math.max(cursor, action.span.end);
  }
  result += text.slice(cursor, span.end);
  return result;
}

/**
 * The span of the trimmed literal token. When control actions sit inside it the literal
 * characters are not contiguous; the span then runs from the first to the last of them.
 */
function trimmedSpan(rawSpan: Span, actions: readonly TemplateAction[], lead: number, length: number): Span {
  // No action inside: the literal characters are the span's own, contiguous.
  if (!actions.some((action) => action.span.end > rawSpan.start && action.span.start < rawSpan.end)) {
    const start = rawSpan.start + lead;
    if (length === 0) {
      const at = start < rawSpan.end ? start : rawSpan.start;
      return { start: at, end: at };
    }
    return { start, end: start + length };
  }
  const offsets: number[] = [];
  let cursor = rawSpan.start;
  for (const action of actions) {
    if (action.span.end <= rawSpan.start || action.span.start >= rawSpan.end) continue;
    for (; cursor < action.span.start; cursor++) offsets.push(cursor);
    cursor = Math.max(cursor, action.span.end);
  }
  for (; cursor < rawSpan.end; cursor++) offsets.push(cursor);
  if (length === 0) {
    const at = offsets[lead] ?? rawSpan.start;
    return { start: at, end: at };
  }
  return { start: offsets[lead], end: offsets[lead + length - 1] + 1 };
}
