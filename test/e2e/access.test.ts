import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { request } from 'undici';
import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { PlaceDdsOrderDocument, ValidatePurchaseDocument } from '../generated/operations';
import { apiKeysEnv, bearer, TEST_API_KEY, TEST_API_KEY_ENTRY, type TestApiKey } from '../harness/api-keys';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { startJwksServer } from '../harness/jwks-server';

const READER: TestApiKey = { name: 'reader', key: 'reader-key-4f6b1c2d9e8a7f60', scopes: ['orders:read', 'catalog:read'] };
const CATALOG: TestApiKey = { name: 'catalog-only', key: 'catalog-key-91aa0e3b5c7d2f48', scopes: ['catalog:read'] };
const SHOP_BACKEND: TestApiKey = { name: 'shop-backend', key: 'shop-key-0d3e5f7a9b1c2e4f', scopes: ['purchases:write'] };
const KEYS = [TEST_API_KEY_ENTRY, READER, CATALOG, SHOP_BACKEND];

const ISSUER = 'https://id.shop.example/';
const AUDIENCE = 'purchase-gateway';
const ORIGIN = 'https://shop.example';

const ORDER_AND_HEALTH = '{ order(orderId: 7) { orderId } vendorHealth { vendor healthy } }';

interface TokenOptions {
  claims?: Record<string, unknown>;
  issuer?: string;
  audience?: string;
  /** Expiry, epoch seconds. Default: in five minutes. */
  exp?: number;
  key?: KeyLike;
}

const allTokens: string[] = [];

