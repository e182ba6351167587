import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { Redis } from 'ioredis';
import { apiKeysEnv, bearer, TEST_API_KEY_ENTRY, type TestApiKey } from '../harness/api-keys';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { startJwksServer } from '../harness/jwks-server';
import { startTestRedis, type TestRedis } from '../harness/redis-server';

const ASSETS = 'query Page($first: Int) { assets(first: $first) { edges { node { assetId } } } }';
const LIST = 'GET /assets/list';
const LIMITED: TestApiKey = { name: 'limited', key: 'limited-key-3-per-second-7f6e5d4c', scopes: ['catalog:read'], rateLimit: { requestsPerSecond: 3 } };

function page(h: Harness, key: string, first = 2) {
  return h.client.as(bearer(key)).post({ query: ASSETS, variables: { first } });
}

/** A gateway on a Redis of the test's own (so that it may be slowed or stopped), under a key prefix of its own. */
async function startOnOwnRedis(prefix: string, env: Record<string, string>): Promise<{ redis: TestRedis; h: Harness }> {
  const redis = await startTestRedis();
  const h = await startHarness({
    env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: `${prefix}-${randomBytes(6).toString('hex')}:`, ...env, API_KEYS: apiKeysEnv([TEST_API_KEY_ENTRY, LIMITED]) },
  });
  return { redis, h };
}

describe('one replica without REDIS_URL: the same features in memory', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { API_KEYS: apiKeysEnv([TEST_API_KEY_ENTRY, LIMITED]), CATALOGUE_CACHE_TTL_S: '60', HLCONNECT_MAX_CALLS_PER_SECOND: '5' },
    });
  });
  afterAll(async () => h.close());

  it('limits a caller, answers 429 RATE_LIMITED with Retry-After, and sends nothing for refused requests', async () => {
    // Warmed up (a cold gateway's first requests take long): the burst below lands in one or two seconds.
    await Promise.all(Array.from({ length: 4 }, () => page(h, TEST_API_KEY_ENTRY.key, 1)));
    h.hl.calls.reset();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => page(h, LIMITED.key, 10 + i)));
    const answered = answers.filter((r) => r.status === 200).length;
    expect(answered).toBeGreaterThanOrEqual(3);
    expect(answered).toBeLessThanOrEqual(6);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBe(12 - answered);
    expect(refused.every((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED' && Number(r.headers['retry-after']) >= 1)).toBe(true);
    expect(h.hl.calls.count(LIST)).toBe(answered);
  });

  it('answers the same catalogue page from memory', async () => {
    h.hl.calls.reset();
    const first = await page(h, TEST_API_KEY_ENTRY.key, 33);
    const again = await page(h, TEST_API_KEY_ENTRY.key, 33);
    expect(again.data).toEqual(first.data);
    // The stored JSON text is the answer's, byte for byte.
    expect(again.text).toBe(first.text);
    expect(again.headers.age).toBeDefined();
    expect(first.headers.age).toBeUndefined();
    expect(h.hl.calls.count(LIST)).toBe(1);
  });

  it('holds HL Connect to its quota in any second', async () => {
    await sleep(1_100);
    h.hl.received.length = 0;
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => page(h, TEST_API_KEY_ENTRY.key, 40 + i)));
    expect(answers.every((r) => r.status === 200 && r.errors === undefined)).toBe(true);
    const arrivals = h.hl.received.filter((r) => r.route === LIST).map((r) => r.at);
    expect(arrivals).toHaveLength(12);
    for (const at of arrivals) expect(arrivals.filter((other) => other >= at && other < at + 1_000).length).toBeLessThanOrEqual(5);
  });
});

