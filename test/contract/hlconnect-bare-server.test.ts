import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiKeysEnv, bearer } from '../harness/api-keys';
import { GraphQLTestClient } from '../harness/graphql-client';
import { startSandboxGateway, type SandboxGateway } from '../harness/sandbox-gateway';

/**
 * Not our simulator: a bare HL Connect server that follows the contract and makes legal choices
 * the simulator does not (a 200 listing lines still PROCESSING; a 409 whose reply is lost).
 */
const TOKEN = 'bare-hl-token';
const SHOP_A = { name: 'shop-a', key: 'bare-shop-a-key-0123456789', scopes: ['orders:read', 'purchases:write', 'catalog:read'] as const };
const SHOP_B = { name: 'shop-b', key: 'bare-shop-b-key-0123456789', scopes: ['orders:read', 'purchases:write'] as const };

interface Line {
  order_id: number;
  order_line_id: number;
  asset_id: number;
  customer: string;
  unit_price?: number;
  line_item_price?: number;
  quantity: number;
  status: string;
}

const orders = new Map<number, Map<number, Line>>();
const tokens = new Map<string, { asset_id: number; quantity: number }>();
/** Register requests whose answer the server drops after acting (the connection is reset). */
let dropNextRegisterReply = false;
let nextToken = 1;

