import { createHash } from 'node:crypto';
import { getIntrospectionQuery } from 'graphql';
import { request } from 'undici';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { registerHlLine } from '../harness/hl-fixtures';

const INFO = 'GET /purchase/info';
const DOWNLOAD = 'GET /purchase/download-url';
const VIEW = 'GET /purchase/view-url';

/** n order numbers from 7001: 7001 and 7002 are registered below, the others unknown to the vendor. */
const ids = (n: number) => Array.from({ length: n }, (_, i) => 7001 + i);
const LINKS = '{ orderId items { orderLineId downloadUrl viewUrl } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function codeOf(res: { errors?: { extensions?: Record<string, unknown> }[] }) {
  return res.errors?.[0]?.extensions?.code;
}

describe('query limits: refused before anything runs', () => {
  let h: Harness;
  const vendorCalls = () => h.hl.calls.total() + h.boknett.calls.total();

  beforeAll(async () => {
    h = await startHarness({
      hlconnect: { inlineUrls: false },
      env: { MAX_QUERY_DEPTH: '4', MAX_ALIASES: '5', MAX_QUERY_COST: '300', MAX_ORDER_IDS: '30', MAX_BODY_BYTES: '2048' },
    });
    for (const orderNumber of [7001, 7002]) await registerHlLine(h.client, { orderNumber, orderLineId: 1 });
  });
  afterAll(async () => h.close());
  beforeEach(() => {
    h.hl.calls.reset();
    h.boknett.calls.reset();
  });

  describe('depth (MAX_QUERY_DEPTH)', () => {
    it('refuses a query nested deeper than the limit', async () => {
      const res = await h.client.post({ query: '{ assets(first: 5) { edges { node { contributors { name } } } } }' });
      expect(res.status).toBe(400);
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: 4, actual: 5 });
      expect(res.errors![0]!.message).toBe('The query is 5 levels deep; at most 4 are allowed.');
      expect(res.data).toBeUndefined();
      expect(vendorCalls()).toBe(0);
    });

    it('counts the depth fragments add', async () => {
      const res = await h.client.post({
        query: 'query { assets { edges { ...Edge } } } fragment Edge on AssetEdge { node { ... on Asset { images { url } } } }',
      });
      expect(res.status).toBe(400);
      expect(codeOf(res)).toBe('QUERY_TOO_DEEP');
      expect(vendorCalls()).toBe(0);
    });

    it('runs a query at the limit', async () => {
      const res = await h.client.post({ query: '{ assets(first: 2) { edges { node { title } } } }' });
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(h.hl.calls.total()).toBe(1);
    });

    it('bounds selections nested in inline fragments, which add no field depth, before the cost estimate walks them', async () => {
      const levels = 300;
      const res = await h.client.post({ query: `{${'...{'.repeat(levels)}__typename${'}'.repeat(levels)}}` });
      expect(res.status).toBe(400);
      expect(res.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: 50, actual: levels + 1 });
      expect(res.errors![0]!.message).toMatch(/nests selections 301 levels deep \(fields, inline fragments and fragment spreads each count\); at most 50/);
    });

    it('leaves the standard introspection query (15 levels) to graphql-js’s own introspection bound', async () => {
      const res = await h.client.post({ query: getIntrospectionQuery() });
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
    });
  });

  describe('aliases (MAX_ALIASES)', () => {
    it('refuses more aliased fields than the limit', async () => {
      const aliased = [1, 2, 3, 4, 5, 6].map((n) => `o${n}: order(orderId: ${7000 + n}) { status }`).join(' ');
      const res = await h.client.post({ query: `{ ${aliased} }` });
      expect(res.status).toBe(400);
      expect(res.errors![0]!.extensions).toEqual({ code: 'TOO_MANY_ALIASES', limit: 5, actual: 6 });
      expect(vendorCalls()).toBe(0);
    });

    it('counts a fragment’s aliases once for each spread', async () => {
      const res = await h.client.post({
        query: 'query { ...Pair ...Pair ...Pair } fragment Pair on Query { a: vendorHealth { healthy } b: vendorHealth { healthy } }',
      });
      expect(res.status).toBe(400);
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', actual: 6 });
      expect(vendorCalls()).toBe(0);
    });

    it('runs a query with as many aliases as allowed', async () => {
      const aliased = [1, 2, 3, 4, 5].map((n) => `o${n}: order(orderId: 7001) { status }`).join(' ');
      const res = await h.client.post<Record<string, { status: string }>>({ query: `{ ${aliased} }` });
      expect(res.errors).toBeUndefined();
      expect(Object.keys(res.data!)).toHaveLength(5);
      // One order named five times is one upstream call.
      expect(h.hl.calls.snapshot()).toEqual({ [INFO]: 1 });
    });
  });

  describe('cost (MAX_QUERY_COST, upstream fan-out)', () => {
    it('runs a big query under the limit: 25 ids × (1 info + 5 expected lines × 2 links) = 275', async () => {
      const res = await h.client.post<{ orders: ({ orderId: number; items: { downloadUrl: string | null }[] } | null)[] }>({
        query: `{ orders(orderIds: [${ids(25).join(', ')}]) ${LINKS} }`,
      });
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data!.orders).toHaveLength(25);
      expect(res.data!.orders[0]!.items[0]!.downloadUrl).toMatch(/^http/);
      expect(res.data!.orders[2]).toBeNull();
      expect(h.hl.calls.snapshot()).toEqual({ [INFO]: 25, [DOWNLOAD]: 2, [VIEW]: 2 });
    });

    it('refuses a query whose fan-out would cost more: 30 ids × 11 = 330', async () => {
      const res = await h.client.post({ query: `{ orders(orderIds: [${ids(30).join(', ')}]) ${LINKS} }` });
      expect(res.status).toBe(400);
      expect(res.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_COSTLY', limit: 300, actual: 330 });
      expect(res.errors![0]!.message).toMatch(/^The query may cost 330 upstream calls; at most 300 are allowed\./);
      expect(vendorCalls()).toBe(0);
    });

    it('counts lists given as variables, per request', async () => {
      const query = `query Links($ids: [SafeInt!]!) { orders(orderIds: $ids) ${LINKS} }`;
      const costly = await h.client.post({ query, variables: { ids: ids(30) } });
      expect(costly.status).toBe(400);
      expect(codeOf(costly)).toBe('QUERY_TOO_COSTLY');
      expect(vendorCalls()).toBe(0);

      const cheap = await h.client.post({ query, variables: { ids: ids(2) } });
      expect(cheap.errors).toBeUndefined();
      expect(h.hl.calls.count(INFO)).toBe(2);
    });

    it('adds up the root fields: aliased copies of a costly list', async () => {
      const res = await h.client.post({
        query: `{ a: orders(orderIds: [${ids(15).join(', ')}]) ${LINKS} b: orders(orderIds: [${ids(15).join(', ')}]) ${LINKS} }`,
      });
      expect(res.status).toBe(400);
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', actual: 330 });
      expect(vendorCalls()).toBe(0);
    });

    it('counts each DDS download as its start and status reads, per order asked for', async () => {
      const ddsIds = ids(30)
        .map((id) => `"${id}"`)
        .join(', ');
      const download = `ddsOrders(orderIds: [${ddsIds}]) { orderId download(type: "application/epub+zip") { url } }`;
      // 1 ledger read + 30 orders × 5 download calls = 151: runs (none of them was placed: nulls, no call).
      const one = await h.client.post({ query: `{ ${download} }` });
      expect(one.errors).toBeUndefined();
      // Twice that is 302.
      const two = await h.client.post({ query: `{ a: ${download} b: ${download} }` });
      expect(two.status).toBe(400);
      expect(two.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_COSTLY', limit: 300, actual: 302 });
      expect(vendorCalls()).toBe(0);
    });
  });

  describe('id lists (MAX_ORDER_IDS)', () => {
    it('still refuses a longer orders list as BAD_USER_INPUT, without calling the vendor', async () => {
      const res = await h.client.post({ query: `{ orders(orderIds: [${ids(31).join(', ')}]) { orderId status } }` });
      expect(res.status).toBe(200);
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'orderIds' });
      expect(res.errors![0]!.message).toBe('orderIds takes at most 30 ids');
      expect(vendorCalls()).toBe(0);
    });

    it('counts a longer list only up to the bound, so the cost never hides that refusal', async () => {
      // Uncapped, 300 ids × (1 info + 5 lines × 1 link) would be 1800; capped at 30 ids it is 180.
      const res = await h.client.post({ query: `{ orders(orderIds: [${ids(300).join(',')}]) { orderId items { downloadUrl } } }` });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(vendorCalls()).toBe(0);
    });

    it('refuses a longer ddsOrders list as BAD_USER_INPUT', async () => {
      const res = await h.client.post({
        query: `{ ddsOrders(orderIds: [${ids(31)
          .map((id) => `"${id}"`)
          .join(', ')}]) { orderId } }`,
      });
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'orderIds' });
      expect(vendorCalls()).toBe(0);
    });
  });

  describe('body size (MAX_BODY_BYTES)', () => {
    it('answers 413 for a larger body, before parsing it', async () => {
      const res = await h.client.post({ query: `{ vendorHealth { healthy } } # ${'x'.repeat(3000)}` });
      expect(res.status).toBe(413);
      expect(res.errors![0]!.extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE' });
      expect(vendorCalls()).toBe(0);
    });
  });

  describe('automatic persisted queries', () => {
    const query = '{ order(orderId: 7001) { orderId status } }';
    const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

    it('asks for the text of an unknown hash, registers it, then answers the hash alone', async () => {
      const hash = sha256(query);
      const unknown = await h.client.post({ extensions: persisted(hash) });
      expect(unknown.status).toBe(200);
      expect(codeOf(unknown)).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(vendorCalls()).toBe(0);

      const registered = await h.client.post({ query, extensions: persisted(hash) });
      expect(registered.errors).toBeUndefined();
      expect(registered.data).toEqual({ order: { orderId: 7001, status: 'COMPLETED' } });

      const byHash = await h.client.post({ extensions: persisted(hash) });
      expect(byHash.errors).toBeUndefined();
      expect(byHash.data).toEqual({ order: { orderId: 7001, status: 'COMPLETED' } });
      expect(h.hl.calls.count(INFO)).toBe(2);
    });

    it('refuses a hash that is not the query’s', async () => {
      const res = await h.client.post({ query, extensions: persisted(sha256('something else')) });
      expect(res.status).toBe(400);
      expect(vendorCalls()).toBe(0);
    });

    it('does not register a query the limits refuse', async () => {
      const costly = `{ orders(orderIds: [${ids(30).join(', ')}]) ${LINKS} }`;
      const refused = await h.client.post({ query: costly, extensions: persisted(sha256(costly)) });
      expect(codeOf(refused)).toBe('QUERY_TOO_COSTLY');
      const byHash = await h.client.post({ extensions: persisted(sha256(costly)) });
      expect(codeOf(byHash)).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(vendorCalls()).toBe(0);
    });
  });

  it('answers introspection and the landing page outside production', async () => {
    const res = await h.client.post({ query: '{ __schema { queryType { name } } }' });
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const page = await request(`${h.gateway.url}/`, { headers: { accept: 'text/html', ...h.client.credentials } });
    expect(page.statusCode).toBe(200);
    expect(await page.body.text()).toContain('embeddable-sandbox');
  });
});

