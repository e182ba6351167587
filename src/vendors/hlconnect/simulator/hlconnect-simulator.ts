import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { normaliseIp, samplePdf, SimulatorServer, StateFile, type Route, type SimRequest, type SimResponse } from '../../simulator-kit';
import { HL_SIMULATOR_ASSETS, hlConnectDefaultCatalogue, type HlConnectSimulatorAsset } from './catalogue';
import { defaultCountryForIp } from './geo';
import { OrderBook, type OrderLine } from './order-book';
import { arrayOf, intParam, ipAddress, nonEmptyString, nonNegativeNumber, objectProblems, optional, positiveInt, positiveIntParams } from './request-checks';
import { TokenStore, type ValidationGrant } from './token-store';

export const HL_SIMULATOR_DEFAULT_TOKEN = 'hl-sandbox-token';

export interface HlConnectSimulatorOptions {
  /** Bearer token the simulator accepts. Default 'hl-sandbox-token'. */
  accessToken?: string;
  /** Delay before every answer, ms. Default 0. */
  latencyMs?: number;
  /** How long a registered line stays PROCESSING, ms. Default 1500. */
  processingDelayMs?: number;
  /** Asset ids whose fulfilment ends FAILED. Default [HL_SIMULATOR_ASSETS.failing]. */
  failingAssetIds?: number[];
  /** Whether /purchase/info inlines download_url/view_url on completed lines. Default true. */
  inlineUrls?: boolean;
  /** Validation token lifetime, seconds. Default 900. */
  tokenTtlSeconds?: number;
  /** Download/view URL lifetime, seconds. Default 300. */
  urlTtlSeconds?: number;
  /**
   * Catalogue (wire-shaped AssetItem objects). Default: the built-in catalogue.
   * The array is read on every call, so a test may remove an asset after validating it.
   */
  assets?: HlConnectSimulatorAsset[];
  /**
   * ISO country for a buyer's IP (IPv4-mapped addresses arrive unwrapped).
   * Default: 192.0.2.0/24 → US, 198.51.100.0/24 → GB, 203.0.113.0/24 → NO, anything else → US.
   */
  countryForIp?: (ip: string) => string;
  /** Clock in ms, for tests. Default Date.now. */
  now?: () => number;
  /**
   * A JSON file that keeps registered orders, unspent validation tokens and the URL signing
   * key across restarts, read at creation and written after every change. Default: memory only.
   */
  statePath?: string;
}

/** What the state file keeps. */
interface HlConnectSavedState {
  lines: OrderLine[];
  tokens: Array<[token: string, grant: ValidationGrant]>;
  urlSecret: string;
}

export type HlConnectSimulator = SimulatorServer & {
  readonly accessToken: string;
  /** Flip a component reported by /health. */
  setComponentHealth(name: string, healthy: boolean): void;
  /** Switch inlining of URLs in /purchase/info at run time. */
  setInlineUrls(inline: boolean): void;
  /**
   * What the vendor did with registrations of one order line: how many it accepted (201)
   * and how many it refused because it already held the line (409). Requests a fault
   * stopped before the vendor acted are not counted.
   */
  registrations(orderId: number, orderLineId: number): HlRegistrationTally;
};

export interface HlRegistrationTally {
  accepted: number;
  alreadyRegistered: number;
}

const PAGE_SIZE_DEFAULT = 20;
const PAGE_SIZE_MAX = 100;

/** Everything the routes share. */
interface HlConnectState {
  accessToken: string;
  assets: HlConnectSimulatorAsset[];
  tokens: TokenStore;
  orders: OrderBook;
  countryForIp: (ip: string) => string;
  now: () => number;
  inlineUrls: boolean;
  urlTtlSeconds: number;
  /** Signs download/view URLs so they look (and are) tamper-evident. */
  urlSecret: Buffer;
  health: Map<string, boolean>;
  /** `orderId/orderLineId` → what register did with it. */
  registrations: Map<string, HlRegistrationTally>;
  /** Writes orders and tokens to the state file, if there is one. */
  save(): void;
}

