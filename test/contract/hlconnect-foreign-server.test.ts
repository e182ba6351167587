import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway, type Gateway } from '../../src/app';
import { loadConfig, Secret } from '../../src/config';
import { createLogger } from '../../src/server/logger';
import { VendorHttpClient } from '../../src/vendors/http';
import { HlConnectClient } from '../../src/vendors/hlconnect';
import { AssetsDocument, OrderDocument, OrderStatusDocument } from '../generated/operations';
import { TEST_API_KEYS } from '../harness/api-keys';
import { GraphQLTestClient } from '../harness/graphql-client';

/**
 * Not our simulator: a bare server that follows the HL Connect contract in its own way —
 * a path prefix, extra and missing optional fields, chunked bodies, charset in the
 * content type, ids as numbers where we read text. The gateway must work unchanged.
 */
const TOKEN = 'foreign-token';
const PREFIX = '/hl/v0.2';

function reply(res: ServerResponse, status: number, body?: unknown) {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  // Two writes and no content-length: a chunked body.
  const text = JSON.stringify(body);
  res.write(text.slice(0, 5));
  res.end(text.slice(5));
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  if (!url.pathname.startsWith(PREFIX)) return reply(res, 404, { message: 'no such path' });
  const path = url.pathname.slice(PREFIX.length);
  if (path !== '/health' && req.headers.authorization !== `Bearer ${TOKEN}`) return reply(res, 401, { message: 'nope' });
  const orderId = Number(url.searchParams.get('order_id'));
  switch (`${req.method} ${path}`) {
    case 'GET /purchase/info':
      if (orderId === 1) return reply(res, 202, { status: 'PROCESSING', eta_seconds: 4 });
      if (orderId === 2) return reply(res, 502, { status: 'FAILED', message: 'Rendering failed' });
      if (orderId === 3)
        return reply(res, 200, [
          // Only some optional fields, one extra field, a status word the graph does not know.
          { order_line_id: 1, asset_id: 55, status: 'DELIVERED', quantity: 1, new_field: { x: 1 } },
          { order_id: 3, order_line_id: 2, status: 'COMPLETED', download_url: null },
        ]);
      return reply(res, 404, { name: 'NotFound', message: 'unknown order', code: 40401, status: 404 });
    case 'GET /purchase/download-url':
      return reply(res, 200, { url: `https://files.example/${orderId}/${url.searchParams.get('order_line_id')}`, ttl: 60 });
    case 'GET /purchase/view-url':
      return reply(res, 404, { message: 'no viewer for this format' });
    case 'GET /assets/list':
      return reply(res, 200, {
        assets: [{ asset_id: 55, title: 'Ave Maria', song_number: 12, smd_id: 'A-9', difficulty_level_low: 'easy', contributors: null }],
        last_id: 55,
        next_page: null,
      });
    case 'GET /health':
      return reply(res, 200, [{ name: 'db', health: true }]);
    default:
      return reply(res, 404, { message: 'no such operation' });
  }
}

describe('HL Connect client against another server that follows the contract', () => {
  let server: Server;
  let baseUrl: string;
  let gateway: Gateway;
  let client: GraphQLTestClient;

  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`;
    gateway = await createGateway(
      loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', HLCONNECT_BASE_URL: baseUrl, HLCONNECT_TOKEN: TOKEN, API_KEYS: TEST_API_KEYS }),
      { logger: createLogger('silent') },
    );
    client = new GraphQLTestClient(gateway.url);
  });
  afterAll(async () => {
    await gateway.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reads 202 as PROCESSING and 502 with the documented body as FAILED', async () => {
    expect((await client.execute(OrderStatusDocument, { orderId: 1 })).data!.order!.status).toBe('PROCESSING');
    const failed = await client.execute(OrderStatusDocument, { orderId: 2 });
    expect(failed.data!.order).toMatchObject({ status: 'FAILED', failureMessage: 'Rendering failed' });
  });

  it('fills what is missing, ignores what is extra, keeps unknown statuses visible', async () => {
    const res = await client.execute(OrderDocument, { orderId: 3 });
    expect(res.errors).toBeUndefined();
    const [first, second] = res.data!.order!.items;
    expect(first).toMatchObject({ orderId: 3, orderLineId: 1, assetId: 55, status: 'UNKNOWN', vendorStatus: 'DELIVERED', customer: null });
    expect(first!.downloadUrl).toBe('https://files.example/3/1');
    expect(first!.viewUrl).toBeNull();
    expect(second).toMatchObject({ status: 'COMPLETED', downloadUrl: 'https://files.example/3/2', viewUrl: null });
  });

  it('reads catalogue ids given as numbers or text', async () => {
    const res = await client.execute(AssetsDocument, { first: 10 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.assets.edges[0]!.node).toMatchObject({ assetId: 55, songNumber: '12', contributors: [] });
    expect(res.data!.assets.pageInfo.hasNextPage).toBe(false);
  });

  it('the client speaks to the prefixed base URL directly, too', async () => {
    const http = new VendorHttpClient({
      vendor: 'HL_CONNECT',
      baseUrl,
      connectTimeoutMs: 1000,
      timeoutMs: 1000,
      maxResponseBytes: 65536,
      connections: 2,
      resilience: { retry: { attempts: 0, baseDelayMs: 100, maxDelayMs: 1000 }, breaker: { threshold: 5, halfOpenAfterMs: 1000 }, bulkhead: { limit: 2, queue: 10 } },
    });
    const hl = new HlConnectClient({ http, accessToken: new Secret(TOKEN) });
    try {
      expect(await hl.health()).toEqual([{ vendor: 'HL_CONNECT', component: 'db', healthy: true }]);
      expect(await hl.orderInfo(404)).toBeNull();
    } finally {
      await http.close();
    }
  });
});
