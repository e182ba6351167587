import { setTimeout as sleep } from 'node:timers/promises';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { SignJWT } from 'jose';
import { request } from 'undici';
import { OrderDocument, OrderStatusDocument, OrderUpdatedDocument, OrderUpdatedStatusDocument } from '../generated/operations';
import { apiKeysEnv, TEST_API_KEY, TEST_API_KEY_ENTRY, type TestApiKey } from '../harness/api-keys';
import { waitFor } from '../harness/gateway-process';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { registerHlLine } from '../harness/hl-fixtures';
import { startJwksServer, type JwksServer } from '../harness/jwks-server';
import { rawRequest } from '../harness/raw-http';
import { SubscriptionTestClient } from '../harness/subscription-client';

jest.setTimeout(60_000);

const INFO = 'GET /purchase/info';
/** How long the HL Connect simulator keeps a line PROCESSING, on its own clock (moved by `fulfil`). */
const PROCESSING_MS = 60_000;
const INTERVAL_MS = 100;

const CATALOG: TestApiKey = { name: 'catalog-only', key: 'catalog-key-91aa0e3b5c7d2f48', scopes: ['catalog:read'] };

/** The simulator's clock: real time plus what the test moved it on by. */
function vendorClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, fulfil: () => void (offset += PROCESSING_MS) };
}

async function gauge(h: Harness, name: string): Promise<number | undefined> {
  const res = await request(`${h.gateway.metricsUrl}/metrics`);
  const text = await res.body.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

function subscriptionLogLines(h: Harness): Record<string, unknown>[] {
  return h.logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'graphql subscription');
}

function untilGauge(h: Harness, name: string, value: number) {
  return waitFor(`${name} to be ${value}`, async () => (await gauge(h, name)) === value);
}

