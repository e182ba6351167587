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
  const succeeded = [...entries.values()].flat().filter((entry) => entry.state === 'SUCCEEDED');
  // Single parts bought with a line are lines of the order under their own ids: the line's registrant's too, asked along with it.
  const parts = new Set(
    succeeded.flatMap((entry) => {
      const input = entry.input as { orderNumber?: number; parts?: { orderLineId: number }[] };
      return (input.parts ?? []).map((part) => hlLineSubject({ orderId: Number(input.orderNumber), orderLineId: part.orderLineId }));
    }),
  );
  return subjects.map((subject) => parts.has(subject) || (entries.get(subject)?.some((entry) => entry.state === 'SUCCEEDED') ?? false));
}

/**
 * Whether another registration through the gateway (any caller, another entry) SUCCEEDED for
 * the line: HL holds one registration per order line, so the line it lists is that one's, not
 * `entryId`'s, however alike their customer and prices.
 */
export async function heldByAnotherEntry(ledger: Ledger, line: OrderLineRef, entryId?: number): Promise<boolean> {
  const subject = hlLineSubject(line);
  const entries = (await ledger.findBySubjects('HL_REGISTER_PURCHASE', [subject])).get(subject) ?? [];
  return entries.some((entry) => entry.state === 'SUCCEEDED' && entry.id !== entryId);
}

/** What a registration sent for its line, as the ledger entry records it (the buyer's name is erased after the retention period). */
export interface RegisteredLine {
  customer: string | null;
  unitPrice: number;
  lineItemPrice: number;
}

/**
 * Whether the line HL Connect lists is this registration's. An order line is named by the
 * shop's order number and line id alone, so another registration (another idempotency key,
 * another caller sharing the HL account) may hold it: a line is ours only if what the vendor
 * recorded agrees with what we sent. A field the vendor leaves out, or a name the ledger no
 * longer keeps, does not count against it.
 */
export function isOurLine(item: OrderItem, sent: RegisteredLine): boolean {
  if (item.customer !== null && sent.customer !== null && item.customer.trim() !== sent.customer.trim()) return false;
  if (item.unitPrice !== null && decimalToNumber(item.unitPrice.amount) !== sent.unitPrice) return false;
  if (item.lineItemPrice !== null && decimalToNumber(item.lineItemPrice.amount) !== sent.lineItemPrice) return false;
  return true;
}
