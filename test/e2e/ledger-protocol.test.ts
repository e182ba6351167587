import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGateway, type Gateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/server/logger';
import { createBoknettSimulator, type BoknettSimulator } from '../../src/vendors/boknett/simulator';
import { createHlConnectSimulator, HL_SIMULATOR_ASSETS, type HlConnectSimulator } from '../../src/vendors/hlconnect/simulator';
import { PlaceDdsOrderDocument, RegisterPurchaseDocument, ValidatePurchaseDocument, type RegisterPurchaseInput } from '../generated/operations';
import { apiKeysEnv, bearer, type TestApiKey } from '../harness/api-keys';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { freePort, waitFor } from '../harness/gateway-process';
import { GraphQLTestClient } from '../harness/graphql-client';
import { startPgReplicas, type PgReplicas } from '../harness/pg-replicas';
import { simulatorEnv } from '../harness/simulator-env';

const REGISTER = 'POST /purchase/register';
const ORDER_INFO = 'GET /purchase/info';
const DDS_ORDER = 'POST /order';
const CANCEL = 'DELETE /purchase/cancel';

const SHOP_A: TestApiKey = { name: 'shop-a', key: 'shop-a-key-1d2c3b4a5f6e7d8c', scopes: ['purchases:write', 'dds:write', 'orders:read'] };
const SHOP_B: TestApiKey = { name: 'shop-b', key: 'shop-b-key-8c7d6e5f4a3b2c1d', scopes: ['purchases:write', 'dds:write', 'orders:read'] };
const SHOP_C: TestApiKey = { name: 'shop-c', key: 'shop-c-key-5e4d3c2b1a0f9e8d', scopes: ['purchases:write', 'orders:read'] };
const OPERATOR: TestApiKey = { name: 'ops-anna', key: 'operator-key-0a9b8c7d6e5f4a3b', scopes: ['ledger:read', 'ledger:write', 'orders:read'] };

/**
 * The ledger's protocol over real HTTP: two gateways (replicas) on one PostgreSQL schema,
 * one pair of vendor simulators, three callers. Vendor calls are counted at the simulators.
 */
