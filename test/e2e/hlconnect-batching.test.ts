import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { OrderAliasesDocument, OrderLinksDocument, OrdersDocument, OrdersWithLinksDocument, RegisterPurchaseDocument, ValidatePurchaseDocument } from '../generated/operations';
import { startHarness, type Harness } from '../harness/gateway-harness';

const INFO = 'GET /purchase/info';
const DOWNLOAD = 'GET /purchase/download-url';
const VIEW = 'GET /purchase/view-url';

describe('batching: one upstream call per distinct order or line in a request', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ hlconnect: { inlineUrls: false, processingDelayMs: 0 } });
    // Order 9001 has three lines, order 9002 one.
    for (const [orderNumber, orderLineId] of [
      [9001, 1],
      [9001, 2],
      [9001, 3],
      [9002, 1],
    ] as const) {
      const validated = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } });
      const registered = await h.client.execute(RegisterPurchaseDocument, {
        input: {
          token: validated.data!.validatePurchase.validationToken!.token,
          orderNumber,
          orderLineId,
          lineItemPrice: '2.00',
          unitPrice: '2.00',
          customer: 'Clara Schumann',
        },
      });
      expect(registered.data!.registerPurchase.userErrors).toEqual([]);
    }
  });
  afterAll(async () => h.close());
  beforeEach(() => {
    h.hl.calls.reset();
    h.hl.setInlineUrls(false);
  });

  it('fetches each line’s links once when the vendor does not inline them', async () => {
    const res = await h.client.execute(OrderLinksDocument, { orderId: 9001 });
    expect(res.errors).toBeUndefined();
    const items = res.data!.order!.items;
    expect(items.map((i) => i.orderLineId)).toEqual([1, 2, 3]);
    for (const item of items) {
      expect(item.downloadUrl).toMatch(/^http/);
      expect(item.viewUrl).toMatch(/^http/);
    }
    expect(h.hl.calls.snapshot()).toEqual({ [INFO]: 1, [DOWNLOAD]: 3, [VIEW]: 3 });
  });

  it('aliases, repeated fields and repeated ids cost nothing extra', async () => {
    const res = await h.client.execute(OrderAliasesDocument, { orderId: 9001 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.list).toHaveLength(2);
    expect(res.data!.again!.items[0]!.alsoDownload).toBe(res.data!.first!.items[0]!.downloadUrl);
    expect(h.hl.calls.snapshot()).toEqual({ [INFO]: 1, [DOWNLOAD]: 3, [VIEW]: 3 });
  });

  it('needs only the info call when the vendor inlines the links', async () => {
    h.hl.setInlineUrls(true);
    const res = await h.client.execute(OrderAliasesDocument, { orderId: 9001 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.first!.items.every((i) => i.downloadUrl && i.viewUrl)).toBe(true);
    expect(h.hl.calls.snapshot()).toEqual({ [INFO]: 1 });
  });

  it('orders keeps the order asked for, one info call per distinct id, null for unknown ids', async () => {
    const res = await h.client.execute(OrdersWithLinksDocument, { orderIds: [9002, 9001, 9002, 777_777, 9001] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.orders.map((o) => o?.orderId ?? null)).toEqual([9002, 9001, 9002, null, 9001]);
    expect(h.hl.calls.snapshot()).toEqual({ [INFO]: 3, [DOWNLOAD]: 4, [VIEW]: 4 });
  });

  it('status-only queries never ask for links', async () => {
    const res = await h.client.execute(OrdersDocument, { orderIds: [9001, 9002] });
    expect(res.data!.orders.map((o) => o!.status)).toEqual(['COMPLETED', 'COMPLETED']);
    expect(h.hl.calls.snapshot()).toEqual({ [INFO]: 2 });
  });

  it('a failure for one id nulls that entry only, with its own error', async () => {
    // The first info call fails with a 500, which is not re-sent (a 503 would be), so exactly one entry errs.
    h.hl.faults.inject({ kind: 'status', status: 500, route: INFO, times: 1 });
    const res = await h.client.execute(OrdersDocument, { orderIds: [9001, 9002] });
    expect(res.errors).toHaveLength(1);
    const failedIndex = res.errors![0]!.path![1] as number;
    expect(res.errors![0]!.path).toEqual(['orders', failedIndex]);
    expect(res.data!.orders[failedIndex]).toBeNull();
    expect(res.data!.orders[1 - failedIndex]!.status).toBe('COMPLETED');
    expect(h.hl.calls.count(INFO)).toBe(2);
  });

  it('a failure answered before the other ids keeps its null entry in place: the list keeps its length', async () => {
    // The first info call to arrive is slow, the second fails at once (a 500 is not re-sent);
    // the calls go out in the order asked, so it is usually the last id that fails first.
    h.hl.faults.inject({ kind: 'delay', ms: 200, route: INFO, times: 1 });
    h.hl.faults.inject({ kind: 'status', status: 500, route: INFO, times: 1 });
    const res = await h.client.execute(OrdersDocument, { orderIds: [9001, 9002] });
    expect(res.data!.orders).toHaveLength(2);
    expect(res.errors).toEqual([expect.objectContaining({ path: ['orders', expect.any(Number)], extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }) })]);
    const failed = res.errors![0]!.path![1] as number;
    expect(res.data!.orders[failed]).toBeNull();
    expect(res.data!.orders[1 - failed]).toMatchObject({ orderId: [9001, 9002][1 - failed], status: 'COMPLETED' });
  });
});
