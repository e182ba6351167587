import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import {
  CancelOrderLineDocument,
  OrderDocument,
  OrderStatusDocument,
  RegisterPurchaseDocument,
  RegisterPurchaseWithOrderDocument,
  ValidatePurchaseDocument,
} from '../generated/operations';
import { startHarness, type Harness } from '../harness/gateway-harness';

describe('HL Connect purchase flow over HTTP', () => {
  let h: Harness;

  afterEach(async () => h.close());

  async function validate(assetId: number, quantity = 1, customerIp?: string) {
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId, quantity, customerIp } });
    expect(res.errors).toBeUndefined();
    return res.data!.validatePurchase;
  }

  async function buy(orderNumber: number, assetId: number = HL_SIMULATOR_ASSETS.standard, orderLineId = 1) {
    const { validationToken } = await validate(assetId);
    const res = await h.client.execute(RegisterPurchaseDocument, {
      input: { token: validationToken!.token, orderNumber, orderLineId, lineItemPrice: '12.50', unitPrice: '12.50', customer: 'Ada Lovelace' },
    });
    expect(res.data!.registerPurchase.userErrors).toEqual([]);
  }

  it('validates a purchase and returns a token with its expiry', async () => {
    h = await startHarness();
    const before = Date.now();
    const payload = await validate(HL_SIMULATOR_ASSETS.standard, 2, '192.0.2.10');
    expect(payload.userErrors).toEqual([]);
    expect(payload.validationToken!.token).toMatch(/\S+/);
    const expiresAt = Date.parse(payload.validationToken!.expiresAt);
    expect(expiresAt).toBeGreaterThan(before + 800_000);
    expect(expiresAt).toBeLessThan(before + 1_000_000);
  });

  it('registers a purchase and follows it from PROCESSING to COMPLETED with links', async () => {
    h = await startHarness({ hlconnect: { processingDelayMs: 300 } });
    await buy(5001);

    const processing = await h.client.execute(OrderStatusDocument, { orderId: 5001 });
    expect(processing.data!.order).toEqual({ orderId: 5001, status: 'PROCESSING', failureMessage: null, items: [] });

    await new Promise((resolve) => setTimeout(resolve, 350));
    const done = await h.client.execute(OrderDocument, { orderId: 5001 });
    expect(done.errors).toBeUndefined();
    const order = done.data!.order!;
    expect(order.status).toBe('COMPLETED');
    expect(order.items).toHaveLength(1);
    expect(order.items[0]).toMatchObject({
      orderId: 5001,
      orderLineId: 1,
      assetId: HL_SIMULATOR_ASSETS.standard,
      customer: 'Ada Lovelace',
      unitPrice: { amount: '12.50', currency: 'USD' },
      lineItemPrice: { amount: '12.50', currency: 'USD' },
      quantity: 1,
      countryCode: 'US',
      status: 'COMPLETED',
      vendorStatus: 'COMPLETED',
    });
    expect(order.items[0]!.downloadUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(order.items[0]!.viewUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(order.items[0]!.viewUrl).not.toBe(order.items[0]!.downloadUrl);
  });

  it('resolves the order of a registerPurchase payload only when selected', async () => {
    h = await startHarness({ hlconnect: { processingDelayMs: 60_000 } });
    await buy(5002);
    expect(h.hl.calls.count('GET /purchase/info')).toBe(0);

    const { validationToken } = await validate(HL_SIMULATOR_ASSETS.standard);
    const res = await h.client.execute(RegisterPurchaseWithOrderDocument, {
      input: { token: validationToken!.token, orderNumber: 5003, orderLineId: 1, lineItemPrice: '3.00', unitPrice: '3.00', customer: 'Bo' },
    });
    // While PROCESSING the vendor lists no lines yet, so the line is null; one info call answers both fields.
    expect(res.data!.registerPurchase).toEqual({ order: { id: expect.any(String), orderId: 5003, status: 'PROCESSING' }, orderItem: null, userErrors: [] });
    expect(h.hl.calls.count('GET /purchase/info')).toBe(1);
  });

  it('reports a failed fulfilment with the vendor’s message', async () => {
    h = await startHarness();
    await buy(5004, HL_SIMULATOR_ASSETS.failing);
    const res = await h.client.execute(OrderStatusDocument, { orderId: 5004 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.order!.status).toBe('FAILED');
    expect(res.data!.order!.failureMessage).toMatch(/\S/);
    expect(res.data!.order!.items).toEqual([]);
  });

  it('returns null for an order the vendor does not know', async () => {
    h = await startHarness();
    const res = await h.client.execute(OrderStatusDocument, { orderId: 999_999 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.order).toBeNull();
  });

  it('cancels an order line and shows the order after the cancellation', async () => {
    h = await startHarness();
    await buy(5005);
    const res = await h.client.execute(CancelOrderLineDocument, { input: { orderId: 5005, orderLineId: 1 } });
    expect(res.errors).toBeUndefined();
    const lineId = res.data!.cancelOrderLine.orderItem!.id;
    expect(res.data!.cancelOrderLine).toEqual({
      cancelled: true,
      orderItem: { id: lineId, orderLineId: 1, status: 'CANCELLED' },
      order: { id: expect.any(String), orderId: 5005, status: 'COMPLETED', items: [{ id: lineId, orderLineId: 1, status: 'CANCELLED' }] },
      userErrors: [],
    });
    expect(h.hl.calls.count('DELETE /purchase/cancel')).toBe(1);
  });

  it('answers a repeated cancellation from the ledger, without a second vendor call', async () => {
    h = await startHarness();
    await buy(5007);
    const first = await h.client.execute(CancelOrderLineDocument, { input: { orderId: 5007, orderLineId: 1 } });
    const again = await h.client.execute(CancelOrderLineDocument, { input: { orderId: 5007, orderLineId: 1 } });
    expect(again.data!.cancelOrderLine).toEqual(first.data!.cancelOrderLine);
    expect(again.data!.cancelOrderLine.cancelled).toBe(true);
    expect(h.hl.calls.count('DELETE /purchase/cancel')).toBe(1);
  });

  it('a second cancellation under another idempotency key reaches the vendor, which says NOT_CANCELLABLE', async () => {
    h = await startHarness();
    await buy(5006);
    await h.client.execute(CancelOrderLineDocument, { input: { orderId: 5006, orderLineId: 1 } });
    const res = await h.client.execute(CancelOrderLineDocument, { input: { orderId: 5006, orderLineId: 1, idempotencyKey: 'second-try' } });
    expect(res.data!.cancelOrderLine.cancelled).toBe(false);
    expect(res.data!.cancelOrderLine.order).toBeNull();
    expect(res.data!.cancelOrderLine.orderItem).toBeNull();
    expect(res.data!.cancelOrderLine.userErrors).toEqual([{ code: 'NOT_CANCELLABLE', message: expect.stringMatching(/cancellable/i), field: null }]);
  });

  it('refuses to cancel an unknown line with NOT_FOUND', async () => {
    h = await startHarness();
    const res = await h.client.execute(CancelOrderLineDocument, { input: { orderId: 424242, orderLineId: 1 } });
    expect(res.data!.cancelOrderLine.cancelled).toBe(false);
    expect(res.data!.cancelOrderLine.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  });
});
