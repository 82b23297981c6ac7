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
  // LSP ends lines at "\n", "\r\n" and a lone "\r", as editors do. Found with indexOf, not a regex
  // whose every match is an array: an 8 MB template has 300,000 lines.
  if (!text.includes('\r')) {
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', newline + 1)) counter.addNewLine(newline + 1);
  } else {
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === 0x0a) counter.addNewLine(index + 1);
      else if (code === 0x0d) counter.addNewLine(text.charCodeAt(index + 1) === 0x0a ? ++index + 1 : index + 1);
    }
  }
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
