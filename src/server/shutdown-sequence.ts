import type { Logger } from 'pino';

/**
 * The order the gateway stops in: first the WebSocket subscriptions (each socket is closed
 * with 1001, going away, and the order poll loops behind them stop: they would never
 * drain), then no new work (the public listener drains its
 * requests in flight, and their ledger writes with them), then what those requests used:
 * Apollo, the ledger worker (which also writes the ledger), the vendor clients and their
 * pools (a DDS ticket is logged out), the shared Redis (limits, quotas and caches: no
 * request or vendor call asks it any more), the ledger once nothing can write to it any more,
 * the metrics listener (scrapable while draining), the in-process simulators the vendor
 * clients talked to, and telemetry last, so that everyone's spans are exported.
 */
export const SHUTDOWN_STEPS = ['subscriptions', 'http', 'apollo', 'ledger-worker', 'vendors', 'redis', 'ledger', 'metrics', 'simulators', 'telemetry'] as const;
export type ShutdownStep = (typeof SHUTDOWN_STEPS)[number];

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

  /** Runs every step in SHUTDOWN_STEPS order; calling it again waits for the same run. */
  run(): Promise<void> {
    return (this.running ??= this.runSteps());
  }

  private async runSteps(): Promise<void> {
    for (const step of SHUTDOWN_STEPS) {
      const closers = this.closers.get(step);
      if (!closers) continue;
      for (const close of [...closers].reverse()) {
        await close().catch((error: unknown) => this.logger.warn({ err: error, step }, 'shutdown step failed'));
      }
      this.logger.debug({ step }, 'shutdown step done');
    }
  }
}
