/**
 * Offsets ⇄ zero-based line/character positions (UTF-16 code units, as LSP counts them).
 * The one place that does line arithmetic; built on `yaml`'s LineCounter.
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
