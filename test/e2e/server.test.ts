import { request } from 'undici';
import { bearer, TEST_API_KEY } from '../harness/api-keys';
import { startHarness, type Harness } from '../harness/gateway-harness';

describe('HTTP server', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ env: { MAX_BODY_BYTES: '2048' } });
  });
  afterAll(async () => h.close());

  it('serves the Apollo Sandbox landing page at / to a browser', async () => {
    const res = await request(`${h.gateway.url}/`, { headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(await res.body.text()).toContain('embeddable-sandbox');
  });

  it('answers /healthz', async () => {
    const res = await request(`${h.gateway.url}/healthz`);
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ status: 'ok' });
  });

  it('answers GraphQL at /graphql and at /', async () => {
    for (const path of ['/graphql', '/']) {
      const res = await request(`${h.gateway.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(TEST_API_KEY) },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(await res.body.json()).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it('returns the caller’s X-Request-Id, or a new one', async () => {
    const given = await h.client.post({ query: '{ __typename }' }, { 'x-request-id': 'shop-42.abc' });
    expect(given.headers['x-request-id']).toBe('shop-42.abc');
    const generated = await h.client.post({ query: '{ __typename }' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    const res = await h.client.post({ query: `{ __typename } # ${'x'.repeat(3000)}` });
    expect(res.status).toBe(413);
    expect(res.errors![0]!.extensions!.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await request(`${h.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(TEST_API_KEY) }, body: '{"query": ' });
    expect(res.statusCode).toBe(400);
    expect(((await res.body.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });

  it('runs a GET that carries a credential header (a browser preflights those), and no GET without one', async () => {
    const query = `${h.gateway.url}/graphql?query=%7B__typename%7D`;
    for (const credentials of [bearer(TEST_API_KEY), { 'x-api-key': TEST_API_KEY }]) {
      const res = await request(query, { headers: credentials });
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toEqual({ data: { __typename: 'Query' } });
    }
    const anonymous = await request(query, { headers: { accept: 'application/json' } });
    expect(anonymous.statusCode).toBe(401);
    await anonymous.body.dump();
  });

  it('answers 404 for other paths', async () => {
    const res = await request(`${h.gateway.url}/nope`);
    expect(res.statusCode).toBe(404);
    await res.body.dump();
  });
});
