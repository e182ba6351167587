/**
 * The two-phase checkout as a buggy or hostile shop uses it, over real HTTP (SQLite ledger).
 */
import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { apiKeysEnv, bearer, TEST_API_KEY_ENTRY } from '../harness/api-keys';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { waitFor } from '../harness/gateway-process';

const REGISTER = 'POST /purchase/register';
const VALIDATE = 'POST /purchase/validate-purchase-before-payment';
const LEDGER_TIMINGS = { LEDGER_RECONCILE_AFTER_MS: '300', LEDGER_RECONCILE_INTERVAL_MS: '100', LEDGER_POLL_MS: '20' };
const OTHER_SHOP = { name: 'other-shop', key: 'key-other-shop-7a8b9c0d1e2f3a4b', scopes: ['purchases:write', 'dds:write', 'orders:read'] as const };

const CHECKOUT = `id state totals { amount currency } lines { lineNumber accepted outcome assetId userErrors { code } orderItem { assetId customer downloadUrl } }`;
const PREPARE = `mutation($input: PrepareCheckoutInput!) { prepareCheckout(input: $input) { checkout { ${CHECKOUT} } userErrors { code message } } }`;
const COMPLETE = `mutation($input: CompleteCheckoutInput!) { completeCheckout(input: $input) { checkout { ${CHECKOUT} } userErrors { code message } } }`;
const READ = `query($id: ID!) { checkout(id: $id) { ${CHECKOUT} } }`;

interface Line {
  lineNumber: number;
  accepted: boolean;
  outcome: string;
  assetId: number | null;
  userErrors: { code: string }[];
  orderItem: { assetId: number | null; customer: string | null; downloadUrl: string | null } | null;
}
interface Checkout {
  id: string;
  state: string;
  totals: { amount: string; currency: string }[];
  lines: Line[];
}

let serial = 0;
const key = () => `checkout-adversarial-${process.pid}-${(serial += 1)}`;
const buyer = { firstName: 'Sigrid', lastName: 'Undset', ip: '203.0.113.7' };

