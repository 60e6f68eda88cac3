// The analysis of a document in slices on a Node event loop, for the extension host (BacklogStore) and the benchmark
// (test/bench/open.ts), which measures this very driver. A cold analysis of a large backlog takes seconds; run in
// slices of about SLICE_BUDGET_MS with the thread given back between them (setImmediate), the extension host keeps
// answering while it runs. The core's analyzeBacklogSteps does the work; this only decides when.
import { type Analysis, type AnalyzeOptions, analyzeBacklogSteps } from '../core/analyze';
import { finishSteps, runInSlices } from '../core/steps';

/** Work per slice (ms): under the 50 ms the extension host may be blocked, with room for one step that runs over. */
export const SLICE_BUDGET_MS = 30;

/** Gives the thread back until the event loop's next turn (after pending I/O and timers). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One analysis of one text, running in slices. */
export interface SlicedAnalysis {
  /** The analysis, or undefined when it was cancelled first. Settles after finishNow too. */
  readonly done: Promise<Analysis | undefined>;
  /**
   * Finishes the rest synchronously and returns the analysis (for a caller that needs it now: a command, a code
   * action). The slices stop.
   */
  finishNow(): Analysis;
  /** Stops before the next slice: the text is stale. The steps are dropped (their cache stays usable). */
  cancel(): void;
  /** Total time of the slices so far, and the longest one (ms). */
  readonly workMs: number;
  readonly longestSliceMs: number;
}

export interface SlicedAnalysisOptions extends AnalyzeOptions {
  readonly budgetMs?: number;
  /** Asked before each slice: true when the text changed meanwhile (the analysis then stops, as after cancel). */
  readonly isStale?: () => boolean;
}

/** Starts analysing `text` in slices; the first slice runs on the next turn of the event loop. */
export function startSlicedAnalysis(text: string, options: SlicedAnalysisOptions = {}): SlicedAnalysis {
  const steps = analyzeBacklogSteps(text, { config: options.config, cache: options.cache });
  let result: Analysis | undefined;
  let cancelled = false;
  const run = {
    workMs: 0,
    longestSliceMs: 0,
    done: undefined as unknown as Promise<Analysis | undefined>,
    finishNow(): Analysis {
      if (result) return result;
      if (cancelled) throw new Error('finishNow after cancel: the analysis was dropped');
      const t0 = performance.now();
      result = finishSteps(steps);
      const ms = performance.now() - t0;
      run.workMs += ms;
      run.longestSliceMs = Math.max(run.longestSliceMs, ms);
      return result;
    },
    cancel(): void {
      cancelled = true;
    },
  };
  run.done = nextTurn()
    .then(() =>
      runInSlices(steps, {
        budgetMs: options.budgetMs ?? SLICE_BUDGET_MS,
        now: () => performance.now(),
        pause: nextTurn,
        // finishNow ran the rest meanwhile: nothing is left to slice.
        cancelled: () => cancelled || result !== undefined || (options.isStale?.() ?? false),
        onSlice: (ms) => {
          run.workMs += ms;
          run.longestSliceMs = Math.max(run.longestSliceMs, ms);
        },
      }),
    )
    .then((sliced) => {
      if (sliced && !result) result = sliced;
      return result;
    });
  return run;
}
