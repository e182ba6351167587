import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { BOKNETT_SIMULATOR_PRODUCTS } from '../../src/vendors/boknett/simulator';
import {
  CheckoutNodeDocument,
  CheckoutWithLinksDocument,
  CompleteCheckoutDocument,
  PrepareCheckoutDocument,
  type CheckoutFieldsFragment,
  type CompleteCheckoutInput,
  type PrepareCheckoutInput,
} from '../generated/operations';
import { apiKeysEnv, bearer, TEST_API_KEY_ENTRY } from '../harness/api-keys';
import { NORWEGIAN_IP, TEN_LINE_CART, tenLineCart } from '../harness/checkout-fixtures';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { waitFor } from '../harness/gateway-process';
import { LEDGER_STORES, type LedgerStore } from '../harness/ledger-stores';
import { openLedger } from '../../src/ledger';
import { decodeNodeId } from '../../src/graphql/ids/node-id';

const REGISTER = 'POST /purchase/register';
const VALIDATE = 'POST /purchase/validate-purchase-before-payment';
const DDS_ORDER = 'POST /order';
const DDS_SUBSCRIPTION = 'POST /order/subscription';

/** A quiet period short enough to wait for: the worker asks HL Connect about a lost reply 300 ms after it. */
const LEDGER_TIMINGS = { LEDGER_RECONCILE_AFTER_MS: '300', LEDGER_RECONCILE_INTERVAL_MS: '100', LEDGER_POLL_MS: '20' };

const HL_ONLY = { name: 'sheet-music-shop', key: 'key-sheet-music-only-0c1d2e3f4a', scopes: ['purchases:write', 'orders:read'] as const };
const DDS_ONLY = { name: 'e-book-shop', key: 'key-e-books-only-5e6f7a8b9c', scopes: ['dds:write', 'orders:read'] as const };
/** Another tenant: every scope but the operators' `ledger:read`. */
const OTHER_SHOP = { name: 'other-shop', key: 'key-other-shop-7a8b9c0d1e2f', scopes: ['purchases:write', 'dds:write', 'orders:read'] as const };

let orderNumbers = 70_000 + (process.pid % 1000) * 10;

