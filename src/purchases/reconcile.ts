import type { Order, OrderLineRef } from '../domain';
import type { Ledger, LedgerEntry } from '../ledger';
import { UpstreamError } from '../vendors/http';
import type { HlConnectClient } from '../vendors/hlconnect';
import { heldByAnother, type RegisteredLine } from './hl-line-owner';

/** What the vendor said about an entry whose outcome was unknown. */
export type VendorFinding =
  | { to: 'SUCCEEDED'; result: unknown; note: string }
  | { to: 'NOT_APPLIED' | 'NEEDS_ATTENTION'; note: string }
  /** The vendor cannot tell yet (still processing, or could not be asked): ask again later. */
  | { to: null; note: string };

/** Asks the vendor what became of an entry's attempt; never writes. */
export type VendorCheck = (entry: LedgerEntry) => Promise<VendorFinding>;

/**
 * HL Connect has a read endpoint: the order's lines tell whether a registration or a
 * cancellation took effect. Asked only after the quiet period, so that "no such order"
 * means the vendor never took the request rather than that it is still at work.
 */
export function hlConnectCheck(hlconnect: HlConnectClient, ledger: Ledger): VendorCheck {
  return async (entry) => {
    const line = lineOf(entry);
    let order: Order | null;
    try {
      order = await hlconnect.orderInfo(line.orderId);
    } catch (error) {
      if (error instanceof UpstreamError) return { to: null, note: `the vendor could not be asked (${error.failure})` };
      throw error;
    }
    if (order === null) return { to: 'NOT_APPLIED', note: 'reconciled: after the quiet period the vendor has no such order' };
    if (order.status === 'FAILED') {
      return { to: 'NEEDS_ATTENTION', note: `reconciled: the order failed at the vendor (${order.failureMessage ?? 'no message'}); its lines cannot be read` };
    }
    const item = order.items.find((i) => i.orderLineId === line.orderLineId);
    // Still at work and the line not listed yet (or, for a cancellation, not final yet): ask again later.
    if (order.status === 'PROCESSING' && (!item || entry.operation !== 'HL_REGISTER_PURCHASE')) return { to: null, note: 'the order is still processing at the vendor' };
    if (entry.operation === 'HL_REGISTER_PURCHASE') {
      if (!item) return { to: 'NOT_APPLIED', note: 'reconciled: after the quiet period the order does not list the line' };
      const another = await heldByAnother(ledger, item, entry.input as unknown as RegisteredLine, line, entry.id);
      return another ? { to: 'NOT_APPLIED', note: `reconciled: ${another}` } : { to: 'SUCCEEDED', result: line, note: 'reconciled: the vendor lists the line' };
    }
    return item?.status === 'CANCELLED'
      ? { to: 'SUCCEEDED', result: line, note: 'reconciled: the line is cancelled' }
      : { to: 'NOT_APPLIED', note: `reconciled: the line is ${item ? item.status : 'absent'}` };
  };
}

/** The HL order line an entry is about, from its recorded input. */
export function lineOf(entry: Pick<LedgerEntry, 'input'>): OrderLineRef {
  const input = entry.input as { orderNumber?: number; orderId?: number; orderLineId: number };
  return { orderId: Number(input.orderNumber ?? input.orderId), orderLineId: Number(input.orderLineId) };
}
