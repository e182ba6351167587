import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { PlaceDdsOrderDocument, RegisterPurchaseDocument, ValidatePurchaseDocument, type RegisterPurchaseInput } from '../generated/operations';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { startHarness, type Harness } from '../harness/gateway-harness';

const REGISTER = 'POST /purchase/register';
const DDS_ORDER = 'POST /order';

describe('the purchase ledger makes vendor mutations idempotent', () => {
  let h: Harness;
  let orderNumber = 20_000;

  beforeAll(async () => {
    h = await startHarness({ env: { UPSTREAM_TIMEOUT_MS: '400', UPSTREAM_CONNECT_TIMEOUT_MS: '400', LEDGER_LEASE_MS: '5000', LEDGER_POLL_MS: '10' } });
  });
  afterAll(async () => h.close());
  beforeEach(() => {
    h.hl.calls.reset();
    h.boknett.calls.reset();
    h.hl.faults.clear();
    h.boknett.faults.clear();
  });

  async function token(): Promise<string> {
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } });
    return res.data!.validatePurchase.validationToken!.token;
  }

  async function purchase(overrides: Partial<RegisterPurchaseInput> = {}): Promise<RegisterPurchaseInput> {
    orderNumber += 1;
    return { token: await token(), orderNumber, orderLineId: 1, lineItemPrice: '9.50', unitPrice: '9.50', customer: 'Fanny Mendelssohn', ...overrides };
  }

  const register = (input: RegisterPurchaseInput) => h.client.execute(RegisterPurchaseDocument, { input });
  const entries = async () => (await h.gateway.ledger.list({ first: 100 })).entries;
  const entryFor = async (key: string) => (await entries()).find((e) => e.idempotencyKey === key);

  it('answers a repeated registration from the record, even with a fresh token', async () => {
    const input = await purchase();
    expect((await register(input)).data!.registerPurchase.userErrors).toEqual([]);
    const again = await register({ ...input, token: await token() });
    expect(again.data!.registerPurchase.userErrors).toEqual([]);
    expect(h.hl.calls.count(REGISTER)).toBe(1);
    expect(await entryFor(`order:${input.orderNumber}/line:1`)).toMatchObject({ state: 'SUCCEEDED', attempts: 1 });
  });

  it('refuses the same key for a different purchase with IDEMPOTENCY_CONFLICT, sending nothing', async () => {
    const input = await purchase({ idempotencyKey: `conflict-${orderNumber}` });
    await register(input);
    const other = await register({ ...input, lineItemPrice: '1.00' });
    expect(other.data!.registerPurchase.userErrors).toEqual([{ code: 'IDEMPOTENCY_CONFLICT', message: expect.stringContaining(input.idempotencyKey!), field: null }]);
    expect(h.hl.calls.count(REGISTER)).toBe(1);
  });

  it('sends twenty concurrent identical registrations once, and answers all of them alike', async () => {
    const input = await purchase();
    h.hl.faults.inject({ route: REGISTER, kind: 'delay', ms: 200, times: 1 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => register(input)));
    expect(h.hl.calls.count(REGISTER)).toBe(1);
    for (const answer of answers) expect(answer.data).toEqual({ registerPurchase: { userErrors: [] } });
  });

  it('records a refusal, repeats it for the identical request, and lets a fresh token try again', async () => {
    const input = await purchase({ token: 'expired-or-unknown' });
    const refused = await register(input);
    expect(refused.data!.registerPurchase.userErrors.map((e) => e.code)).toEqual(['INVALID_TOKEN']);
    expect((await register(input)).data!.registerPurchase.userErrors.map((e) => e.code)).toEqual(['INVALID_TOKEN']);
    expect(h.hl.calls.count(REGISTER)).toBe(1);

    const retried = await register({ ...input, token: await token() });
    expect(retried.data!.registerPurchase.userErrors).toEqual([]);
    expect(h.hl.calls.count(REGISTER)).toBe(2);
    expect(await entryFor(`order:${input.orderNumber}/line:1`)).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
  });

  it('a key refused before is still a conflict for a different purchase: nothing is sent, and the refused one stays as it was', async () => {
    const key = `refused-then-other-${orderNumber}`;
    const refusedInput = await purchase({ token: 'expired-or-unknown', idempotencyKey: key });
    expect((await register(refusedInput)).data!.registerPurchase.userErrors.map((e) => e.code)).toEqual(['INVALID_TOKEN']);
    const other = await register(await purchase({ idempotencyKey: key }));
    expect(other.data!.registerPurchase.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_CONFLICT']);
    expect(h.hl.calls.count(REGISTER)).toBe(1);
    expect(await entryFor(key)).toMatchObject({ state: 'REJECTED', attempts: 1, subject: `${refusedInput.orderNumber}/1` });

    const ddsKey = `dds-refused-then-other-${orderNumber}`;
    const refusedOrder = ddsOrderInput({ resid: 'no-such-product', idempotencyKey: ddsKey });
    expect((await h.client.execute(PlaceDdsOrderDocument, { input: refusedOrder })).data!.placeDdsOrder.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const otherOrder = await h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput({ idempotencyKey: ddsKey }) });
    expect(otherOrder.data!.placeDdsOrder.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_CONFLICT']);
    expect(h.boknett.calls.count(DDS_ORDER)).toBe(1);
    expect(await entryFor(ddsKey)).toMatchObject({ state: 'REJECTED', subject: refusedOrder.orderId });
  });

  it('a DDS order whose answer was lost needs an operator; repeating it sends nothing', async () => {
    const input = ddsOrderInput();
    h.boknett.faults.inject({ route: DDS_ORDER, kind: 'hang', when: 'after', times: 1 });
    const lost = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(lost.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', vendor: 'BOKNETT_DDS', outcome: 'NEEDS_ATTENTION' });
    const again = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(again.data!.placeDdsOrder.userErrors.map((e) => e.code)).toEqual(['NEEDS_ATTENTION']);
    expect(h.boknett.calls.count(DDS_ORDER)).toBe(1);
    expect(await entryFor(`order:${input.orderId}`)).toMatchObject({ state: 'NEEDS_ATTENTION' });
  });

  it('reads DDS orders back from the ledger, a whole batch in one SQL statement', async () => {
    const inputs = [ddsOrderInput(), ddsOrderInput(), ddsOrderInput()];
    for (const input of inputs) await h.client.execute(PlaceDdsOrderDocument, { input });
    const ids = [inputs[2]!.orderId, 'never-placed', inputs[0]!.orderId, inputs[1]!.orderId, inputs[0]!.orderId];
    const before = h.gateway.ledger.statements;
    const res = await h.client.post<{ ddsOrders: ({ orderId: string; fulfilmentId: string; priceOre: number } | null)[] }>({
      query: 'query ($ids: [String!]!) { ddsOrders(orderIds: $ids) { orderId fulfilmentId priceOre } }',
      variables: { ids },
    });
    expect(h.gateway.ledger.statements - before).toBe(1);
    expect(res.data!.ddsOrders.map((o) => o?.orderId ?? null)).toEqual([ids[0], null, ids[2], ids[3], ids[4]]);
    for (const order of res.data!.ddsOrders.filter(Boolean)) expect(order!.fulfilmentId).toMatch(/^[0-9a-f-]{36}$/);

    const one = await h.client.post<{ ddsOrder: { orderId: string; priceOre: number } | null }>({
      query: 'query ($id: String!) { ddsOrder(orderId: $id) { orderId priceOre } }',
      variables: { id: inputs[1]!.orderId },
    });
    expect(one.data!.ddsOrder).toEqual({ orderId: inputs[1]!.orderId, priceOre: 18_900 });
  });

  it('never stores a token or credential; names only where the purchase needs them', async () => {
    const input = await purchase();
    await register(input);
    const dds = ddsOrderInput();
    await h.client.execute(PlaceDdsOrderDocument, { input: dds });
    const stored = JSON.stringify(await entries());
    expect(stored).not.toContain(input.token);
    expect(stored).not.toContain(h.hl.accessToken);
    expect(stored).not.toContain(h.boknett.credentials.password);
    expect(stored).not.toMatch(/TGT-/);
    const hlEntry = await entryFor(`order:${input.orderNumber}/line:1`);
    expect(hlEntry!.input).toMatchObject({ customer: 'Fanny Mendelssohn' });
    const ddsEntry = await entryFor(`order:${dds.orderId}`);
    expect(ddsEntry!.input).toMatchObject({ firstName: null, lastName: null });
  });

  it('lets operators page through the ledger by state', async () => {
    const res = await h.client.post<{
      purchaseLedger: { edges: { node: { state: string; operation: string; idempotencyKey: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    }>({ query: '{ purchaseLedger(state: NEEDS_ATTENTION, first: 5) { edges { node { state operation idempotencyKey } } pageInfo { hasNextPage endCursor } } }' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.purchaseLedger.edges.length).toBeGreaterThan(0);
    for (const { node } of res.data!.purchaseLedger.edges) expect(node).toMatchObject({ state: 'NEEDS_ATTENTION', operation: 'DDS_PLACE_ORDER' });

    const all = await h.client.post<{ purchaseLedger: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>({
      query: '{ purchaseLedger(first: 2) { edges { cursor } pageInfo { hasNextPage endCursor } } }',
    });
    expect(all.data!.purchaseLedger.edges).toHaveLength(2);
    expect(all.data!.purchaseLedger.pageInfo.hasNextPage).toBe(true);
    const next = await h.client.post<{ purchaseLedger: { edges: { node: { entryId: number } }[] } }>({
      query: 'query ($after: String) { purchaseLedger(first: 2, after: $after) { edges { node { entryId } } } }',
      variables: { after: all.data!.purchaseLedger.pageInfo.endCursor },
    });
    expect(next.data!.purchaseLedger.edges).toHaveLength(2);
  });
});

describe('the ledger keeps a long call’s lease alive', () => {
  let h: Harness;

  afterEach(async () => h.close());

  it('a DDS order that needs a second login and outlasts one lease is recorded as placed, not flagged', async () => {
    h = await startHarness({
      env: {
        UPSTREAM_CONNECT_TIMEOUT_MS: '100',
        UPSTREAM_TIMEOUT_MS: '1500',
        LEDGER_LEASE_MS: '3200',
        LEDGER_RECONCILE_AFTER_MS: '100',
        LEDGER_RECONCILE_INTERVAL_MS: '100',
      },
    });
    await h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
    h.boknett.revokeAllTickets();
    // 401, a slow login, then a slow order: longer than one lease.
    h.boknett.faults.inject({ route: DDS_ORDER, kind: 'delay', ms: 1_200, times: 2 });
    h.boknett.faults.inject({ route: 'POST /v1/tickets', kind: 'delay', ms: 1_200, times: 1 });
    const input = ddsOrderInput();
    const placed = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(placed.errors).toBeUndefined();
    expect(placed.data!.placeDdsOrder.userErrors).toEqual([]);

    const entry = await h.gateway.ledger.find('test', 'DDS_PLACE_ORDER', `order:${input.orderId}`);
    expect(entry).toMatchObject({ state: 'SUCCEEDED', result: { fulfilmentId: placed.data!.placeDdsOrder.ddsOrder!.fulfilmentId } });
    const again = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(again.data!.placeDdsOrder.ddsOrder!.fulfilmentId).toBe(placed.data!.placeDdsOrder.ddsOrder!.fulfilmentId);
  });
});
