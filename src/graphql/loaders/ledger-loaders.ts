import DataLoader from 'dataloader';
import { measuredBatch } from '../../observability/measured-batch';
import { hasScope, type Caller, type DdsOrder, type OrderLineRef } from '../../domain';
import type { Ledger, LedgerEntry } from '../../ledger';
import { ddsOrderFromLedger, readCheckout, registeredBy } from '../../purchases';
import { checkoutRoot, type CheckoutRoot } from '../types/checkout-node';
import { perKey } from './per-key';

/**
 * Reads from the purchase ledger, a whole batch in one SQL statement. A caller sees its
 * own orders; one with `ledger:read` sees everyone's (its own first where orderIds collide).
 */
export function createLedgerLoaders(ledger: Ledger, caller: Caller, hlCurrency: string) {
  const everyone = hasScope(caller, 'ledger:read');
  const placed = (entries: LedgerEntry[] | undefined) => {
    const succeeded = entries?.filter((entry) => entry.state === 'SUCCEEDED') ?? [];
    return succeeded.find((entry) => entry.caller === caller.name) ?? succeeded[0];
  };
  const ddsOrder = new DataLoader<string, DdsOrder | null>(
    measuredBatch('ledger.ddsOrder', async (orderIds: readonly string[]) => {
      const entries = await ledger.findBySubjects('DDS_PLACE_ORDER', orderIds, everyone ? undefined : caller.name);
      return orderIds.map((orderId) => {
        const entry = placed(entries.get(orderId));
        return entry ? ddsOrderFromLedger(entry.input, entry.result) : null;
      });
    }),
  );
  // By the ledger's own number (global ids): the caller's own entries, or any with `ledger:read`.
  const entry = new DataLoader<number, LedgerEntry | null>(
    measuredBatch(
      'ledger.entry',
      perKey(async (entryId: number) => {
        const found = await ledger.findById(entryId);
        return found && (everyone || found.caller === caller.name) ? found : null;
      }),
    ),
  );
  // A checkout and its lines' outcomes (one ledger read per vendor): the caller's own, or any with `ledger:read`.
  const checkout = new DataLoader<number, CheckoutRoot | null>(
    measuredBatch(
      'ledger.checkout',
      perKey(async (checkoutId: number) => {
        const found = await ledger.findCheckout(checkoutId);
        if (!found || !(everyone || found.caller === caller.name)) return null;
        return checkoutRoot(await readCheckout(ledger, hlCurrency, found), hlCurrency);
      }),
    ),
  );
  // Whether the caller registered an HL order line: its lines are its own to read.
  // Null with `ledger:read`: every line is the caller's to read.
  const ownsHlLine = everyone
    ? null
    : new DataLoader<OrderLineRef, boolean>(
        measuredBatch('ledger.hlLineOwner', (lines: readonly OrderLineRef[]) => registeredBy(ledger, caller.name, lines)),
        // Not kept: a subscription's loaders live as long as it, and its caller may register more lines meanwhile.
        { cache: false },
      );
  return { ddsOrder, entry, checkout, ownsHlLine };
}

export type LedgerLoaders = ReturnType<typeof createLedgerLoaders>;