describe('orderUpdated over graphql-ws', () => {
  let h: Harness;
  let clock: ReturnType<typeof vendorClock>;
  const clients: SubscriptionTestClient[] = [];
  const connect = (params?: Record<string, unknown>) => {
    const client = new SubscriptionTestClient(h.gateway.url, params ? { connectionParams: params } : {});
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    clock = vendorClock();
    h = await startHarness({
      hlconnect: { processingDelayMs: PROCESSING_MS, now: clock.now },
      env: { SUBSCRIPTION_POLL_INTERVAL_MS: String(INTERVAL_MS), API_KEYS: apiKeysEnv([TEST_API_KEY_ENTRY, CATALOG]) },
    });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sends the current state, then one event per change, and completes once fulfilment is over', async () => {
    await registerHlLine(h.client, { orderNumber: 7101, orderLineId: 1 });
    await registerHlLine(h.client, { orderNumber: 7101, orderLineId: 2 });
    const sub = connect().subscribe(OrderUpdatedDocument, { orderId: 7101 });
    const [first] = await sub.eventCount(1);
    expect(first).toEqual({ data: { orderUpdated: expect.objectContaining({ orderId: 7101, status: 'PROCESSING', items: [] }) } });

    // Several polls see the same PROCESSING state: nothing is sent for them.
    h.hl.calls.reset();
    await waitFor('three more polls', () => h.hl.calls.count(INFO) >= 3);
    expect(sub.events).toHaveLength(1);

    clock.fulfil();
    expect(await sub.ended).toEqual({ kind: 'complete' });
    expect(sub.events).toHaveLength(2);
    const completed = sub.events[1]!.data!.orderUpdated;
    expect(completed).toMatchObject({ orderId: 7101, status: 'COMPLETED', failureMessage: null });
    expect(completed.items.map((item) => [item.orderLineId, item.status])).toEqual([
      [1, 'COMPLETED'],
      [2, 'COMPLETED'],
    ]);
    for (const item of completed.items) {
      expect(item.downloadUrl).toContain(`${h.hl.url}/files/7101/${item.orderLineId}/`);
      expect(item.viewUrl).toContain(`${h.hl.url}/viewer/7101/${item.orderLineId}`);
    }

    // The same Order as the `order` query answers (links are signed afresh on every read, so compared by place).
    const queried = (await h.client.execute(OrderDocument, { orderId: 7101 })).data!.order!;
    expect(completed).toEqual({
      id: queried.id,
      orderId: queried.orderId,
      status: queried.status,
      failureMessage: queried.failureMessage,
      items: queried.items.map(({ id, orderLineId, status }) => ({ id, orderLineId, status, downloadUrl: expect.any(String), viewUrl: expect.any(String) })),
    });

    // One log line for the subscription, as for an HTTP operation: no variables, no answers.
    const line = subscriptionLogLines(h).find((entry) => entry.operation === 'OrderUpdated' && entry.outcome === 'complete');
    expect(line).toMatchObject({ caller: 'test', operationType: 'subscription', events: 2, durationMs: expect.any(Number), requestId: expect.any(String) });
    expect(Object.keys(line!).sort()).toEqual(['caller', 'durationMs', 'events', 'level', 'msg', 'operation', 'operationType', 'outcome', 'requestId', 'service', 'time'].sort());
  });

  it('completes at once for an order whose fulfilment is already over, after one read', async () => {
    await registerHlLine(h.client, { orderNumber: 7102, orderLineId: 1 });
    clock.fulfil();
    h.hl.calls.reset();
    const sub = connect().subscribe(OrderUpdatedStatusDocument, { orderId: 7102 });
    expect(await sub.ended).toEqual({ kind: 'complete' });
    expect(sub.events).toEqual([{ data: { orderUpdated: { orderId: 7102, status: 'COMPLETED' } } }]);
    expect(h.hl.calls.count(INFO)).toBe(1);
  });

  it('fetches links the vendor did not inline once per event, for all its subscribers', async () => {
    await registerHlLine(h.client, { orderNumber: 7104, orderLineId: 1 });
    clock.fulfil();
    h.hl.setInlineUrls(false);
    try {
      h.hl.calls.reset();
      // The read is slow, so that all three join its loop before it ends with the final state.
      h.hl.faults.inject({ route: INFO, kind: 'delay', ms: 300, times: 1 });
      const client = connect();
      const subs = [1, 2, 3].map(() => client.subscribe(OrderUpdatedDocument, { orderId: 7104 }));
      const ends = await Promise.all(subs.map((sub) => sub.ended));
      expect(ends).toEqual([1, 2, 3].map(() => ({ kind: 'complete' })));
      for (const sub of subs) {
        expect(sub.events).toHaveLength(1);
        expect(sub.events[0]!.data!.orderUpdated.items).toEqual([
          expect.objectContaining({ downloadUrl: expect.stringContaining('/files/7104/1/'), viewUrl: expect.stringContaining('/viewer/7104/1') }),
        ]);
      }
      expect(h.hl.calls.count(INFO)).toBe(1);
      expect(h.hl.calls.count('GET /purchase/download-url')).toBe(1);
      expect(h.hl.calls.count('GET /purchase/view-url')).toBe(1);
    } finally {
      h.hl.setInlineUrls(true);
    }
  });

  it('a failed read sends nothing: the loop reads again at the next interval', async () => {
    await registerHlLine(h.client, { orderNumber: 7105, orderLineId: 1 });
    h.hl.calls.reset();
    // A 500 is not re-sent by the vendor client: the loop's first read fails.
    h.hl.faults.inject({ kind: 'status', status: 500, route: INFO, times: 1 });
    const sub = connect().subscribe(OrderUpdatedStatusDocument, { orderId: 7105 });
    const [first] = await sub.eventCount(1);
    expect(first).toEqual({ data: { orderUpdated: { orderId: 7105, status: 'PROCESSING' } } });
    expect(h.hl.calls.count(INFO)).toBeGreaterThanOrEqual(2);
    expect(h.logs.text).toContain('order poll failed');
    expect(h.logs.text).toContain('order poll works again');
  });

  it('ends with ORDER_NOT_FOUND for an order HL Connect does not know', async () => {
    const sub = connect().subscribe(OrderUpdatedStatusDocument, { orderId: 7199 });
    expect(await sub.ended).toEqual({ kind: 'errors', errors: [expect.objectContaining({ extensions: { code: 'ORDER_NOT_FOUND' } })] });
    expect(sub.events).toEqual([]);
  });

  it('stops polling once the last subscriber leaves', async () => {
    await registerHlLine(h.client, { orderNumber: 7103, orderLineId: 1 });
    const client = connect();
    const one = client.subscribe(OrderUpdatedStatusDocument, { orderId: 7103 });
    const two = client.subscribe(OrderUpdatedStatusDocument, { orderId: 7103 });
    await Promise.all([one.eventCount(1), two.eventCount(1)]);
    await untilGauge(h, 'order_poll_loops_active', 1);

    one.unsubscribe();
    await untilGauge(h, 'graphql_subscriptions_active', 1);
    const before = h.hl.calls.count(INFO);
    await waitFor('the loop to go on polling for the one left', () => h.hl.calls.count(INFO) >= before + 2);

    two.unsubscribe();
    await untilGauge(h, 'order_poll_loops_active', 0);
    await sleep(2 * INTERVAL_MS); // a read in flight when the last one left may still land
    const stopped = h.hl.calls.count(INFO);
    await sleep(5 * INTERVAL_MS);
    expect(h.hl.calls.count(INFO)).toBe(stopped);
    expect(await gauge(h, 'graphql_subscriptions_active')).toBe(0);
  });

  describe('who may subscribe', () => {
    it.each([
      ['no credential', {}],
      ['an unknown key', { 'x-api-key': 'not-a-key-of-this-gateway' }],
      ['a malformed Authorization', { authorization: 'Basic abc' }],
    ])('refuses a connection with %s: closed 4401 UNAUTHENTICATED, nothing run', async (_what, params) => {
      h.hl.calls.reset();
      const client = connect(params);
      const sub = client.subscribe(OrderUpdatedStatusDocument, { orderId: 7101 });
      const ended = await sub.ended;
      expect(ended).toEqual({ kind: 'closed', code: 4401, reason: expect.stringMatching(/^UNAUTHENTICATED: /) });
      expect(h.hl.calls.count(INFO)).toBe(0);
    });

    it('takes the key as `Authorization: Bearer` too', async () => {
      const sub = connect({ Authorization: `Bearer ${TEST_API_KEY}` }).subscribe(OrderUpdatedStatusDocument, { orderId: 7101 });
      expect(await sub.ended).toEqual({ kind: 'complete' });
      expect(sub.events).toHaveLength(1);
    });

    it('answers FORBIDDEN to a caller without orders:read, before any vendor call', async () => {
      h.hl.calls.reset();
      const sub = connect({ 'x-api-key': CATALOG.key }).subscribe(OrderUpdatedStatusDocument, { orderId: 7101 });
      expect(await sub.ended).toEqual({ kind: 'complete' });
      expect(sub.events).toEqual([{ errors: [expect.objectContaining({ path: ['orderUpdated'], extensions: { code: 'FORBIDDEN' } })] }]);
      expect(h.hl.calls.count(INFO)).toBe(0);
    });
  });

  it('over HTTP, a subscription is refused with a coded error, nothing sent to the vendor', async () => {
    h.hl.calls.reset();
    const answer = await h.client.execute(OrderUpdatedStatusDocument, { orderId: 7101 });
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('WebSocket'), extensions: { code: 'OPERATION_NOT_SUPPORTED' } })]);
    expect(h.hl.calls.count(INFO)).toBe(0);
  });

  it('upgrades only WebSocket requests to the GraphQL paths: others are answered as plain HTTP', async () => {
    const { port } = new URL(h.gateway.url);
    const h2c = await rawRequest(
      Number(port),
      'GET /healthz HTTP/1.1\r\nHost: gateway\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\nConnection: close\r\n\r\n',
    );
    expect(h2c.status).toBe(200);
    const elsewhere = await rawRequest(
      Number(port),
      'GET /healthz HTTP/1.1\r\nHost: gateway\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(elsewhere.status).toBe(404);
    expect(JSON.parse(elsewhere.body)).toEqual({ errors: [{ message: 'Not Found', extensions: { code: 'NOT_FOUND' } }] });
  });

  it('serves only subscriptions over WebSocket', async () => {
    const sub = connect().subscribe(OrderStatusDocument, { orderId: 7101 });
    expect(await sub.ended).toEqual({ kind: 'errors', errors: [expect.objectContaining({ extensions: { code: 'OPERATION_NOT_SUPPORTED' } })] });
  });
});

