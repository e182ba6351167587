import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Gateway } from '../../src/app';
import { BOKNETT_SIMULATOR_PRODUCTS, type BoknettSimulator } from '../../src/vendors/boknett/simulator';
import { HL_SIMULATOR_ASSETS, type HlConnectSimulator } from '../../src/vendors/hlconnect/simulator';
import { bearer, type TestApiKey } from '../harness/api-keys';
import { waitFor } from '../harness/gateway-process';
import { GraphQLTestClient } from '../harness/graphql-client';
import { startPgReplicas, type PgReplicas } from '../harness/pg-replicas';

const SHOP: TestApiKey = { name: 'shop-a', key: 'shop-a-key-1d2c3b4a5f6e7d8c', scopes: ['purchases:write', 'dds:write', 'orders:read'] };

/** Buyer data retention and what an operator is told, on two replicas of one PostgreSQL schema. */
describe('retention and operator signals across replicas', () => {
  let hl: HlConnectSimulator;
  let boknett: BoknettSimulator;
  let replicas: Gateway[];
  let fleet: PgReplicas;

  beforeAll(async () => {
    // A quiet period short enough for the worker to ask HL a few times within a test.
    fleet = await startPgReplicas([SHOP], { LEDGER_RECONCILE_AFTER_MS: '500' });
    ({ hl, boknett, replicas } = fleet);
  });
  afterAll(async () => fleet?.close());

  it('a checkout not paid within the retention period (its names erased) is refused by completeCheckout on every replica, nothing sent', async () => {
    const a = new GraphQLTestClient(replicas[0]!.url, bearer(SHOP.key));
    const b = new GraphQLTestClient(replicas[1]!.url, bearer(SHOP.key));
    const prepared = await a.post<{ prepareCheckout: { checkout: { id: string; lines: { accepted: boolean }[] } } }>({
      query: `mutation($i: PrepareCheckoutInput!) { prepareCheckout(input: $i) { checkout { id lines { accepted } } userErrors { code } } }`,
      variables: {
        i: {
          idempotencyKey: 'cart-retention',
          buyer: { firstName: 'Sigrid', lastName: 'Undset', ip: '203.0.113.7' },
          lines: [
            { hl: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1, unitPrice: '5.99', lineItemPrice: '5.99' } },
            { dds: { resid: BOKNETT_SIMULATOR_PRODUCTS.sdrmEbook, priceOre: 19900, socialDrm: true } },
          ],
        },
      },
    });
    const checkout = prepared.data!.prepareCheckout.checkout;
    expect(checkout.lines.map((l) => l.accepted)).toEqual([true, true]);
    // The retention period (1.7 s) runs out while the cart waits for payment; the worker erases the names.
    await sleep(2_500);
    type Completed = { completeCheckout: { checkout: unknown; userErrors: { code: string; field: string[] | null }[] } };
    const complete = (client: GraphQLTestClient) =>
      client.post<Completed>({
        query: `mutation($i: CompleteCheckoutInput!) { completeCheckout(input: $i) { checkout { state } userErrors { code field } } }`,
        variables: { i: { checkoutId: checkout.id, paymentReference: 'psp-retention', orderNumber: 97_001 } },
      });
    // The other replica reads it erased; the one that prepared it holds a copy from before, which no longer compares.
    for (const client of [b, a]) {
      expect((await complete(client)).data!.completeCheckout).toEqual({ checkout: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'checkoutId'] }] });
    }
    expect(hl.calls.count('POST /purchase/register')).toBe(0);
    expect(boknett.calls.count('POST /order')).toBe(0);
  });

  it('ledger_entry_oldest_age_seconds{state="UNKNOWN"} grows while an entry stays UNKNOWN because HL Connect cannot be asked', async () => {
    const a = new GraphQLTestClient(replicas[0]!.url, bearer(SHOP.key));
    const validated = await a.post<{ validatePurchase: { validationToken: { token: string } } }>({
      query: `mutation { validatePurchase(input: { assetId: ${HL_SIMULATOR_ASSETS.standard} }) { validationToken { token } } }`,
    });
    hl.faults.inject({ route: 'POST /purchase/register', kind: 'reset', when: 'after', times: 1 });
    hl.faults.inject({ route: 'GET /purchase/info', kind: 'status', status: 503 });
    const lost = await a.post({
      query: `mutation($i: RegisterPurchaseInput!) { registerPurchase(input: $i) { userErrors { code } } }`,
      variables: {
        i: { token: validated.data!.validatePurchase.validationToken.token, orderNumber: 97_100, orderLineId: 1, lineItemPrice: '4.99', unitPrice: '4.99', customer: 'Ada Lovelace' },
      },
    });
    expect(lost.errors![0]!.extensions).toMatchObject({ outcome: 'UNKNOWN' });
    const since = Date.now();
    await waitFor('the worker to ask the vendor', async () => hl.calls.count('GET /purchase/info') >= 3);
    await sleep(1_500);
    const metrics = await (await fetch(`${replicas[0]!.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^ledger_entries\{state="UNKNOWN"\} 1$/m);
    const age = Number(/^ledger_entry_oldest_age_seconds\{state="UNKNOWN"\} (\S+)$/m.exec(metrics)![1]);
    // UNKNOWN for (Date.now() - since) ms already; the metric's help: "a growing UNKNOWN or NEEDS_ATTENTION age wants a look".
    expect(age).toBeGreaterThan((Date.now() - since) / 1000 - 1);
    hl.faults.clear();
  });
});