describe('who may call', () => {
  let h: Harness;
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;

  async function token(options: TokenOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ scope: 'orders:read', ...options.claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'test-1' })
      .setSubject('shop-frontend')
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt(now - 60)
      .setExpirationTime(options.exp ?? now + 300)
      .sign(options.key ?? jwks.privateKey);
    allTokens.push(jwt);
    return jwt;
  }

  const as = (credentials: Record<string, string>) => h.client.as(credentials);

  beforeAll(async () => {
    jwks = await startJwksServer();
    h = await startHarness({
      env: {
        API_KEYS: apiKeysEnv(KEYS),
        JWT_JWKS_URL: jwks.url,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        // A proxy range the test's own connections (from 127.0.0.1) are not in.
        TRUSTED_PROXIES: '10.0.0.0/8',
        CORS_ORIGINS: `${ORIGIN}, http://localhost:5173`,
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await jwks?.close();
  });
  beforeEach(() => {
    h.hl.calls.reset();
    h.boknett.calls.reset();
  });

  describe('authentication before anything runs', () => {
    it('answers 401 with a challenge and calls no vendor when no credential is sent', async () => {
      const res = await as({}).post({ query: ORDER_AND_HEALTH });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="purchase-gateway"');
      expect(res.errors).toEqual([{ message: expect.stringMatching(/API key/), extensions: { code: 'UNAUTHENTICATED' } }]);
      expect(res.data).toBeUndefined();
      expect(h.hl.calls.total()).toBe(0);
    });

    it('answers 401 invalid_token for an unknown key, in either header, and for another scheme', async () => {
      for (const credentials of [bearer('not-a-configured-key'), { 'x-api-key': 'not-a-configured-key' }, { authorization: `Basic ${TEST_API_KEY}` }]) {
        const res = await as(credentials).post({ query: ORDER_AND_HEALTH });
        expect(res.status).toBe(401);
        expect(res.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
        expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="purchase-gateway"(, error="invalid_token")?$/);
      }
      expect(h.hl.calls.total()).toBe(0);
    });

    it('accepts a key as Authorization: Bearer and as X-Api-Key', async () => {
      for (const credentials of [bearer(READER.key), { 'x-api-key': READER.key }]) {
        const res = await as(credentials).post({ query: '{ order(orderId: 424242) { orderId } }' });
        expect(res.status).toBe(200);
        expect(res.errors).toBeUndefined();
        expect(res.data).toEqual({ order: null });
      }
      expect(h.hl.calls.count('GET /purchase/info')).toBe(2);
    });

    it('leaves /healthz and the Sandbox landing page open', async () => {
      const health = await request(`${h.gateway.url}/healthz`);
      expect(health.statusCode).toBe(200);
      await health.body.dump();
      const page = await request(`${h.gateway.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(await page.body.text()).toContain('embeddable-sandbox');
    });
  });

  describe('JWTs from the configured issuer', () => {
    it('accepts a valid token, with scopes from `scope` or `scp`', async () => {
      const fromScope = await as(bearer(await token())).post({ query: '{ order(orderId: 424242) { orderId } }' });
      expect(fromScope.status).toBe(200);
      expect(fromScope.errors).toBeUndefined();
      const fromScp = await as(bearer(await token({ claims: { scope: undefined, scp: ['catalog:read'] } }))).post({ query: ORDER_AND_HEALTH });
      expect(fromScp.status).toBe(200);
      expect(fromScp.data!).toMatchObject({ order: null, vendorHealth: expect.any(Array) });
      expect(fromScp.errors).toEqual([expect.objectContaining({ path: ['order'], extensions: { code: 'FORBIDDEN' } })]);
      expect(jwks.fetches()).toBeGreaterThanOrEqual(1);
    });

    it.each([
      ['expired', () => token({ exp: Math.floor(Date.now() / 1000) - 3600 }), /expired/],
      ['from another issuer', () => token({ issuer: 'https://evil.example/' }), /not valid/],
      ['for another audience', () => token({ audience: 'another-api' }), /not valid/],
      ['signed with a key not in the JWKS', async () => token({ key: (await generateKeyPair('ES256')).privateKey }), /not valid/],
    ])('refuses a token %s with 401', async (_case, make, message) => {
      const res = await as(bearer(await make())).post({ query: '{ order(orderId: 1) { orderId } }' });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="purchase-gateway", error="invalid_token"');
      expect(res.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } }]);
      expect(h.hl.calls.total()).toBe(0);
    });
  });

  describe('scopes per field', () => {
    it('answers FORBIDDEN on the field outside the caller’s scopes, answers the others, and never calls the vendor for it', async () => {
      const res = await as(bearer(CATALOG.key)).post({ query: ORDER_AND_HEALTH });
      expect(res.status).toBe(200);
      expect(res.data!).toEqual({ order: null, vendorHealth: expect.arrayContaining([expect.objectContaining({ vendor: 'HL_CONNECT' })]) });
      expect(res.errors).toEqual([{ message: expect.stringContaining('"orders:read"'), path: ['order'], locations: expect.any(Array), extensions: { code: 'FORBIDDEN' } }]);
      expect(h.hl.calls.count('GET /purchase/info')).toBe(0);
      expect(h.hl.calls.count('GET /health')).toBe(1);
    });

    it('refuses a mutation outside the caller’s scopes before the ledger or the vendor', async () => {
      const input = ddsOrderInput();
      const res = await as(bearer(READER.key)).execute(PlaceDdsOrderDocument, { input });
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([expect.objectContaining({ path: ['placeDdsOrder'], extensions: { code: 'FORBIDDEN' } })]);
      expect(h.boknett.calls.total()).toBe(0);
      expect(await h.gateway.ledger.list({ first: 100 })).toMatchObject({ entries: [] });
    });

    it('shows a caller without ledger:read only its own ledger entries, and resolving them needs ledger:write', async () => {
      await h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
      const query = '{ purchaseLedger(first: 100) { edges { node { caller } } } }';
      const own = await as(bearer(READER.key)).post<{ purchaseLedger: { edges: { node: { caller: string } }[] } }>({ query });
      expect(own.errors).toBeUndefined();
      expect(own.data!.purchaseLedger.edges).toEqual([]);
      const everyone = await h.client.post<{ purchaseLedger: { edges: { node: { caller: string } }[] } }>({ query });
      expect(everyone.data!.purchaseLedger.edges.length).toBeGreaterThan(0);
      const resolve = await as(bearer(READER.key)).post({
        query: 'mutation { resolveLedgerEntry(input: { entryId: 1, outcome: NOT_APPLIED, note: "x" }) { userErrors { code } } }',
      });
      expect(resolve.errors).toEqual([expect.objectContaining({ path: ['resolveLedgerEntry'], extensions: { code: 'FORBIDDEN' } })]);
    });
  });

  describe('the buyer’s IP', () => {
    const validateLocked = (client: Harness['client'], headers: Record<string, string> = {}, customerIp?: string) =>
      client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.regionLocked, customerIp } }, headers);

    it('ignores X-Forwarded-For from a connection that is not a trusted proxy', async () => {
      // 198.51.100.7 is in GB, where the asset is not sold; the connection's 127.0.0.1 is in the US.
      const res = await validateLocked(h.client, { 'x-forwarded-for': '198.51.100.7' });
      expect(res.data!.validatePurchase.userErrors).toEqual([]);
    });

    it('takes an explicit customerIp from a caller with purchases:write', async () => {
      const res = await validateLocked(as(bearer(SHOP_BACKEND.key)), {}, '198.51.100.7');
      expect(res.data!.validatePurchase.userErrors).toEqual([{ code: 'PURCHASE_NOT_ALLOWED', message: expect.stringContaining('GB'), field: null }]);
    });

    it('refuses an explicit customerIp from a caller without purchases:write, sending nothing', async () => {
      const res = await validateLocked(as(bearer(CATALOG.key)), {}, '198.51.100.7');
      expect(res.errors).toEqual([expect.objectContaining({ path: ['validatePurchase'], extensions: { code: 'FORBIDDEN' } })]);
      expect(h.hl.calls.total()).toBe(0);
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      request(`${h.gateway.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });

    it('answers an allowed origin’s preflight without a credential', async () => {
      const res = await preflight(ORIGIN);
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(res.headers['access-control-allow-methods']).toContain('POST');
      expect(res.headers['access-control-allow-headers']).toEqual(expect.stringContaining('authorization'));
      expect(res.headers['access-control-allow-headers']).toEqual(expect.stringContaining('x-api-key'));
      await res.body.dump();
    });

    it('gives another origin no CORS headers, on the preflight and on the request', async () => {
      const pre = await preflight('https://evil.example');
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      expect(pre.headers['access-control-allow-methods']).toBeUndefined();
      await pre.body.dump();
      const res = await h.client.post({ query: '{ __typename }' }, { origin: 'https://evil.example' });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('lets an allowed origin read answers, 401s included', async () => {
      const ok = await h.client.post({ query: '{ __typename }' }, { origin: ORIGIN });
      expect(ok.status).toBe(200);
      expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(ok.headers['access-control-expose-headers']).toContain('x-request-id');
      const refused = await as({}).post({ query: '{ __typename }' }, { origin: ORIGIN });
      expect(refused.status).toBe(401);
      expect(refused.headers['access-control-allow-origin']).toBe(ORIGIN);
    });
  });

  it('never writes a key or token to the log', async () => {
    await as(bearer('a-wrong-key-that-must-not-be-logged')).post({ query: '{ __typename }' });
    expect(h.logs.text).toContain('caller not authenticated');
    const secrets = [...KEYS.map((k) => k.key), 'a-wrong-key-that-must-not-be-logged', ...allTokens];
    expect(allTokens.length).toBeGreaterThan(3);
    for (const secret of secrets) expect(h.logs.text).not.toContain(secret);
  });
});

describe('X-Forwarded-For behind a trusted proxy', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ env: { TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' } });
  });
  afterAll(async () => h?.close());

  const buyerCountryRefusal = async (forwardedFor: string) => {
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.regionLocked } }, { 'x-forwarded-for': forwardedFor });
    return res.data!.validatePurchase.userErrors;
  };

  it('takes the buyer from X-Forwarded-For when the connection is a trusted proxy', async () => {
    expect(await buyerCountryRefusal('198.51.100.7')).toEqual([{ code: 'PURCHASE_NOT_ALLOWED', message: expect.stringContaining('GB'), field: null }]);
  });

  it('skips trusted hops from the right and stops at the first untrusted address', async () => {
    // 10.1.2.3 is another trusted proxy; 198.51.100.7 (GB) is the buyer.
    expect(await buyerCountryRefusal('198.51.100.7, 10.1.2.3')).toEqual([expect.objectContaining({ code: 'PURCHASE_NOT_ALLOWED' })]);
    // A client-written 198.51.100.7 left of the address our proxy saw (192.0.2.10, US) is ignored.
    expect(await buyerCountryRefusal('198.51.100.7, 192.0.2.10')).toEqual([]);
  });
});

