import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBoknettSimulator, type BoknettSimulator } from '../../src/vendors/boknett/simulator';
import { createHlConnectSimulator, type HlConnectSimulator } from '../../src/vendors/hlconnect/simulator';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { apiKeysEnv, bearer, TEST_API_KEY_ENTRY, type TestApiKey } from '../harness/api-keys';
import { startHarness, type Harness } from '../harness/gateway-harness';
import type { GraphQLResponse } from '../harness/graphql-client';
import { startTestRedis, type TestRedis } from '../harness/redis-server';

/** The machine's (and CI's) Redis; tests that stop Redis start their own instead. */
const MACHINE_REDIS = 'redis://127.0.0.1:6379';
const ASSETS = 'query Page($first: Int) { assets(first: $first) { edges { node { assetId title } } } }';
const LIST = 'GET /assets/list';

const LIMITED: TestApiKey = { name: 'limited', key: 'limited-key-5-per-second-0c1d2e3f', scopes: ['catalog:read'], rateLimit: { requestsPerSecond: 5, burst: 5 } };
const READER: TestApiKey = { name: 'reader', key: 'catalogue-reader-key-9a8b7c6d5e4f', scopes: ['catalog:read'] };
const ORDERS_ONLY: TestApiKey = { name: 'orders-only', key: 'orders-only-key-1a2b3c4d5e6f7a8b', scopes: ['orders:read'] };

/** Two gateways (replicas) sharing one Redis, one key prefix and one pair of vendor simulators. */
interface Fleet {
  a: Harness;
  b: Harness;
  hl: HlConnectSimulator;
  boknett: BoknettSimulator;
  close(): Promise<void>;
}

async function startFleet(redisUrl: string, env: Record<string, string> = {}): Promise<Fleet> {
  const hl = createHlConnectSimulator({ processingDelayMs: 0 });
  const boknett: BoknettSimulator = createBoknettSimulator({ downloadProcessingMs: 0 });
  await hl.listen(0);
  await boknett.listen(0);
  const shared = {
    REDIS_URL: redisUrl,
    // A prefix of this fleet's own: nothing seen before, nothing left to another test.
    REDIS_KEY_PREFIX: `test-fleet-${randomBytes(6).toString('hex')}:`,
    API_KEYS: apiKeysEnv([TEST_API_KEY_ENTRY, LIMITED, READER, ORDERS_ONLY]),
    // Two replicas and the simulators share this one busy test process: its event loop, not
    // Redis, may take longer than the default 250 ms to read an answer. A timeout would let
    // requests through (RATE_LIMIT_ON_REDIS_FAILURE=open) and blur what is being counted.
    REDIS_COMMAND_TIMEOUT_MS: '2000',
    ...env,
  };
  const a = await startHarness({ simulators: { hl, boknett }, env: shared });
  const b = await startHarness({ simulators: { hl, boknett }, env: shared });
  return {
    a,
    b,
    hl,
    boknett,
    async close() {
      await a.close();
      await b.close();
      await hl.close();
      await boknett.close();
    },
  };
}

/** `count` requests at once, alternating between the replicas. */
function burst(fleet: Fleet, count: number, key: string, body: unknown = { query: ASSETS, variables: { first: 2 } }): Promise<GraphQLResponse<unknown>[]> {
  const clients = [fleet.a.client.as(bearer(key)), fleet.b.client.as(bearer(key))];
  return Promise.all(Array.from({ length: count }, (_, i) => clients[i % 2]!.post(body)));
}

/**
 * A burst as "requests in one second": the replicas warmed up first (a cold replica's first
 * requests take long), so that all of it usually lands in one second. `windows`: the
 * one-second windows it touched (2 when it took under a second: it may straddle one's end),
 * so that a burst slowed down by a busy machine is judged by the windows it really spanned.
 */
async function limitedBurst(fleet: Fleet, count: number, key: string, afterWarmUp?: () => void): Promise<{ answers: GraphQLResponse<unknown>[]; windows: number }> {
  await burst(fleet, 10, READER.key);
  // Whatever the warm-up counted (one-second windows) has expired.
  await sleep(1_100);
  afterWarmUp?.();
  const started = performance.now();
  const answers = await burst(fleet, count, key);
  return { answers, windows: Math.ceil((performance.now() - started) / 1000) + 1 };
}

