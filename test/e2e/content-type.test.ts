import { request } from 'undici';
import { bearer, TEST_API_KEY } from '../harness/api-keys';
import { startHarness, type Harness } from '../harness/gateway-harness';

/** A POST to /graphql with this Content-Type and a JSON body. */
async function postAs(h: Harness, contentType: string): Promise<{ status: number; body: { data?: unknown; errors?: unknown[] } }> {
  const res = await request(`${h.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...bearer(TEST_API_KEY) },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return { status: res.statusCode, body: (await res.body.json()) as { data?: unknown; errors?: unknown[] } };
}

describe('the media type of a GraphQL request body', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it.each(['application/json', 'APPLICATION/JSON', 'Application/Json; charset=UTF-8', 'application/json;charset=utf-8', ' application/json ', 'application/graphql-response+json'])(
    'reads `%s` as JSON',
    async (contentType) => {
      expect(await postAs(h, contentType)).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    },
  );

  it.each(['application/jsonx', 'application/json-seq', 'text/application/json', 'application/x-application/json', 'text/plain; note=application/json'])(
    'does not read `%s` as JSON: the operation does not run',
    async (contentType) => {
      const { status, body } = await postAs(h, contentType);
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: expect.any(String) }) })]);
    },
  );
});
