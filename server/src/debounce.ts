/**
 * How long a change waits before its chart is checked again. A fixed debounce made every
 * keystroke wait 150 ms though most charts are analysed in a few milliseconds (bench section 3):
 * a chart whose last analysis was fast is checked at once (a burst of typing that arrives in one
 * turn of the event loop still costs one analysis), and only a slow chart waits for typing to
 * pause. A chart not analysed yet waits, as its first analysis may be slow. Each scheduled check
 * takes a new generation; a check overtaken while it waits for settings by a newer one that runs
 * without waiting is dropped before it analyses or publishes (the newer one reads the same or
 * newer texts). Overtaken by one that waits, it still runs: its diagnostics come sooner.
 */

/** An analysis at most this long counts as fast: the next change of its chart is not debounced. */
export const fastAnalysisMs = 50;

export class AdaptiveDebounce {
  private readonly lastAnalysisMs = new Map<string, number>();
  /** The newest scheduled check of each chart: its generation, and whether it runs without waiting. */
  private readonly newest = new Map<string, { generation: number; atOnce: boolean }>();

  /** `delayMs`: the wait of a slow chart (initializationOptions.validationDelayMs sets it). */
  constructor(public delayMs: number) {}

  /** The wait before checking `chartKey` after a change. */
  delayFor(chartKey: string): number {
    const last = this.lastAnalysisMs.get(chartKey);
    return last !== undefined && last <= fastAnalysisMs ? 0 : this.delayMs;
  }

  /** Records how long the chart's analysis took (CPU milliseconds: the whole chart, every open document). */
  analysed(chartKey: string, milliseconds: number): void {
    this.lastAnalysisMs.set(chartKey, milliseconds);
  }

  /** A check of `chartKey` is scheduled after `delay` ms: its generation. */
  scheduled(chartKey: string, delay: number): number {
    const generation = (this.newest.get(chartKey)?.generation ?? 0) + 1;
    this.newest.set(chartKey, { generation, atOnce: delay === 0 });
    return generation;
  }

  /** Whether the check of `generation` may be dropped: a newer check of its chart runs without waiting. */
  isOvertaken(chartKey: string, generation: number): boolean {
    const newest = this.newest.get(chartKey);
    return newest !== undefined && newest.generation > generation && newest.atOnce;
  }
}