describe('subscription limits', () => {
  let h: Harness;
  const clients: SubscriptionTestClient[] = [];
  const connect = () => {
    const client = new SubscriptionTestClient(h.gateway.url);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    h = await startHarness({
      hlconnect: { processingDelayMs: PROCESSING_MS },
      env: { SUBSCRIPTION_POLL_INTERVAL_MS: '60000', MAX_SUBSCRIPTIONS_PER_CONNECTION: '2', MAX_SUBSCRIPTIONS_TOTAL: '3', MAX_QUERY_COST: '10' },
    });
    await registerHlLine(h.client, { orderNumber: 7201, orderLineId: 1 });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await h?.close();
  });

  it('refuses past MAX_SUBSCRIPTIONS_PER_CONNECTION and MAX_SUBSCRIPTIONS_TOTAL with TOO_MANY_SUBSCRIPTIONS, and frees a slot when one leaves', async () => {
    const a = connect();
    const held = [a.subscribe(OrderUpdatedStatusDocument, { orderId: 7201 }), a.subscribe(OrderUpdatedStatusDocument, { orderId: 7201 })];
    await Promise.all(held.map((sub) => sub.eventCount(1)));
    const third = a.subscribe(OrderUpdatedStatusDocument, { orderId: 7201 });
    expect(await third.ended).toEqual({
      kind: 'errors',
      errors: [{ message: expect.stringContaining('MAX_SUBSCRIPTIONS_PER_CONNECTION'), extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }],
    });
    expect(subscriptionLogLines(h)).toContainEqual(expect.objectContaining({ outcome: 'rejected', errorCodes: ['TOO_MANY_SUBSCRIPTIONS'], caller: 'test' }));

    const b = connect();
    const fourth = b.subscribe(OrderUpdatedStatusDocument, { orderId: 7201 });
    await fourth.eventCount(1);
    const fifth = b.subscribe(OrderUpdatedStatusDocument, { orderId: 7201 });
    expect(await fifth.ended).toEqual({
      kind: 'errors',
      errors: [{ message: expect.stringContaining('MAX_SUBSCRIPTIONS_TOTAL'), extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }],
    });

    held[0]!.unsubscribe();
    await untilGauge(h, 'graphql_subscriptions_active', 2);
    const again = b.subscribe(OrderUpdatedStatusDocument, { orderId: 7201 });
    await again.eventCount(1);
    expect(await gauge(h, 'graphql_subscriptions_active')).toBe(3);
  });

  it('bounds selections nested in inline fragments as HTTP does, and keeps the connection', async () => {
    const levels = 60;
    const deep = parse(`subscription {${'...{'.repeat(levels)}orderUpdated(orderId: 7201) { id }${'}'.repeat(levels)}}`) as TypedDocumentNode<unknown, Record<string, never>>;
    const client = connect();
    const sub = client.subscribe(deep, {});
    expect(await sub.ended).toEqual({ kind: 'errors', errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_DEEP', limit: 50 }) })] });
    expect(client.closed).toBeUndefined();
  });

  it('applies the query cost limit as HTTP does', async () => {
    h.hl.calls.reset();
    // One read plus five expected lines with two links each: 11 calls > MAX_QUERY_COST=10.
    const sub = connect().subscribe(OrderUpdatedDocument, { orderId: 7201 });
    expect(await sub.ended).toEqual({ kind: 'errors', errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COSTLY', limit: 10 }) })] });
    expect(h.hl.calls.count(INFO)).toBe(0);
  });
});

describe('one poll loop per order, shared by all its subscribers', () => {
  let h: Harness;
  const clients: SubscriptionTestClient[] = [];

  beforeAll(async () => {
    // One read per minute: every read the simulator sees during the test is the loop's first.
    h = await startHarness({ hlconnect: { processingDelayMs: PROCESSING_MS }, env: { SUBSCRIPTION_POLL_INTERVAL_MS: '60000' } });
    await registerHlLine(h.client, { orderNumber: 7301, orderLineId: 1 });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await h?.close();
  });

  it('100 subscribers on 5 connections: HL Connect is read once, and the loop stops when the last leaves', async () => {
    h.hl.calls.reset();
    for (let i = 0; i < 5; i += 1) clients.push(new SubscriptionTestClient(h.gateway.url));
    const subs = clients.flatMap((client) => Array.from({ length: 20 }, () => client.subscribe(OrderUpdatedStatusDocument, { orderId: 7301 })));
    const firsts = await Promise.all(subs.map(async (sub) => (await sub.eventCount(1))[0]));
    for (const first of firsts) expect(first).toEqual({ data: { orderUpdated: { orderId: 7301, status: 'PROCESSING' } } });

    expect(h.hl.calls.count(INFO)).toBe(1);
    expect(await gauge(h, 'graphql_subscriptions_active')).toBe(100);
    expect(await gauge(h, 'order_poll_loops_active')).toBe(1);

    for (const sub of subs) sub.unsubscribe();
    await untilGauge(h, 'order_poll_loops_active', 0);
    await untilGauge(h, 'graphql_subscriptions_active', 0);
    expect(h.hl.calls.count(INFO)).toBe(1);
  });
});

describe('orderUpdated with a JWT in connectionParams', () => {
  let h: Harness;
  let jwks: JwksServer;
  const clients: SubscriptionTestClient[] = [];

  async function token(scope: string, expiresIn = 300): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ scope })
      .setProtectedHeader({ alg: 'ES256', kid: 'test-1' })
      .setSubject('shop-frontend')
      .setIssuer('https://id.shop.example/')
      .setAudience('purchase-gateway')
      .setIssuedAt(now - 600)
      .setExpirationTime(now + expiresIn)
      .sign(jwks.privateKey);
  }
  const subscribeWith = (jwt: string) => {
    const client = new SubscriptionTestClient(h.gateway.url, { connectionParams: { authorization: `Bearer ${jwt}` } });
    clients.push(client);
    return client.subscribe(OrderUpdatedStatusDocument, { orderId: 7701 });
  };

  beforeAll(async () => {
    jwks = await startJwksServer();
    h = await startHarness({ env: { JWT_JWKS_URL: jwks.url, JWT_ISSUER: 'https://id.shop.example/', JWT_AUDIENCE: 'purchase-gateway' } });
    // Registered by the token's own caller: an HL order shows a caller only the lines it registered.
    await registerHlLine(h.client.as({ authorization: `Bearer ${await token('orders:read purchases:write')}` }), { orderNumber: 7701, orderLineId: 1 });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await h?.close();
    await jwks?.close();
  });

  it('accepts a valid token with orders:read, as HTTP does', async () => {
    const sub = subscribeWith(await token('orders:read'));
    expect(await sub.ended).toEqual({ kind: 'complete' });
    expect(sub.events).toEqual([{ data: { orderUpdated: { orderId: 7701, status: 'COMPLETED' } } }]);
  });

  it('refuses an expired token at connection_init (4401), and a token without orders:read with FORBIDDEN', async () => {
    const expired = subscribeWith(await token('orders:read', -60));
    expect(await expired.ended).toEqual({ kind: 'closed', code: 4401, reason: 'UNAUTHENTICATED: The bearer token has expired.' });
    const catalogOnly = subscribeWith(await token('catalog:read'));
    expect(await catalogOnly.ended).toEqual({ kind: 'complete' });
    expect(catalogOnly.events).toEqual([{ errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })] }]);
  });
});