describe.each(LEDGER_STORES)('two-phase checkout over HTTP (%s ledger)', (_name, openStore) => {
  let h: Harness;
  let store: LedgerStore;
  let keySerial = 0;
  const freshKey = () => `cart-${process.pid}-${(keySerial += 1)}`;

  beforeEach(async () => {
    store = await openStore();
    h = await startHarness({
      hlconnect: { processingDelayMs: 0 },
      env: { ...store.env, ...LEDGER_TIMINGS, API_KEYS: apiKeysEnv([TEST_API_KEY_ENTRY, HL_ONLY, DDS_ONLY, OTHER_SHOP]) },
    });
  });

  afterEach(async () => {
    await h.close();
    await store.cleanup();
  });

  async function prepare(input: PrepareCheckoutInput): Promise<CheckoutFieldsFragment> {
    const res = await h.client.execute(PrepareCheckoutDocument, { input });
    expect(res.errors).toBeUndefined();
    expect(res.data!.prepareCheckout.userErrors).toEqual([]);
    return res.data!.prepareCheckout.checkout!;
  }

  async function complete(input: CompleteCheckoutInput) {
    const res = await h.client.execute(CompleteCheckoutDocument, { input });
    expect(res.errors).toBeUndefined();
    return res.data!.completeCheckout;
  }

  const outcomes = (checkout: CheckoutFieldsFragment) => checkout.lines.map((line) => line.outcome);
  /** One HL line and one DDS e-book, both accepted. */
  const hlAndDdsCart = (): PrepareCheckoutInput => ({
    idempotencyKey: freshKey(),
    buyer: { firstName: 'Agathe', lastName: 'Grøndahl' },
    lines: [
      { hl: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1, unitPrice: '5.99', lineItemPrice: '5.99' } },
      { dds: { resid: BOKNETT_SIMULATOR_PRODUCTS.ebook, priceOre: 18_900 } },
    ],
  });
  const accepted = (lineNumber: number) => !(Object.values(TEN_LINE_CART.refused) as number[]).includes(lineNumber);

  it('validates a ten-line cart before payment: each line’s verdict, the validations’ expiry and the exact totals; nothing bought', async () => {
    const before = Date.now();
    const checkout = await prepare(tenLineCart(freshKey()));

    expect(checkout).toMatchObject({ state: 'PREPARED', paymentReference: null, orderNumber: null, totals: TEN_LINE_CART.totals });
    expect(checkout.lines.map((line) => [line.lineNumber, line.vendor, line.accepted])).toEqual(
      checkout.lines.map((_line, i) => [i + 1, i < 5 ? 'HL_CONNECT' : 'BOKNETT_DDS', accepted(i + 1)]),
    );
    const { minimumQuantity, region, socialDrmNames } = TEN_LINE_CART.refused;
    expect(checkout.lines[minimumQuantity - 1]!.userErrors).toEqual([
      { code: 'PURCHASE_NOT_ALLOWED', message: expect.stringContaining('minimum quantity of 10'), field: ['input', 'lines', '1', 'hl'], retryAfterSeconds: null },
    ]);
    expect(checkout.lines[region - 1]!.userErrors).toEqual([
      { code: 'PURCHASE_NOT_ALLOWED', message: expect.any(String), field: ['input', 'lines', '3', 'hl'], retryAfterSeconds: null },
    ]);
    expect(checkout.lines[socialDrmNames - 1]!.userErrors).toEqual([
      { code: 'BUYER_NAMES_REQUIRED', message: expect.stringContaining('social DRM'), field: ['input', 'buyer'], retryAfterSeconds: null },
    ]);
    expect(checkout.lines.map((line) => line.outcome)).toEqual(checkout.lines.map((line) => (line.accepted ? 'NOT_SENT' : 'NOT_PURCHASED')));

    // Accepted HL lines carry the vendor's expiry; the checkout's is the earliest (the simulator's tokens live 900 s).
    const expiries = TEN_LINE_CART.acceptedHl.map((n) => Date.parse(checkout.lines[n - 1]!.validationExpiresAt as string));
    expect(Date.parse(checkout.validUntil as string)).toBe(Math.min(...expiries));
    expect(Math.min(...expiries)).toBeGreaterThan(before + 800_000);
    expect(checkout.lines[5]!.validationExpiresAt).toBeNull();

    // Every HL line asked the vendor once; nothing was registered or ordered.
    expect(h.hl.calls.count(VALIDATE)).toBe(5);
    expect(h.hl.calls.count(REGISTER) + h.boknett.calls.count(DDS_ORDER) + h.boknett.calls.count(DDS_SUBSCRIPTION)).toBe(0);

    // The same key and input: the same checkout, without asking the vendor again. Another input under it: a conflict.
    expect(await prepare(tenLineCart(checkout.idempotencyKey))).toEqual(checkout);
    expect(h.hl.calls.count(VALIDATE)).toBe(5);
    const changed = tenLineCart(checkout.idempotencyKey);
    changed.lines[0] = { hl: { ...changed.lines[0]!.hl!, quantity: 3 } };
    const conflict = await h.client.execute(PrepareCheckoutDocument, { input: changed });
    expect(conflict.data!.prepareCheckout).toEqual({
      checkout: null,
      userErrors: [{ code: 'IDEMPOTENCY_CONFLICT', message: expect.any(String), field: ['input', 'idempotencyKey'] }],
    });
  });

  it('refuses a malformed cart as a whole, with every problem’s field, and stores nothing', async () => {
    const res = await h.client.execute(PrepareCheckoutDocument, {
      input: {
        idempotencyKey: freshKey(),
        buyer: { firstName: 'Ole', ip: '203.0.113.300' },
        lines: [
          { hl: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1, unitPrice: '5.999', lineItemPrice: '5.99' }, dds: { resid: 'x', priceOre: 1 } },
          {},
          { dds: { resid: BOKNETT_SIMULATOR_PRODUCTS.ebook, priceOre: -1 } },
        ],
      },
    });
    expect(res.data!.prepareCheckout.checkout).toBeNull();
    expect(res.data!.prepareCheckout.userErrors.map((e) => e.field!.join('.')).sort()).toEqual(
      ['input.buyer.ip', 'input.buyer.lastName', 'input.lines.0', 'input.lines.0.hl.unitPrice', 'input.lines.1', 'input.lines.2.dds.priceOre'].sort(),
    );
    expect(h.hl.calls.count(VALIDATE)).toBe(0);
  });

  it('refuses more lines than MAX_CHECKOUT_LINES', async () => {
    const cart = tenLineCart(freshKey());
    const res = await h.client.execute(PrepareCheckoutDocument, { input: { ...cart, lines: Array.from({ length: 51 }, () => cart.lines[5]!) } });
    expect(res.data!.prepareCheckout.userErrors).toEqual([{ code: 'INVALID_INPUT', message: expect.stringContaining('1 to 50 lines'), field: ['input', 'lines'] }]);
  });

  it('buys every accepted line once, concurrently; a lost reply is settled by the ledger worker; a repeat sends nothing again', async () => {
    const checkout = await prepare(tenLineCart(freshKey()));
    const orderNumber = (orderNumbers += 1);
    const input = { checkoutId: checkout.id, paymentReference: 'psp-1', orderNumber };

    // HL Connect registers one line but its answer is lost.
    h.hl.faults.inject({ route: REGISTER, kind: 'reset', when: 'after', times: 1 });
    const first = await complete(input);
    expect(first.userErrors).toEqual([]);
    const done = first.checkout!;
    expect(done).toMatchObject({ state: 'COMPLETING', paymentReference: 'psp-1', orderNumber, totals: TEN_LINE_CART.totals });
    const unknown = done.lines.filter((line) => line.outcome === 'OUTCOME_UNKNOWN').map((line) => line.lineNumber);
    expect(unknown).toHaveLength(1);
    expect(TEN_LINE_CART.acceptedHl).toContain(unknown[0]);
    expect(done.lines[unknown[0]! - 1]!.userErrors).toEqual([{ code: 'OUTCOME_UNKNOWN', message: expect.any(String), field: null, retryAfterSeconds: expect.any(Number) }]);
    expect(outcomes(done)).toEqual(done.lines.map((line) => (!line.accepted ? 'NOT_PURCHASED' : line.lineNumber === unknown[0] ? 'OUTCOME_UNKNOWN' : 'SUCCEEDED')));

    // The worker asks HL Connect after the quiet period: the line was registered.
    const settled = await waitFor(
      'the lost reply to be reconciled',
      async () => {
        const res = await h.client.execute(CheckoutWithLinksDocument, { id: checkout.id, type: 'application/epub+zip' });
        return res.data!.checkout!.lines[unknown[0]! - 1]!.outcome === 'SUCCEEDED' ? res.data!.checkout! : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    // Every line finished: the checkout reads COMPLETED from its lines' entries.
    expect(settled.state).toBe('COMPLETED');

    // The repeat finds every line finished, and sends nothing again.
    const sentBefore = [h.hl.calls.count(REGISTER), h.boknett.calls.count(DDS_ORDER), h.boknett.calls.count(DDS_SUBSCRIPTION)];
    const again = await complete(input);
    expect(again.checkout!.state).toBe('COMPLETED');
    expect(outcomes(again.checkout!)).toEqual(again.checkout!.lines.map((line) => (line.accepted ? 'SUCCEEDED' : 'NOT_PURCHASED')));
    expect([h.hl.calls.count(REGISTER), h.boknett.calls.count(DDS_ORDER), h.boknett.calls.count(DDS_SUBSCRIPTION)]).toEqual(sentBefore);

    // Each accepted line is at its vendor exactly once; refused lines not at all.
    for (const n of [1, 2, 3, 4, 5]) {
      expect(h.hl.registrations(orderNumber, n)).toEqual({ accepted: accepted(n) ? 1 : 0, alreadyRegistered: 0 });
    }
    for (const n of [6, 7, 8, 9, 10]) {
      expect(h.boknett.getOrder(`${orderNumber}-${n}`) !== undefined).toBe(accepted(n));
      expect(h.boknett.duplicateOrders(`${orderNumber}-${n}`)).toBe(0);
    }
    expect(h.boknett.getOrder(`${orderNumber}-10`)).toMatchObject({ subscription: true });
    expect(h.boknett.getOrder(`${orderNumber}-9`)).toMatchObject({ excerpt: true, spd: '4950' });

    // The line links lead to the purchases: HL's download and view links, DDS's download.
    const linked = (await h.client.execute(CheckoutWithLinksDocument, { id: checkout.id, type: 'application/epub+zip' })).data!.checkout!;
    for (const n of TEN_LINE_CART.acceptedHl) {
      expect(linked.lines[n - 1]).toMatchObject({
        orderItem: { orderId: orderNumber, orderLineId: n, status: 'COMPLETED', downloadUrl: expect.stringMatching(/^http/), viewUrl: expect.stringMatching(/^http/) },
        ddsOrder: null,
      });
    }
    for (const n of [6, 9]) {
      expect(linked.lines[n - 1]).toMatchObject({ orderItem: null, ddsOrder: { orderId: `${orderNumber}-${n}`, download: { status: 'READY', url: expect.stringMatching(/^http/) } } });
    }
    expect(linked.lines[7]).toMatchObject({ outcome: 'NOT_PURCHASED', orderItem: null, ddsOrder: null });

    // Another payment for the same checkout: refused, nothing sent.
    const other = await complete({ ...input, paymentReference: 'psp-2' });
    expect(other).toEqual({ checkout: null, userErrors: [{ code: 'IDEMPOTENCY_CONFLICT', message: expect.any(String), field: ['input'] }] });
    expect(h.hl.calls.count(REGISTER)).toBe(sentBefore[0]);
  });

  it('completes from the stored checkout, not from what this gateway prepared, once another replica fixed its payment', async () => {
    const checkout = await prepare(tenLineCart(freshKey()));
    const key = decodeNodeId(checkout.id);
    if (key?.type !== 'Checkout') throw new Error(`not a checkout id: ${checkout.id}`);
    // Another replica completes it first, with another payment (its vendor calls are not needed here).
    const replica = await openLedger(store.config);
    try {
      const stored = (await replica.findCheckout(key.checkoutId))!;
      const paid = { paymentReference: 'psp-elsewhere', orderNumber: (orderNumbers += 1) };
      expect(await replica.claimMany([], { id: stored.id, version: stored.version, state: 'COMPLETING', completion: paid })).not.toBeNull();
    } finally {
      await replica.close();
    }

    // This gateway's copy of the checkout is out of date: the payment is not fixed again, nothing is sent.
    const here = await complete({ checkoutId: checkout.id, paymentReference: 'psp-here', orderNumber: (orderNumbers += 1) });
    expect(here).toEqual({ checkout: null, userErrors: [{ code: 'IDEMPOTENCY_CONFLICT', message: expect.any(String), field: ['input'] }] });
    expect([h.hl.calls.count(REGISTER), h.boknett.calls.count(DDS_ORDER), h.boknett.calls.count(DDS_SUBSCRIPTION)]).toEqual([0, 0, 0]);
    const read = await h.client.execute(CheckoutNodeDocument, { id: checkout.id });
    expect(read.data).toEqual({ node: expect.objectContaining({ state: 'COMPLETING' }) });
  });

  it('refuses a line whose validation expired before completion, re-validates it on a repeat of prepareCheckout, then buys it', async () => {
    // The vendor's validations expire 15 minutes after issue: issued 20 minutes ago by its clock, they are stale at once.
    let skewMs = -20 * 60_000;
    await h.close();
    h = await startHarness({ hlconnect: { processingDelayMs: 0, now: () => Date.now() + skewMs }, env: { ...store.env, ...LEDGER_TIMINGS } });

    const cart: PrepareCheckoutInput = {
      idempotencyKey: freshKey(),
      buyer: { firstName: 'Harriet', lastName: 'Backer', ip: NORWEGIAN_IP },
      lines: [
        { hl: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1, unitPrice: '5.99', lineItemPrice: '5.99' } },
        { dds: { resid: BOKNETT_SIMULATOR_PRODUCTS.sdrmEbook, priceOre: 19_900, socialDrm: true } },
      ],
    };
    const prepared = await prepare(cart);
    expect(prepared.lines.map((line) => line.outcome)).toEqual(['VALIDATION_EXPIRED', 'NOT_SENT']);
    const input = { checkoutId: prepared.id, paymentReference: 'psp-expired', orderNumber: (orderNumbers += 1) };

    const first = (await complete(input)).checkout!;
    expect(first.state).toBe('COMPLETING');
    expect(first.lines.map((line) => line.outcome)).toEqual(['VALIDATION_EXPIRED', 'SUCCEEDED']);
    expect(first.lines[0]!.userErrors).toEqual([{ code: 'INVALID_TOKEN', message: expect.stringContaining('prepareCheckout'), field: null, retryAfterSeconds: null }]);
    expect(h.hl.calls.count(REGISTER)).toBe(0);
    // Social DRM: the buyer's names went with the DDS order.
    expect(h.boknett.getOrder(`${input.orderNumber}-2`)).toMatchObject({ firstname: 'Harriet', lastname: 'Backer' });

    skewMs = 0;
    const revalidated = await prepare(cart);
    expect(revalidated.id).toBe(prepared.id);
    expect(revalidated.lines.map((line) => line.outcome)).toEqual(['NOT_SENT', 'SUCCEEDED']);
    const last = (await complete(input)).checkout!;
    expect(last.state).toBe('COMPLETED');
    expect(last.lines.map((line) => line.outcome)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(h.hl.registrations(input.orderNumber, 1)).toEqual({ accepted: 1, alreadyRegistered: 0 });
    expect(h.boknett.calls.count(DDS_ORDER)).toBe(1);
  });

  it('is its caller’s: node(id) reads it, other callers see nothing and cannot complete it; each kind of line needs its scope', async () => {
    const checkout = await prepare(tenLineCart(freshKey()));

    const node = await h.client.execute(CheckoutNodeDocument, { id: checkout.id });
    expect(node.data).toEqual({ node: { __typename: 'Checkout', id: checkout.id, state: 'PREPARED', idempotencyKey: checkout.idempotencyKey } });

    const other = h.client.as(bearer(OTHER_SHOP.key));
    expect((await other.execute(CheckoutNodeDocument, { id: checkout.id })).data).toEqual({ node: null });
    const notFound = { checkout: null, userErrors: [{ code: 'NOT_FOUND', message: expect.any(String), field: ['input', 'checkoutId'] }] };
    const stolen = await other.execute(CompleteCheckoutDocument, { input: { checkoutId: checkout.id, paymentReference: 'x', orderNumber: 1 } });
    expect(stolen.data!.completeCheckout).toEqual(notFound);
    // An id of another type, or none of ours, names no checkout either.
    for (const checkoutId of [Buffer.from('DdsOrder:1').toString('base64url'), 'not-an-id']) {
      expect((await h.client.execute(CompleteCheckoutDocument, { input: { checkoutId, paymentReference: 'x', orderNumber: 1 } })).data!.completeCheckout).toEqual(notFound);
    }

    const hlOnly = h.client.as(bearer(HL_ONLY.key));
    const forbidden = await hlOnly.execute(PrepareCheckoutDocument, { input: tenLineCart(freshKey()) });
    expect(forbidden.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('"dds:write"'), extensions: { code: 'FORBIDDEN' } })]);
    expect(h.hl.calls.count(VALIDATE)).toBe(5);

    // The buyer's address is for HL Connect's regional rules: only `purchases:write` may name it, whatever the cart.
    const ddsOnly = h.client.as(bearer(DDS_ONLY.key));
    const ddsCart = { idempotencyKey: freshKey(), buyer: { ip: '10.9.9.9' }, lines: [{ dds: { resid: BOKNETT_SIMULATOR_PRODUCTS.ebook, priceOre: 18_900 } }] };
    const named = await ddsOnly.execute(PrepareCheckoutDocument, { input: ddsCart });
    expect(named.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('purchases:write'), extensions: { code: 'FORBIDDEN' } })]);
    const unnamed = await ddsOnly.execute(PrepareCheckoutDocument, { input: { ...ddsCart, idempotencyKey: freshKey(), buyer: {} } });
    expect(unnamed.data!.prepareCheckout.userErrors).toEqual([]);
  });

  it('a line whose token the vendor refuses is to be validated again, not a final refusal: the checkout stays open and the line is bought once', async () => {
    const cart = hlAndDdsCart();
    const prepared = await prepare(cart);
    const input = { checkoutId: prepared.id, paymentReference: 'psp-token-refused', orderNumber: (orderNumbers += 1) };
    // HL Connect refuses the token though it has not expired by the gateway's clock (used, or the vendor's clock ahead).
    h.hl.faults.inject({ route: REGISTER, kind: 'status', status: 422, times: 1, body: { message: 'validation token has already been used' } });

    const first = (await complete(input)).checkout!;
    expect(first.state).toBe('COMPLETING');
    expect(outcomes(first)).toEqual(['VALIDATION_EXPIRED', 'SUCCEEDED']);
    expect(first.lines[0]!.userErrors.map((e) => e.code)).toEqual(['INVALID_TOKEN']);
    // A repeat cannot send it with the refused token.
    expect(outcomes((await complete(input)).checkout!)).toEqual(['VALIDATION_EXPIRED', 'SUCCEEDED']);
    expect(h.hl.calls.count(REGISTER)).toBe(1);

    const revalidated = await prepare(cart);
    expect(outcomes(revalidated)).toEqual(['NOT_SENT', 'SUCCEEDED']);
    expect(Date.parse(revalidated.validUntil as string)).toBeGreaterThan(Date.now());
    const last = (await complete(input)).checkout!;
    expect(last.state).toBe('COMPLETED');
    expect(outcomes(last)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(h.hl.registrations(input.orderNumber, 1)).toEqual({ accepted: 1, alreadyRegistered: 0 });
    // Nothing is left to send: no validation bounds the checkout any more.
    expect(last.validUntil).toBeNull();
  });

  it('bounds the time to complete by the lines still to be sent, not those already bought', async () => {
    const cart = hlAndDdsCart();
    const prepared = await prepare(cart);
    expect(prepared.validUntil).not.toBeNull();
    // The DDS order's answer is lost: the checkout stays open, its HL line bought.
    h.boknett.faults.inject({ route: DDS_ORDER, kind: 'reset', when: 'after', times: 1 });
    const done = (await complete({ checkoutId: prepared.id, paymentReference: 'psp-partly', orderNumber: (orderNumbers += 1) })).checkout!;
    expect(done.state).toBe('COMPLETING');
    expect(outcomes(done)).toEqual(['SUCCEEDED', 'NEEDS_ATTENTION']);
    expect(done.validUntil).toBeNull();
  });
});