describe('checkout against a buggy or hostile shop', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function gql<T>(query: string, variables: unknown, as = h.client) {
    const res = await as.post<T>({ query, variables });
    return res;
  }

  it('a line HL refused (the order line is another registration’s) whose reply was lost is never reported SUCCEEDED, nor does it hand another shop’s line to its caller', async () => {
    h = await startHarness({
      hlconnect: { processingDelayMs: 0 },
      env: { ...LEDGER_TIMINGS, API_KEYS: apiKeysEnv([TEST_API_KEY_ENTRY, OTHER_SHOP]) },
    });
    const other = h.client.as(bearer(OTHER_SHOP.key));
    const orderNumber = 880_000 + (process.pid % 1000);

    // Shop A buys asset 1001 as order line orderNumber/1.
    const a = await gql<{ prepareCheckout: { checkout: Checkout } }>(PREPARE, {
      input: { idempotencyKey: key(), buyer, lines: [{ hl: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1, unitPrice: '5.00', lineItemPrice: '5.00' } }] },
    });
    const aDone = await gql<{ completeCheckout: { checkout: Checkout } }>(COMPLETE, { input: { checkoutId: a.data!.prepareCheckout.checkout.id, paymentReference: 'a', orderNumber } });
    expect(aDone.data!.completeCheckout.checkout.lines[0]!.outcome).toBe('SUCCEEDED');

    // Shop B (a buggy shop reusing the order number) buys another asset for a buyer of the same name and price.
    const b = await gql<{ prepareCheckout: { checkout: Checkout } }>(
      PREPARE,
      {
        input: {
          idempotencyKey: key(),
          buyer: { ...buyer, ip: '192.0.2.10' },
          lines: [{ hl: { assetId: HL_SIMULATOR_ASSETS.regionLocked, quantity: 1, unitPrice: '5.00', lineItemPrice: '5.00' } }],
        },
      },
      other,
    );
    const bId = b.data!.prepareCheckout.checkout.id;
    // HL answers 409 (already registered), but the reply is lost.
    h.hl.faults.inject({ route: REGISTER, kind: 'reset', when: 'after', times: 1 });
    await gql(COMPLETE, { input: { checkoutId: bId, paymentReference: 'b', orderNumber } }, other);
    expect(h.hl.registrations(orderNumber, 1)).toEqual({ accepted: 1, alreadyRegistered: 1 });

    // The worker reconciles B's unknown line.
    const settled = await waitFor('B’s line reconciled', async () => {
      const res = await gql<{ checkout: Checkout }>(READ, { id: bId }, other);
      const line = res.data!.checkout.lines[0]!;
      return line.outcome === 'OUTCOME_UNKNOWN' || line.outcome === 'IN_PROGRESS' ? undefined : line;
    });

    // HL never registered B's asset: the line is not B's purchase, and A's download link is not B's to read.
    expect(settled.orderItem).toBeNull();
    expect(settled.outcome).not.toBe('SUCCEEDED');
  });

  it('a paid line whose re-validation HL refuses is REJECTED (refund it), not NOT_PURCHASED, and the totals charged do not change', async () => {
    h = await startHarness({ hlconnect: { processingDelayMs: 0, tokenTtlSeconds: 2 }, env: { ...LEDGER_TIMINGS } });
    const input = {
      idempotencyKey: key(),
      buyer,
      lines: [
        { hl: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1, unitPrice: '5.00', lineItemPrice: '5.00' } },
        { hl: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 2, unitPrice: '5.00', lineItemPrice: '10.00' } },
      ],
    };
    const prepared = (await gql<{ prepareCheckout: { checkout: Checkout } }>(PREPARE, { input })).data!.prepareCheckout.checkout;
    expect(prepared.totals).toEqual([{ amount: '15.00', currency: 'USD' }]);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const orderNumber = 881_000 + (process.pid % 1000);
    // The shop charged 15.00 and completes: both validations expired.
    const paid = (await gql<{ completeCheckout: { checkout: Checkout } }>(COMPLETE, { input: { checkoutId: prepared.id, paymentReference: 'p', orderNumber } })).data!.completeCheckout
      .checkout;
    expect(paid.lines.map((l) => l.outcome)).toEqual(['VALIDATION_EXPIRED', 'VALIDATION_EXPIRED']);

    // As told, it repeats prepareCheckout; HL now refuses line 1 (e.g. withdrawn in the buyer's region).
    h.hl.faults.inject({ route: VALIDATE, kind: 'status', status: 422, body: { status: 422, message: 'asset 1001 is not available in NO' }, times: 1 });
    const again = (await gql<{ prepareCheckout: { checkout: Checkout } }>(PREPARE, { input })).data!.prepareCheckout.checkout;

    // Line 1 was charged: it is REJECTED with HL's reason (refund it), not NOT_PURCHASED ("do not charge it"), and the totals stay what was charged.
    expect(again.lines[0]).toMatchObject({ outcome: 'REJECTED', accepted: true, userErrors: [{ code: 'PURCHASE_NOT_ALLOWED' }] });
    expect(again.totals).toEqual([{ amount: '15.00', currency: 'USD' }]);
    // Completing sends line 2 only; line 1 stays REJECTED and is never sent.
    const done = (await gql<{ completeCheckout: { checkout: Checkout } }>(COMPLETE, { input: { checkoutId: prepared.id, paymentReference: 'p', orderNumber } })).data!.completeCheckout
      .checkout;
    expect(done.state).toBe('COMPLETED');
    expect(done.lines.map((l) => l.outcome)).toEqual(['REJECTED', 'SUCCEEDED']);
    expect(h.hl.registrations(orderNumber, 1).accepted).toBe(0);
  });

  it('refuses a cart whose lines are each valid but whose total no Decimal holds, before anything is stored', async () => {
    h = await startHarness({ hlconnect: { processingDelayMs: 0 } });
    const line = { hl: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1, unitPrice: '9999999999999.99', lineItemPrice: '9999999999999.99' } };
    const res = await gql<{ prepareCheckout: { checkout: Checkout | null; userErrors: unknown[] } }>(PREPARE, { input: { idempotencyKey: key(), buyer, lines: [line, line] } });
    // Refused up front, nothing stored nor validated: never a stored checkout behind an internal error.
    expect(res.errors).toBeUndefined();
    expect(res.data!.prepareCheckout).toEqual({
      checkout: null,
      userErrors: [{ code: 'INVALID_INPUT', message: expect.stringMatching(/total must have at most 15 significant digits/) }],
    });
    expect(h.hl.calls.count(VALIDATE)).toBe(0);
  });
});
