/**
 * Offsets ⇄ zero-based line/character positions (UTF-16 code units, as LSP counts them),
 * and the bounds and indentation of the line that holds an offset. The one place that does
 * line arithmetic; positions are built on `yaml`'s LineCounter.
 */
import { LineCounter } from 'yaml';

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface LineIndex {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  readonly lineCount: number;
}

export function createLineIndex(text: string): LineIndex {
  const counter = new LineCounter();
  counter.addNewLine(0);
  // LSP ends lines at "\n", "\r\n" and a lone "\r", as editors do.
  const lineBreak = /\r\n?|\n/g;
  for (let found = lineBreak.exec(text); found; found = lineBreak.exec(text)) counter.addNewLine(found.index + found[0].length);
  const starts = counter.lineStarts;
  return {
    lineCount: starts.length,
    positionAt(offset) {
      const clamped = Math.max(0, Math.min(offset, text.length));
      const { line, col } = counter.linePos(clamped);
      return { line: line - 1, character: col - 1 };
    },
    offsetAt(position) {
      if (position.line < 0) return 0;
      if (position.line >= starts.length) return text.length;
      const lineStart = starts[position.line];
      let lineEnd = position.line + 1 < starts.length ? starts[position.line + 1] : text.length;
      // A character past the end of the line means its end, before the line break (LSP).
      if (lineEnd > lineStart && text[lineEnd - 1] === '\n') lineEnd--;
      if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
      return Math.max(lineStart, Math.min(lineStart + Math.max(0, position.character), lineEnd));
    },
  };
}

/**
 * Where the line that holds `from` ends: at its "\n", or before the "\r" of a "\r\n" (the
 * line break is not part of the line), or at the end of the text.
 */
export function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  if (newline < 0) return text.length;
  return newline > from && text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** Where the line that holds `from` starts: just after the previous "\n". */
export function startOfLine(text: string, from: number): number {
  const newline = text.lastIndexOf('\n', from - 1);
  return newline + 1;
}

/** The run of spaces at the start of the line that holds `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = startOfLine(text, offset);
  let end = start;
  while (text[end] === ' ') end++;
  return text.slice(start, end);
}