describe('introspection and the landing page in production', () => {
  const introspect = (h: Harness) => h.client.post({ query: '{ __type(name: "Order") { name } }' });
  /** A browser's GET of `/`, with the test key or, as a browser asks, without. */
  const landingPage = async (h: Harness, credentials: Record<string, string>) => {
    const res = await request(`${h.gateway.url}/`, { headers: { accept: 'text/html', ...credentials } });
    return { status: res.statusCode, text: await res.body.text() };
  };

  it('are off by default', async () => {
    const h = await startHarness({ env: { NODE_ENV: 'production' } });
    try {
      const res = await introspect(h);
      // A validation failure, answered as plain application/json: 200 (GraphQL over HTTP).
      expect(res.status).toBe(200);
      expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.errors![0]!.message).toMatch(/introspection is not allowed/);
      // It names this gateway's setting, not Apollo Server's constructor option.
      expect(res.errors![0]!.message).toContain('GRAPHQL_INTROSPECTION=true');
      expect(res.errors![0]!.message).not.toContain('ApolloServer');
      const anonymous = await landingPage(h, {});
      expect(anonymous.status).toBe(401);
      const page = await landingPage(h, h.client.credentials);
      expect(page.text).not.toContain('embeddable-sandbox');
      // Ordinary operations still run.
      expect((await h.client.post({ query: '{ __typename }' })).data).toEqual({ __typename: 'Query' });
    } finally {
      await h.close();
    }
  });

  it('are on with GRAPHQL_INTROSPECTION=true and GRAPHQL_LANDING_PAGE=true', async () => {
    const h = await startHarness({ env: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', GRAPHQL_LANDING_PAGE: 'true' } });
    try {
      const res = await introspect(h);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ __type: { name: 'Order' } });
      const page = await landingPage(h, {});
      expect(page.status).toBe(200);
      expect(page.text).toContain('embeddable-sandbox');
    } finally {
      await h.close();
    }
  });
});
