/** Small statistics and timing helpers for the benchmark: medians, percentiles, a monotonic clock. */

export function now(): number {
  return performance.now();
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function max(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), -Infinity);
}

/** Times `fn` once, in milliseconds. */
export function time(fn: () => void): number {
  const start = now();
  fn();
  return now() - start;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = now();
  await fn();
  return now() - start;
}

/**
 * Runs each side of a comparison `runs` times after `warmup` rounds, interleaved (a, b, a, b…)
 * in one process so that both see the same machine state, and returns each side's timings.
 */
export function interleave(sides: readonly (() => void)[], runs: number, warmup = 1): number[][] {
  const timings = sides.map(() => [] as number[]);
  for (let round = 0; round < warmup + runs; round++) {
    sides.forEach((side, index) => {
      const elapsed = time(side);
      if (round >= warmup) timings[index].push(elapsed);
    });
  }
  return timings;
}

export async function interleaveAsync(sides: readonly (() => Promise<unknown>)[], runs: number, warmup = 1): Promise<number[][]> {
  const timings = sides.map(() => [] as number[]);
  for (let round = 0; round < warmup + runs; round++) {
    for (let index = 0; index < sides.length; index++) {
      const elapsed = await timeAsync(sides[index]);
      if (round >= warmup) timings[index].push(elapsed);
    }
  }
  return timings;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}
