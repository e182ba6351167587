import type { Logger } from 'pino';
import type { OrderLineRef } from '../domain';
import type { Ledger, LedgerEntry, LedgerOperation, LedgerOutcome } from '../ledger';
import { UpstreamError } from '../vendors/http';
import type { HlConnectClient } from '../vendors/hlconnect';

/** Settles one UNKNOWN (or abandoned PENDING) entry from what the vendor says; returns it as it is now. */
export type EntryReconciler = (entry: LedgerEntry) => Promise<LedgerEntry>;

interface ReconcileDeps {
  ledger: Ledger;
  logger: Logger;
}

async function record(deps: ReconcileDeps, entry: LedgerEntry, outcome: LedgerOutcome | null): Promise<LedgerEntry> {
  if (!outcome) return entry;
  const settled = await deps.ledger.settle(entry.id, outcome, ['UNKNOWN', 'PENDING']);
  deps.logger.info({ operation: entry.operation, entryId: entry.id, from: entry.state, to: outcome.state }, 'ledger entry reconciled');
  return settled ?? (await deps.ledger.find(entry.operation, entry.idempotencyKey)) ?? entry;
}

/**
 * HL Connect has a read endpoint: the order's lines tell whether a registration or a
 * cancellation took effect. While the order is still processing it cannot tell yet.
 */
export function hlConnectReconciler(deps: ReconcileDeps & { hlconnect: HlConnectClient }): EntryReconciler {
  return async (entry) => {
    const line = lineOf(entry);
    let order;
    try {
      order = await deps.hlconnect.orderInfo(line.orderId);
    } catch (error) {
      if (error instanceof UpstreamError) return entry; // ask again on the next round
      throw error;
    }
    const registering = entry.operation === 'HL_REGISTER_PURCHASE';
    if (order === null) {
      return record(deps, entry, { state: 'NOT_APPLIED', note: 'reconciled: the vendor has no such order' });
    }
    if (order.status === 'PROCESSING') return entry;
    if (order.status === 'FAILED') {
      return record(deps, entry, { state: 'NEEDS_ATTENTION', note: `reconciled: the order failed at the vendor (${order.failureMessage ?? 'no message'}); its lines cannot be read` });
    }
    const item = order.items.find((i) => i.orderLineId === line.orderLineId);
    if (registering) {
      return record(
        deps,
        entry,
        item
          ? { state: 'SUCCEEDED', result: line, note: 'reconciled: the vendor lists the line' }
          : { state: 'NOT_APPLIED', note: 'reconciled: the order does not list the line' },
      );
    }
    return record(
      deps,
      entry,
      item?.status === 'CANCELLED'
        ? { state: 'SUCCEEDED', result: line, note: 'reconciled: the line is cancelled' }
        : { state: 'NOT_APPLIED', note: `reconciled: the line is ${item ? item.status : 'absent'}` },
    );
  };
}

/** Boknett DDS has no read endpoint for orders: an unknown outcome goes to an operator. */
export function needsAttentionReconciler(deps: ReconcileDeps): EntryReconciler {
  return (entry) => record(deps, entry, { state: 'NEEDS_ATTENTION', note: 'the vendor offers no way to read an order back; confirm it with the vendor' });
}

function lineOf(entry: LedgerEntry): OrderLineRef {
  const input = entry.input as { orderNumber?: number; orderId?: number; orderLineId: number };
  return { orderId: Number(input.orderNumber ?? input.orderId), orderLineId: Number(input.orderLineId) };
}

export interface ReconcilerOptions {
  ledger: Ledger;
  logger: Logger;
  reconcilers: Record<LedgerOperation, EntryReconciler>;
  /** UNKNOWN entries untouched for this long are reconciled (abandoned PENDING ones once their lease ran out). */
  olderThanMs: number;
  /** Between rounds. */
  intervalMs: number;
}

/** Runs at start-up and then periodically: settles what a lost answer or a dead process left open. */
export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: ReconcilerOptions) {}

  /** One round; resolves to the number of entries it looked at. Rounds never overlap. */
  runOnce(): Promise<number> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.runOnce().catch((error: unknown) => this.options.logger.error({ err: error }, 'reconciliation round failed'));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async round(): Promise<number> {
    const { ledger, reconcilers, olderThanMs } = this.options;
    const due = await ledger.due(new Date(Date.now() - olderThanMs), 100);
    for (const entry of due) await reconcilers[entry.operation](entry);
    return due.length;
  }
}