describe('RATE_LIMIT_DEFAULT for JWT callers', () => {
  let h: Harness;
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  beforeAll(async () => {
    jwks = await startJwksServer();
    h = await startHarness({
      env: {
        JWT_JWKS_URL: jwks.url,
        JWT_ISSUER: 'https://id.shop.example/',
        JWT_AUDIENCE: 'purchase-gateway',
        RATE_LIMIT_DEFAULT: JSON.stringify({ requestsPerSecond: 2 }),
        API_KEYS: apiKeysEnv([{ ...TEST_API_KEY_ENTRY, rateLimit: { requestsPerSecond: 1_000 } }]),
      },
    });
  });
  afterAll(async () => {
    await h.close();
    await jwks.close();
  });

  it('limits a JWT caller by the default, and not an API key with its own larger limit', async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ scope: 'catalog:read' })
      .setProtectedHeader({ alg: 'ES256', kid: 'test-1' })
      .setSubject('storefront')
      .setIssuer('https://id.shop.example/')
      .setAudience('purchase-gateway')
      .setIssuedAt(now - 60)
      .setExpirationTime(now + 300)
      .sign(jwks.privateKey);
    // Warmed up with the key, then the JWT caller's burst: at most two windows of 2.
    await Promise.all(Array.from({ length: 4 }, () => page(h, TEST_API_KEY_ENTRY.key, 1)));
    const answers = await Promise.all(Array.from({ length: 10 }, () => page(h, jwt)));
    const answered = answers.filter((r) => r.status === 200).length;
    expect(answered).toBeGreaterThanOrEqual(2);
    expect(answered).toBeLessThanOrEqual(4);
    expect(answers.filter((r) => r.status === 429).every((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED')).toBe(true);
    const keyed = await Promise.all(Array.from({ length: 10 }, () => page(h, TEST_API_KEY_ENTRY.key)));
    expect(keyed.every((r) => r.status === 200)).toBe(true);
  });
});

describe('a slow Redis', () => {
  let redis: TestRedis;
  let h: Harness;
  beforeAll(async () => {
    ({ redis, h } = await startOnOwnRedis('test-slow', { CATALOGUE_CACHE_TTL_S: '60' }));
  });
  afterAll(async () => {
    await h.close();
    await redis.stop();
  });

  it('never holds a request: cache and limits are skipped after a command times out', async () => {
    const blocker = new Redis(redis.url);
    try {
      // Redis answers nothing for 3 s.
      let redisBack = false;
      const asleep = blocker.call('DEBUG', 'SLEEP', '3').then(() => (redisBack = true));
      await sleep(100);
      const answers = await Promise.all([page(h, TEST_API_KEY_ENTRY.key, 9), page(h, LIMITED.key, 9), page(h, TEST_API_KEY_ENTRY.key, 9)]);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(answers.every((r) => r.errors === undefined)).toBe(true);
      // All answered while Redis was still asleep.
      expect(redisBack).toBe(false);
      await asleep;
    } finally {
      blocker.disconnect();
    }
  });
});

describe('RATE_LIMIT_ON_REDIS_FAILURE=closed, and shutdown', () => {
  let redis: TestRedis;
  let h: Harness;
  beforeAll(async () => {
    ({ redis, h } = await startOnOwnRedis('test-closed', { RATE_LIMIT_ON_REDIS_FAILURE: 'closed' }));
  });
  afterAll(async () => {
    await h.close();
    await redis.stop();
  });

  it('refuses limited callers 429 while Redis is gone, serves callers without limits, and sends nothing for the refused', async () => {
    await redis.stop();
    await sleep(300);
    h.hl.calls.reset();
    const refused = await page(h, LIMITED.key);
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(h.hl.calls.count(LIST)).toBe(0);
    const unlimited = await page(h, TEST_API_KEY_ENTRY.key);
    expect(unlimited.status).toBe(200);
    const ready = await fetch(`${h.gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    await redis.start();
  });

  it('closes its Redis connection on shutdown', async () => {
    const observer = new Redis(redis.url);
    try {
      const named = async () => ((await observer.call('CLIENT', 'LIST')) as string).split('\n').filter((line) => line.includes('name=purchase-gateway'));
      for (let i = 0; i < 50 && (await named()).length === 0; i += 1) await sleep(100);
      expect(await named()).toHaveLength(1);
      await h.gateway.close();
      expect(await named()).toEqual([]);
    } finally {
      observer.disconnect();
    }
  });
});
