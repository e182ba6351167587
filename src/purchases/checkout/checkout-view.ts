import { nokFromOre, totalsByCurrency, type DdsOrder, type Money, type OrderLineRef, type UserError, type Vendor } from '../../domain';
import { checkoutLineKey, type CheckoutLineRecord, type CheckoutState, type Ledger, type LedgerEntry, type LedgerOperation, type StoredCheckout } from '../../ledger';
import { ddsOrderFromLedger } from '../place-dds-order';
import { lineSubject } from './line-purchase';

/**
 * What became of one line, read from its ledger entry:
 *
 *   NOT_PURCHASED       refused before payment (prepareCheckout): never sent, not to be charged
 *   NOT_SENT            accepted, not sent yet (or the vendor never processed it): completeCheckout sends it
 *   VALIDATION_EXPIRED  the HL validation token expired before the line was sent: prepareCheckout again re-validates it
 *   IN_PROGRESS         being sent right now
 *   SUCCEEDED           the vendor accepted it
 *   REJECTED            the vendor refused it (its reason in userErrors)
 *   OUTCOME_UNKNOWN     the vendor may have it; the gateway asks the vendor after the quiet period
 *   NEEDS_ATTENTION     unknown, and the vendor cannot be asked: an operator confirms it
 */
export type CheckoutLineOutcome = 'NOT_PURCHASED' | 'NOT_SENT' | 'VALIDATION_EXPIRED' | 'IN_PROGRESS' | 'SUCCEEDED' | 'REJECTED' | 'OUTCOME_UNKNOWN' | 'NEEDS_ATTENTION';

export interface CheckoutLineView {
  lineNumber: number;
  vendor: Vendor;
  record: CheckoutLineRecord;
  price: Money;
  outcome: CheckoutLineOutcome;
  /** Why the line was refused, or what its outcome asks of the caller; empty when nothing. */
  userErrors: UserError[];
  /** HL, once registered: the order line at the vendor. */
  hlLine: OrderLineRef | null;
  /** DDS, once placed. */
  ddsOrder: DdsOrder | null;
}

export interface CheckoutView {
  checkout: StoredCheckout;
  /**
   * The stored state, or COMPLETED once every line is finished: the lines' ledger entries are
   * the durable record of that, and the checkout's own row follows them.
   */
  state: CheckoutState;
  lines: CheckoutLineView[];
  /** What to charge: the accepted lines' prices, one exact total per currency. */
  totals: Money[];
  /** The earliest expiry of the validation tokens of the HL lines still to be sent; null when there are none. */
  validUntil: Date | null;
}

const OPERATION: Record<CheckoutLineRecord['spec']['kind'], LedgerOperation> = { HL: 'HL_REGISTER_PURCHASE', DDS: 'DDS_PLACE_ORDER' };

export function linePrice(record: CheckoutLineRecord, hlCurrency: string): Money {
  return record.spec.kind === 'HL' ? { amount: record.spec.lineItemPrice, currency: hlCurrency } : nokFromOre(record.spec.priceOre);
}

/** An HL refusal of a stale token: sending again with a fresh one is a new attempt, not a repeat. */
export const refusedForToken = (entry: LedgerEntry): boolean =>
  entry.state === 'REJECTED' && Array.isArray(entry.result) && (entry.result as UserError[]).some((e) => e.code === 'INVALID_TOKEN');

/**
 * An accepted HL line not sent yet (or not processed, or refused for its token) whose
 * validation must be renewed before it is sent: its token expired by the clock, or the vendor
 * refused the very token it holds (expired by the vendor's clock, or used). A line validated
 * again since its token was refused is to be sent.
 */
export function needsValidation(record: CheckoutLineRecord, entry: LedgerEntry | undefined, now: number): boolean {
  if (!record.accepted || record.refusedAfterPayment || record.tokenExpiresAt === null) return false;
  if (entry && refusedForToken(entry)) return record.tokenRenewsAttempt !== entry.attempts || Date.parse(record.tokenExpiresAt) <= now;
  return (!entry || entry.state === 'NOT_APPLIED') && Date.parse(record.tokenExpiresAt) <= now;
}

/** Lines whose outcome no repeat can change by sending. */
export const FINAL_OUTCOMES: readonly CheckoutLineOutcome[] = ['NOT_PURCHASED', 'SUCCEEDED', 'REJECTED'];

