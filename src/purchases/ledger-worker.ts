import type { Logger } from 'pino';
import type { Ledger, LedgerEntry, LedgerOperation } from '../ledger';
import type { VendorCheck } from './reconcile';

export interface LedgerWorkerOptions {
  ledger: Ledger;
  logger: Logger;
  /** Per operation: how the vendor is asked about an unknown outcome; none means an operator decides (NEEDS_ATTENTION). */
  checks: Partial<Record<LedgerOperation, VendorCheck>>;
  /** The quiet period after a dead claimer's lease ran out before the vendor is asked. */
  reconcileAfterMs: number;
  /** Between rounds; also when a vendor that could not tell yet is asked again. */
  intervalMs: number;
  /** How long a claimed entry is reserved for this worker: longer than one vendor read. */
  claimMs: number;
  /** Entries worked per round, at most. */
  batchSize: number;
  /** Buyers' names are erased from entries older than this. */
  personalDataRetentionMs: number;
  /** Told of every transition that lost its compare-and-set. */
  onLostTransition?: (entry: LedgerEntry) => void;
}

/**
 * The only place unknown outcomes are settled: claims due entries (a dead claimer's
 * PENDING, an UNKNOWN past its quiet period) so that no two replicas work one entry, asks
 * the vendor, and writes what it learnt by compare-and-set against the claimed version.
 * Also erases buyers' names past their retention period.
 */
export class LedgerWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: LedgerWorkerOptions) {}

  /** One round; resolves to the number of entries it worked. Rounds never overlap. */
  runOnce(): Promise<number> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.runOnce().catch((error: unknown) => this.options.logger.error({ err: error }, 'ledger worker round failed'));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async round(): Promise<number> {
    const { ledger, batchSize, claimMs, personalDataRetentionMs, logger } = this.options;
    const due = await ledger.claimDue(batchSize, claimMs);
    for (const entry of due) {
      try {
        await this.work(entry);
      } catch (error) {
        // Left claimed: another round (here or on another replica) takes it when the claim runs out.
        logger.error({ err: error, entryId: entry.id, operation: entry.operation }, 'ledger worker could not settle an entry');
      }
    }
    const erased = await ledger.erasePersonalData(personalDataRetentionMs, batchSize);
    if (erased > 0) logger.info({ erased }, 'buyers’ names erased from ledger entries past their retention period');
    return due.length;
  }

  private async work(entry: LedgerEntry): Promise<void> {
    const check = this.options.checks[entry.operation];
    if (entry.state === 'PENDING') {
      // Its claimer died mid-call: the vendor may still be working on it.
      await this.move(
        entry,
        check
          ? { to: 'UNKNOWN', note: 'the claimer stopped before recording an answer', checkInMs: this.options.reconcileAfterMs }
          : { to: 'NEEDS_ATTENTION', note: 'the claimer stopped before recording an answer; the vendor offers no way to read an order back' },
      );
      return;
    }
    if (!check) {
      await this.move(entry, { to: 'NEEDS_ATTENTION', note: 'the vendor offers no way to read an order back; confirm it with the vendor' });
      return;
    }
    const finding = await check(entry);
    if (finding.to === null) await this.move(entry, { to: 'UNKNOWN', note: finding.note, checkInMs: this.options.intervalMs });
    else await this.move(entry, { to: finding.to, note: finding.note, result: 'result' in finding ? finding.result : undefined });
  }

  private async move(entry: LedgerEntry, change: { to: LedgerEntry['state']; note: string; result?: unknown; checkInMs?: number }): Promise<void> {
    const moved = await this.options.ledger.transition({ id: entry.id, from: [entry.state], version: entry.version, uncertain: true, ...change });
    if (!moved) {
      this.options.onLostTransition?.(entry);
      this.options.logger.warn(
        { entryId: entry.id, operation: entry.operation, from: entry.state, to: change.to },
        'ledger transition lost: the entry changed while the worker held it',
      );
      return;
    }
    if (moved.state !== entry.state) this.options.logger.info({ entryId: entry.id, operation: entry.operation, from: entry.state, to: moved.state }, 'ledger entry reconciled');
  }
}