/** A real HTTP server speaking HL Connect's wire contract, for tests, local runs and benchmarks. */
export function createHlConnectSimulator(options: HlConnectSimulatorOptions = {}): HlConnectSimulator {
  const now = options.now ?? Date.now;
  const stateFile = options.statePath === undefined ? undefined : new StateFile<HlConnectSavedState>(options.statePath);
  const saved = stateFile?.read();
  const state: HlConnectState = {
    accessToken: options.accessToken ?? HL_SIMULATOR_DEFAULT_TOKEN,
    assets: options.assets ?? hlConnectDefaultCatalogue(),
    tokens: new TokenStore(now, options.tokenTtlSeconds ?? 900),
    orders: new OrderBook({
      now,
      processingDelayMs: options.processingDelayMs ?? 1500,
      failingAssetIds: new Set(options.failingAssetIds ?? [HL_SIMULATOR_ASSETS.failing]),
    }),
    countryForIp: options.countryForIp ?? defaultCountryForIp,
    now,
    inlineUrls: options.inlineUrls ?? true,
    urlTtlSeconds: options.urlTtlSeconds ?? 300,
    urlSecret: saved ? Buffer.from(saved.urlSecret, 'hex') : randomBytes(32),
    health: new Map([
      ['api', true],
      ['catalogue', true],
      ['fulfilment', true],
    ]),
    registrations: new Map(),
    save: () => stateFile?.write({ lines: state.orders.allLines(), tokens: state.tokens.unspent(), urlSecret: state.urlSecret.toString('hex') }),
  };
  if (saved) {
    state.orders.restore(saved.lines);
    state.tokens.restore(saved.tokens);
  }
  const server = new SimulatorServer({
    name: 'hlconnect-simulator',
    routes: hlConnectRoutes(state),
    latencyMs: options.latencyMs,
    errorBody: hlConnectErrorBody,
  });
  return Object.assign(server, {
    accessToken: state.accessToken,
    setComponentHealth(name: string, healthy: boolean): void {
      state.health.set(name, healthy);
    },
    setInlineUrls(inline: boolean): void {
      state.inlineUrls = inline;
    },
    registrations(orderId: number, orderLineId: number): HlRegistrationTally {
      return { ...(state.registrations.get(`${orderId}/${orderLineId}`) ?? { accepted: 0, alreadyRegistered: 0 }) };
    },
  });
}

/** The contract's `ErrorResponse`; `code` repeats the status (the vendor's codes are not documented). */
function hlConnectErrorBody(status: number, message: string): { name: string; message: string; code: number; status: number } {
  const name = (STATUS_CODES[status] ?? 'Error').replace(/[^A-Za-z]/g, '');
  return { name, message, code: status, status };
}

function hlError(status: number, message: string, headers?: Record<string, string>): SimResponse {
  return { status, json: hlConnectErrorBody(status, message), headers };
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive). */
function bearerToken(req: SimRequest): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
}

