/**
 * The main thread's long tasks and long animation frames, as the suites' responsiveness checks
 * read them.
 *
 * A check holds the page's own script to 50 ms a frame: the summed script entries of each long
 * animation frame (Long Animation Frames API, which lists scripts of 5 ms or more). Long tasks
 * (Long Tasks API) are printed beside it but do not decide: on a shared 2-core machine whose
 * cores are busy training, a long task also counts time the main thread was not scheduled and
 * Chromium's own commit of the canvases to the compositor (traced as "Commit"). Seen here: long
 * tasks of 50-67 ms with no long animation frame at all (the 24 × 128 check), and tasks of up to
 * 261 ms while no frame held more than 46 ms of script (the diagram check).
 */
import type { Page } from 'playwright-core';

export interface LongFrames {
  /** Durations (ms) of the long tasks seen since `watchFrames`. */
  readonly longTasks: readonly number[];
  /** The most script (ms) any long animation frame held; 0 when there was none. */
  readonly maxScript: number;
}

/** Starts recording long tasks and long animation frames on `page` (replacing a recording). */
export async function watchFrames(page: Page): Promise<void> {
  // A string, so that tsx's helpers (it names inner functions) stay out of the page.
  await page.evaluate(`(() => {
    const seen = { longTasks: [], scripts: [], frames: [] };
    window.gradscopeFrames = seen;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) seen.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const script = e.scripts.reduce((a, s) => a + s.duration, 0);
        const render = e.renderStart > 0 ? e.startTime + e.duration - e.renderStart : 0;
        seen.scripts.push(script);
        const top = e.scripts.reduce((a, s) => (a === null || s.duration > a.duration ? s : a), null);
        const by = top === null ? '' : ', longest ' + Math.round(top.duration) + ' ms: ' + (top.invoker || top.invokerType);
        seen.frames.push(Math.round(e.startTime) + ': ' + Math.round(e.duration) + ' ms (script ' + Math.round(script) + by + ', rendering ' + Math.round(render) + ')');
      }
    }).observe({ type: 'long-animation-frame', buffered: false });
  })()`);
}

/**
 * What `page` recorded since `watchFrames`. Each long animation frame is printed (start,
 * duration, its script with its longest script's invoker, and rendering).
 */
export async function readFrames(page: Page): Promise<LongFrames> {
  const seen = (await page.evaluate('window.gradscopeFrames')) as {
    longTasks: number[];
    scripts: number[];
    frames: string[];
  } | null;
  if (seen === null || seen === undefined)
    throw new Error('readFrames: nothing recorded on this page; call watchFrames(page) first');
  if (seen.frames.length > 0)
    process.stdout.write(`  long animation frames: ${seen.frames.join('; ')}\n`);
  return { longTasks: seen.longTasks, maxScript: Math.max(0, ...seen.scripts) };
}

/** "N long tasks (a, b ms)" for a check's detail. */
export function describeTasks(longTasks: readonly number[]): string {
  return `${longTasks.length} long tasks${longTasks.length > 0 ? ` (${longTasks.map((d) => d.toFixed(0)).join(', ')} ms)` : ''}`;
}
