/**
 * Scans that jump (indexOf, spans computed instead of collected a character at a time) must
 * read exactly what the plain character-at-a-time reading reads: the line starts of
 * `createLineIndex` (with "\n", "\r\n" and lone "\r") and the tokens of `splitList` (commas,
 * blanks, template actions that print or only steer). The plain readings are written here,
 * and both are run over many generated texts.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { splitList } from '../../server/src/analysis/helm/listValue';
import type { ValueInfo } from '../../server/src/analysis/model/model';
import { scanTemplate } from '../../server/src/analysis/template/scanner';
import { createLineIndex } from '../../server/src/analysis/text/lineIndex';

/** A small deterministic generator (the tests must not depend on Math.random). */
function generator(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % below;
  };
}

function textOf(pieces: readonly string[], length: number, next: (below: number) => number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += pieces[next(pieces.length)];
  return text;
}

/** Line starts as the plain reading finds them: after "\n", after "\r\n", after a lone "\r". */
function plainLineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '\r' && text[index + 1] === '\n') continue;
    if (text[index] === '\n' || text[index] === '\r') starts.push(index + 1);
  }
  return starts;
}

describe('scans that jump read what the plain reading reads', () => {
  it('line starts, for texts of "\\n", "\\r\\n" and lone "\\r"', () => {
    const next = generator(7);
    for (let round = 0; round < 300; round++) {
      const text = textOf(['a', 'b ', '\n', '\r\n', '\r', '\n\r', '\r\r\n'], next(40), next);
      const index = createLineIndex(text);
      const starts = plainLineStarts(text);
      assert.equal(index.lineCount, starts.length, JSON.stringify(text));
      for (let offset = 0; offset <= text.length; offset++) {
        let line = 0;
        while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
        assert.deepEqual(index.positionAt(offset), { line, character: offset - starts[line] }, `${JSON.stringify(text)} at ${offset}`);
      }
    }
  });

  it('comma lists, with literal tokens, blanks and actions that print or steer', () => {
    const next = generator(11);
    let withActions = 0;
    for (let round = 0; round < 600; round++) {
      const content = textOf(['pre-install', ',', ', ', ' ', 'Hook-Succeeded', '{{ .Values.x }}', '{{ if .Values.y }}', '{{ end }}', '{{/* c */}}', 'a,,b'], next(8), next);
      const text = `k: "${content}"\n`;
      const span = { start: 3, end: text.length - 1 };
      const value: ValueInfo = { type: 'templated', source: text.slice(span.start, span.end), span, contentSpan: { start: 4, end: text.length - 2 }, style: 'double', literalMapping: true };
      const actions = scanTemplate(text).actions;
      if (actions.length > 0) withActions++;
      assert.deepEqual(splitList(value, text, actions), plainSplit(value, text, actions), JSON.stringify(text));
    }
    assert.ok(withActions > 100);
  });
});

/** The character-at-a-time reading of a list value with exact offsets (what splitList did before it jumped). */
function plainSplit(value: ValueInfo, text: string, actions: ReturnType<typeof scanTemplate>['actions']): ReturnType<typeof splitList> {
  const content = value.contentSpan;
  const inside = actions.filter((action) => action.span.start >= content.start && action.span.end <= content.end);
  const prints = (action: (typeof inside)[number]): boolean => action.kind === 'output' || action.kind === 'template' || action.kind === 'block';
  if (inside.length === 0 && value.type === 'templated') return { tokens: [{ raw: value.source, normalized: '', span: value.span, rawSpan: value.span, partial: true }], templated: true, conditional: false, exact: true };
  const tokens: ReturnType<typeof splitList>['tokens'][number][] = [];
  let tokenStart = content.start;
  let partial = false;
  let cursor = content.start;
  let actionIndex = 0;
  const push = (end: number): void => {
    const offsets: number[] = [];
    let at = tokenStart;
    for (const action of inside) {
      if (action.span.end <= tokenStart || action.span.start >= end) continue;
      for (; at < action.span.start; at++) offsets.push(at);
      at = Math.max(at, action.span.end);
    }
    for (; at < end; at++) offsets.push(at);
    const literal = offsets.map((offset) => text[offset]).join('');
    const lead = literal.length - literal.trimStart().length;
    const trimmed = literal.trim();
    const rawSpan = { start: tokenStart, end };
    const first = offsets[lead] ?? tokenStart;
    const span = partial ? rawSpan : trimmed.length === 0 ? { start: first, end: first } : { start: offsets[lead], end: offsets[lead + trimmed.length - 1] + 1 };
    tokens.push({ raw: literal, normalized: trimmed.toLowerCase(), span, rawSpan, partial });
  };
  while (cursor < content.end) {
    const action = inside[actionIndex];
    if (action && action.span.start === cursor) {
      if (prints(action)) partial = true;
      cursor = action.span.end;
      actionIndex++;
      continue;
    }
    if (text[cursor] === ',') {
      push(cursor);
      tokenStart = cursor + 1;
      partial = false;
    }
    cursor++;
  }
  push(content.end);
  return { tokens, templated: inside.some(prints), conditional: inside.some((action) => !prints(action) && action.kind !== 'comment'), exact: true };
}
