import { createServer } from 'node:net';
import { createGateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/server/logger';
import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { OrderStatusDocument, RegisterPurchaseDocument, ValidatePurchaseDocument } from '../generated/operations';
import { TEST_API_KEYS } from '../harness/api-keys';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { GraphQLTestClient } from '../harness/graphql-client';

const ORDER = 7001;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function expectNoLeak(h: Harness, text: string) {
  for (const haystack of [text, h.logs.text]) {
    expect(haystack).not.toContain(h.hl.accessToken);
    expect(haystack).not.toMatch(/\bat [^\s()]+ \([^\s()]+:\d+:\d+\)/); // stack frames
  }
  expect(text).not.toContain('stacktrace');
  expect(text).not.toContain(h.hl.url);
}

describe('HL Connect failures reach the caller as coded upstream errors', () => {
  let h: Harness;

  afterEach(async () => h.close());

  const cases: [string, string, Parameters<Harness['hl']['faults']['inject']>[0]][] = [
    ['a 500', 'UPSTREAM_UNAVAILABLE', { kind: 'status', status: 500 }],
    ['a 503', 'UPSTREAM_UNAVAILABLE', { kind: 'status', status: 503 }],
    ['a 502 without the documented body', 'UPSTREAM_UNAVAILABLE', { kind: 'status', status: 502, body: { oops: true } }],
    ['a connection reset', 'UPSTREAM_UNAVAILABLE', { kind: 'reset' }],
    ['malformed JSON', 'UPSTREAM_BAD_RESPONSE', { kind: 'malformed' }],
    ['JSON of the wrong shape', 'UPSTREAM_BAD_RESPONSE', { kind: 'wrong-shape', status: 200, body: [{ order_id: 'seven' }] }],
    ['an answer over the size cap', 'UPSTREAM_BAD_RESPONSE', { kind: 'oversized', bytes: 200_000 }],
    ['a 418 the contract does not list', 'UPSTREAM_BAD_RESPONSE', { kind: 'status', status: 418 }],
    ['no answer in time', 'UPSTREAM_TIMEOUT', { kind: 'hang', ms: 5_000 }],
  ];

  it.each(cases)('order info: %s → %s', async (_name, code, fault) => {
    h = await startHarness({ env: { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_MAX_RESPONSE_BYTES: '65536' } });
    h.hl.faults.inject({ ...fault, route: 'GET /purchase/info' });
    const res = await h.client.execute(OrderStatusDocument, { orderId: ORDER });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ order: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toEqual({
      message: expect.stringContaining('HL Connect'),
      locations: expect.any(Array),
      path: ['order'],
      extensions: { code, vendor: 'HL_CONNECT' },
    });
    expectNoLeak(h, res.text);
  });

  it('a 401 from the vendor is UPSTREAM_AUTH_FAILED and the token never shows', async () => {
    h = await startHarness();
    // A second gateway, configured with a token the vendor does not accept.
    const wrongToken = 'wrong-token-do-not-leak-3f9a';
    const gateway = await createGateway(
      loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', HLCONNECT_BASE_URL: h.hl.url, HLCONNECT_TOKEN: wrongToken, API_KEYS: TEST_API_KEYS }),
      { logger: createLogger('info', h.logs) },
    );
    try {
      const res = await new GraphQLTestClient(gateway.url).execute(OrderStatusDocument, { orderId: ORDER });
      expect(res.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_AUTH_FAILED', vendor: 'HL_CONNECT' });
      expect(res.text).not.toContain(wrongToken);
      expect(h.logs.text).not.toContain(wrongToken);
    } finally {
      await gateway.close();
    }
  });

  it('a vendor nobody listens on is UPSTREAM_UNAVAILABLE', async () => {
    h = await startHarness({ env: { HLCONNECT_BASE_URL: `http://127.0.0.1:${await closedPort()}` } });
    const res = await h.client.execute(OrderStatusDocument, { orderId: ORDER });
    expect(res.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', vendor: 'HL_CONNECT' });
    expectNoLeak(h, res.text);
  });

  it('mutations fail the same way, with the payload left null', async () => {
    h = await startHarness();
    h.hl.faults.inject({ kind: 'status', status: 500, route: 'POST /purchase/validate-purchase-before-payment' });
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1 } });
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', vendor: 'HL_CONNECT' });
    expect(res.errors![0]!.path).toEqual(['validatePurchase']);
  });

  it.each([
    ['past any date', 99_999_999_999_999],
    ['not whole seconds', 1_900_000_000.5],
    ['before 1970', -5],
  ])('a validation token whose exp_date is %s is UPSTREAM_BAD_RESPONSE, in validatePurchase and prepareCheckout alike', async (_name, expDate) => {
    h = await startHarness();
    const route = 'POST /purchase/validate-purchase-before-payment';
    h.hl.faults.inject({ kind: 'status', status: 200, body: { token: 'tok', exp_date: expDate }, route, times: 2 });
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1 } });
    expect(res.errors!.map((e) => e.extensions)).toEqual([{ code: 'UPSTREAM_BAD_RESPONSE', vendor: 'HL_CONNECT' }]);
    const prepared = await h.client.post({
      query: 'mutation($input: PrepareCheckoutInput!) { prepareCheckout(input: $input) { checkout { id } userErrors { code } } }',
      variables: {
        input: {
          idempotencyKey: `exp-date-${expDate}`,
          buyer: { firstName: 'Clara', lastName: 'Schumann' },
          lines: [{ hl: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1, unitPrice: '5.99', lineItemPrice: '5.99' } }],
        },
      },
    });
    expect(prepared.errors?.map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(prepared.errors ?? prepared.data)).toMatch(/UPSTREAM_BAD_RESPONSE/);
  });

  it('a register whose answer is lost is not re-sent by the gateway', async () => {
    h = await startHarness({ env: { UPSTREAM_TIMEOUT_MS: '300' } });
    const validated = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1 } });
    h.hl.faults.inject({ kind: 'reset', when: 'after', route: 'POST /purchase/register', times: 1 });
    const res = await h.client.execute(RegisterPurchaseDocument, {
      input: {
        token: validated.data!.validatePurchase.validationToken!.token,
        orderNumber: ORDER,
        orderLineId: 1,
        lineItemPrice: '1.00',
        unitPrice: '1.00',
        customer: 'Ada',
      },
    });
    expect(res.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', vendor: 'HL_CONNECT', outcome: 'UNKNOWN' });
    expect(res.errors![0]!.message).toContain('ask again with the same idempotency key');
    expect(h.hl.calls.count('POST /purchase/register')).toBe(1);
    // The vendor did act: the order exists.
    const order = await h.client.execute(OrderStatusDocument, { orderId: ORDER });
    expect(order.data!.order!.status).toBe('COMPLETED');
  });

  it('keeps serving after every kind of failure', async () => {
    h = await startHarness({ env: { UPSTREAM_TIMEOUT_MS: '300' } });
    for (const [, , fault] of cases) {
      h.hl.faults.inject({ ...fault, route: 'GET /purchase/info', times: 1 } as typeof fault);
      await h.client.execute(OrderStatusDocument, { orderId: ORDER });
    }
    const res = await h.client.execute(OrderStatusDocument, { orderId: 999_998 });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ order: null });
  });
});
