import { request } from 'undici';
import { encodeNodeId } from '../../src/graphql/ids/node-id';
import { CheckoutUpdatedDocument, CompleteCheckoutDocument, PrepareCheckoutDocument, type CheckoutUpdatedSubscription } from '../generated/operations';
import { apiKeysEnv, TEST_API_KEY_ENTRY, type TestApiKey } from '../harness/api-keys';
import { TEN_LINE_CART, tenLineCart } from '../harness/checkout-fixtures';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { waitFor } from '../harness/gateway-process';
import { LEDGER_STORES, type LedgerStore } from '../harness/ledger-stores';
import { SubscriptionTestClient } from '../harness/subscription-client';

jest.setTimeout(60_000);

const REGISTER = 'POST /purchase/register';
/** The worker asks HL Connect about a lost reply 300 ms after it; checkouts are polled every 100 ms. */
const TIMINGS = { LEDGER_RECONCILE_AFTER_MS: '300', LEDGER_RECONCILE_INTERVAL_MS: '100', LEDGER_POLL_MS: '20', SUBSCRIPTION_POLL_INTERVAL_MS: '100' };
/** Another tenant with every scope but `ledger:read`. */
const OTHER_SHOP: TestApiKey = { name: 'other-shop', key: 'key-other-shop-5e6f7a8b9c0d', scopes: ['purchases:write', 'dds:write', 'orders:read'] };

const CATALOG: TestApiKey = { name: 'catalog-only', key: 'catalog-key-3f4a5b6c7d8e9f00', scopes: ['catalog:read'] };

type Event = CheckoutUpdatedSubscription['checkoutUpdated'];

let orderNumbers = 91_000 + (process.pid % 1000) * 10;

async function gauge(h: Harness, name: string): Promise<number | undefined> {
  const text = await (await request(`${h.gateway.metricsUrl}/metrics`)).body.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

describe.each(LEDGER_STORES)('checkoutUpdated over graphql-ws (%s ledger)', (_name, openStore) => {
  let h: Harness;
  let store: LedgerStore;
  const clients: SubscriptionTestClient[] = [];
  const connect = (key?: string) => {
    const client = new SubscriptionTestClient(h.gateway.url, key ? { connectionParams: { 'x-api-key': key } } : {});
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    store = await openStore();
    h = await startHarness({ hlconnect: { processingDelayMs: 0 }, env: { ...store.env, ...TIMINGS, API_KEYS: apiKeysEnv([TEST_API_KEY_ENTRY, OTHER_SHOP, CATALOG]) } });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await h?.close();
    await store?.cleanup();
  });

  async function prepare(key: string): Promise<string> {
    const res = await h.client.execute(PrepareCheckoutDocument, { input: tenLineCart(key) });
    expect(res.data!.prepareCheckout.userErrors).toEqual([]);
    return res.data!.prepareCheckout.checkout!.id;
  }

  const outcomes = (event: Event) => event.lines.map((line) => line.outcome);

  it('sends the checkout now, then one event per change (a lost HL reply: OUTCOME_UNKNOWN, then SUCCEEDED once the worker settles it), then completes', async () => {
    const id = await prepare(`sub-cart-${process.pid}-1`);
    const sub = connect().subscribe(CheckoutUpdatedDocument, { id });
    const watcher = connect().subscribe(CheckoutUpdatedDocument, { id });
    const [first] = await sub.eventCount(1);
    const prepared = first!.data!.checkoutUpdated;
    expect(prepared).toMatchObject({ id, state: 'PREPARED' });
    expect(outcomes(prepared)).toEqual(prepared.lines.map((line) => (line.accepted ? 'NOT_SENT' : 'NOT_PURCHASED')));
    await watcher.eventCount(1);
    // Two subscribers of one checkout share one poll loop.
    expect(await gauge(h, 'checkout_poll_loops_active')).toBe(1);

    // HL Connect registers one line but its answer is lost.
    h.hl.faults.inject({ route: REGISTER, kind: 'reset', when: 'after', times: 1 });
    const completed = await h.client.execute(CompleteCheckoutDocument, { input: { checkoutId: id, paymentReference: 'psp-sub-1', orderNumber: (orderNumbers += 1) } });
    const unknownLine = completed.data!.completeCheckout.checkout!.lines.find((line) => line.outcome === 'OUTCOME_UNKNOWN')!.lineNumber;
    expect(TEN_LINE_CART.acceptedHl).toContain(unknownLine);

    expect(await sub.ended).toEqual({ kind: 'complete' });
    const events = sub.events.map((event) => event.data!.checkoutUpdated);
    expect(sub.events.every((event) => event.errors === undefined)).toBe(true);
    // One event per change: no two in a row alike.
    for (let i = 1; i < events.length; i += 1) {
      expect([events[i]!.state, outcomes(events[i]!)]).not.toEqual([events[i - 1]!.state, outcomes(events[i - 1]!)]);
    }
    // The lost reply shows as OUTCOME_UNKNOWN while every other line is settled, then as SUCCEEDED.
    const unknownAt = events.findIndex((event) => event.lines[unknownLine - 1]!.outcome === 'OUTCOME_UNKNOWN');
    expect(unknownAt).toBeGreaterThan(0);
    expect(events[unknownAt]!.state).toBe('COMPLETING');
    const last = events.at(-1)!;
    expect(events.indexOf(last)).toBeGreaterThan(unknownAt);
    expect(last.state).toBe('COMPLETED');
    expect(outcomes(last)).toEqual(last.lines.map((line) => (line.accepted ? 'SUCCEEDED' : 'NOT_PURCHASED')));
    expect(await watcher.ended).toEqual({ kind: 'complete' });
    await waitFor('the poll loop to stop', async () => (await gauge(h, 'checkout_poll_loops_active')) === 0);

    // A subscription to a finished checkout: the checkout now, then the end.
    const late = connect().subscribe(CheckoutUpdatedDocument, { id });
    expect(await late.ended).toEqual({ kind: 'complete' });
    expect(late.events.map((event) => event.data!.checkoutUpdated.state)).toEqual(['COMPLETED']);
  });

  it('refuses another caller’s checkout, an unknown one and a malformed id alike with CHECKOUT_NOT_FOUND, and a caller without orders:read with FORBIDDEN', async () => {
    const id = await prepare(`sub-cart-${process.pid}-2`);
    const refusedWith = async (key: string | undefined, checkoutId: string, code: string) => {
      const sub = connect(key).subscribe(CheckoutUpdatedDocument, { id: checkoutId });
      expect(await sub.ended).toEqual({ kind: 'complete' });
      expect(sub.events).toEqual([{ errors: [expect.objectContaining({ path: ['checkoutUpdated'], extensions: { code } })] }]);
      return sub.events[0]!.errors![0]!.message;
    };
    const foreign = await refusedWith(OTHER_SHOP.key, id, 'CHECKOUT_NOT_FOUND');
    expect(foreign).toBe('This caller has no checkout with this id.');
    expect(await refusedWith(undefined, encodeNodeId({ type: 'Checkout', checkoutId: 999_999 }), 'CHECKOUT_NOT_FOUND')).toBe(foreign);
    expect(await refusedWith(undefined, 'not-an-id', 'CHECKOUT_NOT_FOUND')).toBe(foreign);
    await refusedWith(CATALOG.key, id, 'FORBIDDEN');
    expect(await gauge(h, 'checkout_poll_loops_active')).toBe(0);
  });
});