function hlConnectRoutes(state: HlConnectState): Route[] {
  const authed =
    (handler: (req: SimRequest) => SimResponse): Route['handler'] =>
    (req) =>
      bearerToken(req) === state.accessToken ? handler(req) : hlError(401, 'missing or invalid bearer token', { 'www-authenticate': 'Bearer' });

  const findAsset = (assetId: number): HlConnectSimulatorAsset | undefined => state.assets.find((a) => a.asset_id === assetId);

  function validate(req: SimRequest): SimResponse {
    const problems = objectProblems(req.json, { asset_id: positiveInt, customer_ip: ipAddress, quantity: positiveInt });
    if (problems.length > 0) return hlError(400, problems.join('; '));
    const body = req.json as { asset_id: number; customer_ip: string; quantity: number };

    const asset = findAsset(body.asset_id);
    if (!asset) return hlError(404, `asset ${body.asset_id} not found`);
    const country = state.countryForIp(normaliseIp(body.customer_ip));
    if (asset.world === false && !(asset.countries ?? []).includes(country)) {
      return hlError(422, `asset ${asset.asset_id} is not available in ${country}`);
    }
    const minQty = asset.min_qty ?? 1;
    if (body.quantity < minQty) return hlError(422, `asset ${asset.asset_id} requires a minimum quantity of ${minQty}`);

    const token = state.tokens.issue({ asset_id: asset.asset_id, quantity: body.quantity, country });
    state.save();
    return { status: 200, json: token };
  }

  function tally(orderId: number, orderLineId: number): HlRegistrationTally {
    const key = `${orderId}/${orderLineId}`;
    let counts = state.registrations.get(key);
    if (!counts) {
      counts = { accepted: 0, alreadyRegistered: 0 };
      state.registrations.set(key, counts);
    }
    return counts;
  }

  function register(req: SimRequest): SimResponse {
    const problems = objectProblems(req.json, {
      token: nonEmptyString,
      order_number: positiveInt,
      order_line_id: positiveInt,
      line_item_price: nonNegativeNumber,
      unit_price: nonNegativeNumber,
      customer: nonEmptyString,
      parts: optional(arrayOf({ asset_id: positiveInt, order_line_id: positiveInt })),
    });
    if (problems.length > 0) return hlError(422, problems.join('; '));
    const body = req.json as {
      token: string;
      order_number: number;
      order_line_id: number;
      line_item_price: number;
      unit_price: number;
      customer: string;
      parts?: Array<{ asset_id: number; order_line_id: number }>;
    };

    if (state.orders.line(body.order_number, body.order_line_id)) {
      tally(body.order_number, body.order_line_id).alreadyRegistered += 1;
      return hlError(409, `order ${body.order_number} line ${body.order_line_id} is already registered`);
    }
    const check = state.tokens.check(body.token);
    if (!check.ok) return hlError(422, check.reason);
    const { grant } = check;
    const asset = findAsset(grant.asset_id);
    if (!asset) return hlError(404, `asset ${grant.asset_id} not found`);
    const parts = body.parts ?? [];
    if (parts.length > 0) {
      if (!asset.partable) return hlError(422, `asset ${asset.asset_id} is not sold by parts`);
      const known = new Set((asset.packages ?? []).map((p) => p.asset_id));
      const unknown = parts.filter((p) => !known.has(p.asset_id)).map((p) => p.asset_id);
      if (unknown.length > 0) return hlError(404, `asset ${asset.asset_id} has no part ${unknown.join(', ')}`);
    }

    state.orders.add({
      order_id: body.order_number,
      order_line_id: body.order_line_id,
      asset_id: asset.asset_id,
      customer: body.customer,
      unit_price: body.unit_price,
      line_item_price: body.line_item_price,
      quantity: grant.quantity,
      country_code: grant.country,
    });
    state.tokens.markUsed(body.token);
    state.save();
    tally(body.order_number, body.order_line_id).accepted += 1;
    return { status: 201 };
  }

  function info(req: SimRequest): SimResponse {
    const ids = positiveIntParams(req.query, ['order_id']);
    if (!ids.ok) return hlError(400, ids.message);
    const orderId = ids.value.order_id;
    const lines = state.orders.lines(orderId);
    if (!lines) return hlError(404, `order ${orderId} not found`);

    const items = lines.map((line) => ({ line, status: state.orders.status(line) }));
    if (items.some((item) => item.status === 'PROCESSING')) return { status: 202, json: { status: 'PROCESSING' } };
    const failed = items.filter((item) => item.status === 'FAILED');
    if (failed.length > 0) {
      const which = failed.map(({ line }) => `line ${line.order_line_id} (asset ${line.asset_id})`).join(', ');
      return { status: 502, json: { status: 'FAILED', message: `fulfilment failed for order ${orderId}: ${which}` } };
    }
    return {
      status: 200,
      json: items.map(({ line, status }) => {
        const inline = state.inlineUrls && status === 'COMPLETED';
        return {
          order_id: line.order_id,
          order_line_id: line.order_line_id,
          asset_id: line.asset_id,
          customer: line.customer,
          unit_price: line.unit_price,
          line_item_price: line.line_item_price,
          quantity: line.quantity,
          country_code: line.country_code,
          status,
          download_url: inline ? signedUrl(req.baseUrl, 'download', line) : null,
          view_url: inline ? signedUrl(req.baseUrl, 'view', line) : null,
        };
      }),
    };
  }

  function cancel(req: SimRequest): SimResponse {
    const ids = positiveIntParams(req.query, ['order_id', 'order_line_id']);
    if (!ids.ok) return hlError(400, ids.message);
    const { order_id: orderId, order_line_id: lineId } = ids.value;
    if (!state.orders.lines(orderId)) return hlError(404, `order ${orderId} not found`);
    const line = state.orders.line(orderId, lineId);
    if (!line) return hlError(404, `order ${orderId} has no line ${lineId}`);
    const status = state.orders.status(line);
    if (status === 'CANCELLED' || status === 'FAILED') {
      return hlError(400, `order ${orderId} line ${lineId} is ${status}, not in a cancellable status`);
    }
    state.orders.cancel(line);
    state.save();
    return { status: 201 };
  }

  const assetUrl =
    (kind: 'download' | 'view') =>
    (req: SimRequest): SimResponse => {
      const ids = positiveIntParams(req.query, ['order_id', 'order_line_id']);
      if (!ids.ok) return hlError(400, ids.message);
      const { order_id: orderId, order_line_id: lineId } = ids.value;
      const line = state.orders.line(orderId, lineId);
      if (!line) return hlError(404, `order ${orderId} line ${lineId} not found`);
      const status = state.orders.status(line);
      if (status !== 'COMPLETED') return hlError(404, `order ${orderId} line ${lineId} is ${status}; no ${kind} URL`);
      return { status: 200, json: { url: signedUrl(req.baseUrl, kind, line) } };
    };

  function listAssets(req: SimRequest): SimResponse {
    const pageSize = intParam(req.query, 'page_size') ?? PAGE_SIZE_DEFAULT;
    const lastId = intParam(req.query, 'last_id');
    const problems: string[] = [];
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > PAGE_SIZE_MAX) problems.push(`page_size must be an integer from 1 to ${PAGE_SIZE_MAX}`);
    if (lastId !== undefined && !Number.isInteger(lastId)) problems.push('last_id must be an integer');
    if (problems.length > 0) return hlError(400, problems.join('; '));

    const after = state.assets.filter((asset) => lastId === undefined || asset.asset_id > lastId).sort((a, b) => a.asset_id - b.asset_id);
    const page = after.slice(0, pageSize);
    const last = page.at(-1)?.asset_id ?? null;
    const nextPage = last !== null && after.length > page.length ? `${req.baseUrl}/assets/list?page_size=${pageSize}&last_id=${last}` : null;
    return { status: 200, json: { assets: page, last_id: last, next_page: nextPage } };
  }

  function health(): SimResponse {
    return { status: 200, json: [...state.health].map(([name, healthy]) => ({ name, health: healthy })) };
  }

  /** An absolute, expiring, signed URL on the simulator's origin; download and view differ in path. */
  function signedUrl(baseUrl: string, kind: 'download' | 'view', line: OrderLine): string {
    const path = kind === 'download' ? `/files/${line.order_id}/${line.order_line_id}/${line.asset_id}.pdf` : `/viewer/${line.order_id}/${line.order_line_id}`;
    const expires = Math.floor(state.now() / 1000) + state.urlTtlSeconds;
    return `${baseUrl}${path}?expires=${expires}&signature=${signature(path, expires)}`;
  }

  function signature(path: string, expires: number): string {
    return createHmac('sha256', state.urlSecret).update(`${path}?expires=${expires}`).digest('hex');
  }

  /**
   * The sheet music behind a download or view link: a one-page PDF, as an attachment or
   * inline. Like a pre-signed storage URL it needs no bearer token, only an unexpired,
   * untampered signature (403 otherwise) and a completed line (404 otherwise).
   */
  const file =
    (kind: 'download' | 'view') =>
    (req: SimRequest): SimResponse => {
      const expires = intParam(req.query, 'expires');
      const given = Buffer.from(req.query.get('signature') ?? '', 'hex');
      const expected = Buffer.from(signature(req.path, expires ?? Number.NaN), 'hex');
      if (expires === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) return hlError(403, 'invalid link signature');
      if (expires <= Math.floor(state.now() / 1000)) return hlError(403, 'link expired');
      const line = state.orders.line(Number(req.params.orderId), Number(req.params.lineId));
      if (!line || state.orders.status(line) !== 'COMPLETED' || (kind === 'download' && req.params.file !== `${line.asset_id}.pdf`)) {
        return hlError(404, `no ${kind} for ${req.path}`);
      }
      const asset = findAsset(line.asset_id);
      const pdf = samplePdf(asset?.title ?? `Asset ${line.asset_id}`, [
        `${asset?.format ?? 'Sheet music'} - HL Connect sandbox, asset ${line.asset_id}`,
        `Order ${line.order_id}, line ${line.order_line_id}, quantity ${line.quantity}, licensed to ${line.customer}`,
        'A sample page from the built-in simulator: no real sheet music.',
      ]);
      const disposition = kind === 'download' ? 'attachment' : 'inline';
      return { status: 200, headers: { 'content-type': 'application/pdf', 'content-disposition': `${disposition}; filename="${line.asset_id}.pdf"` }, bytes: pdf };
    };

  return [
    { method: 'GET', pattern: '/health', handler: health },
    { method: 'POST', pattern: '/purchase/validate-purchase-before-payment', handler: authed(validate) },
    { method: 'POST', pattern: '/purchase/register', handler: authed(register) },
    { method: 'GET', pattern: '/purchase/info', handler: authed(info) },
    { method: 'DELETE', pattern: '/purchase/cancel', handler: authed(cancel) },
    { method: 'GET', pattern: '/purchase/download-url', handler: authed(assetUrl('download')) },
    { method: 'GET', pattern: '/purchase/view-url', handler: authed(assetUrl('view')) },
    { method: 'GET', pattern: '/assets/list', handler: authed(listAssets) },
    { method: 'GET', pattern: '/files/:orderId/:lineId/:file', handler: file('download') },
    { method: 'GET', pattern: '/viewer/:orderId/:lineId', handler: file('view') },
  ];
}
