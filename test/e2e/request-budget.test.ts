import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { seedHlConnect } from '../../bench/seed';
import { PlaceDdsOrderDocument } from '../generated/operations';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { startHarness, type Harness } from '../harness/gateway-harness';

type GraphQLError = { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> };

const codesOf = (errors: GraphQLError[] | undefined) => [...new Set((errors ?? []).map((e) => e.extensions?.code))];

async function placeDdsOrders(h: Harness, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const input = ddsOrderInput();
    const res = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(res.data!.placeDdsOrder.ddsOrder).not.toBeNull();
    ids.push(input.orderId);
  }
  return ids;
}

describe('per-request budget of vendor calls (MAX_QUERY_COST, counted as the operation runs)', () => {
  describe('HL Connect: lines beyond the expected five', () => {
    let h: Harness;
    const twenty = (from: number) => Array.from({ length: 45 }, (_, i) => from + i);

    beforeAll(async () => {
      // Defaults: MAX_QUERY_COST 1000, MAX_ORDER_IDS 50. Links are not inlined: each is a call.
      h = await startHarness({ hlconnect: { inlineUrls: false } });
      const orders = [...twenty(8001), ...twenty(9001)].map((orderNumber) => ({ orderNumber, lines: 20 }));
      // Ten orders (200 registrations) at a time: 1,800 at once can meet connection resets on a loaded machine.
      for (let i = 0; i < orders.length; i += 10) {
        await seedHlConnect({ url: h.hl.url, token: h.hl.accessToken }, { orders: orders.slice(i, i + 10), assetId: HL_SIMULATOR_ASSETS.standard, customerIp: '192.0.2.10' });
      }
    });
    afterAll(async () => h.close());

    it('two lists of 45 orders of 20 lines (estimated 990, 3,690 calls unbounded) make 1,000 calls, and the rest fail QUERY_BUDGET_EXCEEDED', async () => {
      h.hl.calls.reset();
      const links = '{ orderId items { orderLineId downloadUrl viewUrl } }';
      const res = await h.client.post<{ a: unknown[]; b: unknown[] }>({
        query: `{ a: orders(orderIds: [${twenty(8001).join(',')}]) ${links} b: orders(orderIds: [${twenty(9001).join(',')}]) ${links} }`,
      });
      expect(res.status).toBe(200);
      expect(h.hl.calls.total()).toBe(1_000);
      expect(codesOf(res.errors)).toEqual(['QUERY_BUDGET_EXCEEDED']);
      expect(res.errors![0]!.extensions).toEqual({ code: 'QUERY_BUDGET_EXCEEDED', vendor: 'HL_CONNECT' });
      // What fit in the budget was answered.
      expect(res.data!.a.length + res.data!.b.length).toBe(90);
      expect(res.text).toMatch(/"downloadUrl":"http/);
      expect(h.logs.text).not.toMatch(/"level":(40|50)[^\n]*QUERY_BUDGET/);

      // The next request has a budget of its own.
      h.hl.calls.reset();
      const next = await h.client.post({ query: '{ order(orderId: 8001) { orderId status } }' });
      expect(next.errors).toBeUndefined();
      expect(h.hl.calls.total()).toBe(1);
    });
  });

  describe('Boknett DDS: download polling', () => {
    let h: Harness;

    afterEach(async () => h.close());

    it('ten downloads that keep polling (estimated 51) stop at the budget: 60 calls, then QUERY_BUDGET_EXCEEDED', async () => {
      h = await startHarness({
        boknett: { downloadProcessingMs: 600_000 },
        env: { MAX_QUERY_COST: '60', BOKNETT_DOWNLOAD_POLL_INTERVAL_MS: '10', BOKNETT_DOWNLOAD_POLL_TIMEOUT_MS: '2000' },
      });
      const ids = await placeDdsOrders(h, 10);
      h.boknett.calls.reset();
      const res = await h.client.post({
        query: `{ ddsOrders(orderIds: [${ids.map((id) => `"${id}"`).join(',')}]) { orderId download(type: "application/epub+zip") { status url } } }`,
      });
      expect(res.status).toBe(200);
      expect(h.boknett.calls.total()).toBe(60);
      expect(codesOf(res.errors)).toEqual(['QUERY_BUDGET_EXCEEDED']);
    });
  });
});

describe('per-request deadline (REQUEST_DEADLINE_MS)', () => {
  let h: Harness;

  afterEach(async () => h.close());

  it('cuts a read in flight at the deadline: REQUEST_DEADLINE_EXCEEDED, not re-sent', async () => {
    h = await startHarness({ env: { REQUEST_DEADLINE_MS: '300' } });
    h.hl.faults.inject({ kind: 'hang', ms: 20_000, route: 'GET /purchase/info' });
    const res = await h.client.post({ query: '{ order(orderId: 4242) { status } }' });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toEqual({ code: 'REQUEST_DEADLINE_EXCEEDED', vendor: 'HL_CONNECT' });
    expect(res.errors![0]!.path).toEqual(['order']);
    expect(h.hl.calls.count('GET /purchase/info')).toBe(1);
  });

  it('stops a download’s polling at the deadline, and nothing polls on', async () => {
    h = await startHarness({
      boknett: { downloadProcessingMs: 600_000 },
      env: { REQUEST_DEADLINE_MS: '300', BOKNETT_DOWNLOAD_POLL_INTERVAL_MS: '20', BOKNETT_DOWNLOAD_POLL_TIMEOUT_MS: '10000' },
    });
    const [id] = await placeDdsOrders(h, 1);
    const res = await h.client.post({ query: `{ ddsOrder(orderId: "${id}") { download(type: "application/epub+zip") { status } } }` });
    expect(codesOf(res.errors)).toEqual(['REQUEST_DEADLINE_EXCEEDED']);
    const calls = h.boknett.calls.total();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.boknett.calls.total()).toBe(calls);
  });

  it('lets a mutation already sent finish, and sends no new one past the deadline (NOT_APPLIED)', async () => {
    h = await startHarness({ env: { REQUEST_DEADLINE_MS: '300', UPSTREAM_TIMEOUT_MS: '5000' } });
    // The first order takes longer than the whole request may.
    h.boknett.faults.inject({ kind: 'delay', ms: 800, route: 'POST /order', times: 1 });
    const first = ddsOrderInput();
    const second = ddsOrderInput();
    const res = await h.client.post({
      query: `mutation ($a: PlaceDdsOrderInput!, $b: PlaceDdsOrderInput!) {
        a: placeDdsOrder(input: $a) { ddsOrder { orderId } userErrors { code } }
        b: placeDdsOrder(input: $b) { ddsOrder { orderId } userErrors { code } }
      }`,
      variables: { a: first, b: second },
    });
    // The payload is non-null: b's error nulls the whole answer, so the outcome is read at DDS and in the ledger.
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.path).toEqual(['b']);
    expect(res.errors![0]!.extensions).toEqual({ code: 'REQUEST_DEADLINE_EXCEEDED', vendor: 'BOKNETT_DDS', outcome: 'NOT_APPLIED' });
    expect(h.boknett.getOrder(first.orderId)).toBeDefined();
    expect(h.boknett.getOrder(second.orderId)).toBeUndefined();
    expect(h.boknett.calls.count('POST /order')).toBe(1);
    expect((await h.gateway.ledger.find('test', 'DDS_PLACE_ORDER', `order:${first.orderId}`))?.state).toBe('SUCCEEDED');
    expect((await h.gateway.ledger.find('test', 'DDS_PLACE_ORDER', `order:${second.orderId}`))?.state).toBe('NOT_APPLIED');
  });

  it('stops a DDS order whose login would start past the deadline as REQUEST_DEADLINE_EXCEEDED, not as a DDS fault', async () => {
    h = await startHarness({ env: { REQUEST_DEADLINE_MS: '300', UPSTREAM_TIMEOUT_MS: '5000' } });
    // The HL call takes the whole request's time; the gateway holds no DDS ticket yet.
    h.hl.faults.inject({ kind: 'delay', ms: 800, route: 'POST /purchase/validate-purchase-before-payment', times: 1 });
    const order = ddsOrderInput();
    const res = await h.client.post({
      query: `mutation ($b: PlaceDdsOrderInput!) {
        a: validatePurchase(input: { assetId: ${HL_SIMULATOR_ASSETS.standard} }) { userErrors { code } }
        b: placeDdsOrder(input: $b) { ddsOrder { orderId } userErrors { code } }
      }`,
      variables: { b: order },
    });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.path).toEqual(['b']);
    expect(res.errors![0]!.extensions).toEqual({ code: 'REQUEST_DEADLINE_EXCEEDED', vendor: 'BOKNETT_DDS', outcome: 'NOT_APPLIED' });
    expect(h.boknett.calls.count('POST /order')).toBe(0);
    expect((await h.gateway.ledger.find('test', 'DDS_PLACE_ORDER', `order:${order.orderId}`))?.state).toBe('NOT_APPLIED');
  });
});
