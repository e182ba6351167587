import { ConfigError, loadConfig } from '../../src/config';

describe('resilience configuration', () => {
  it('has defaults', () => {
    expect(loadConfig({}).resilience).toEqual({
      retry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 2_000 },
      breaker: { threshold: 5, halfOpenAfterMs: 10_000 },
      bulkhead: { limit: 256, queue: 8_192 },
    });
  });

  it('lets as many calls in flight as the pool has connections, unless told otherwise', () => {
    expect(loadConfig({ UPSTREAM_CONNECTIONS: '2048' }).resilience.bulkhead.limit).toBe(2048);
    expect(loadConfig({ UPSTREAM_CONNECTIONS: '2048', UPSTREAM_BULKHEAD_LIMIT: '100' }).resilience.bulkhead.limit).toBe(100);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      UPSTREAM_RETRY_ATTEMPTS: '0',
      UPSTREAM_RETRY_BASE_MS: '50',
      UPSTREAM_RETRY_MAX_DELAY_MS: '500',
      UPSTREAM_BREAKER_THRESHOLD: '3',
      UPSTREAM_BREAKER_HALF_OPEN_AFTER_MS: '250',
      UPSTREAM_BULKHEAD_LIMIT: '8',
      UPSTREAM_BULKHEAD_QUEUE: '0',
    });
    expect(config.resilience).toEqual({
      retry: { attempts: 0, baseDelayMs: 50, maxDelayMs: 500 },
      breaker: { threshold: 3, halfOpenAfterMs: 250 },
      bulkhead: { limit: 8, queue: 0 },
    });
  });

  it('reports every bad value by name', () => {
    let error: unknown;
    try {
      loadConfig({ UPSTREAM_RETRY_ATTEMPTS: '-1', UPSTREAM_BREAKER_THRESHOLD: '0', UPSTREAM_BULKHEAD_LIMIT: 'many' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['UPSTREAM_RETRY_ATTEMPTS', 'UPSTREAM_BREAKER_THRESHOLD', 'UPSTREAM_BULKHEAD_LIMIT']) expect(problems).toContain(name);
  });

  it('refuses a first backoff longer than the longest', () => {
    expect(() => loadConfig({ UPSTREAM_RETRY_BASE_MS: '3000', UPSTREAM_RETRY_MAX_DELAY_MS: '1000' })).toThrow(/UPSTREAM_RETRY_BASE_MS/);
  });
});
