/**
 * A full garbage collection asked for while the server waits for typing, after the first
 * analysis of a very large chart. Opening issue 16's 8 MB file of 13,548 hooks grows the heap
 * from under 100 MB to about 280 MB with no full collection since it was small, so the first one
 * fell into the first keystroke, with scavenges that cost more while it marks (bench/README.md,
 * section 7). Asked for at once, it runs while the user reads the first diagnostics.
 */
import { getHeapStatistics } from 'v8';
import { measureMemory } from 'vm';

/** The heap in use after a chart's first analysis past which a full collection is asked for. No corpus chart comes near (argo-cd: about 20 MB). */
export const settleHeapBytes = 200 * 1024 * 1024;

/** Asks for a full collection when `usedBytes` is past `settleHeapBytes`; whether it asked. */
export function settleHeap(usedBytes = getHeapStatistics().used_heap_size, collect: () => void = startFullCollection): boolean {
  if (usedBytes < settleHeapBytes) return false;
  collect();
  return true;
}

/**
 * Starts a full collection and returns at once: `vm.measureMemory`'s eager mode starts V8's
 * incremental marking now (not at the next collection), which runs on V8's helper threads and in
 * idle turns of the event loop and ends in a short final pause; nothing waits for it, and the
 * measurement itself is dropped. (A documented API, experimental in Node 20 and 22: Node prints
 * its one-line ExperimentalWarning to stderr, the server's log, the first time.)
 */
export function startFullCollection(): void {
  measureMemory({ mode: 'summary', execution: 'eager' }).catch(() => undefined);
}
