import { loadConfig } from '../../src/config';
import { apiKeysEnv } from '../harness/api-keys';
import { configProblems } from '../harness/config-problems';

describe('fleet configuration: Redis, rate limits, vendor quotas, shared answers', () => {
  it('runs in memory, unlimited and uncached by default', () => {
    const { fleet, access } = loadConfig({});
    expect(fleet).toEqual({
      keyPrefix: 'purchase-gateway:',
      onRedisFailure: 'open',
      vendorQuotas: {},
      responseCacheTtlS: { catalogue: 0, vendorHealth: 0 },
    });
    expect(access.defaultRateLimit).toBeUndefined();
  });

  it('reads Redis, quotas and TTLs, and never prints the Redis URL', () => {
    const { fleet } = loadConfig({
      REDIS_URL: 'redis://:s3cret@redis.internal:6379/2',
      REDIS_KEY_PREFIX: 'shop-eu:',
      REDIS_COMMAND_TIMEOUT_MS: '100',
      RATE_LIMIT_ON_REDIS_FAILURE: 'closed',
      HLCONNECT_MAX_CALLS_PER_SECOND: '20',
      BOKNETT_MAX_CALLS_PER_SECOND: '5',
      CATALOGUE_CACHE_TTL_S: '60',
      VENDOR_HEALTH_CACHE_TTL_S: '5',
    });
    expect(fleet.redis?.url.reveal()).toBe('redis://:s3cret@redis.internal:6379/2');
    expect(JSON.stringify(fleet)).not.toContain('s3cret');
    expect(fleet.redis).toMatchObject({ commandTimeoutMs: 100, connectTimeoutMs: 2000 });
    expect(fleet).toMatchObject({ keyPrefix: 'shop-eu:', onRedisFailure: 'closed', vendorQuotas: { HL_CONNECT: 20, BOKNETT_DDS: 5 } });
    expect(fleet.responseCacheTtlS).toEqual({ catalogue: 60, vendorHealth: 5 });
  });

  it("reads an API key's rateLimit (burst defaults to requestsPerSecond) and RATE_LIMIT_DEFAULT", () => {
    const { access } = loadConfig({
      API_KEYS: apiKeysEnv([
        { name: 'shop', key: 'k1', scopes: ['catalog:read'], rateLimit: { requestsPerSecond: 5 } },
        { name: 'plain', key: 'k2', scopes: [] },
      ]),
      RATE_LIMIT_DEFAULT: '{"requestsPerSecond":10,"burst":20,"vendorCallsPerSecond":200}',
    });
    expect(access.apiKeys[0]!.rateLimit).toEqual({ requestsPerSecond: 5, burst: 5 });
    expect(access.apiKeys[1]!.rateLimit).toBeUndefined();
    expect(access.defaultRateLimit).toEqual({ requestsPerSecond: 10, burst: 20, vendorCallsPerSecond: 200 });
  });

  it('names every bad value', () => {
    expect(
      configProblems({
        REDIS_URL: 'http://redis:6379',
        RATE_LIMIT_ON_REDIS_FAILURE: 'maybe',
        HLCONNECT_MAX_CALLS_PER_SECOND: '0',
        RATE_LIMIT_DEFAULT: '{"requestsPerSecond":10,"burst":5}',
        API_KEYS: JSON.stringify([{ name: 'a', sha256: 'a'.repeat(64), scopes: [], rateLimit: { requestsPerSecond: 0, perMinute: 3 } }]),
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^REDIS_URL: /),
        expect.stringMatching(/^RATE_LIMIT_ON_REDIS_FAILURE: /),
        expect.stringMatching(/^HLCONNECT_MAX_CALLS_PER_SECOND: /),
        'RATE_LIMIT_DEFAULT.burst: burst must be at least requestsPerSecond',
        expect.stringMatching(/^API_KEYS\[0\]\.rateLimit/),
      ]),
    );
    expect(configProblems({ RATE_LIMIT_DEFAULT: '10/s' })).toEqual([expect.stringMatching(/^RATE_LIMIT_DEFAULT: must be JSON/)]);
  });
});