describe('development without configured keys', () => {
  let h: Harness;
  const DEV_KEY = 'dev-key-for-this-test-6c1f0a';

  beforeAll(async () => {
    h = await startHarness({ env: { API_KEYS: '', DEV_API_KEY: DEV_KEY } });
  });
  afterAll(async () => h?.close());

  it('accepts the dev key with every scope, and nothing else', async () => {
    const res = await h.client.as(bearer(DEV_KEY)).post({ query: '{ purchaseLedger(first: 1) { edges { cursor } } vendorHealth { healthy } }' });
    expect(res.errors).toBeUndefined();
    expect((await h.client.post({ query: '{ __typename }' })).status).toBe(401);
    expect(h.logs.text).not.toContain(DEV_KEY);
  });
});

describe('JWTs when the key set cannot be fetched', () => {
  let h: Harness;

  beforeAll(async () => {
    // A port that was just free: nothing answers the JWKS fetch.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    h = await startHarness({ env: { JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE } });
  });
  afterAll(async () => h?.close());

  it('refuses bearer JWTs with 401 and logs a warning, while API keys keep working', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const jwt = await new SignJWT({ scope: 'orders:read' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);
    const res = await h.client.as(bearer(jwt)).post({ query: '{ __typename }' });
    expect(res.status).toBe(401);
    expect(res.errors![0]!.message).toMatch(/could not be verified right now/);
    expect(h.logs.lines.some((line) => line.includes('"level":40') && line.includes('keys-unavailable'))).toBe(true);
    expect(h.logs.text).not.toContain(jwt);
    expect((await h.client.post({ query: '{ __typename }' })).status).toBe(200);
  });
});