describe('the ledger protocol across replicas: unknown outcomes, tenants, operators', () => {
  let hl: HlConnectSimulator;
  let boknett: BoknettSimulator;
  let replicas: Gateway[];
  let fleet: PgReplicas;
  let a: GraphQLTestClient;
  let b: GraphQLTestClient;
  let operator: GraphQLTestClient;
  let orderNumber = 70_000;

  beforeAll(async () => {
    fleet = await startPgReplicas([SHOP_A, SHOP_B, SHOP_C, OPERATOR]);
    ({ hl, boknett, replicas } = fleet);
    // Callers alternate between replicas, as behind a load balancer.
    a = new GraphQLTestClient(replicas[0]!.url, bearer(SHOP_A.key));
    b = new GraphQLTestClient(replicas[1]!.url, bearer(SHOP_B.key));
    operator = new GraphQLTestClient(replicas[1]!.url, bearer(OPERATOR.key));
  });
  afterAll(async () => fleet?.close());
  beforeEach(() => {
    hl.calls.reset();
    boknett.calls.reset();
    hl.faults.clear();
    boknett.faults.clear();
  });

  const ledger = () => replicas[0]!.ledger;
  async function purchase(client: GraphQLTestClient, overrides: Partial<RegisterPurchaseInput> = {}): Promise<RegisterPurchaseInput> {
    const number = (orderNumber += 1);
    const validated = await client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } });
    const token = validated.data!.validatePurchase.validationToken!.token;
    return { token, orderNumber: number, orderLineId: 1, lineItemPrice: '9.50', unitPrice: '9.50', customer: 'Fanny Mendelssohn', ...overrides };
  }
  const register = (client: GraphQLTestClient, input: RegisterPurchaseInput) =>
    client.post<{ registerPurchase: { userErrors: { code: string; retryAfterSeconds: number | null }[] } }>({
      query: 'mutation ($input: RegisterPurchaseInput!) { registerPurchase(input: $input) { userErrors { code retryAfterSeconds } } }',
      variables: { input },
    });
  const entryOf = (caller: string, key: string, operation: 'HL_REGISTER_PURCHASE' | 'DDS_PLACE_ORDER' = 'HL_REGISTER_PURCHASE') => ledger().find(caller, operation, key);

  it('a lost reply is not re-sent while the vendor may still be working: OUTCOME_UNKNOWN until the vendor is asked after the quiet period', async () => {
    const input = await purchase(a);
    // The vendor takes 1.2 s, the gateway waits 400 ms: the caller never hears that the purchase registered.
    hl.faults.inject({ route: REGISTER, kind: 'delay', ms: 1_200, times: 1 });
    const lost = await register(a, input);
    expect(lost.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });

    // Retried at once, and again: nothing is sent and nothing is concluded; the answer says when to ask again.
    for (let i = 0; i < 3; i += 1) {
      const again = await register(i % 2 ? b.as(bearer(SHOP_A.key)) : a, input);
      expect(again.data!.registerPurchase.userErrors).toEqual([{ code: 'OUTCOME_UNKNOWN', retryAfterSeconds: expect.any(Number) }]);
      expect(again.data!.registerPurchase.userErrors[0]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    expect(await entryOf('shop-a', `order:${input.orderNumber}/line:1`)).toMatchObject({ state: 'UNKNOWN', uncertain: true });
    expect(hl.calls.count(ORDER_INFO)).toBe(0);

    // After the quiet period one replica's worker asks the vendor, once, and records what it says.
    await waitFor('the ledger to settle', async () => (await entryOf('shop-a', `order:${input.orderNumber}/line:1`))?.state === 'SUCCEEDED');
    expect(hl.calls.count(ORDER_INFO)).toBe(1);
    expect((await register(a, input)).data!.registerPurchase.userErrors).toEqual([]);
    expect(hl.calls.count(REGISTER)).toBe(1);
    expect(hl.registrations(input.orderNumber, 1).accepted).toBe(1);
  });

  it('a re-send after an unknown outcome that the vendor answers 409 is recorded as SUCCEEDED, not ALREADY_REGISTERED', async () => {
    const input = await purchase(a);
    // The first attempt lands only after the quiet period: the worker finds no order and concludes NOT_APPLIED.
    hl.faults.inject({ route: REGISTER, kind: 'delay', ms: 3_500, times: 1 });
    expect((await register(a, input)).errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    const key = `order:${input.orderNumber}/line:1`;
    await waitFor('the ledger to settle', async () => (await entryOf('shop-a', key))?.state === 'NOT_APPLIED');
    await waitFor('the ledger to settle', async () => hl.registrations(input.orderNumber, 1).accepted === 1);

    // The retry sends again (the vendor said it had nothing); the vendor's 409 proves the first attempt applied.
    const retried = await register(a, input);
    expect(retried.data!.registerPurchase.userErrors).toEqual([]);
    expect(hl.calls.count(REGISTER)).toBe(2);
    expect(hl.registrations(input.orderNumber, 1).accepted).toBe(1);
    expect(await entryOf('shop-a', key)).toMatchObject({ state: 'SUCCEEDED', attempts: 2, note: expect.stringContaining('earlier attempt') });
  });

  it('a line another registration holds is not taken for ours: the worker finds it NOT_APPLIED, and the re-send’s 409 is ALREADY_REGISTERED', async () => {
    const input = await purchase(a);
    const key = `order:${input.orderNumber}/line:1`;
    // The connection drops before HL Connect acts: the outcome is unknown to the gateway, and the vendor has nothing.
    hl.faults.inject({ route: REGISTER, kind: 'reset', times: 1 });
    expect((await register(a, input)).errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(await entryOf('shop-a', key)).toMatchObject({ state: 'UNKNOWN', uncertain: true });

    // Meanwhile another registration (another key, another buyer and price) takes the order line.
    // (This suite erases buyers' names after 1.7 s, before the worker looks: the price tells the lines apart.)
    const other = await purchase(a, {
      orderNumber: input.orderNumber,
      customer: 'Clara Wieck',
      lineItemPrice: '4.50',
      unitPrice: '4.50',
      idempotencyKey: `other-${input.orderNumber}`,
    });
    expect((await register(a, other)).data!.registerPurchase.userErrors).toEqual([]);

    // The vendor lists the line, with the other buyer: ours never applied.
    await waitFor('the ledger to settle', async () => (await entryOf('shop-a', key))?.state === 'NOT_APPLIED');
    expect((await entryOf('shop-a', key))!.note).toContain('another registration holds it');

    // A retry sends again; the vendor's 409 is the other registration's line, so ours is refused.
    const retried = await register(a, input);
    expect(retried.data!.registerPurchase.userErrors.map((e) => e.code)).toEqual(['ALREADY_REGISTERED']);
    expect(await entryOf('shop-a', key)).toMatchObject({ state: 'REJECTED', attempts: 2 });
    expect(hl.registrations(input.orderNumber, 1).accepted).toBe(1);
  });

  it('a lost reply to a cancellation is settled from the line’s status after the quiet period', async () => {
    const input = await purchase(a);
    expect((await register(a, input)).data!.registerPurchase.userErrors).toEqual([]);
    hl.faults.inject({ route: 'DELETE /purchase/cancel', kind: 'hang', when: 'after', times: 1 });
    const cancel = () =>
      a.post<{ cancelOrderLine: { cancelled: boolean; userErrors: { code: string }[] } }>({
        query: `mutation { cancelOrderLine(input: { orderId: ${input.orderNumber}, orderLineId: 1 }) { cancelled userErrors { code } } }`,
      });
    expect((await cancel()).errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    const key = `order:${input.orderNumber}/line:1`;
    expect((await ledger().find('shop-a', 'HL_CANCEL_ORDER_LINE', key))!.state).toBe('UNKNOWN');
    await waitFor('the cancellation to be reconciled', async () => (await ledger().find('shop-a', 'HL_CANCEL_ORDER_LINE', key))?.state === 'SUCCEEDED');
    expect((await cancel()).data!.cancelOrderLine).toEqual({ cancelled: true, userErrors: [] });
    expect(hl.calls.count('DELETE /purchase/cancel')).toBe(1);
  });

  it('a lost reply to a registration whose order then FAILED at the vendor goes to an operator', async () => {
    const input = await purchase(a);
    const validated = await a.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.failing } });
    input.token = validated.data!.validatePurchase.validationToken!.token;
    hl.faults.inject({ route: REGISTER, kind: 'hang', when: 'after', times: 1 });
    await register(a, input);
    const key = `order:${input.orderNumber}/line:1`;
    await waitFor('the registration to be flagged', async () => (await entryOf('shop-a', key))?.state === 'NEEDS_ATTENTION');
    expect((await entryOf('shop-a', key))!.note).toMatch(/failed at the vendor/);
    expect((await register(a, input)).data!.registerPurchase.userErrors).toEqual([{ code: 'NEEDS_ATTENTION', retryAfterSeconds: null }]);
    expect(hl.calls.count(REGISTER)).toBe(1);
  });

  it('a registration HL Connect refuses for our credentials (401) was not processed: NOT_APPLIED, and a retry sends it', async () => {
    const input = await purchase(a);
    hl.faults.inject({ route: REGISTER, kind: 'status', status: 401, times: 1 });
    expect((await register(a, input)).errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED' });
    const key = `order:${input.orderNumber}/line:1`;
    expect(await entryOf('shop-a', key)).toMatchObject({ state: 'NOT_APPLIED', uncertain: false });
    expect((await register(a, input)).data!.registerPurchase.userErrors).toEqual([]);
    expect(await entryOf('shop-a', key)).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
    expect(hl.registrations(input.orderNumber, 1).accepted).toBe(1);
  });

  it('callers are tenants: the same idempotency key or DDS orderId for two shops never collides, and nobody reads another’s orders', async () => {
    const forA = await purchase(a, { idempotencyKey: 'checkout-1' });
    const forB = await purchase(b, { idempotencyKey: 'checkout-1' });
    expect((await register(a, forA)).data!.registerPurchase.userErrors).toEqual([]);
    expect((await register(b, forB)).data!.registerPurchase.userErrors).toEqual([]);
    expect(hl.calls.count(REGISTER)).toBe(2);
    expect((await entryOf('shop-b', 'checkout-1'))!.input).toMatchObject({ orderNumber: forB.orderNumber });

    const order = ddsOrderInput({ idempotencyKey: 'dds-checkout-1' });
    const placed = await a.execute(PlaceDdsOrderDocument, { input: order });
    expect(placed.data!.placeDdsOrder.userErrors).toEqual([]);
    const read = (client: GraphQLTestClient) =>
      client.post<{ ddsOrder: { orderId: string } | null; purchaseLedger: { edges: { node: { caller: string; idempotencyKey: string } }[] } }>({
        query: 'query ($id: String!) { ddsOrder(orderId: $id) { orderId } purchaseLedger(first: 100) { edges { node { caller idempotencyKey } } } }',
        variables: { id: order.orderId },
      });
    const [byA, byB, byOperator] = await Promise.all([read(a), read(b), read(operator)]);
    expect(byA.data!.ddsOrder).toEqual({ orderId: order.orderId });
    expect(byB.data!.ddsOrder).toBeNull();
    expect(byOperator.data!.ddsOrder).toEqual({ orderId: order.orderId });
    expect(new Set(byA.data!.purchaseLedger.edges.map((e) => e.node.caller))).toEqual(new Set(['shop-a']));
    expect(new Set(byB.data!.purchaseLedger.edges.map((e) => e.node.caller))).toEqual(new Set(['shop-b']));
    expect(new Set(byOperator.data!.purchaseLedger.edges.map((e) => e.node.caller))).toEqual(new Set(['shop-a', 'shop-b']));
  });

  it('an HL order line is its registrant’s: another shop neither reads it (order, node) nor cancels it; an operator reads it', async () => {
    const input = await purchase(a, { customer: 'Alice Private' });
    expect((await register(a, input)).data!.registerPurchase.userErrors).toEqual([]);
    // Another shop's line of the same order number (order numbers are the shops' own).
    const other = await purchase(b, { orderNumber: input.orderNumber, orderLineId: 2, customer: 'Bob Other' });
    expect((await register(b, other)).data!.registerPurchase.userErrors).toEqual([]);
    const read = (client: GraphQLTestClient) =>
      client.post<{ order: { items: { orderLineId: number; customer: string; id: string }[] } | null }>({
        query: 'query ($id: SafeInt!) { order(orderId: $id) { items { id orderLineId customer } } }',
        variables: { id: input.orderNumber },
      });
    const byA = (await read(a)).data!.order!;
    expect(byA.items.map((item) => [item.orderLineId, item.customer])).toEqual([[1, 'Alice Private']]);
    expect((await read(b)).data!.order!.items.map((item) => [item.orderLineId, item.customer])).toEqual([[2, 'Bob Other']]);
    expect((await read(operator)).data!.order!.items.map((item) => item.orderLineId)).toEqual([1, 2]);
    // A third shop (no line of it) sees no order at all, and reads no line by its id.
    const third = a.as(bearer(SHOP_C.key));
    expect((await read(third)).data).toEqual({ order: null });
    const node = await third.post<{ node: unknown }>({ query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id: byA.items[0]!.id } });
    expect(node.data).toEqual({ node: null });

    const cancel = (client: GraphQLTestClient, orderLineId: number) =>
      client.post<{ cancelOrderLine: { userErrors: { code: string }[] } }>({
        query: 'mutation ($input: CancelOrderLineInput!) { cancelOrderLine(input: $input) { userErrors { code } } }',
        variables: { input: { orderId: input.orderNumber, orderLineId } },
      });
    hl.calls.reset();
    expect((await cancel(b, 1)).data!.cancelOrderLine.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect((await cancel(third, 1)).data!.cancelOrderLine.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect(hl.calls.count(CANCEL)).toBe(0);
    expect((await cancel(a, 1)).data!.cancelOrderLine.userErrors).toEqual([]);
    expect(hl.calls.count(CANCEL)).toBe(1);
  });

  it('a registration HL refused (ALREADY_REGISTERED: another shop’s line) gives neither read nor cancel rights to that line', async () => {
    const shopC = a.as(bearer(SHOP_C.key));
    const third = () => shopC;
    const input = await purchase(a, { customer: 'Alice Private' });
    expect((await register(a, input)).data!.registerPurchase.userErrors).toEqual([]);
    // Shop C tries the same order line with a token of its own: HL Connect holds it already.
    const attempt = await purchase(third(), { orderNumber: input.orderNumber, orderLineId: input.orderLineId, customer: 'Mallory' });
    expect((await register(third(), attempt)).data!.registerPurchase.userErrors.map((e) => e.code)).toEqual(['ALREADY_REGISTERED']);

    const read = await third().post<{ order: unknown }>({
      query: 'query ($id: SafeInt!) { order(orderId: $id) { items { orderLineId customer downloadUrl } } }',
      variables: { id: input.orderNumber },
    });
    expect(read.data).toEqual({ order: null });
    hl.calls.reset();
    const cancel = await third().post<{ cancelOrderLine: { cancelled: boolean; userErrors: { code: string }[] } }>({
      query: 'mutation ($input: CancelOrderLineInput!) { cancelOrderLine(input: $input) { cancelled userErrors { code } } }',
      variables: { input: { orderId: input.orderNumber, orderLineId: input.orderLineId } },
    });
    expect(cancel.data!.cancelOrderLine).toEqual({ cancelled: false, userErrors: [{ code: 'NOT_FOUND' }] });
    expect(hl.calls.count(CANCEL)).toBe(0);
  });

  it('an operator resolves a NEEDS_ATTENTION order with resolveLedgerEntry (audited); a shop cannot', async () => {
    const order = ddsOrderInput();
    boknett.faults.inject({ route: DDS_ORDER, kind: 'hang', when: 'after', times: 1 });
    expect((await a.execute(PlaceDdsOrderDocument, { input: order })).errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    const entry = (await entryOf('shop-a', `order:${order.orderId}`, 'DDS_PLACE_ORDER'))!;
    expect(entry.state).toBe('NEEDS_ATTENTION');
    const fulfilmentId = boknett.getOrder(order.orderId)!.fulfilmentId;

    const resolve = (client: GraphQLTestClient, outcome: string) =>
      client.post<{ resolveLedgerEntry: { ledgerEntry: { state: string; note: string } | null; userErrors: { code: string }[] } }>({
        query: `mutation ($input: ResolveLedgerEntryInput!) { resolveLedgerEntry(input: $input) { ledgerEntry { state note } userErrors { code } } }`,
        variables: { input: { entryId: entry.id, outcome, fulfilmentId, note: 'DDS order list shows it' } },
      });
    const byShop = await resolve(a, 'SUCCEEDED');
    expect(byShop.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const resolved = await resolve(operator, 'SUCCEEDED');
    expect(resolved.data!.resolveLedgerEntry).toEqual({
      ledgerEntry: { state: 'SUCCEEDED', note: 'resolved by ops-anna: DDS order list shows it' },
      userErrors: [],
    });
    expect((await resolve(operator, 'NOT_APPLIED')).data!.resolveLedgerEntry.userErrors).toEqual([{ code: 'NOT_RESOLVABLE' }]);
    expect(await ledger().auditTrail(entry.id)).toEqual([expect.objectContaining({ actor: 'ops-anna', fromState: 'NEEDS_ATTENTION', toState: 'SUCCEEDED' })]);

    // The shop's repeat now gets the order, with the fulfilment DDS confirmed; nothing is sent again.
    const again = await a.execute(PlaceDdsOrderDocument, { input: order });
    expect(again.data!.placeDdsOrder.ddsOrder).toMatchObject({ orderId: order.orderId, fulfilmentId });
    expect(boknett.calls.count(DDS_ORDER)).toBe(1);
  });

  it('an operator’s NOT_APPLIED lets the same key be placed again, once', async () => {
    const order = ddsOrderInput();
    boknett.faults.inject({ route: DDS_ORDER, kind: 'hang', times: 1 }); // never reached DDS's order book
    await a.execute(PlaceDdsOrderDocument, { input: order });
    const entry = (await entryOf('shop-a', `order:${order.orderId}`, 'DDS_PLACE_ORDER'))!;
    expect(entry.state).toBe('NEEDS_ATTENTION');
    const res = await operator.post<{ resolveLedgerEntry: { userErrors: unknown[] } }>({
      query: `mutation { resolveLedgerEntry(input: { entryId: ${entry.id}, outcome: NOT_APPLIED, note: "not in DDS's order list" }) { userErrors { code } } }`,
    });
    expect(res.data!.resolveLedgerEntry.userErrors).toEqual([]);
    const placed = await a.execute(PlaceDdsOrderDocument, { input: order });
    expect(placed.data!.placeDdsOrder.userErrors).toEqual([]);
    expect(boknett.calls.count(DDS_ORDER)).toBe(2);
    expect(await entryOf('shop-a', `order:${order.orderId}`, 'DDS_PLACE_ORDER')).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
  });

  it('buyers’ names are erased after the retention period; the record and its fingerprint stay, so a repeat still answers from it', async () => {
    const order = ddsOrderInput({ firstName: 'Sigrid', lastName: 'Undset' });
    expect((await a.execute(PlaceDdsOrderDocument, { input: order })).data!.placeDdsOrder.userErrors).toEqual([]);
    const key = `order:${order.orderId}`;
    await waitFor('the ledger to settle', async () => (await entryOf('shop-a', key, 'DDS_PLACE_ORDER'))?.personalDataErasedAt != null);
    const erased = (await entryOf('shop-a', key, 'DDS_PLACE_ORDER'))!;
    expect(erased.input).toMatchObject({ firstName: null, lastName: null, orderId: order.orderId });
    expect(JSON.stringify(erased)).not.toContain('Undset');
    const again = await a.execute(PlaceDdsOrderDocument, { input: order });
    expect(again.data!.placeDdsOrder.ddsOrder).toMatchObject({ orderId: order.orderId });
    expect(boknett.calls.count(DDS_ORDER)).toBe(1);
  });

  it('the worker of only one replica works an entry: an unknown outcome is read back once', async () => {
    const inputs = await Promise.all([purchase(a), purchase(a), purchase(a)]);
    for (const input of inputs) {
      hl.faults.inject({ route: REGISTER, kind: 'hang', when: 'after', times: 1 });
      await register(a, input);
    }
    for (const input of inputs) await waitFor('the ledger to settle', async () => (await entryOf('shop-a', `order:${input.orderNumber}/line:1`))?.state === 'SUCCEEDED');
    await sleep(300); // a few more rounds of both workers
    expect(hl.calls.count(ORDER_INFO)).toBe(inputs.length);
  });
});

describe('a vendor that cannot be reached', () => {
  it('a registration whose connection was refused never reached HL Connect: NOT_APPLIED, and a retry may send it', async () => {
    const boknett = createBoknettSimulator();
    await boknett.listen(0);
    const hl = createHlConnectSimulator({ processingDelayMs: 0 });
    await hl.listen(0);
    const closedPort = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-refused-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      ...simulatorEnv(hl, boknett),
      HLCONNECT_BASE_URL: `http://127.0.0.1:${closedPort}`,
      API_KEYS: apiKeysEnv([SHOP_A]),
      LEDGER_PATH: join(dataDir, 'ledger.db'),
      UPSTREAM_RETRY_ATTEMPTS: '0',
    });
    const gateway = await createGateway(config, { logger: createLogger('silent') });
    try {
      const client = new GraphQLTestClient(gateway.url, bearer(SHOP_A.key));
      const input = { token: 'any', orderNumber: 79_001, orderLineId: 1, lineItemPrice: '9.50', unitPrice: '9.50', customer: 'Clara Schumann' };
      const res = await client.execute(RegisterPurchaseDocument, { input });
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(await gateway.ledger.find('shop-a', 'HL_REGISTER_PURCHASE', 'order:79001/line:1')).toMatchObject({ state: 'NOT_APPLIED', uncertain: false });
    } finally {
      await gateway.close();
      await hl.close();
      await boknett.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
