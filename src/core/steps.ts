// Work in steps: a long computation written as a generator that pauses (`yield`) between small pieces of work, so a
// front end on a single thread (the extension host) can spread it over several turns of its event loop and stay
// responsive. The synchronous entry points run the same generator to the end (finishSteps), so the stepped form and
// the synchronous one cannot give different results.
//
// Pure: the clock and the way to give the thread back are passed in by the caller (setImmediate in Node).

/** Runs the steps to the end, synchronously, and returns the result. */
export function finishSteps<T>(steps: Iterator<unknown, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export interface SliceOptions {
  /** Work for at most about this long (ms) before giving the thread back. One step is never cut. */
  readonly budgetMs: number;
  /** A monotonic clock in milliseconds (performance.now). */
  readonly now: () => number;
  /** Gives the thread back: resolves on a later turn of the event loop (setImmediate). */
  readonly pause: () => Promise<void>;
  /** Asked before each slice: true stops the work (the result would be stale); runInSlices then returns undefined. */
  readonly cancelled?: () => boolean;
  /** Told the length of each slice (ms): for measurements. */
  readonly onSlice?: (ms: number) => void;
}

/**
 * Runs the steps in slices of about `budgetMs`, pausing between slices. Returns the result, or undefined when
 * `cancelled()` said so before a slice (the generator is then left unfinished: drop it).
 */
export async function runInSlices<T>(steps: Iterator<unknown, T>, options: SliceOptions): Promise<T | undefined> {
  for (;;) {
    if (options.cancelled?.()) return undefined;
    const t0 = options.now();
    for (;;) {
      const r = steps.next();
      if (r.done) {
        options.onSlice?.(options.now() - t0);
        return r.value;
      }
      if (options.now() - t0 >= options.budgetMs) break;
    }
    options.onSlice?.(options.now() - t0);
    await options.pause();
  }
}
