import type { Logger } from 'pino';
import { refused, type Result } from '../../domain';
import type { CheckoutCompletion, CheckoutLineSpec, ClaimResult, LedgerEntry, LedgerIntent, StoredCheckout, Transition } from '../../ledger';
import { executeClaimed, intentOf, type ExactlyOnceSpec } from '../exactly-once';
import { InputCheck } from '../input-rules';
import type { PurchaseDeps } from '../ports';
import { lineEntries, viewOf, type CheckoutLineOutcome, type CheckoutView } from './checkout-view';
import { lineCall } from './line-purchase';
import { SettlementGate } from './settlement-gate';

/** How long a line's recorded answer may wait for the others' to share their commit. */
const SETTLEMENT_HOLD_MS = 5;

export interface CompleteCheckoutInput {
  /** Null when the caller's id names no checkout. */
  checkoutId: number | null;
  paymentReference: string;
  orderNumber: number;
}

const notFound = (): Result<never> => refused([{ code: 'NOT_FOUND', message: 'This caller has no checkout with this id.', field: ['input', 'checkoutId'] }]);

const conflict = (): Result<never> =>
  refused([
    {
      code: 'IDEMPOTENCY_CONFLICT',
      message: 'This checkout was completed with another payment reference or order number; a repeat must send the same ones.',
      field: ['input'],
    },
  ]);

const pastRetention = (): Result<never> =>
  refused([
    {
      code: 'INVALID_INPUT',
      message: 'This checkout was prepared longer ago than buyer data is kept (LEDGER_PERSONAL_DATA_DAYS) and never paid; nothing was sent. Prepare a new checkout.',
      field: ['input', 'checkoutId'],
    },
  ]);

const sameCompletion = (a: CheckoutCompletion, b: CheckoutCompletion) => a.paymentReference === b.paymentReference && a.orderNumber === b.orderNumber;

interface ClaimedLine {
  lineNumber: number;
  spec: ExactlyOnceSpec<unknown>;
  intent: LedgerIntent;
  claim: ClaimResult;
}

/**
 * Fixes the payment on the checkout, once, and claims the lines to send, in ONE write: the
 * checkout's compare-and-set PREPARED → COMPLETING and every line's PENDING claim commit
 * together (`Ledger.claimMany`), so no line is sent before its claim is durable, and the
 * response waits for one commit before the vendor calls instead of one per line. A checkout
 * already completing with the same payment goes on (its lines claimed, or found, as they are);
 * with another payment, a conflict.
 */
async function claimLines(
  deps: PurchaseDeps,
  found: StoredCheckout,
  completion: CheckoutCompletion,
): Promise<Result<{ checkout: StoredCheckout; entries: Map<number, LedgerEntry>; calls: ClaimedLine[] }>> {
  const { ledger, settings } = deps.exactlyOnce;
  let current: StoredCheckout | null = found;
  while (current) {
    if (current.completion && !sameCompletion(current.completion, completion)) return conflict();
    if (!current.completion && current.personalDataErased) return pastRetention();
    const fixing = current.completion === null;
    // Not fixed yet: no line can have been sent under this payment (nor read to find out). Fixed: the ledger decides per line.
    const entries = fixing ? new Map<number, LedgerEntry>() : await lineEntries(ledger, current);
    const before = viewOf(current, entries, deps.hlconnect.currency);
    const lines = before.lines.flatMap((line) => {
      if (!SENDABLE.includes(line.outcome)) return [];
      const spec = lineCall(deps, current!, completion, line.lineNumber);
      return spec.ok ? [{ lineNumber: line.lineNumber, spec: spec.value, intent: intentOf(spec.value, settings) }] : [];
    });
    const batch = await ledger.claimMany(
      lines.map((line) => line.intent),
      fixing ? { id: current.id, version: current.version, state: 'COMPLETING', completion } : undefined,
    );
    if (batch) return { ok: true, value: { checkout: batch.checkout ?? current, entries, calls: lines.map((line, i) => ({ ...line, claim: batch.claims[i]! })) } };
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
  // A checkout this process just created is not read back: fixing the payment checks its version (claimLines).
  const found = input.checkoutId === null ? null : (deps.checkout.prepared?.take(input.checkoutId) ?? (await ledger.findCheckout(input.checkoutId)));
  if (!found || found.caller !== caller) return notFound();
  options.authorize(new Set(found.lines.map((line) => line.spec.kind)));

  const completion = { paymentReference: input.paymentReference.trim(), orderNumber: input.orderNumber };
  const started = await claimLines(deps, found, completion);
  if (!started.ok) return started;
  const { checkout, entries, calls } = started.value;
  const settledHere = new Set<number>();
  const record = (lineNumber: number) => (entry: LedgerEntry) => {
    entries.set(lineNumber, entry);
    settledHere.add(lineNumber);
  };
  const gate = new SettlementGate(ledger, calls.length, SETTLEMENT_HOLD_MS);
  const settleVia = (change: Transition) => gate.settle(change);
  const sent = await Promise.allSettled(
    calls.map(({ lineNumber, spec, intent, claim }) => executeClaimed(deps.exactlyOnce, { ...spec, recorded: record(lineNumber), settleVia }, intent, claim)),
  );
  sent.forEach((result, i) => {
    // Faults are recorded in the line's ledger entry (UNKNOWN, NEEDS_ATTENTION, NOT_APPLIED), read back below.
    if (result.status === 'rejected') logger.warn({ err: result.reason, checkoutId: checkout.id, line: calls[i]!.lineNumber }, 'checkout line not answered by the vendor');
  });

  // Every line settled by this request: the entries as settled are the latest. Otherwise (a twin's line, a lost write) they are read.
  const allSettledHere = calls.every((call) => settledHere.has(call.lineNumber));
  const after = viewOf(checkout, allSettledHere ? entries : await lineEntries(ledger, checkout), deps.hlconnect.currency);
  if (checkout.state !== 'COMPLETED' && after.state === 'COMPLETED') {
    // The outcome is already durable in the lines' entries (the state is read from them); recording it on the
    // checkout and erasing the tokens need not hold up the answer. A lost write is done again by the next repeat.
    ledger.updateCheckout({ id: checkout.id, version: checkout.version, state: 'COMPLETED', tokens: null }).catch((error: unknown) => {
      logger.warn({ err: error, checkoutId: checkout.id }, 'could not record a completed checkout');
    });
  }
  return { ok: true, value: after };
}
