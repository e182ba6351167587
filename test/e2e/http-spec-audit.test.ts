import { serverAudits, type AuditResult } from 'graphql-http';
import { bearer, TEST_API_KEY } from '../harness/api-keys';
import { startHarness, type Harness } from '../harness/gateway-harness';

/**
 * The GraphQL-over-HTTP specification's server audits (graphql-http), every one of them,
 * against the gateway over real HTTP with a valid API key: MUSTs and SHOULDs alike.
 */
describe('GraphQL over HTTP: the specification audits', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('passes every audit', async () => {
    const audits = serverAudits({
      url: `${h.gateway.url}/graphql`,
      // The audits' own requests, with the caller's credential added.
      fetchFn: (input: string | URL | Request, init: RequestInit = {}) => {
        const headers = new Headers(init.headers);
        for (const [name, value] of Object.entries(bearer(TEST_API_KEY))) headers.set(name, value);
        return fetch(input, { ...init, headers });
      },
    });
    const results: AuditResult[] = [];
    for (const audit of audits) results.push(await audit.fn());

    // Every warning, notice and error by name, with the answer that failed it.
    const report = await Promise.all(
      results.flatMap((result) =>
        result.status === 'ok'
          ? []
          : [result.response.text().then((text) => `${result.status}: ${result.name} (${result.id}): ${result.reason}\n    ${result.response.status} ${text}`)],
      ),
    );
    expect(report).toEqual([]);
    expect(results).toHaveLength(61);
  });

  describe('the status of a GraphQL request error follows the media type the client accepts', () => {
    const failures: [string, { query: string; variables?: Record<string, unknown> }, string][] = [
      ['a document that does not parse', { query: '{' }, 'GRAPHQL_PARSE_FAILED'],
      ['a document that does not validate', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
      ['variables that do not coerce', { query: 'query ($id: SafeInt!) { order(orderId: $id) { status } }', variables: { id: 'x' } }, 'BAD_USER_INPUT'],
    ];

    it.each(failures)('%s: 400 for Apollo Client (application/graphql-response+json first)', async (_name, body, code) => {
      const res = await h.client.post(body, { accept: 'application/graphql-response+json,application/json;q=0.9' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
      expect(res.errors?.map((error) => error.extensions?.code)).toEqual([code]);
    });

    it.each(failures)('%s: 200 for application/json and for no Accept', async (_name, body, code) => {
      for (const accept of [{ accept: 'application/json' }, {}] as Record<string, string>[]) {
        const res = await h.client.post(body, accept);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(res.data).toBeUndefined();
        expect(res.errors?.map((error) => error.extensions?.code)).toEqual([code]);
      }
    });

    it('other client errors keep their 400: malformed JSON, no query, a refused limit', async () => {
      const malformed = await fetch(`${h.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(TEST_API_KEY) }, body: '{' });
      expect(malformed.status).toBe(400);
      await malformed.body?.cancel();
      const noQuery = await h.client.post({ variables: {} }, { accept: 'application/json' });
      expect(noQuery.status).toBe(400);
      expect(noQuery.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_REQUEST']);
      // The gateway's limits are its policy, not a request error of the specification's.
      const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ');
      const overLimit = await h.client.post({ query: `{ ${aliases} }` }, { accept: 'application/json' });
      expect(overLimit.status).toBe(400);
      expect(overLimit.errors?.map((error) => error.extensions?.code)).toEqual(['TOO_MANY_ALIASES']);
    });
  });
});
