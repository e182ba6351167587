import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { createGateway, type Gateway } from '../../src/app';
import { loadConfig, Secret } from '../../src/config';
import { createLogger } from '../../src/server/logger';
import { VendorHttpClient } from '../../src/vendors/http';
import { HlConnectClient } from '../../src/vendors/hlconnect';
import { AssetDetailsDocument, AssetsDocument, OrderDocument, OrderStatusDocument } from '../generated/operations';
import { TEST_API_KEYS } from '../harness/api-keys';
import { GraphQLTestClient } from '../harness/graphql-client';
import { LogCapture } from '../harness/log-capture';

/**
 * Not our simulator: a bare server that follows the HL Connect contract in its own way —
 * a path prefix, extra and missing optional fields, chunked bodies, charset in the
 * content type, ids as numbers where we read text, the types of the vendor's SDK — and
 * on some catalogue pages sends optional fields of other types. The gateway must work unchanged.
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
      return reply(res, 200, catalogue(url.searchParams.get('last_id')));
    case 'GET /health':
      return reply(res, 200, [{ name: 'db', health: true }]);
    default:
      return reply(res, 404, { message: 'no such operation' });
  }
}

/** Catalogue pages by `last_id`: none, SDK-typed; 100, optional fields of other types; 200, an asset id that is not a number. */
function catalogue(lastId: string | null): unknown {
  switch (lastId) {
    case '100':
      return {
        assets: [
          {
            asset_id: 101,
            title: 42,
            countries: 'US',
            related_goods: [{ related_product_id: 9, good_type: 'D', sheet: true, featured: false, prime_src: 'hl' }],
            usergens: [{ black_box: 'no', seller_id: 3, medley_assets: [{ name: 'Intro', sequence: 'first' }] }],
          },
          { asset_id: 102, title: ['Two'], song_number: 4 },
        ],
        last_id: 102,
        next_page: null,
      };
    case '200':
      return { assets: [{ asset_id: 'two hundred and one', title: 'Unreadable' }], last_id: 201, next_page: null };
    default:
      return {
        assets: [
          {
            asset_id: 55,
            title: 'Ave Maria',
            song_number: 12,
            external_ref_id: 350055,
            tempo: 72,
            smd_id: 'A-9',
            difficulty_level_low: 'easy',
            contributors: null,
            related_goods: [{ related_product_id: 500055, group_type_id: 2, good_type: 'H', sheet: false, featured: true, prime_src: true }],
            usergens: [
              {
                black_box: true,
                arrangeable: false,
                vendor_product_type: 'arrangement',
                content_provider: 'cp',
                adaptation_vendor: 'av',
                vendor_song_id: 'vs-1',
                publisher_name: 'Pub',
                seller_id: 12,
                authorized_performers: 2,
                adaptation_product_id: 99,
                commission_override_rate: 0.125,
                medley_assets: [{ name: 'Ave', song_catalog_id: 'sc-1', hl_song_id: 'hl-1', sequence: 1 }],
              },
            ],
          },
        ],
        last_id: 55,
        next_page: null,
      };
  }
}

/** One sample of a metric from the Prometheus text, or 0 when the series is not there. */
async function metricValue(metricsUrl: string, name: string, labels: string): Promise<number> {
  const text = await (await request(`${metricsUrl}/metrics`)).body.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** A cursor the gateway would hand out after the asset with this id. */
const cursorAfter = (assetId: number) => Buffer.from(`asset:${assetId}`).toString('base64url');

describe('HL Connect client against another server that follows the contract', () => {
  let server: Server;
  let baseUrl: string;
  let gateway: Gateway;
  let client: GraphQLTestClient;
  const logs = new LogCapture();

  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`;
    gateway = await createGateway(
      loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', HLCONNECT_BASE_URL: baseUrl, HLCONNECT_TOKEN: TOKEN, API_KEYS: TEST_API_KEYS }),
      { logger: createLogger('info', logs) },
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

  it('reads a page typed as the vendor’s SDK declares it', async () => {
    const res = await client.execute(AssetDetailsDocument, { first: 10 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.assets.edges[0]!.node).toEqual({
      assetId: 55,
      title: 'Ave Maria',
      songNumber: '12',
      externalRefId: '350055',
      tempo: '72',
      smdId: 'A-9',
      countries: [],
      relatedGoods: [{ relatedProductId: '500055', goodType: 'H', sheet: false, featured: true, primeSrc: true }],
      usergens: [
        {
          blackBox: true,
          arrangeable: false,
          vendorProductType: 'arrangement',
          contentProvider: 'cp',
          adaptationVendor: 'av',
          vendorSongId: 'vs-1',
          publisherName: 'Pub',
          sellerId: '12',
          authorizedPerformers: 2,
          adaptationProductId: '99',
          commissionOverrideRate: 0.125,
          medleyAssets: [{ name: 'Ave', songCatalogId: 'sc-1', hlSongId: 'hl-1', sequence: 1 }],
        },
      ],
    });
  });

  it('reads an optional field of another type as null, counts it and logs each field once', async () => {
    const metric = (field: string) => metricValue(gateway.metricsUrl!, 'upstream_fields_dropped_total', `vendor="HL_CONNECT",field="${field}"`);
    const titlesBefore = await metric('title');
    for (let round = 0; round < 2; round += 1) {
      const res = await client.execute(AssetDetailsDocument, { first: 10, after: cursorAfter(100) });
      expect(res.errors).toBeUndefined();
      const [first, second] = res.data!.assets.edges.map((e) => e.node);
      expect(first).toMatchObject({
        assetId: 101,
        title: null,
        countries: [],
        relatedGoods: [{ relatedProductId: '9', goodType: 'D', sheet: true, featured: false, primeSrc: null }],
        usergens: [{ blackBox: null, sellerId: '3', medleyAssets: [{ name: 'Intro', sequence: null }] }],
      });
      expect(second).toMatchObject({ assetId: 102, title: null, songNumber: '4' });
    }
    // Two titles a page, two pages.
    expect((await metric('title')) - titlesBefore).toBe(4);
    for (const field of ['countries', 'related_goods.prime_src', 'usergens.black_box', 'usergens.medley_assets.sequence']) expect(await metric(field)).toBe(2);
    const warnings = logs.lines.map((line) => JSON.parse(line) as { msg: string; field?: string; vendor?: string }).filter((l) => l.msg.includes('read as null'));
    expect(warnings.map((w) => w.field).sort()).toEqual(['countries', 'related_goods.prime_src', 'title', 'usergens.black_box', 'usergens.medley_assets.sequence']);
    expect(warnings.every((w) => w.vendor === 'HL_CONNECT')).toBe(true);
  });

  it('fails the page when an asset’s own id is not a number: the asset can be neither identified nor paged past', async () => {
    const res = await client.execute(AssetsDocument, { first: 10, after: cursorAfter(200) });
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
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
