/**
 * Child process: the floor. A minimal node:http server that does, for each scenario, what
 * the gateway must do and nothing else: the same upstream calls with undici, in the same
 * order and concurrency, and the same JSON back. No schema, no validation, no ledger.
 * Run: `node dist/bench/floor.js '<FloorConfig as JSON>'`; prints `{"url": …}` once listening.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import type { FloorRoute } from './scenarios';
import type { SimulatorsInfo } from './simulators';

export interface FloorConfig {
  hlconnect: SimulatorsInfo['hlconnect'];
  boknett: Pick<SimulatorsInfo['boknett'], 'url' | 'username' | 'password'>;
  /** Keep-alive connections per upstream origin: the gateway's UPSTREAM_CONNECTIONS. */
  connections: number;
}

type Vars = Record<string, unknown>;
type Upstream = { status: number; headers: Record<string, string | string[] | undefined>; json: unknown };

interface HlLine {
  order_line_id: number;
  status: string;
  download_url: string | null;
  view_url: string | null;
}

interface HlAsset {
  asset_id?: number | null;
  title?: string | null;
  format?: string | null;
  min_qty?: number | null;
  world?: boolean | null;
  countries?: string[] | null;
  retail_price?: number | null;
  contributors?: { name?: string | null; role?: string | null }[] | null;
  prices?: { type_id?: number | string | null; price?: number | null }[] | null;
}

/** Line states without links: the gateway asks no link for them, nor does the floor. */
const WITHOUT_LINKS = new Set(['PROCESSING', 'FAILED', 'CANCELLED']);
const ITEM_STATUSES = new Set(['PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED']);

function createFloor(config: FloorConfig) {
  const poolOptions = { connections: config.connections, pipelining: 1, keepAliveTimeout: 30_000 };
  const hl = new Pool(config.hlconnect.url, poolOptions);
  const dds = new Pool(config.boknett.url, poolOptions);
  const hlHeaders = { authorization: `Bearer ${config.hlconnect.token}`, accept: 'application/json' };
  let ddsAuthorization = '';

  async function send(pool: Pool, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<Upstream> {
    const response = await pool.request({ method, path, headers, body });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, json: text ? (JSON.parse(text) as unknown) : undefined };
  }

  const hlGet = (path: string) => send(hl, 'GET', path, hlHeaders);

  async function lineUrl(kind: 'download-url' | 'view-url', orderId: number, line: HlLine): Promise<string | null> {
    if (WITHOUT_LINKS.has(line.status)) return null;
    const answer = await hlGet(`/purchase/${kind}?order_id=${orderId}&order_line_id=${line.order_line_id}`);
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw new Error(`${kind} answered ${answer.status}`);
    return (answer.json as { url: string }).url;
  }

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
    const input = vars.input as { assetId: number; quantity: number; customerIp: string };
    const body = JSON.stringify({ asset_id: input.assetId, customer_ip: input.customerIp, quantity: input.quantity });
    const answer = await send(hl, 'POST', '/purchase/validate-purchase-before-payment', { ...hlHeaders, 'content-type': 'application/json' }, body);
    if (answer.status !== 200) throw new Error(`validate answered ${answer.status}`);
    const { token, exp_date } = answer.json as { token: string; exp_date: number };
    return { validatePurchase: { validationToken: { token, expiresAt: new Date(exp_date * 1000).toISOString() }, userErrors: [] } };
  }

  async function ddsOrder(vars: Vars) {
    const input = vars.input as { orderId: string; resid: string; priceOre: number };
    const body = JSON.stringify({ orderid: input.orderId, resid: input.resid, spd: String(input.priceOre), excerpt: false });
    const answer = await send(
      dds,
      'POST',
      '/order',
      { authorization: ddsAuthorization, date: new Date().toUTCString(), accept: 'application/json', 'content-type': 'application/json' },
      body,
    );
    if (answer.status !== 201) throw new Error(`DDS order answered ${answer.status}`);
    const contentUrl = new URL(String(answer.headers.location), `${config.boknett.url}/`).href;
    const fulfilmentId = decodeURIComponent(/\/content\/([^/]+)\/?$/.exec(new URL(contentUrl).pathname)?.[1] ?? '');
    const placedAt = new Date().toISOString();
    return { placeDdsOrder: { ddsOrder: { orderId: input.orderId, fulfilmentId, contentUrl, placedAt }, userErrors: [] } };
  }

  async function assets(vars: Vars) {
    const answer = await hlGet(`/assets/list?page_size=${Number(vars.first)}`);
    if (answer.status !== 200) throw new Error(`assets/list answered ${answer.status}`);
    const page = answer.json as { assets: HlAsset[]; last_id: number | null; next_page: string | null };
    const cursor = (id: number) => Buffer.from(`asset:${id}`).toString('base64url');
    const endCursor = page.last_id === null ? null : cursor(page.last_id);
    return {
      assets: {
        edges: page.assets.map((a) => ({
          cursor: a.asset_id == null ? (endCursor ?? '') : cursor(a.asset_id),
          node: {
            assetId: a.asset_id ?? null,
            title: a.title ?? null,
            format: a.format ?? null,
            minQty: a.min_qty ?? null,
            world: a.world ?? null,
            countries: a.countries ?? [],
            retailPrice: a.retail_price == null ? null : { amount: a.retail_price.toFixed(2), currency: 'USD' },
            contributors: (a.contributors ?? []).map((c) => ({ name: c.name ?? null, role: c.role ?? null })),
            prices: (a.prices ?? []).map((p) => ({ typeId: p.type_id == null ? null : String(p.type_id), price: p.price == null ? null : { amount: p.price.toFixed(2), currency: 'USD' } })),
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

  /** One DDS ticket for the whole run, as the gateway keeps one. */
  async function login(): Promise<void> {
    const form = new URLSearchParams({ username: config.boknett.username, password: config.boknett.password }).toString();
    const answer = await send(dds, 'POST', '/v1/tickets', { 'content-type': 'application/x-www-form-urlencoded' }, form);
    const ticket = answer.headers['boknett-tgt'];
    if (answer.status !== 201 || typeof ticket !== 'string') throw new Error(`DDS login answered ${answer.status}`);
    ddsAuthorization = `Boknett ${ticket}`;
  }

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
  return { server, login };
}

function itemStatus(vendorStatus: string): string {
  const status = vendorStatus.trim().toUpperCase();
  return status === 'CANCELED' ? 'CANCELLED' : ITEM_STATUSES.has(status) ? status : 'UNKNOWN';
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
