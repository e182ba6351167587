import { createHash } from 'node:crypto';
import { startHarness, type Harness } from '../harness/gateway-harness';

/** What Apollo Client sends: the GraphQL response media type first. */
const GRAPHQL_RESPONSE = 'application/graphql-response+json,application/json;q=0.9';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Log lines at error level (pino's 50) or above. */
const errorLines = (h: Harness) => h.logs.lines.filter((line) => /"level":(50|60)/.test(line));

function codeOf(res: { errors?: { extensions?: Record<string, unknown> }[] }) {
  return res.errors?.[0]?.extensions?.code;
}

describe('client mistakes are client errors: 400, a code, no error log', () => {
  let h: Harness;
  let vendorCalls: () => number;

  beforeAll(async () => {
    h = await startHarness({ env: { MAX_QUERY_TOKENS: '200' } });
    vendorCalls = () => h.hl.calls.total() + h.boknett.calls.total();
  });
  afterAll(async () => h.close());
  beforeEach(() => {
    h.logs.lines.length = 0;
    h.hl.calls.reset();
    h.boknett.calls.reset();
  });

  // GraphQL request errors: 400 as application/graphql-response+json, 200 as plain application/json (GraphQL over HTTP).
  it('an operationName the document does not define', async () => {
    const body = { query: 'query A { __typename }', operationName: 'B' };
    const res = await h.client.post(body, { accept: GRAPHQL_RESPONSE });
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(res.errors![0]!.message).toBe('Unknown operation named "B".');
    const plain = await h.client.post(body);
    expect(plain.status).toBe(200);
    expect(plain.errors).toEqual(res.errors);
    expect(errorLines(h)).toEqual([]);
  });

  it('several operations and no operationName', async () => {
    const body = { query: 'query A { __typename } query B { __typename }' };
    const res = await h.client.post(body, { accept: GRAPHQL_RESPONSE });
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('OPERATION_RESOLUTION_FAILURE');
    expect((await h.client.post(body)).status).toBe(200);
    expect(errorLines(h)).toEqual([]);
  });

  it('an APQ hash that is not the query’s', async () => {
    const query = '{ __typename }';
    const res = await h.client.post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('other') } } });
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }]);
    expect(errorLines(h)).toEqual([]);
    expect(h.logs.lines.filter((line) => /"level":40/.test(line))).toEqual([]);
  });

  it('an APQ version other than 1', async () => {
    const query = '{ __typename }';
    const res = await h.client.post({ query, extensions: { persistedQuery: { version: 2, sha256Hash: sha256(query) } } });
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([{ message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } }]);
    expect(errorLines(h)).toEqual([]);
  });

  describe('document size (MAX_QUERY_TOKENS)', () => {
    it('stops parsing a document with more tokens than allowed', async () => {
      // 600 KB of fields: parsing stops at the 201st token.
      const query = `{ ${'__typename '.repeat(60_000)}}`;
      const res = await h.client.post({ query }, {});
      expect(res.status).toBe(400);
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_LARGE', limit: 200 });
      expect(res.errors![0]!.message).toBe('The query has more than 200 tokens; at most 200 are allowed.');
      expect(vendorCalls()).toBe(0);
      expect(errorLines(h)).toEqual([]);
    });

    it('runs a document within the limit', async () => {
      const res = await h.client.post({ query: `{ ${'__typename '.repeat(190)}}` });
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ __typename: 'Query' });
    });
  });
});

describe('validation messages', () => {
  const typo = '{ ordr(orderId: 1) { status } }';
  const badEnum = '{ purchaseLedger(first: 1, state: REJECTD) { edges { node { id } } } }';

  it('suggest names outside production, where the schema can be introspected anyway', async () => {
    const h = await startHarness();
    try {
      const res = await h.client.post({ query: typo });
      expect(res.errors![0]!.message).toMatch(/Did you mean "order/);
    } finally {
      await h.close();
    }
  });

  it('suggest nothing in production (introspection off)', async () => {
    const h = await startHarness({ env: { NODE_ENV: 'production' } });
    try {
      // Plain application/json: a GraphQL request error is answered 200 (GraphQL over HTTP).
      const res = await h.client.post({ query: typo });
      expect(res.status).toBe(200);
      expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.errors![0]!.message).toBe('Cannot query field "ordr" on type "Query".');
      const enumRes = await h.client.post({ query: badEnum });
      expect(enumRes.text).toContain('REJECTD');
      expect(enumRes.text).not.toMatch(/Did you mean/);
      const inputRes = await h.client.post({ query: 'mutation { validatePurchase(input: { assetId: 1, quantity: 1, customerIP: "1.2.3.4" }) { userErrors { code } } }' });
      expect(inputRes.status).toBe(200);
      expect(inputRes.text).toContain('customerIP');
      expect(inputRes.text).not.toMatch(/Did you mean|customerIp/);
      const variableRes = await h.client.post({
        query: 'query ($s: LedgerState) { purchaseLedger(first: 1, state: $s) { edges { node { id } } } }',
        variables: { s: 'REJECTD' },
      });
      expect(variableRes.status).toBe(200);
      expect(variableRes.text).not.toMatch(/Did you mean/);
    } finally {
      await h.close();
    }
  });
});
