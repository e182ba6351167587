import { inspect } from 'node:util';
import { ConfigError, HLCONNECT_PRODUCTION_URL, loadConfig } from '../../src/config';

describe('configuration from the environment', () => {
  it('defaults to sandbox mode on port 4000 when no HL credentials are set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.env).toBe('development');
    expect(config.hlconnect.mode).toBe('sandbox');
  });

  it('reads an empty or blank value as unset, numbers included: the default, never 0', () => {
    const config = loadConfig({ PORT: '', SHUTDOWN_TIMEOUT_MS: ' ', UPSTREAM_RETRY_ATTEMPTS: '', METRICS_PORT: '', READY_CACHE_MS: '' });
    expect(config.port).toBe(4000);
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(config.resilience.retry.attempts).toBe(2);
  });

  it('refuses an empty NODE_ENV rather than run as development', () => {
    expect(() => loadConfig({ NODE_ENV: '' })).toThrow(/NODE_ENV/);
  });

  it('takes MAX_SUBSCRIPTIONS_TOTAL alone below the per-connection default: the total binds first', () => {
    expect(loadConfig({ MAX_SUBSCRIPTIONS_TOTAL: '10' }).subscriptions).toMatchObject({ maxPerConnection: 20, maxTotal: 10 });
  });

  it('uses the production HL Connect URL when only a token is given', () => {
    const config = loadConfig({ HLCONNECT_TOKEN: 'abc' });
    expect(config.hlconnect).toMatchObject({ mode: 'live', baseUrl: HLCONNECT_PRODUCTION_URL });
  });

  it('never shows the token when printed or serialised', () => {
    const config = loadConfig({ HLCONNECT_TOKEN: 'super-secret-token', HLCONNECT_BASE_URL: 'https://hl.example' });
    expect(JSON.stringify(config)).not.toContain('super-secret-token');
    expect(inspect(config, { depth: 10 })).not.toContain('super-secret-token');
    expect(`${config.hlconnect.mode === 'live' ? config.hlconnect.accessToken : ''}`).toBe('[redacted]');
  });

  it('refuses to start in production without HL credentials', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/HLCONNECT_TOKEN: required in production/);
  });

  it('refuses a base URL without a token', () => {
    expect(() => loadConfig({ HLCONNECT_BASE_URL: 'https://hl.example' })).toThrow(/HLCONNECT_TOKEN: required when HLCONNECT_BASE_URL is set/);
  });

  it('reports every bad value at once, each by name', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', HLCONNECT_BASE_URL: 'ftp://x', UPSTREAM_TIMEOUT_MS: '0', LOG_LEVEL: 'loud', NODE_ENV: 'staging' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'HLCONNECT_BASE_URL', 'UPSTREAM_TIMEOUT_MS', 'LOG_LEVEL', 'NODE_ENV']) expect(problems).toContain(`${name}:`);
    expect((error as ConfigError).message).toMatch(/^Invalid configuration:\n {2}- /);
  });
});

describe('ledger configuration', () => {
  it('uses a SQLite file under ./data by default and PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({}).ledger.store).toEqual({ kind: 'sqlite', path: './data/ledger.db' });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/shop', DATABASE_SCHEMA: 'gateway' }).ledger.store).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://u@db:5432/shop',
      schema: 'gateway',
      connectTimeoutMs: 5000,
      statementTimeoutMs: 10000,
    });
  });

  it('refuses a lease shorter than a vendor call can take, and a bad schema name', () => {
    expect(() => loadConfig({ LEDGER_LEASE_MS: '5000', UPSTREAM_TIMEOUT_MS: '10000' })).toThrow(/LEDGER_LEASE_MS: must be longer than a vendor call/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/y', DATABASE_SCHEMA: 'Drop Table' })).toThrow(/DATABASE_SCHEMA/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL/);
  });
});
