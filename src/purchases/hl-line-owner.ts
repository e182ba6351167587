import { decimalToNumber, type OrderItem, type OrderLineRef } from '../domain';
import type { Ledger } from '../ledger';

/** The ledger's subject for an HL order line (registration or cancellation): how its entries are found again. */
export const hlLineSubject = (line: OrderLineRef): string => `${line.orderId}/${line.orderLineId}`;

/**
 * Whether `caller` registered each line through the gateway (the ledger records who). The HL
 * account is shared by every caller: a line is its registrant's to read and to cancel. Only a
 * registration that SUCCEEDED makes it theirs: an attempt HL refused (another's line,
 * ALREADY_REGISTERED), one never sent, or one whose outcome is still unknown registered nothing.
 * The parts bought with a line (`parts`, each its own order line) are its registrant's when asked
 * about together with that line, as an order's lines are.
 */
export async function registeredBy(ledger: Ledger, caller: string, lines: readonly OrderLineRef[]): Promise<boolean[]> {
  const subjects = lines.map(hlLineSubject);
  const entries = await ledger.findBySubjects('HL_REGISTER_PURCHASE', subjects, caller);
  const owned = new Set(
    [...entries.values()]
      .flat()
      .filter((entry) => entry.state === 'SUCCEEDED')
      .flatMap((entry) => {
        // Single parts bought with a line are lines of the order under their own ids: the line's registrant's too, asked along with it.
        const input = entry.input as { orderNumber?: number; parts?: { orderLineId: number }[] };
        const parts = (input.parts ?? []).map((part) => hlLineSubject({ orderId: Number(input.orderNumber), orderLineId: part.orderLineId }));
        return [entry.subject, ...parts];
      }),
  );
  return subjects.map((subject) => owned.has(subject));
}

/** What a registration sent for its line, as the ledger entry records it (the buyer's name is erased after the retention period). */
export interface RegisteredLine {
  customer: string | null;
  unitPrice: number;
  lineItemPrice: number;
}

/**
 * Why the line HL Connect lists is not this registration's, or null when it is. An order line is
 * named by the shop's order number and line id alone, so another registration (another
 * idempotency key, another caller sharing the HL account) may hold it: the line is ours only if
 * what the vendor recorded agrees with what we sent (a field the vendor leaves out, or a name the
 * ledger no longer keeps, does not count against it), and no other registration through the
 * gateway (any caller, another entry than `entryId`) SUCCEEDED for it: HL holds one registration
 * per order line, however alike two are.
 */
export async function heldByAnother(ledger: Ledger, item: OrderItem, sent: RegisteredLine, line: OrderLineRef, entryId?: number): Promise<string | null> {
  const otherCustomer = item.customer !== null && sent.customer !== null && item.customer.trim() !== sent.customer.trim();
  const otherPrice =
    (item.unitPrice !== null && decimalToNumber(item.unitPrice.amount) !== sent.unitPrice) ||
    (item.lineItemPrice !== null && decimalToNumber(item.lineItemPrice.amount) !== sent.lineItemPrice);
  if (otherCustomer || otherPrice) return 'the vendor lists the line with another customer or price: another registration holds it';
  const subject = hlLineSubject(line);
  const entries = (await ledger.findBySubjects('HL_REGISTER_PURCHASE', [subject])).get(subject) ?? [];
  return entries.some((entry) => entry.state === 'SUCCEEDED' && entry.id !== entryId) ? 'another registration through the gateway holds the line' : null;
}
