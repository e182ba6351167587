import { setTimeout as sleep } from 'node:timers/promises';
import type { DdsDownload } from '../../domain';
import { STILL_PROCESSING } from './mapping';

/** Step 1 of a download: DDS either points at a status page or answers at once. */
export type DownloadStart = { statusUrl: string } | { download: DdsDownload };

export interface DownloadSteps {
  start(): Promise<DownloadStart>;
  /** The status page's answer; undefined when the page is gone and the download must start again. */
  status(statusUrl: string): Promise<DdsDownload | undefined>;
}

export interface PollBounds {
  /** Wait between two looks at the status page, ms. */
  intervalMs: number;
  /** Longest time spent polling before answering PROCESSING, ms. */
  timeoutMs: number;
}

/**
 * Starts a download and polls its status page until READY or FAILED, for at most
 * `timeoutMs`; then answers PROCESSING so the caller can ask again. Waits are timers,
 * never busy loops, and nothing runs on after the answer.
 */
export async function pollDownload(steps: DownloadSteps, bounds: PollBounds, clock: () => number = performance.now.bind(performance)): Promise<DdsDownload> {
  const deadline = clock() + bounds.timeoutMs;
  let statusUrl: string | undefined;
  for (;;) {
    if (statusUrl === undefined) {
      const started = await steps.start();
      if ('download' in started) return started.download;
      statusUrl = started.statusUrl;
    }
    const state = await steps.status(statusUrl);
    if (state === undefined) statusUrl = undefined;
    else if (state.status !== 'PROCESSING') return state;
    if (deadline - clock() < bounds.intervalMs) return { ...STILL_PROCESSING };
    await sleep(bounds.intervalMs);
  }
}
