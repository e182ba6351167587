import { isDecimal, MAX_DECIMAL_DIGITS, refused, totalsByCurrency, type Result, type UserError } from '../../domain';
import { fingerprint, type CheckoutLineRecord, type CheckoutLineSpec, type StoredCheckout } from '../../ledger';
import { InputCheck } from '../input-rules';
import type { PurchaseDeps } from '../ports';
import { HL_PRICE_DECIMALS } from '../register-purchase';
import { validatePurchase } from '../validate-purchase';
import { lineEntries, needsValidation, readCheckout, refusedForToken, type CheckoutView } from './checkout-view';
import { buyerName } from './line-purchase';

export interface CheckoutLineInput {
  hl?: { assetId: number; quantity: number; unitPrice: string; lineItemPrice: string; customer?: string | null } | null;
  dds?: { resid: string; priceOre: number; excerpt?: boolean | null; subscription?: boolean | null; socialDrm?: boolean | null } | null;
}

export interface PrepareCheckoutInput {
  idempotencyKey: string;
  buyer: { firstName?: string | null; lastName?: string | null; ip: string };
  lines: CheckoutLineInput[];
}

const NAME_MIN_LENGTH = 2;

const refusal = (message: string, ...field: string[]): UserError => ({ code: 'INVALID_INPUT', message, field: ['input', ...field] });

/** Problems with the request itself: any of them refuses the whole checkout, and nothing is stored. */
function checkRequest(input: PrepareCheckoutInput, maxLines: number): InputCheck {
  const check = new InputCheck()
    .idempotencyKey(input.idempotencyKey, 'idempotencyKey')
    .ipAddress(input.buyer.ip, 'buyer', 'ip')
    .rule(input.lines.length >= 1 && input.lines.length <= maxLines, `lines must hold 1 to ${maxLines} lines (MAX_CHECKOUT_LINES)`, 'lines');
  input.lines.forEach((line, i) => {
    const at = ['lines', String(i)];
    check.rule(Boolean(line.hl) !== Boolean(line.dds), 'a line is either `hl` or `dds`: give exactly one', ...at);
    if (line.hl) {
      check
        .positiveId(line.hl.assetId, ...at, 'hl', 'assetId')
        .atLeastOne(line.hl.quantity, ...at, 'hl', 'quantity')
        .price(line.hl.unitPrice, HL_PRICE_DECIMALS, ...at, 'hl', 'unitPrice')
        .price(line.hl.lineItemPrice, HL_PRICE_DECIMALS, ...at, 'hl', 'lineItemPrice');
      if (line.hl.customer !== null && line.hl.customer !== undefined) check.nonEmpty(line.hl.customer, ...at, 'hl', 'customer');
    }
    if (line.dds) {
      check.nonEmpty(line.dds.resid, ...at, 'dds', 'resid').nonNegativeInteger(line.dds.priceOre, ...at, 'dds', 'priceOre');
      check.rule(!(line.dds.subscription && line.dds.excerpt), 'excerpt is not offered for subscription orders', ...at, 'dds', 'excerpt');
    }
  });
  if (check.ok) {
    // Each price fits a Decimal; their sum must too, or the total to charge could not be answered.
    const hlPrices = input.lines.flatMap((line) => (line.hl ? [{ amount: line.hl.lineItemPrice, currency: 'HL' }] : []));
    const [hlTotal] = totalsByCurrency(hlPrices);
    check.rule(!hlTotal || isDecimal(hlTotal.amount), `the HL lines' total must have at most ${MAX_DECIMAL_DIGITS} significant digits`, 'lines');
  }
  const { firstName, lastName } = input.buyer;
  check
    .rule((firstName ?? null) !== null || (lastName ?? null) === null, 'firstName is required when lastName is given', 'buyer', 'firstName')
    .rule((lastName ?? null) !== null || (firstName ?? null) === null, 'lastName is required when firstName is given', 'buyer', 'lastName');
  if (firstName) check.minLength(firstName, NAME_MIN_LENGTH, 'buyer', 'firstName');
  if (lastName) check.minLength(lastName, NAME_MIN_LENGTH, 'buyer', 'lastName');
  return check;
}

function specOf(line: CheckoutLineInput): CheckoutLineSpec {
  if (line.hl) {
    const { assetId, quantity, unitPrice, lineItemPrice } = line.hl;
    return { kind: 'HL', assetId, quantity, unitPrice, lineItemPrice, customer: line.hl.customer?.trim() ?? null };
  }
  const dds = line.dds!;
  return { kind: 'DDS', resid: dds.resid, priceOre: dds.priceOre, excerpt: dds.excerpt ?? false, subscription: dds.subscription ?? false, socialDrm: dds.socialDrm ?? false };
}

interface Verdict {
  record: CheckoutLineRecord;
  token: string | null;
}

