/**
 * Plain undici access to the two simulators, shared by the floor and the reference: a pool
 * per origin sized like the gateway's UPSTREAM_CONNECTIONS, HL's bearer token and one DDS
 * ticket for the whole run (the gateway keeps one too).
 */
import { Pool } from 'undici';
import type { SimulatorsInfo } from './simulators';

export interface VendorConfig {
  hlconnect: SimulatorsInfo['hlconnect'];
  boknett: Pick<SimulatorsInfo['boknett'], 'url' | 'username' | 'password'>;
  /** Keep-alive connections per upstream origin: the gateway's UPSTREAM_CONNECTIONS. */
  connections: number;
}

export type Upstream = { status: number; headers: Record<string, string | string[] | undefined>; json: unknown };

export interface HlLine {
  order_line_id: number;
  status: string;
  download_url: string | null;
  view_url: string | null;
}

export interface HlAsset {
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

export interface HlAssetPage {
  assets: HlAsset[];
  last_id: number | null;
  next_page: string | null;
}

/** Line states without links: the gateway asks no link for them. */
const WITHOUT_LINKS = new Set(['PROCESSING', 'FAILED', 'CANCELLED']);
const ITEM_STATUSES = new Set(['PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED']);

/** HL's status word as the schema's OrderItemStatus. */
export function itemStatus(vendorStatus: string): string {
  const status = vendorStatus.trim().toUpperCase();
  return status === 'CANCELED' ? 'CANCELLED' : ITEM_STATUSES.has(status) ? status : 'UNKNOWN';
}

/** The gateway's opaque asset cursor. */
export const assetCursor = (id: number) => Buffer.from(`asset:${id}`).toString('base64url');

export function createVendorHttp(config: VendorConfig) {
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

  /** One link of one line; null when HL has none (404) or the line's state has none. */
  async function lineUrl(kind: 'download-url' | 'view-url', orderId: number, line: HlLine): Promise<string | null> {
    if (WITHOUT_LINKS.has(line.status)) return null;
    const answer = await hlGet(`/purchase/${kind}?order_id=${orderId}&order_line_id=${line.order_line_id}`);
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw new Error(`${kind} answered ${answer.status}`);
    return (answer.json as { url: string }).url;
  }

  const hlGet = (path: string) => send(hl, 'GET', path, hlHeaders);

  return {
    hlGet,
    lineUrl,

    async validate(input: { assetId: number; quantity: number; customerIp: string }): Promise<{ token: string; expiresAt: Date }> {
      const body = JSON.stringify({ asset_id: input.assetId, customer_ip: input.customerIp, quantity: input.quantity });
      const answer = await send(hl, 'POST', '/purchase/validate-purchase-before-payment', { ...hlHeaders, 'content-type': 'application/json' }, body);
      if (answer.status !== 200) throw new Error(`validate answered ${answer.status}`);
      const { token, exp_date } = answer.json as { token: string; exp_date: number };
      return { token, expiresAt: new Date(exp_date * 1000) };
    },

    /** POST /purchase/register at HL with a validation token; HL answers 201 with an empty body. */
    async registerPurchase(input: { token: string; orderNumber: number; orderLineId: number; price: number; customer: string }): Promise<void> {
      const body = JSON.stringify({
        token: input.token,
        order_number: input.orderNumber,
        order_line_id: input.orderLineId,
        line_item_price: input.price,
        unit_price: input.price,
        customer: input.customer,
      });
      const answer = await send(hl, 'POST', '/purchase/register', { ...hlHeaders, 'content-type': 'application/json' }, body);
      if (answer.status !== 201) throw new Error(`register answered ${answer.status}`);
    },

    /** POST /order at DDS; the content URL its Location names and the fulfilment id in it. */
    async placeDdsOrder(input: { orderId: string; resid: string; priceOre: number }): Promise<{ contentUrl: string; fulfilmentId: string }> {
      const body = JSON.stringify({ orderid: input.orderId, resid: input.resid, spd: String(input.priceOre), excerpt: false });
      const headers = { authorization: ddsAuthorization, date: new Date().toUTCString(), accept: 'application/json', 'content-type': 'application/json' };
      const answer = await send(dds, 'POST', '/order', headers, body);
      if (answer.status !== 201) throw new Error(`DDS order answered ${answer.status}`);
      const contentUrl = new URL(String(answer.headers.location), `${config.boknett.url}/`).href;
      const fulfilmentId = decodeURIComponent(/\/content\/([^/]+)\/?$/.exec(new URL(contentUrl).pathname)?.[1] ?? '');
      return { contentUrl, fulfilmentId };
    },

    async assetPage(first: number): Promise<HlAssetPage> {
      const answer = await hlGet(`/assets/list?page_size=${first}`);
      if (answer.status !== 200) throw new Error(`assets/list answered ${answer.status}`);
      return answer.json as HlAssetPage;
    },

    /** One DDS ticket for the whole run. */
    async login(): Promise<void> {
      const form = new URLSearchParams({ username: config.boknett.username, password: config.boknett.password }).toString();
      const answer = await send(dds, 'POST', '/v1/tickets', { 'content-type': 'application/x-www-form-urlencoded' }, form);
      const ticket = answer.headers['boknett-tgt'];
      if (answer.status !== 201 || typeof ticket !== 'string') throw new Error(`DDS login answered ${answer.status}`);
      ddsAuthorization = `Boknett ${ticket}`;
    },
  };
}

export type VendorHttp = ReturnType<typeof createVendorHttp>;
