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
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) counter.addNewLine(index + 1);
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
      const lineEnd = position.line + 1 < starts.length ? starts[position.line + 1] : text.length;
      return Math.max(lineStart, Math.min(lineStart + Math.max(0, position.character), lineEnd));
    },
  };
}
