import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { CancelOrderLineDocument, OrderStatusDocument, OrdersDocument, RegisterPurchaseDocument, ValidatePurchaseDocument } from '../generated/operations';
import { startHarness, type Harness } from '../harness/gateway-harness';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

describe('input is checked before any vendor call', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ env: { MAX_ORDER_IDS: '5' } });
  });
  afterAll(async () => h.close());
  beforeEach(() => h.hl.calls.reset());
  afterEach(() => expect(h.hl.calls.total()).toBe(0));

  it('validatePurchase reports every bad field at once', async () => {
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: 0, quantity: 0, customerIp: '999.1.1.1' } });
    expect(res.data!.validatePurchase).toEqual({
      validationToken: null,
      userErrors: [
        { code: 'INVALID_INPUT', message: expect.any(String), field: ['input', 'assetId'] },
        { code: 'INVALID_INPUT', message: expect.any(String), field: ['input', 'quantity'] },
        { code: 'INVALID_INPUT', message: expect.any(String), field: ['input', 'customerIp'] },
      ],
    });
  });

  it('registerPurchase reports every bad field, parts included', async () => {
    const res = await h.client.execute(RegisterPurchaseDocument, {
      input: {
        token: ' ',
        orderNumber: -4,
        orderLineId: 0,
        lineItemPrice: '-0.01',
        unitPrice: '-1',
        customer: '   ',
        parts: [{ assetId: 0, orderLineId: 2 }],
      },
    });
    expect(res.data!.registerPurchase.userErrors.map((e) => e.field)).toEqual([
      ['input', 'token'],
      ['input', 'orderNumber'],
      ['input', 'orderLineId'],
      ['input', 'lineItemPrice'],
      ['input', 'unitPrice'],
      ['input', 'customer'],
      ['input', 'parts', '0', 'assetId'],
    ]);
    expect(res.data!.registerPurchase.userErrors.every((e) => e.code === 'INVALID_INPUT')).toBe(true);
  });

  it('cancelOrderLine refuses ids below 1', async () => {
    const res = await h.client.execute(CancelOrderLineDocument, { input: { orderId: 0, orderLineId: -1 } });
    expect(res.data!.cancelOrderLine.cancelled).toBe(false);
    expect(res.data!.cancelOrderLine.userErrors.map((e) => e.field)).toEqual([
      ['input', 'orderId'],
      ['input', 'orderLineId'],
    ]);
  });

  it('ids above 2^53-1 are refused by the SafeInt scalar', async () => {
    const res = await h.client.post({
      query: 'mutation { cancelOrderLine(input: { orderId: 9007199254740993, orderLineId: 1 }) { cancelled } }',
    });
    // GraphQL request errors answered as plain application/json: 200 (GraphQL over HTTP).
    expect(res.status).toBe(200);
    expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const viaVariables = await h.client.execute(OrderStatusDocument, { orderId: MAX_SAFE + 2 });
    expect(viaVariables.status).toBe(200);
    expect(viaVariables.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('prices are exact decimal strings: other text and JSON or GraphQL numbers are refused by the Decimal scalar', async () => {
    for (const price of ['"NaN"', '"1e3"', '" 1.00"', '4.99', '5']) {
      const res = await h.client.post({
        query: `mutation { registerPurchase(input: { token: "t", orderNumber: 1, orderLineId: 1, lineItemPrice: ${price}, unitPrice: "1.00", customer: "A" }) { userErrors { code } } }`,
      });
      // Asked as plain application/json: request errors answer 200 (GraphQL over HTTP).
      expect(res.status).toBe(200);
      expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const viaVariables = await h.client.post({
      query:
        'mutation ($price: Decimal!) { registerPurchase(input: { token: "t", orderNumber: 1, orderLineId: 1, lineItemPrice: $price, unitPrice: "1.00", customer: "A" }) { userErrors { code } } }',
      variables: { price: 4.99 },
    });
    expect(viaVariables.status).toBe(200);
    expect(viaVariables.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('prices take at most 2 decimals (HL Connect’s precision): more is refused, never rounded, before any vendor call', async () => {
    const res = await h.client.execute(RegisterPurchaseDocument, {
      input: { token: 't', orderNumber: 1, orderLineId: 1, lineItemPrice: '4.995', unitPrice: '4.990', customer: 'Ada' },
    });
    expect(res.data!.registerPurchase.userErrors).toEqual([
      { code: 'INVALID_INPUT', message: 'lineItemPrice must be an amount of at least 0 with at most 2 decimals', field: ['input', 'lineItemPrice'] },
      { code: 'INVALID_INPUT', message: 'unitPrice must be an amount of at least 0 with at most 2 decimals', field: ['input', 'unitPrice'] },
    ]);
    expect(h.hl.calls.count('POST /purchase/register')).toBe(0);
  });

  it('orders refuses more ids than MAX_ORDER_IDS, and ids below 1', async () => {
    const tooMany = await h.client.execute(OrdersDocument, { orderIds: [1, 2, 3, 4, 5, 6] });
    expect(tooMany.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'orderIds' });
    expect(tooMany.errors![0]!.message).toContain('at most 5');
    const belowOne = await h.client.execute(OrdersDocument, { orderIds: [1, 0] });
    expect(belowOne.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('order refuses an id below 1', async () => {
    const res = await h.client.execute(OrderStatusDocument, { orderId: 0 });
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'orderId' });
  });
});

describe('vendor refusals become userErrors with stable codes and the vendor’s message', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  async function token(assetId: number = HL_SIMULATOR_ASSETS.standard) {
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId } });
    return res.data!.validatePurchase.validationToken!.token;
  }

  const register = (tokenValue: string, orderNumber: number, idempotencyKey?: string) =>
    h.client.execute(RegisterPurchaseDocument, {
      input: { token: tokenValue, orderNumber, orderLineId: 1, lineItemPrice: '1.00', unitPrice: '1.00', customer: 'Ada', idempotencyKey },
    });

  it('an unknown asset is NOT_FOUND', async () => {
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: 424_242 } });
    expect(res.data!.validatePurchase.userErrors).toEqual([{ code: 'NOT_FOUND', message: expect.stringMatching(/\S/), field: null }]);
  });

  it('a region-locked asset from a buyer elsewhere is PURCHASE_NOT_ALLOWED', async () => {
    const res = await h.client.execute(ValidatePurchaseDocument, {
      input: { assetId: HL_SIMULATOR_ASSETS.regionLocked, customerIp: '198.51.100.7' },
    });
    expect(res.data!.validatePurchase.userErrors).toEqual([{ code: 'PURCHASE_NOT_ALLOWED', message: expect.stringContaining('GB'), field: null }]);
  });

  it('the caller’s own address is the buyer IP when none is given', async () => {
    // The test client connects from 127.0.0.1, which the simulator places in the US.
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.regionLocked } });
    expect(res.data!.validatePurchase.userErrors).toEqual([]);
  });

  it('below the minimum quantity is PURCHASE_NOT_ALLOWED', async () => {
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.choral, quantity: 2 } });
    expect(res.data!.validatePurchase.userErrors).toEqual([{ code: 'PURCHASE_NOT_ALLOWED', message: expect.stringContaining('10'), field: null }]);
  });

  it('an unknown token is INVALID_TOKEN', async () => {
    const res = await register('no-such-token', 8001);
    expect(res.data!.registerPurchase.userErrors).toEqual([{ code: 'INVALID_TOKEN', message: expect.stringMatching(/\S/), field: null }]);
  });

  it('a second registration of the same line under another idempotency key is ALREADY_REGISTERED', async () => {
    expect((await register(await token(), 8002)).data!.registerPurchase.userErrors).toEqual([]);
    const again = await register(await token(), 8002, 'another-key');
    expect(again.data!.registerPurchase.userErrors).toEqual([{ code: 'ALREADY_REGISTERED', message: expect.stringMatching(/\S/), field: null }]);
  });
});
