import type { Logger } from 'pino';

/**
 * The order the gateway stops in. First, at once and together: the WebSocket subscriptions
 * (each socket is closed with 1001, going away, and the order poll loops behind them stop:
 * they would never drain) and the public listener (it stops accepting, then drains its
 * requests in flight, and their ledger writes with them). Together, because a client that
 * never answers its close frame must neither keep the listener accepting new work nor use up
 * the requests' time to drain. Then, one after another, what those requests used: Apollo,
 * the ledger worker (which also writes the ledger), the vendor clients and their pools (a
 * DDS ticket is logged out), the shared Redis (limits, quotas and caches: no request or vendor
 * call asks it any more), the ledger once nothing can write to it any more, the metrics
 * listener (scrapable while draining), the in-process simulators the vendor clients talked
 * to, and telemetry last, so that everyone's spans are exported.
 */
export const SHUTDOWN_STAGES = [['subscriptions', 'http'], ['apollo'], ['ledger-worker'], ['vendors'], ['redis'], ['ledger'], ['metrics'], ['simulators'], ['telemetry']] as const;
export type ShutdownStep = (typeof SHUTDOWN_STAGES)[number][number];

/** What to close, by step; a step's closers run in reverse order of adding. A failing closer does not stop the others. */
export class ShutdownSequence {
  private readonly closers = new Map<ShutdownStep, (() => Promise<void>)[]>();
  private running?: Promise<void>;

  constructor(private readonly logger: Logger) {}

  add(step: ShutdownStep, close: () => Promise<void>): void {
    const list = this.closers.get(step) ?? [];
    list.push(close);
    this.closers.set(step, list);
  }

  /** Runs the stages in SHUTDOWN_STAGES order, a stage's steps at once; calling it again waits for the same run. */
  run(): Promise<void> {
    return (this.running ??= this.runStages());
  }

  private async runStages(): Promise<void> {
    for (const stage of SHUTDOWN_STAGES) {
      await Promise.all(stage.map((step) => this.runStep(step)));
      // Logged in the stage's order once all of it is done, so the log reads the same every time.
      for (const step of stage) if (this.closers.has(step)) this.logger.debug({ step }, 'shutdown step done');
    }
  }

  private async runStep(step: ShutdownStep): Promise<void> {
    for (const close of [...(this.closers.get(step) ?? [])].reverse()) {
      await close().catch((error: unknown) => this.logger.warn({ err: error, step }, 'shutdown step failed'));
    }
  }
}
