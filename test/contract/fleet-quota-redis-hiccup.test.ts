import { Redis } from 'ioredis';
import { Secret } from '../../src/config/secret';
import { SharedRedis } from '../../src/fleet/shared-redis';
import { FleetQuota } from '../../src/fleet/vendor-quota';
import { createLogger } from '../../src/server/logger';
import { waitFor } from '../harness/gateway-process';
import { LogCapture } from '../harness/log-capture';
import { startTestRedis, type TestRedis } from '../harness/redis-server';

jest.setTimeout(30_000);

/** The fleet's vendor quota when Redis stalls for a moment: a stall must not hold the fleet's calls for long. */
describe('a fleet vendor quota across a Redis stall', () => {
  let server: TestRedis;
  let redis: SharedRedis;
  let probe: Redis;
  const logs = new LogCapture();

  beforeAll(async () => {
    server = await startTestRedis();
    redis = new SharedRedis({ redis: { url: new Secret(server.url), commandTimeoutMs: 100, connectTimeoutMs: 2_000 }, logger: createLogger('info', logs) });
    expect(await redis.connected(5_000)).toBe(true);
    probe = new Redis(server.url);
  });
  afterAll(async () => {
    probe?.disconnect();
    await redis?.close();
    await server?.stop();
  });

  /** Each member of the quota's log with its score: until when it is in flight, or when it ended. */
  const slots = async (log: string) => {
    const flat = await probe.zrange(log, '0', '-1', 'WITHSCORES');
    return Array.from({ length: flat.length / 2 }, (_, i) => Number(flat[i * 2 + 1]));
  };
  const redisNow = async () => {
    const [seconds, micros] = await probe.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  };

  it('records every call as ended, also those that end while a command timed out a moment ago, and says when Redis is back', async () => {
    const prefix = `hiccup-${process.pid}:`;
    const quota = new FleetQuota({ callsPerSecond: 5, redis, keyPrefix: prefix, onRedisFailure: 'open' });
    const inFlight = await quota.acquire(1_000);
    expect(await slots(`${prefix}log`)).toHaveLength(1);

    // Redis stalls for 300 ms: the next call's command times out (100 ms) and goes without a slot
    // (RATE_LIMIT_ON_REDIS_FAILURE=open), though Redis runs that command once it wakes.
    const stall = probe.call('DEBUG', 'SLEEP', '0.3');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const duringStall = await quota.acquire(1_000);
    await stall;
    expect(redis.usable()).toBe(false); // this replica now skips Redis for a moment

    // Both calls end within that moment: neither slot may stay held as in flight (30 s).
    inFlight();
    duringStall();
    await waitFor(
      'both slots to be marked ended',
      async () => {
        const now = await redisNow();
        const scores = await slots(`${prefix}log`);
        return scores.length === 2 && scores.every((score) => score <= now);
      },
      { timeoutMs: 5_000 },
    );

    // The stall's warning is followed by the line saying Redis answers again.
    expect(logs.text).toContain('Redis unavailable');
    await waitFor('Redis to be reported back', async () => logs.text.includes('Redis reachable again'), { timeoutMs: 5_000 });
  });
});
