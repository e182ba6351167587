import DataLoader from 'dataloader';
import { measuredBatch } from '../../observability/measured-batch';
import type { DdsOrder } from '../../domain';
import type { Ledger } from '../../ledger';
import { ddsOrderFromLedger } from '../../purchases';

/** Reads from the purchase ledger, a whole batch in one SQL statement. */
export function createLedgerLoaders(ledger: Ledger) {
  const ddsOrder = new DataLoader<string, DdsOrder | null>(
    measuredBatch('ledger.ddsOrder', async (orderIds: readonly string[]) => {
      const entries = await ledger.findBySubjects('DDS_PLACE_ORDER', orderIds);
      return orderIds.map((orderId) => {
        const placed = entries.get(orderId)?.find((entry) => entry.state === 'SUCCEEDED');
        return placed ? ddsOrderFromLedger(placed.input, placed.result) : null;
      });
    }),
  );
  return { ddsOrder };
}

export type LedgerLoaders = ReturnType<typeof createLedgerLoaders>;
