/**
 * Child process: the floor. A minimal node:http server that does, for each scenario, what
 * the gateway must do and nothing else: the same upstream calls with undici, in the same
 * order and concurrency, and the same JSON back. No schema, no validation, no ledger.
 * Run: `node dist/bench/floor.js '<FloorConfig as JSON>'`; prints `{"url": …}` once listening.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FloorRoute } from './scenarios';
import { assetCursor, createVendorHttp, itemStatus, type HlLine, type VendorConfig } from './vendor-http';

export type FloorConfig = VendorConfig;

type Vars = Record<string, unknown>;

function createFloor(config: FloorConfig) {
  const vendors = createVendorHttp(config);
  const { hlGet, lineUrl } = vendors;

  async function order(vars: Vars) {
    const orderId = Number(vars.orderId);
    const info = await hlGet(`/purchase/info?order_id=${orderId}`);
    if (info.status === 404) return { order: null };
    if (info.status === 202) return { order: { orderId, status: 'PROCESSING', items: [] } };
    if (info.status !== 200) throw new Error(`purchase/info answered ${info.status}`);
    const lines = info.json as HlLine[];
    // Like the gateway's two loaders: every missing download link, then every view link, all at once.
    const downloads = lines.map((line) => line.download_url || lineUrl('download-url', orderId, line));
    const views = lines.map((line) => line.view_url || lineUrl('view-url', orderId, line));
    const [downloadUrls, viewUrls] = await Promise.all([Promise.all(downloads), Promise.all(views)]);
    const items = lines.map((line, i) => ({
      orderLineId: line.order_line_id,
      status: itemStatus(line.status),
      downloadUrl: downloadUrls[i] ?? null,
      viewUrl: viewUrls[i] ?? null,
    }));
    return { order: { orderId, status: 'COMPLETED', items } };
  }

  async function orders(vars: Vars) {
    const ids = vars.orderIds as number[];
    const infos = await Promise.all(ids.map((id) => hlGet(`/purchase/info?order_id=${id}`)));
    return {
      orders: infos.map((info) => {
        if (info.status === 200) return { items: (info.json as HlLine[]).map((line) => ({ status: itemStatus(line.status) })) };
        if (info.status === 202 || info.status === 502) return { items: [] };
        if (info.status === 404) return null;
        throw new Error(`purchase/info answered ${info.status}`);
      }),
    };
  }

  async function validate(vars: Vars) {
    const { token, expiresAt } = await vendors.validate(vars.input as { assetId: number; quantity: number; customerIp: string });
    return { validatePurchase: { validationToken: { token, expiresAt: expiresAt.toISOString() }, userErrors: [] } };
  }

  async function ddsOrder(vars: Vars) {
    const input = vars.input as { orderId: string; resid: string; priceOre: number };
    const { contentUrl, fulfilmentId } = await vendors.placeDdsOrder(input);
    const placedAt = new Date().toISOString();
    return { placeDdsOrder: { ddsOrder: { orderId: input.orderId, fulfilmentId, contentUrl, placedAt }, userErrors: [] } };
  }

  async function assets(vars: Vars) {
    const page = await vendors.assetPage(Number(vars.first));
    const endCursor = page.last_id === null ? null : assetCursor(page.last_id);
    return {
      assets: {
        edges: page.assets.map((a) => ({
          cursor: a.asset_id == null ? (endCursor ?? '') : assetCursor(a.asset_id),
          node: {
            assetId: a.asset_id ?? null,
            title: a.title ?? null,
            format: a.format ?? null,
            minQty: a.min_qty ?? null,
            world: a.world ?? null,
            countries: a.countries ?? [],
            retailPrice: a.retail_price == null ? null : { amount: a.retail_price.toFixed(2), currency: 'USD' },
            contributors: (a.contributors ?? []).map((c) => ({ name: c.name ?? null, role: c.role ?? null })),
            prices: (a.prices ?? []).map((p) => ({
              typeId: p.type_id == null ? null : String(p.type_id),
              price: p.price == null ? null : { amount: p.price.toFixed(2), currency: 'USD' },
            })),
          },
        })),
        pageInfo: { hasNextPage: Boolean(page.next_page), endCursor },
      },
    };
  }

  const routes: Record<FloorRoute, (vars: Vars) => Promise<unknown>> = {
    '/order': order,
    '/orders': orders,
    '/validate': validate,
    '/dds-order': ddsOrder,
    '/assets': assets,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = routes[(req.url ?? '/') as FloorRoute];
    if (!route) return reply(res, 404, { errors: [{ message: 'Not found' }] });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables?: Vars };
    reply(res, 200, { data: await route(variables ?? {}) });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, { errors: [{ message: error instanceof Error ? error.message : String(error) }] });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return { server, login: vendors.login };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as FloorConfig;
  const { server, login } = createFloor(config);
  await login();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench floor failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