/** The most arrivals in any one-second window (a window starts at each arrival). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((x, y) => x - y);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i += 1) {
    while (sorted[j]! < sorted[i]! - 999) j += 1;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('a fleet of replicas sharing one Redis', () => {
  describe('per-caller rate limits', () => {
    let fleet: Fleet;
    beforeAll(async () => {
      fleet = await startFleet(MACHINE_REDIS);
    });
    afterAll(async () => fleet.close());

    it('holds a key at 5 requests per second (burst 5) across two replicas: the rest 429 RATE_LIMITED with Retry-After, never sent', async () => {
      const { answers, windows } = await limitedBurst(fleet, 40, LIMITED.key, () => fleet.hl.calls.reset());
      const answered = answers.filter((r) => r.status === 200);
      const refused = answers.filter((r) => r.status === 429);
      // 5 per window: one window, or two when the burst straddles a window's end (5–10).
      expect(answered.length).toBeGreaterThanOrEqual(5);
      expect(answered.length).toBeLessThanOrEqual(5 * windows);
      expect(answered.length + refused.length).toBe(40);
      // Counted by Redis all along, not let through because Redis was not answering.
      expect([...fleet.a.logs.lines, ...fleet.b.logs.lines].filter((line) => line.includes('Redis unavailable'))).toEqual([]);
      for (const r of answered) expect(r.errors).toBeUndefined();
      for (const r of refused) {
        expect(r.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
        expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(r.data).toBeUndefined();
      }
      // Each answered request made its one catalogue call; the refused ones none.
      expect(fleet.hl.calls.count(LIST)).toBe(answered.length);
      // Both replicas refused some: the count is the fleet's, not each replica's.
      expect(refused.some((_, i) => answers.indexOf(refused[i]!) % 2 === 0)).toBe(true);
      expect(refused.some((_, i) => answers.indexOf(refused[i]!) % 2 === 1)).toBe(true);
    });

    it('lets the key in again once its second has passed, and never limits a key without limits', async () => {
      await sleep(2_100);
      const again = await fleet.a.client.as(bearer(LIMITED.key)).post({ query: ASSETS, variables: { first: 2 } });
      expect(again.status).toBe(200);
      const unlimited = await burst(fleet, 40, READER.key);
      expect(unlimited.every((r) => r.status === 200)).toBe(true);
    });
  });

  describe('vendor calls per second as a caller limit', () => {
    let fleet: Fleet;
    beforeAll(async () => {
      // The default for callers without their own: 100 requests, but 10 vendor calls per second.
      fleet = await startFleet(MACHINE_REDIS, { RATE_LIMIT_DEFAULT: JSON.stringify({ requestsPerSecond: 100, vendorCallsPerSecond: 10 }) });
    });
    afterAll(async () => fleet.close());

    it('counts a request for its estimated vendor calls, taken up front', async () => {
      // Each costs 1 call: 10 fit in the caller's second, the rest are refused unsent.
      const { answers, windows } = await limitedBurst(fleet, 30, READER.key, () => fleet.hl.calls.reset());
      const answered = answers.filter((r) => r.status === 200).length;
      expect(answered).toBeGreaterThanOrEqual(10);
      expect(answered).toBeLessThanOrEqual(10 * windows);
      expect(answers.filter((r) => r.status === 429).every((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED')).toBe(true);
      expect(fleet.hl.calls.count(LIST)).toBe(answered);
    });
  });

  describe('shared persisted queries and answers', () => {
    let fleet: Fleet;
    beforeAll(async () => {
      fleet = await startFleet(MACHINE_REDIS, { CATALOGUE_CACHE_TTL_S: '60' });
    });
    afterAll(async () => fleet.close());

    it('finds on replica B a persisted query registered on replica A', async () => {
      const query = `query PersistedOnA { assets(first: 3) { edges { node { assetId } } } } # ${randomBytes(4).toString('hex')}`;
      const persisted = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
      const unknown = await fleet.b.client.post({ extensions: persisted });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const registered = await fleet.a.client.post({ query, extensions: persisted });
      expect(registered.errors).toBeUndefined();
      const byHash = await fleet.b.client.post({ extensions: persisted });
      expect(byHash.errors).toBeUndefined();
      expect(byHash.data).toEqual(registered.data);
    });

    it("answers replica B's identical assets query from what replica A fetched: no HL Connect call", async () => {
      const variables = { first: 7 };
      fleet.hl.calls.reset();
      const fromA = await fleet.a.client.post({ query: ASSETS, variables });
      expect(fromA.errors).toBeUndefined();
      expect(fleet.hl.calls.count(LIST)).toBe(1);
      const fromB = await fleet.b.client.post({ query: ASSETS, variables });
      expect(fromB.data).toEqual(fromA.data);
      expect(fromB.text).toBe(fromA.text);
      expect(fleet.hl.calls.count(LIST)).toBe(1);
      expect(fromB.headers.age).toBeDefined();
      // Other variables are another answer.
      await fleet.b.client.post({ query: ASSETS, variables: { first: 8 } });
      expect(fleet.hl.calls.count(LIST)).toBe(2);
    });

    it('never serves a cached answer to a caller who may not see it, and caches no order data', async () => {
      const variables = { first: 4 };
      await fleet.a.client.post({ query: ASSETS, variables });
      const refused = await fleet.b.client.as(bearer(ORDERS_ONLY.key)).post({ query: ASSETS, variables });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      fleet.hl.calls.reset();
      const order = 'query { order(orderId: 424242) { id } }';
      await fleet.a.client.post({ query: order });
      await fleet.b.client.post({ query: order });
      expect(fleet.hl.calls.total()).toBe(2);
    });
  });

  describe('a fleet-wide vendor quota', () => {
    let fleet: Fleet;
    beforeAll(async () => {
      fleet = await startFleet(MACHINE_REDIS, { HLCONNECT_MAX_CALLS_PER_SECOND: '20' });
    });
    afterAll(async () => fleet.close());

    it('keeps HL Connect at 20 calls in any second across two replicas; calls over it wait and are all answered', async () => {
      fleet.hl.received.length = 0;
      const answers = await burst(fleet, 60, READER.key);
      expect(answers.map((r) => r.status)).toEqual(Array(60).fill(200));
      expect(answers.every((r) => r.errors === undefined)).toBe(true);
      const arrivals = fleet.hl.received.filter((r) => r.route === LIST).map((r) => r.at);
      expect(arrivals).toHaveLength(60);
      // A call holds its slot until a second after it ended, by Redis's clock; the simulator stamps
      // arrivals with its own Date.now(). Both are whole milliseconds, so a call may show up to a
      // millisecond early: one call more in a window is that rounding, not the quota.
      expect(busiestSecond(arrivals)).toBeLessThanOrEqual(20 + 1);
      // 60 calls at 20 a second take at least two seconds.
      expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThanOrEqual(2_000);
    });

    it('pauses every replica when HL Connect answers 429 with Retry-After', async () => {
      // The quota's log from the last test has emptied: the first call below goes at once.
      await sleep(2_100);
      fleet.hl.received.length = 0;
      fleet.hl.faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { status: 429, message: 'slow down' }, route: LIST, times: 1 });
      const onA = fleet.a.client.as(bearer(READER.key)).post({ query: ASSETS, variables: { first: 2 } });
      await sleep(100);
      const onB = await fleet.b.client.as(bearer(READER.key)).post({ query: ASSETS, variables: { first: 3 } });
      expect(onB.errors).toBeUndefined();
      expect((await onA).errors).toBeUndefined();
      const [throttled, ...later] = fleet.hl.received.filter((r) => r.route === LIST).map((r) => r.at);
      expect(later).toHaveLength(2);
      // Replica B's call, asked for 100 ms after A's 429, waited for the pause too.
      for (const at of later) expect(at - throttled!).toBeGreaterThanOrEqual(950);
    });
  });

  describe('a vendor quota with no room before the deadline', () => {
    let fleet: Fleet;
    beforeAll(async () => {
      fleet = await startFleet(MACHINE_REDIS, { HLCONNECT_MAX_CALLS_PER_SECOND: '2', BOKNETT_MAX_CALLS_PER_SECOND: '2', REQUEST_DEADLINE_MS: '600' });
      // Each replica's first request (connections, compiled plans) out of the way; then the quota's log empties.
      await burst(fleet, 2, READER.key);
      await sleep(2_100);
    });
    afterAll(async () => fleet.close());

    it('fails the call UPSTREAM_UNAVAILABLE without sending it', async () => {
      fleet.hl.calls.reset();
      const answers = await burst(fleet, 8, READER.key);
      const failed = answers.filter((r) => r.errors?.[0]?.extensions?.code === 'UPSTREAM_UNAVAILABLE');
      const answered = answers.filter((r) => r.errors === undefined);
      expect(answered.length).toBe(2);
      expect(failed.length).toBe(6);
      expect(fleet.hl.calls.count(LIST)).toBe(2);
    });

    it('leaves a purchase stopped by the quota unsent and NOT_APPLIED in the ledger', async () => {
      // DDS's ticket login and the first order take the second's two calls; the second order finds no room.
      const [first, second] = [ddsOrderInput(), ddsOrderInput()];
      const res = await fleet.a.client.post({
        query: `mutation ($a: PlaceDdsOrderInput!, $b: PlaceDdsOrderInput!) {
          a: placeDdsOrder(input: $a) { ddsOrder { orderId } userErrors { code } }
          b: placeDdsOrder(input: $b) { ddsOrder { orderId } userErrors { code } }
        }`,
        variables: { a: first, b: second },
      });
      expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['b'], 'UPSTREAM_UNAVAILABLE']]);
      expect(fleet.boknett.getOrder(first.orderId)).toBeDefined();
      expect(fleet.boknett.getOrder(second.orderId)).toBeUndefined();
      expect((await fleet.a.gateway.ledger.find('test', 'DDS_PLACE_ORDER', `order:${first.orderId}`))?.state).toBe('SUCCEEDED');
      expect((await fleet.a.gateway.ledger.find('test', 'DDS_PLACE_ORDER', `order:${second.orderId}`))?.state).toBe('NOT_APPLIED');
    });
  });

  describe('when Redis goes away', () => {
    let redis: TestRedis;
    let fleet: Fleet;
    beforeAll(async () => {
      redis = await startTestRedis();
      fleet = await startFleet(redis.url, { REDIS_CONNECT_TIMEOUT_MS: '500' });
    });
    afterAll(async () => {
      await fleet.close();
      await redis.stop();
    });

    it('keeps serving (limits open), says so in a metric and a warning, and limits again once Redis is back', async () => {
      const limited = await burst(fleet, 20, LIMITED.key);
      expect(limited.filter((r) => r.status === 429).length).toBeGreaterThan(0);

      await redis.stop();
      await sleep(2_100);
      const during = await burst(fleet, 20, LIMITED.key);
      expect(during.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(fleet.a.logs.lines.some((line) => line.includes('Redis unavailable'))).toBe(true);
      const metrics = await (await fetch(`${fleet.a.gateway.metricsUrl}/metrics`)).text();
      expect(metrics).toMatch(/^redis_up 0$/m);
      // Not a warning per request.
      expect(fleet.a.logs.lines.filter((line) => line.includes('Redis unavailable')).length).toBeLessThanOrEqual(2);

      await redis.start();
      // Both replicas reconnect on their own (backing off to 2 s between attempts).
      const redisUp = async (h: Harness) => /^redis_up 1$/m.test(await (await fetch(`${h.gateway.metricsUrl}/metrics`)).text());
      for (let i = 0; i < 150 && !((await redisUp(fleet.a)) && (await redisUp(fleet.b))); i += 1) await sleep(100);
      expect([await redisUp(fleet.a), await redisUp(fleet.b)]).toEqual([true, true]);
      const after = await limitedBurst(fleet, 40, LIMITED.key);
      const answered = after.answers.filter((r) => r.status === 200).length;
      expect(answered).toBeGreaterThanOrEqual(5);
      expect(answered).toBeLessThanOrEqual(5 * after.windows);
    });
  });
});
