/**
 * `check --diff`: what `--fix` would change, as a unified diff (`---`/`+++` headers naming the
 * file as shown, `@@` hunks with three lines of context) that `patch -p0` and `git apply -p0`
 * apply. Lines keep their ends, so a CRLF file's diff carries its CRs.
 */
import type { FileChange } from './check';

const context = 3;

export function formatDiff(changes: readonly FileChange[]): string {
  return changes.map((change) => fileDiff(change)).join('');
}

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

function fileDiff(change: FileChange): string {
  const before = splitLines(change.before);
  const after = splitLines(change.after);
  const ops = diffLines(before, after);
  const out = [`--- ${change.file}\n`, `+++ ${change.file}\n`];
  for (const hunk of hunksOf(ops)) {
    const oldCount = hunk.ops.filter((op) => op.kind !== '+').length;
    const newCount = hunk.ops.filter((op) => op.kind !== '-').length;
    // A hunk that covers no line of a side names the line before it (0 at the start), as diff does.
    out.push(`@@ -${oldCount === 0 ? hunk.oldStart : hunk.oldStart + 1},${oldCount} +${newCount === 0 ? hunk.newStart : hunk.newStart + 1},${newCount} @@\n`);
    for (const op of hunk.ops) {
      out.push(op.kind + op.line);
      if (!op.line.endsWith('\n')) out.push('\n\\ No newline at end of file\n');
    }
  }
  return out.join('');
}

/** Lines with their line ends (the last one may have none). */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Groups the operations into hunks: the changes with up to `context` unchanged lines around them, near ones merged. */
function hunksOf(ops: readonly Op[]): { oldStart: number; newStart: number; ops: Op[] }[] {
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  const hunks: { oldStart: number; newStart: number; ops: Op[] }[] = [];
  let index = 0;
  while (index < changed.length) {
    const first = changed[index];
    let last = first;
    while (index + 1 < changed.length && changed[index + 1] - last <= 2 * context + 1) last = changed[++index];
    index++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length, last + context + 1);
    const before = ops.slice(0, from);
    hunks.push({ oldStart: before.filter((op) => op.kind !== '+').length, newStart: before.filter((op) => op.kind !== '-').length, ops: ops.slice(from, to) });
  }
  return hunks;
}

/**
 * The shortest edit script from `a` to `b` (Myers' O((N+M)D) greedy algorithm; fixes change
 * few lines, so D is small). The common head and tail are taken off first.
 */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const same = (lines: readonly string[]): Op[] => lines.map((line) => ({ kind: ' ', line }));
  return [...same(a.slice(0, head)), ...middle(midA, midB), ...same(a.slice(a.length - tail))];
}

function middle(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Array<number>(2 * max + 3).fill(0);
  const trace: number[][] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset, d);
    }
  }
  return [];
}

/** Walks the saved frontiers back from the end to recover the operations. */
function backtrack(trace: readonly number[][], a: readonly string[], b: readonly string[], offset: number, steps: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = steps; d > 0; d--) {
    const v = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x] });
      y--;
    }
    if (down) ops.push({ kind: '+', line: b[--y] });
    else ops.push({ kind: '-', line: a[--x] });
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', line: a[--x] });
    y--;
  }
  return ops.reverse();
}
