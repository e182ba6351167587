import { inspect } from 'node:util';
import { loadConfig } from '../../src/config';
import { apiKeysEnv, TEST_API_KEYS } from '../harness/api-keys';
import { configProblems } from '../harness/config-problems';

const LIVE_VENDORS = { HLCONNECT_TOKEN: 'hl-token', BOKNETT_USERNAME: 'shop', BOKNETT_PASSWORD: 'secret-password' };
const HASH = 'ab'.repeat(32);

describe('who may call: configuration', () => {
  it('refuses to start in production without API keys or JWT settings', () => {
    expect(configProblems({ ...LIVE_VENDORS, NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^API_KEYS: .*required in production/)]);
    expect(loadConfig({ ...LIVE_VENDORS, NODE_ENV: 'production', API_KEYS: TEST_API_KEYS }).access.devKey).toBeUndefined();
  });

  it('generates a dev key outside production when nothing is configured, or takes DEV_API_KEY', () => {
    const first = loadConfig({}).access.devKey!;
    expect(first.reveal()).toMatch(/^dev-[A-Za-z0-9_-]{32}$/);
    expect(loadConfig({}).access.devKey!.reveal()).not.toBe(first.reveal());
    expect(loadConfig({ DEV_API_KEY: 'my-own-dev-key-123' }).access.devKey!.reveal()).toBe('my-own-dev-key-123');
    expect(inspect(loadConfig({ DEV_API_KEY: 'my-own-dev-key-123' }), { depth: 10 })).not.toContain('my-own-dev-key-123');
    expect(JSON.stringify(loadConfig({ DEV_API_KEY: 'my-own-dev-key-123' }))).not.toContain('my-own-dev-key-123');
  });

  it('keeps DEV_API_KEY out of production and away from configured keys', () => {
    expect(configProblems({ ...LIVE_VENDORS, NODE_ENV: 'production', DEV_API_KEY: 'my-own-dev-key-123' })).toContain('DEV_API_KEY: not allowed in production');
    expect(configProblems({ API_KEYS: TEST_API_KEYS, DEV_API_KEY: 'my-own-dev-key-123' })).toEqual([expect.stringMatching(/^DEV_API_KEY: /)]);
    expect(configProblems({ DEV_API_KEY: 'short' })).toEqual([expect.stringMatching(/^DEV_API_KEY: .*16/)]);
  });

  it('reads API keys, JWT settings, trusted proxies and CORS origins', () => {
    const { access } = loadConfig({
      API_KEYS: JSON.stringify([{ name: 'shop-a', sha256: HASH.toUpperCase(), scopes: ['orders:read', 'purchases:write'] }]),
      JWT_JWKS_URL: 'https://id.example/.well-known/jwks.json',
      JWT_ISSUER: 'https://id.example/',
      JWT_AUDIENCE: 'gateway',
      TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.1, fd00::/8',
      CORS_ORIGINS: 'https://shop.example, http://localhost:5173/',
    });
    expect(access).toEqual({
      apiKeys: [{ name: 'shop-a', sha256: HASH, scopes: ['orders:read', 'purchases:write'] }],
      jwt: { jwksUrl: 'https://id.example/.well-known/jwks.json', issuer: 'https://id.example/', audience: 'gateway' },
      trustedProxies: [
        { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '192.0.2.1', prefix: 32, family: 'ipv4' },
        { address: 'fd00::', prefix: 8, family: 'ipv6' },
      ],
      corsOrigins: ['https://shop.example', 'http://localhost:5173'],
    });
  });

  it('reports every bad entry at once, by name and position', () => {
    const problems = configProblems({
      API_KEYS: JSON.stringify([
        { name: 'a', sha256: 'not-hex', scopes: ['orders:read'] },
        { name: 'b', sha256: HASH, scopes: ['admin'] },
      ]),
      JWT_ISSUER: 'https://id.example/',
      TRUSTED_PROXIES: '10.0.0.0/33, proxy.internal, 192.0.2.1',
      CORS_ORIGINS: 'https://shop.example/path, *',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^API_KEYS\[0\]\.sha256: /),
        expect.stringMatching(/^API_KEYS\[1\]\.scopes\[0\]: /),
        expect.stringMatching(/^JWT_JWKS_URL: required/),
        expect.stringMatching(/^JWT_AUDIENCE: required/),
        'TRUSTED_PROXIES: "10.0.0.0/33" is not an IP address or CIDR block',
        'TRUSTED_PROXIES: "proxy.internal" is not an IP address or CIDR block',
        'CORS_ORIGINS: "https://shop.example/path" is not an origin like https://shop.example',
        'CORS_ORIGINS: "*" is not an origin like https://shop.example',
      ]),
    );
    expect(problems).toHaveLength(8);
    expect(configProblems({ API_KEYS: '{not json' })).toEqual(['API_KEYS: must be a JSON array of {"name","sha256","scopes"}']);
    expect(
      configProblems({
        API_KEYS: apiKeysEnv([
          { name: 'a', key: 'k1', scopes: [] },
          { name: 'b', key: 'k1', scopes: [] },
        ]),
      }),
    ).toEqual(['API_KEYS[1].sha256: the same key is configured twice']);
  });
});
