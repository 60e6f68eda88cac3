// Opening a backlog the way the extension does, with an event-loop probe: when the tree could first be shown, when
// everything (diagnostics included) is analysed, and the longest time the event loop was blocked meanwhile.
import type { SectionCache } from '../../src/core/analyze';
import { startSlicedAnalysis } from '../../src/node/sliced-analysis';

export interface OpenResult {
  /** From the start of the open until the items for the tree and the board are there. */
  readonly firstTreeMs: number;
  /** Until the whole analysis (findings included) is there. */
  readonly totalMs: number;
  /** The longest the event loop was blocked (see StallProbe). */
  readonly longestStallMs: number;
}

/**
 * An event-loop probe: a 1 ms timer that notes the longest gap between two of its ticks. A gap is the longest
 * synchronous stretch (plus the timer's own millisecond) that ran meanwhile.
 */
export class StallProbe {
  private last = performance.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  longest = 0;

  start(): void {
    this.last = performance.now();
    const tick = () => {
      const now = performance.now();
      this.longest = Math.max(this.longest, now - this.last);
      this.last = now;
      this.timer = setTimeout(tick, 1);
    };
    this.timer = setTimeout(tick, 1);
  }

  /** Stops the probe; the gap up to now counts too. */
  stop(): number {
    clearTimeout(this.timer);
    this.longest = Math.max(this.longest, performance.now() - this.last);
    return this.longest;
  }
}

/**
 * Opens `text` with a new document cache and measures it, with the driver the extension's BacklogStore.analyze uses
 * (src/node/sliced-analysis.ts): the analysis in slices of about 30 ms, the thread given back between them. The tree
 * and the board wait for the whole analysis (they show its findings), so the first tree is the end of it.
 */
export async function openAsTheExtensionDoes(text: string, cache: SectionCache): Promise<OpenResult> {
  const probe = new StallProbe();
  probe.start();
  await new Promise((r) => setTimeout(r, 5));
  const t0 = performance.now();
  const analysis = await startSlicedAnalysis(text, { cache }).done;
  if (!analysis) throw new Error('the sliced analysis stopped without a result');
  const total = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 5));
  return { firstTreeMs: total, totalMs: total, longestStallMs: probe.stop() };
}