/** One line's verdict before payment: HL asks the vendor (region, minimum quantity, availability); DDS lines are checked against its rules. */
async function judge(deps: PurchaseDeps, spec: CheckoutLineSpec, named: boolean, ip: string, index: number): Promise<Verdict> {
  const at = ['lines', String(index)];
  const refuse = (userErrors: UserError[]): Verdict => ({ record: { spec, accepted: false, userErrors, tokenExpiresAt: null }, token: null });
  if (spec.kind === 'DDS') {
    if (spec.socialDrm && !named) {
      return refuse([{ code: 'BUYER_NAMES_REQUIRED', message: 'This book has social DRM: the buyer’s first and last name are required.', field: ['input', 'buyer'] }]);
    }
    return { record: { spec, accepted: true, userErrors: [], tokenExpiresAt: null }, token: null };
  }
  if (!spec.customer && !named)
    return refuse([refusal('HL Connect prints the buyer’s name on the sheet music: give the buyer’s names or the line’s customer', ...at, 'hl', 'customer')]);
  const validated = await validatePurchase(deps, { assetId: spec.assetId, quantity: spec.quantity, customerIp: ip });
  if (!validated.ok) return refuse(validated.userErrors.map((e) => ({ ...e, field: e.field ?? ['input', ...at, 'hl'] })));
  return { record: { spec, accepted: true, userErrors: [], tokenExpiresAt: validated.value.expiresAt.toISOString() }, token: validated.value.token };
}

/**
 * The first phase of a checkout, before payment: every HL line validated with the vendor
 * (concurrently), every DDS line checked against DDS's rules, and the checkout stored with
 * each line's verdict and the total to charge. Nothing is bought.
 *
 * A repeat with the same key and input answers the stored checkout without asking the
 * vendor again, except to re-validate the lines whose validation expired before they were
 * sent (keeping their fresh tokens). A different input under a used key is IDEMPOTENCY_CONFLICT.
 */
export async function prepareCheckout(deps: PurchaseDeps, input: PrepareCheckoutInput, caller: string): Promise<Result<CheckoutView>> {
  const check = checkRequest(input, deps.checkout.maxLines);
  if (!check.ok) return refused(check.problems);

  const { ledger } = deps.exactlyOnce;
  const buyer = { firstName: input.buyer.firstName?.trim() ?? null, lastName: input.buyer.lastName?.trim() ?? null, ip: input.buyer.ip };
  const specs = input.lines.map(specOf);
  const inputHash = fingerprint({ buyer, lines: specs });
  const judgeLine = (i: number) => judge(deps, specs[i]!, buyerName({ buyer }) !== null, buyer.ip, i);
  const answer = async (checkout: StoredCheckout): Promise<Result<CheckoutView>> => ({ ok: true, value: await readCheckout(ledger, deps.hlconnect.currency, checkout) });

  const existing = await ledger.findCheckoutByKey(caller, input.idempotencyKey);
  if (!existing) {
    const verdicts = await Promise.all(specs.map((_spec, i) => judgeLine(i)));
    const { created, checkout } = await ledger.createCheckout({
      caller,
      idempotencyKey: input.idempotencyKey,
      inputHash,
      buyer,
      lines: verdicts.map((v) => v.record),
      tokens: verdicts.map((v) => v.token),
    });
    if (created) deps.checkout.prepared?.remember(checkout);
    // A twin request stored it first: answered as a repeat.
    if (created || checkout.inputHash === inputHash) return answer(checkout);
  } else if (existing.inputHash === inputHash) {
    return answer((await revalidate(deps, existing, judgeLine)) ?? existing);
  }
  return refused([{ code: 'IDEMPOTENCY_CONFLICT', message: `Idempotency key ${input.idempotencyKey} was already used for a different checkout.`, field: ['input', 'idempotencyKey'] }]);
}

/**
 * Validates again the lines whose validation expired before they were sent, or whose token the
 * vendor refused, and takes their fresh verdicts and tokens by compare-and-set; null when there
 * were none (or the checkout moved on).
 */
async function revalidate(deps: PurchaseDeps, checkout: StoredCheckout, judgeLine: (i: number) => Promise<Verdict>): Promise<StoredCheckout | null> {
  if (checkout.state === 'COMPLETED' || !checkout.tokens) return null;
  const entries = await lineEntries(deps.exactlyOnce.ledger, checkout);
  const now = Date.now();
  const stale = checkout.lines.flatMap((line, i) => (needsValidation(line, entries.get(i + 1), now) ? [i] : []));
  if (stale.length === 0) return null;
  const fresh = new Map(
    await Promise.all(
      stale.map(async (i) => {
        const verdict = await judgeLine(i);
        // Paid for already: a refusal now cannot take the line out of what was charged. It is REJECTED (refund it), never NOT_PURCHASED.
        if (checkout.completion && !verdict.record.accepted) {
          return [i, { record: { ...checkout.lines[i]!, refusedAfterPayment: verdict.record.userErrors }, token: null }] as const;
        }
        // A token the vendor refused is answered by this one: the line is to be sent again with it.
        const refused = entries.get(i + 1);
        const renews = refused && refusedForToken(refused) && verdict.record.accepted ? { tokenRenewsAttempt: refused.attempts } : {};
        return [i, { ...verdict, record: { ...verdict.record, ...renews } }] as const;
      }),
    ),
  );
  const tokens = checkout.tokens;
  return deps.exactlyOnce.ledger.updateCheckout({
    id: checkout.id,
    version: checkout.version,
    lines: checkout.lines.map((line, i) => fresh.get(i)?.record ?? line),
    tokens: tokens.map((token, i) => (fresh.has(i) ? fresh.get(i)!.token : token)),
  });
}
