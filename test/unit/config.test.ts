import { inspect } from 'node:util';
import { ConfigError, HLCONNECT_PRODUCTION_URL, loadConfig } from '../../src/config';

describe('configuration from the environment', () => {
  it('defaults to sandbox mode on port 4000 when no HL credentials are set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.env).toBe('development');
    expect(config.hlconnect.mode).toBe('sandbox');
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