function reply(res: ServerResponse, status: number, body?: unknown) {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** What the gateway sends HL, as this server reads it. */
interface Body {
  asset_id: number;
  quantity: number;
  token: string;
  order_number: number;
  order_line_id: number;
  customer: string;
  unit_price: number;
  line_item_price: number;
  parts?: { asset_id: number; order_line_id: number }[];
}

/** What the tests read of the gateway's answers. */
// biome-ignore lint/suspicious/noExplicitAny: each test reads its own fields of a GraphQL answer
type Answer = any;

function handle(req: IncomingMessage, res: ServerResponse, json: Body) {
  const url = new URL(req.url ?? '/', 'http://x');
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(res, 401, {});
  const q = url.searchParams;
  switch (`${req.method} ${url.pathname}`) {
    case 'POST /purchase/validate-purchase-before-payment': {
      const token = `t${nextToken++}`;
      tokens.set(token, { asset_id: json.asset_id, quantity: json.quantity });
      return reply(res, 200, { token, exp_date: Math.floor(Date.now() / 1000) + 600 });
    }
    case 'POST /purchase/register': {
      const drop = dropNextRegisterReply;
      dropNextRegisterReply = false;
      const answer = (status: number, body?: unknown) => (drop ? req.socket.destroy() : reply(res, status, body));
      const grant = tokens.get(json.token);
      if (!grant) return answer(422, { message: 'bad token' });
      const lines = orders.get(json.order_number) ?? new Map<number, Line>();
      orders.set(json.order_number, lines);
      if (lines.has(json.order_line_id)) return answer(409, { message: 'already registered' });
      const base = { order_id: json.order_number, customer: json.customer, quantity: grant.quantity, status: 'COMPLETED' };
      lines.set(json.order_line_id, { ...base, order_line_id: json.order_line_id, asset_id: grant.asset_id, unit_price: json.unit_price, line_item_price: json.line_item_price });
      // Single parts of an ensemble asset are lines of the order under the order_line_id the store gave them.
      for (const part of json.parts ?? []) lines.set(part.order_line_id, { ...base, order_line_id: part.order_line_id, asset_id: part.asset_id });
      return answer(201);
    }
    case 'GET /purchase/info': {
      const lines = orders.get(Number(q.get('order_id')));
      if (!lines || lines.size === 0) return reply(res, 404, { message: 'no such order' });
      // A legal choice: 200 with each line's own status, even while a line is still processing.
      return reply(res, 200, [...lines.values()]);
    }
    case 'GET /assets/list':
      // The last page: the contract allows `last_id: null` (int|null) with assets on it.
      return reply(res, 200, {
        assets: [
          { asset_id: 11, title: 'Eleven' },
          { asset_id: 12, title: 'Twelve' },
        ],
        last_id: null,
        next_page: null,
      });
    case 'GET /purchase/download-url':
    case 'GET /purchase/view-url':
      return reply(res, 200, { url: `https://files.example${url.pathname}/${q.get('order_id')}/${q.get('order_line_id')}` });
    default:
      return reply(res, 404, {});
  }
}

const REGISTER = `mutation($t:String!,$o:SafeInt!,$l:SafeInt!,$p:Decimal!,$c:String!,$parts:[PurchasePartInput!]) {
  registerPurchase(input:{token:$t, orderNumber:$o, orderLineId:$l, lineItemPrice:$p, unitPrice:$p, customer:$c, parts:$parts}) { userErrors { code } }
}`;
const VALIDATE = 'mutation($a:SafeInt!) { validatePurchase(input:{assetId:$a, quantity:1, customerIp:"192.0.2.1"}) { validationToken { token } } }';
const ORDER = 'query($o:SafeInt!) { order(orderId:$o) { status items { orderLineId assetId status downloadUrl } } }';

describe('HL Connect: legal server choices the simulator does not make', () => {
  let server: Server;
  let gateway: SandboxGateway;
  let client: GraphQLTestClient;

  const as = (shop: { key: string }) => ({
    post: (query: string, variables: Record<string, unknown>) => client.post<Answer>({ query, variables }, bearer(shop.key)),
    async register(order: number, line: number, assetId: number, price: string, customer: string, parts?: { assetId: number; orderLineId: number }[]) {
      const v = await client.post<Answer>({ query: VALIDATE, variables: { a: assetId } }, bearer(shop.key));
      const t = v.data.validatePurchase.validationToken.token as string;
      return client.post<Answer>({ query: REGISTER, variables: { t, o: order, l: line, p: price, c: customer, parts: parts ?? null } }, bearer(shop.key));
    },
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => handle(req, res, (body ? JSON.parse(body) : {}) as Body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    gateway = await startSandboxGateway({
      NODE_ENV: 'test',
      HLCONNECT_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      HLCONNECT_TOKEN: TOKEN,
      API_KEYS: apiKeysEnv([SHOP_A, SHOP_B]),
      LEDGER_RECONCILE_AFTER_MS: '300',
      LEDGER_RECONCILE_INTERVAL_MS: '200',
    });
    client = new GraphQLTestClient(gateway.gateway.url);
  });
  afterAll(async () => {
    await gateway.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a lost reply to a registration HL refused (409) does not make another shop’s line the caller’s after reconciliation', async () => {
    expect((await as(SHOP_A).register(9101, 1, 2003, '4.99', 'Ada')).data.registerPurchase.userErrors).toEqual([]);
    // Shop B validates another asset for the same (shop-chosen) order number and line; HL refuses it with 409, the reply is lost.
    dropNextRegisterReply = true;
    const lost = await as(SHOP_B).register(9101, 1, 2006, '4.99', 'Ada');
    expect(lost.errors![0]!.extensions).toMatchObject({ outcome: 'UNKNOWN' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Only a registration that succeeded makes an HL line the caller's: B registered nothing.
    const seen = await as(SHOP_B).post(ORDER, { o: 9101 });
    expect(seen.data.order).toBeNull();
    const cancel = await as(SHOP_B).post('mutation { cancelOrderLine(input: { orderId: 9101, orderLineId: 1 }) { cancelled userErrors { code } } }', {});
    expect(cancel.data.cancelOrderLine).toEqual({ cancelled: false, userErrors: [{ code: 'NOT_FOUND' }] });
    expect(orders.get(9101)!.get(1)!.status).toBe('COMPLETED');
  });

  it('a shop that bought single parts reads the part lines HL lists under their own order_line_id', async () => {
    const parts = [
      { assetId: 9001, orderLineId: 2 },
      { assetId: 9002, orderLineId: 3 },
    ];
    expect((await as(SHOP_B).register(9201, 1, 2003, '3.00', 'Ada', parts)).data.registerPurchase.userErrors).toEqual([]);
    const seen = await as(SHOP_B).post(ORDER, { o: 9201 });
    expect(seen.data.order.items.map((i: { orderLineId: number }) => i.orderLineId)).toEqual([1, 2, 3]);
    // Not another shop's.
    expect((await as(SHOP_A).post(ORDER, { o: 9201 })).data.order).toBeNull();
  });

  it('an order whose every line is still PROCESSING is not COMPLETED ("Fulfilment finished; items carry their links")', async () => {
    expect((await as(SHOP_A).register(9301, 1, 2003, '1.00', 'Ada')).data.registerPurchase.userErrors).toEqual([]);
    orders.get(9301)!.get(1)!.status = 'PROCESSING';
    const seen = await as(SHOP_A).post(ORDER, { o: 9301 });
    expect(seen.data.order.items[0]).toMatchObject({ status: 'PROCESSING', downloadUrl: null });
    expect(seen.data.order.status).toBe('PROCESSING');
    orders.get(9301)!.get(1)!.status = 'COMPLETED';
    expect((await as(SHOP_A).post(ORDER, { o: 9301 })).data.order.status).toBe('COMPLETED');
  });

  it('a last catalogue page whose last_id is null still ends at its last asset’s cursor', async () => {
    const page = await as(SHOP_A).post('{ assets(first: 2) { edges { cursor node { assetId } } pageInfo { endCursor hasNextPage } } }', {});
    const edges = page.data.assets.edges as { cursor: string; node: { assetId: number } }[];
    expect(edges.map((edge) => edge.node.assetId)).toEqual([11, 12]);
    expect(page.data.assets.pageInfo).toEqual({ endCursor: edges[1]!.cursor, hasNextPage: false });
  });
});
