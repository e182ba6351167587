import type { Logger } from 'pino';
import { refused, type Result } from '../../domain';
import type { CheckoutCompletion, CheckoutLineSpec, Ledger, StoredCheckout } from '../../ledger';
import { InputCheck } from '../input-rules';
import type { PurchaseDeps } from '../ports';
import { lineEntries, viewOf, type CheckoutLineOutcome, type CheckoutView } from './checkout-view';
import { purchaseLine } from './line-purchase';

export interface CompleteCheckoutInput {
  /** Null when the caller's id names no checkout. */
  checkoutId: number | null;
  paymentReference: string;
  orderNumber: number;
}

const notFound = (): Result<never> =>
  refused([{ code: 'NOT_FOUND', message: 'This caller has no checkout with this id.', field: ['input', 'checkoutId'] }]);

const conflict = (): Result<never> =>
  refused([
    {
      code: 'IDEMPOTENCY_CONFLICT',
      message: 'This checkout was completed with another payment reference or order number; a repeat must send the same ones.',
      field: ['input'],
    },
  ]);

const sameCompletion = (a: CheckoutCompletion, b: CheckoutCompletion) => a.paymentReference === b.paymentReference && a.orderNumber === b.orderNumber;

/**
 * Fixes the payment on the checkout, once, by compare-and-set: PREPARED → COMPLETING. A
 * checkout already completing with the same payment goes on; with another, a conflict.
 */
async function fixCompletion(ledger: Ledger, checkout: StoredCheckout, completion: CheckoutCompletion): Promise<Result<{ checkout: StoredCheckout; fixedNow: boolean }>> {
  let current: StoredCheckout | null = checkout;
  while (current) {
    if (current.completion) return sameCompletion(current.completion, completion) ? { ok: true, value: { checkout: current, fixedNow: false } } : conflict();
    const moved = await ledger.updateCheckout({ id: current.id, version: current.version, state: 'COMPLETING', completion });
    if (moved) return { ok: true, value: { checkout: moved, fixedNow: true } };
    current = await ledger.findCheckout(current.id);
  }
  return notFound();
}

/**
 * Lines to send: not sent yet (HL: with a validation still valid), or in flight (the ledger
 * then waits for the twin's answer). Unknown outcomes are the worker's and operators' to settle.
 */
const SENDABLE: readonly CheckoutLineOutcome[] = ['NOT_SENT', 'IN_PROGRESS'];

/**
 * The second phase, after the shop took payment: every accepted line bought concurrently,
 * each through the exactly-once ledger path (its own entry, keyed by the checkout and the
 * line). A repeat with the same input resumes: finished lines answer what was recorded,
 * unknown ones are never sent again (the ledger's rules), unsent ones are sent. A line
 * whose validation expired is not sent (VALIDATION_EXPIRED). Once every line is finished,
 * the checkout is COMPLETED and its validation tokens are erased.
 */
export async function completeCheckout(
  deps: PurchaseDeps,
  input: CompleteCheckoutInput,
  caller: string,
  options: {
    logger: Logger;
    /** Throws when the caller may not buy some kind of line in the cart (scopes). */
    authorize(kinds: Set<CheckoutLineSpec['kind']>): void;
  },
): Promise<Result<CheckoutView>> {
  const { logger } = options;
  const check = new InputCheck().nonEmpty(input.paymentReference, 'paymentReference').positiveId(input.orderNumber, 'orderNumber');
  if (!check.ok) return refused(check.problems);
  const { ledger } = deps.exactlyOnce;
  const found = input.checkoutId === null ? null : await ledger.findCheckout(input.checkoutId);
  if (!found || found.caller !== caller) return notFound();
  options.authorize(new Set(found.lines.map((line) => line.spec.kind)));

  const fixed = await fixCompletion(ledger, found, { paymentReference: input.paymentReference.trim(), orderNumber: input.orderNumber });
  if (!fixed.ok) return fixed;
  const { checkout, fixedNow } = fixed.value;
  const completion = checkout.completion!;

  // The ledger decides per line: a recorded answer is returned, an unknown one is not sent again.
  // Just fixed by this request: no line can have been sent under this payment yet (nor read to find out).
  const before = viewOf(checkout, fixedNow ? new Map() : await lineEntries(ledger, checkout), deps.hlconnect.currency);
  const toSend = before.lines.filter((line) => SENDABLE.includes(line.outcome)).map((line) => line.lineNumber);
  const sent = await Promise.allSettled(toSend.map((n) => purchaseLine(deps, checkout, completion, n)));
  sent.forEach((result, i) => {
    // Faults are recorded in the line's ledger entry (UNKNOWN, NEEDS_ATTENTION, NOT_APPLIED), read back below.
    if (result.status === 'rejected') logger.warn({ err: result.reason, checkoutId: checkout.id, line: toSend[i] }, 'checkout line not answered by the vendor');
  });

  const after = viewOf(checkout, await lineEntries(ledger, checkout), deps.hlconnect.currency);
  if (checkout.state !== 'COMPLETED' && after.state === 'COMPLETED') {
    // The outcome is already durable in the lines' entries (the state is read from them); recording it on the
    // checkout and erasing the tokens need not hold up the answer. A lost write is done again by the next repeat.
    ledger.updateCheckout({ id: checkout.id, version: checkout.version, state: 'COMPLETED', tokens: null }).catch((error: unknown) => {
      logger.warn({ err: error, checkoutId: checkout.id }, 'could not record a completed checkout');
    });
  }
  return { ok: true, value: after };
}