/** The ledger entries of a checkout's lines (by line number), in one statement per vendor. */
export async function lineEntries(ledger: Ledger, checkout: StoredCheckout): Promise<Map<number, LedgerEntry>> {
  const found = new Map<number, LedgerEntry>();
  const completion = checkout.completion;
  if (!completion) return found;
  await Promise.all(
    (['HL', 'DDS'] as const).map(async (kind) => {
      const numbers = checkout.lines.flatMap((line, i) => (line.spec.kind === kind && line.accepted ? [i + 1] : []));
      if (numbers.length === 0) return;
      const subjectOf = (n: number) => lineSubject(kind, completion.orderNumber, n);
      const bySubject = await ledger.findBySubjects(OPERATION[kind], numbers.map(subjectOf), checkout.caller);
      for (const n of numbers) {
        const entry = bySubject.get(subjectOf(n))?.find((e) => e.idempotencyKey === checkoutLineKey(checkout.id, n));
        if (entry) found.set(n, entry);
      }
    }),
  );
  return found;
}

const problem = (code: UserError['code'], message: string, retryAfterSeconds?: number): UserError => ({
  code,
  message,
  field: null,
  ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
});

function outcomeOf(record: CheckoutLineRecord, entry: LedgerEntry | undefined, now: number): Pick<CheckoutLineView, 'outcome' | 'userErrors'> {
  if (!record.accepted) return { outcome: 'NOT_PURCHASED', userErrors: record.userErrors };
  // Charged for, then refused by the vendor when validated again: to be refunded, as any refusal after payment.
  if (record.refusedAfterPayment) return { outcome: 'REJECTED', userErrors: record.refusedAfterPayment };
  if (needsValidation(record, entry, now)) {
    return {
      outcome: 'VALIDATION_EXPIRED',
      userErrors: [problem('INVALID_TOKEN', 'The validation of this line expired before it was sent: repeat prepareCheckout to validate it again, then completeCheckout.')],
    };
  }
  // A line refused for its token gets here only once validated again since (needsValidation): sent with the new one.
  if (!entry || entry.state === 'NOT_APPLIED' || refusedForToken(entry)) return { outcome: 'NOT_SENT', userErrors: [] };
  switch (entry.state) {
    case 'PENDING':
      return { outcome: 'IN_PROGRESS', userErrors: [problem('IN_PROGRESS', 'This line is being sent; ask again shortly.', 1)] };
    case 'SUCCEEDED':
      return { outcome: 'SUCCEEDED', userErrors: [] };
    case 'REJECTED':
      return { outcome: 'REJECTED', userErrors: entry.result as UserError[] };
    case 'UNKNOWN': {
      const seconds = Math.max(1, Math.ceil(((entry.nextCheckAt?.getTime() ?? now) - now) / 1000));
      return {
        outcome: 'OUTCOME_UNKNOWN',
        userErrors: [problem('OUTCOME_UNKNOWN', `The vendor did not answer; the gateway will ask it what happened. Ask again in ${seconds} s.`, seconds)],
      };
    }
    case 'NEEDS_ATTENTION':
      return { outcome: 'NEEDS_ATTENTION', userErrors: [problem('NEEDS_ATTENTION', 'The outcome is unknown and the vendor offers no way to check it; an operator must confirm it.')] };
  }
}

/** The checkout with each line's outcome as its ledger entry tells it now. */
export async function readCheckout(ledger: Ledger, hlCurrency: string, checkout: StoredCheckout): Promise<CheckoutView> {
  const entries = await lineEntries(ledger, checkout);
  return viewOf(checkout, entries, hlCurrency);
}

export function viewOf(checkout: StoredCheckout, entries: Map<number, LedgerEntry>, hlCurrency: string): CheckoutView {
  const now = Date.now();
  const lines = checkout.lines.map((record, i): CheckoutLineView => {
    const lineNumber = i + 1;
    const entry = entries.get(lineNumber);
    const succeeded = entry?.state === 'SUCCEEDED' ? entry : undefined;
    return {
      lineNumber,
      vendor: record.spec.kind === 'HL' ? 'HL_CONNECT' : 'BOKNETT_DDS',
      record,
      price: linePrice(record, hlCurrency),
      ...outcomeOf(record, entry, now),
      hlLine: succeeded && record.spec.kind === 'HL' ? (succeeded.result as OrderLineRef) : null,
      ddsOrder: succeeded && record.spec.kind === 'DDS' ? ddsOrderFromLedger(succeeded.input, succeeded.result) : null,
    };
  });
  // Lines already sent (or finished) no longer need their validation: only those still to be sent bound the time to complete.
  const toSend: readonly CheckoutLineOutcome[] = ['NOT_SENT', 'VALIDATION_EXPIRED'];
  const expiries = lines.flatMap((line) => (line.record.tokenExpiresAt && toSend.includes(line.outcome) ? [Date.parse(line.record.tokenExpiresAt)] : []));
  const finished = checkout.completion !== null && lines.every((line) => FINAL_OUTCOMES.includes(line.outcome));
  return {
    checkout,
    state: finished ? 'COMPLETED' : checkout.state,
    lines,
    totals: totalsByCurrency(lines.filter((line) => line.record.accepted).map((line) => line.price)),
    validUntil: expiries.length > 0 ? new Date(Math.min(...expiries)) : null,
  };
}
