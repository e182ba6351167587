import { request } from 'undici';
import {
  createHlConnectSimulator,
  HL_SIMULATOR_ASSETS,
  HL_SIMULATOR_DEFAULT_TOKEN,
  type HlConnectSimulator,
  type HlConnectSimulatorAsset,
  type HlConnectSimulatorOptions,
} from '../../src/vendors/hlconnect/simulator';

const START = Date.UTC(2025, 0, 15, 12, 0, 0);
const PROCESSING_MS = 1500;
/** Buyer IPs in the simulator's geo table. */
const IP = { us: '192.0.2.10', gb: '198.51.100.7', no: '203.0.113.99' } as const;

/** The contract's AssetItem fields and the JSON type the vendor's SDK declares for each ('int' for whole numbers). */
const ASSET_WIRE_TYPES: Record<string, string> = {
  asset_id: 'int',
  format_short_name: 'string',
  format: 'string',
  page_count: 'int',
  title: 'string',
  description: 'string',
  song_number: 'int',
  public_domain: 'boolean',
  external_ref: 'string',
  external_ref_id: 'int',
  voicing: 'string',
  performance_time: 'int',
  difficulty_level_low: 'int',
  difficulty_level_high: 'int',
  min_qty: 'int',
  tempo: 'int',
  world: 'boolean',
  retail_price: 'number',
  smd_id: 'string',
  asset_type: 'string',
  explicit: 'boolean',
  partable: 'boolean',
  countries: 'array',
  instruments: 'array',
  categories: 'array',
  images: 'array',
  contributors: 'array',
  keywords: 'array',
  related_goods: 'array',
  renderings: 'array',
  series: 'array',
  skills: 'array',
  usergens: 'array',
  prices: 'array',
  packages: 'array',
};

function wireType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) && !String(value).includes('.') ? 'int' : 'number';
  return typeof value;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: unknown;
}

describe('HL Connect simulator', () => {
  let sim: HlConnectSimulator;
  let clock: number;

  async function start(options: HlConnectSimulatorOptions = {}): Promise<void> {
    sim = createHlConnectSimulator({ now: () => clock, processingDelayMs: PROCESSING_MS, ...options });
    await sim.listen(0);
  }

  beforeEach(async () => {
    clock = START;
    await start();
  });

  afterEach(async () => {
    await sim.close();
  });

  async function call(method: 'GET' | 'POST' | 'DELETE' | 'PUT', path: string, options: { body?: unknown; token?: string | null } = {}): Promise<Answer> {
    const token = options.token === undefined ? HL_SIMULATOR_DEFAULT_TOKEN : options.token;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await request(`${sim.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text, body: text === '' ? undefined : JSON.parse(text) };
  }

  const validate = (body: unknown): Promise<Answer> => call('POST', '/purchase/validate-purchase-before-payment', { body });

  async function tokenFor(assetId: number, quantity = 1, ip: string = IP.us): Promise<string> {
    const answer = await validate({ asset_id: assetId, customer_ip: ip, quantity });
    expect(answer.status).toBe(200);
    return (answer.body as { token: string }).token;
  }

  function registerBody(token: string, orderNumber: number, orderLineId = 1, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { token, order_number: orderNumber, order_line_id: orderLineId, line_item_price: 5.99, unit_price: 5.99, customer: 'Ada Lovelace', ...extra };
  }

  const register = (body: unknown): Promise<Answer> => call('POST', '/purchase/register', { body });

  async function buy(assetId: number, orderNumber: number, orderLineId = 1, quantity = 1): Promise<void> {
    const answer = await register(registerBody(await tokenFor(assetId, quantity), orderNumber, orderLineId));
    expect(answer.status).toBe(201);
  }

  const info = (orderId: number | string): Promise<Answer> => call('GET', `/purchase/info?order_id=${orderId}`);

  function expectError(answer: Answer, status: number, message?: RegExp): void {
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ name: expect.any(String), message: expect.any(String), code: status, status });
    if (message) expect((answer.body as { message: string }).message).toMatch(message);
  }

  describe('auth', () => {
    it('answers 401 without a bearer token or with a wrong one, and serves /health without one', async () => {
      expectError(await call('GET', '/assets/list', { token: null }), 401);
      const wrong = await call('POST', '/purchase/register', { token: 'not-the-token', body: {} });
      expectError(wrong, 401);
      expect(wrong.headers['www-authenticate']).toBe('Bearer');
      expect((await call('GET', '/health', { token: null })).status).toBe(200);
    });

    it('accepts a configured access token instead of the default', async () => {
      await sim.close();
      await start({ accessToken: 'other-token' });
      expect(sim.accessToken).toBe('other-token');
      expectError(await call('GET', '/assets/list'), 401);
      expect((await call('GET', '/assets/list', { token: 'other-token' })).status).toBe(200);
    });
  });

  describe('validate-purchase-before-payment', () => {
    it('answers 200 with a token and its expiry in Unix seconds', async () => {
      const answer = await validate({ asset_id: HL_SIMULATOR_ASSETS.standard, customer_ip: IP.gb, quantity: 2 });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ token: expect.stringMatching(/^\S{16,}$/), exp_date: START / 1000 + 900 });
    });

    it('answers 400 naming every malformed field', async () => {
      const answer = await validate({ asset_id: '1001', customer_ip: '999.1.1.1', quantity: 0 });
      expectError(answer, 400, /asset_id.*customer_ip.*quantity/);
      expectError(await validate(undefined), 400, /body must be a JSON object/);
    });

    it('accepts IPv6 buyer addresses', async () => {
      expect((await validate({ asset_id: HL_SIMULATOR_ASSETS.standard, customer_ip: '2001:db8::1', quantity: 1 })).status).toBe(200);
    });

    it('answers 404 for an unknown asset', async () => {
      expectError(await validate({ asset_id: 999_999, customer_ip: IP.us, quantity: 1 }), 404, /999999/);
    });

    it('answers 422 naming the country when the asset is not sold there', async () => {
      const locked = { asset_id: HL_SIMULATOR_ASSETS.regionLocked, quantity: 1 };
      expectError(await validate({ ...locked, customer_ip: IP.no }), 422, /\bNO\b/);
      expectError(await validate({ ...locked, customer_ip: `::ffff:${IP.gb}` }), 422, /\bGB\b/);
      expect((await validate({ ...locked, customer_ip: IP.us })).status).toBe(200);
    });

    it('answers 422 naming the minimum quantity of a choral asset', async () => {
      expectError(await validate({ asset_id: HL_SIMULATOR_ASSETS.choral, customer_ip: IP.us, quantity: 9 }), 422, /minimum quantity of 10/);
      expect((await validate({ asset_id: HL_SIMULATOR_ASSETS.choral, customer_ip: IP.us, quantity: 10 })).status).toBe(200);
    });

    it('uses a configured countryForIp', async () => {
      await sim.close();
      await start({ countryForIp: () => 'CA' });
      expect((await validate({ asset_id: HL_SIMULATOR_ASSETS.regionLocked, customer_ip: IP.no, quantity: 1 })).status).toBe(200);
    });
  });

  describe('register', () => {
    it('answers 201 with an empty body and records quantity and country from the token', async () => {
      const token = await tokenFor(HL_SIMULATOR_ASSETS.choral, 12, IP.gb);
      const answer = await register(registerBody(token, 42, 3, { unit_price: 2.25, line_item_price: 27 }));
      expect(answer.status).toBe(201);
      expect(answer.text).toBe('');

      clock += PROCESSING_MS;
      const order = await info(42);
      expect(order.status).toBe(200);
      expect(order.body).toEqual([
        expect.objectContaining({
          order_id: 42,
          order_line_id: 3,
          asset_id: HL_SIMULATOR_ASSETS.choral,
          customer: 'Ada Lovelace',
          unit_price: 2.25,
          line_item_price: 27,
          quantity: 12,
          country_code: 'GB',
          status: 'COMPLETED',
        }),
      ]);
    });

    it('answers 409 for an order line registered twice', async () => {
      await buy(HL_SIMULATOR_ASSETS.standard, 7, 1);
      const token = await tokenFor(HL_SIMULATOR_ASSETS.standard);
      expectError(await register(registerBody(token, 7, 1)), 409, /order 7 line 1/);
      expect((await register(registerBody(token, 7, 2))).status).toBe(201);
    });

    it('answers 422 for a malformed body, naming every problem', async () => {
      const answer = await register({ token: '', order_number: 0, order_line_id: 1.5, line_item_price: -1, unit_price: '5', customer: ' ', parts: [{ asset_id: 'x' }] });
      expectError(answer, 422, /token.*order_number.*order_line_id.*line_item_price.*unit_price.*customer.*parts\[0\]\.asset_id.*parts\[0\]\.order_line_id/);
    });

    it('answers 422 for an unknown token', async () => {
      expectError(await register(registerBody('hlv_nobody-issued-this', 1)), 422, /unknown/);
    });

    it('answers 422 for an expired token (token lifetime from tokenTtlSeconds)', async () => {
      await sim.close();
      await start({ tokenTtlSeconds: 60 });
      const answer = await validate({ asset_id: HL_SIMULATOR_ASSETS.standard, customer_ip: IP.us, quantity: 1 });
      expect((answer.body as { exp_date: number }).exp_date).toBe(START / 1000 + 60);
      const first = (answer.body as { token: string }).token;
      const second = await tokenFor(HL_SIMULATOR_ASSETS.standard);

      clock = START + 59_999;
      expect((await register(registerBody(first, 1))).status).toBe(201);
      clock = START + 60_000;
      expectError(await register(registerBody(second, 2)), 422, /expired/);
    });

    it('answers 422 for a token already used', async () => {
      const token = await tokenFor(HL_SIMULATOR_ASSETS.standard);
      expect((await register(registerBody(token, 1))).status).toBe(201);
      expectError(await register(registerBody(token, 2)), 422, /already been used/);
    });

    it('answers 404 when the validated asset has left the catalogue, keeping the token usable', async () => {
      const assets: HlConnectSimulatorAsset[] = [{ asset_id: 7 }, { asset_id: 8 }];
      await sim.close();
      await start({ assets });
      const token = await tokenFor(7);
      assets.shift();
      expectError(await register(registerBody(token, 1)), 404, /asset 7/);
      assets.unshift({ asset_id: 7 });
      expect((await register(registerBody(token, 1))).status).toBe(201);
    });

    it('accepts parts of a partable asset, and answers 422 / 404 for parts it cannot sell', async () => {
      const parts = (...ids: number[]) => ({ parts: ids.map((asset_id, i) => ({ asset_id, order_line_id: i + 1 })) });

      const standard = await tokenFor(HL_SIMULATOR_ASSETS.standard);
      expectError(await register(registerBody(standard, 1, 1, parts(100501))), 422, /not sold by parts/);

      const partable = await tokenFor(HL_SIMULATOR_ASSETS.partable);
      expectError(await register(registerBody(partable, 2, 1, parts(100501, 100599))), 404, /100599/);
      expect((await register(registerBody(partable, 2, 1, parts(100501, 100502, 100503)))).status).toBe(201);
      // An empty parts list is the same as none.
      expect((await register(registerBody(standard, 3, 1, { parts: [] }))).status).toBe(201);
    });
  });

  describe('purchase info', () => {
    it('answers 202 while processing, then 200 with every OrderItem field and URLs on the simulator origin', async () => {
      await buy(HL_SIMULATOR_ASSETS.standard, 100, 1);
      await buy(HL_SIMULATOR_ASSETS.partable, 100, 2);

      clock += PROCESSING_MS - 1;
      const processing = await info(100);
      expect(processing.status).toBe(202);
      expect(processing.body).toEqual({ status: 'PROCESSING' });

      clock += 1;
      const done = await info(100);
      expect(done.status).toBe(200);
      const items = done.body as Array<Record<string, unknown>>;
      expect(items.map((item) => item.order_line_id)).toEqual([1, 2]);
      for (const item of items) {
        expect(Object.keys(item).sort()).toEqual(
          ['asset_id', 'country_code', 'customer', 'download_url', 'line_item_price', 'order_id', 'order_line_id', 'quantity', 'status', 'unit_price', 'view_url'].sort(),
        );
        expect(item.status).toBe('COMPLETED');
        expect(item.download_url).toEqual(expect.stringMatching(new RegExp(`^${sim.url}/.*expires=\\d+.*signature=[0-9a-f]+`)));
        expect(item.view_url).toEqual(expect.stringMatching(new RegExp(`^${sim.url}/`)));
        expect(item.view_url).not.toBe(item.download_url);
      }
    });

    it('answers null URLs when inlining is switched off', async () => {
      await buy(HL_SIMULATOR_ASSETS.standard, 101);
      clock += PROCESSING_MS;
      sim.setInlineUrls(false);
      expect(await info(101)).toMatchObject({ status: 200, body: [{ status: 'COMPLETED', download_url: null, view_url: null }] });
      sim.setInlineUrls(true);
      expect(await info(101)).toMatchObject({ status: 200, body: [{ download_url: expect.any(String), view_url: expect.any(String) }] });
    });

    it('answers 502 with status FAILED once the failing asset has been processed', async () => {
      await buy(HL_SIMULATOR_ASSETS.standard, 102, 1);
      await buy(HL_SIMULATOR_ASSETS.failing, 102, 2);
      expect((await info(102)).status).toBe(202);
      clock += PROCESSING_MS;
      const failed = await info(102);
      expect(failed.status).toBe(502);
      expect(failed.body).toEqual({ status: 'FAILED', message: expect.stringMatching(/line 2.*1004/) });
    });

    it('answers 400 for a missing or invalid order_id and 404 for an unknown order', async () => {
      expectError(await call('GET', '/purchase/info'), 400, /order_id/);
      expectError(await info('abc'), 400, /order_id/);
      expectError(await info(0), 400, /order_id/);
      expectError(await info(555), 404, /order 555/);
    });
  });

  describe('cancel', () => {
    const cancel = (orderId: number | string, lineId?: number | string): Promise<Answer> =>
      call('DELETE', `/purchase/cancel?order_id=${orderId}${lineId === undefined ? '' : `&order_line_id=${lineId}`}`);

    it('cancels a processing line with 201 and an empty body; info then shows it CANCELLED without URLs', async () => {
      await buy(HL_SIMULATOR_ASSETS.standard, 200);
      const answer = await cancel(200, 1);
      expect(answer.status).toBe(201);
      expect(answer.text).toBe('');
      clock += PROCESSING_MS;
      expect(await info(200)).toMatchObject({ status: 200, body: [{ status: 'CANCELLED', download_url: null, view_url: null }] });
    });

    it('cancels a completed line', async () => {
      await buy(HL_SIMULATOR_ASSETS.standard, 201);
      clock += PROCESSING_MS;
      expect((await cancel(201, 1)).status).toBe(201);
    });

    it('answers 400 for a cancelled or failed line', async () => {
      await buy(HL_SIMULATOR_ASSETS.standard, 202, 1);
      await buy(HL_SIMULATOR_ASSETS.failing, 202, 2);
      expect((await cancel(202, 1)).status).toBe(201);
      expectError(await cancel(202, 1), 400, /not in a cancellable status/);
      clock += PROCESSING_MS;
      expectError(await cancel(202, 2), 400, /not in a cancellable status/);
    });

    it('answers 400 when an id is missing or invalid, 404 for an unknown order or line', async () => {
      await buy(HL_SIMULATOR_ASSETS.standard, 203);
      expectError(await cancel(203), 400, /order_line_id/);
      expectError(await cancel('x', -1), 400, /order_id.*order_line_id/);
      expectError(await cancel(999, 1), 404, /order 999/);
      expectError(await cancel(203, 9), 404, /line 9/);
    });
  });

  describe('download and view URLs', () => {
    it('answer 200 with different absolute, expiring, signed URLs for a completed line', async () => {
      await sim.close();
      await start({ urlTtlSeconds: 120 });
      await buy(HL_SIMULATOR_ASSETS.standard, 300);
      clock += PROCESSING_MS;
      const download = await call('GET', '/purchase/download-url?order_id=300&order_line_id=1');
      const view = await call('GET', '/purchase/view-url?order_id=300&order_line_id=1');
      expect(download.status).toBe(200);
      expect(view.status).toBe(200);
      const urls = [download, view].map((answer) => new URL((answer.body as { url: string }).url));
      const expiry = Math.floor(clock / 1000) + 120;
      for (const url of urls) {
        expect(url.origin).toBe(sim.url);
        expect(url.searchParams.get('expires')).toBe(String(expiry));
        expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(urls[0]?.href).not.toBe(urls[1]?.href);
    });

    it('answer 404 for a line not completed or unknown, 400 for bad ids', async () => {
      await buy(HL_SIMULATOR_ASSETS.standard, 301, 1);
      await buy(HL_SIMULATOR_ASSETS.failing, 301, 2);
      expectError(await call('GET', '/purchase/download-url?order_id=301&order_line_id=1'), 404, /PROCESSING/);
      clock += PROCESSING_MS;
      expectError(await call('GET', '/purchase/view-url?order_id=301&order_line_id=2'), 404, /FAILED/);
      expectError(await call('GET', '/purchase/view-url?order_id=301&order_line_id=3'), 404);
      expectError(await call('GET', '/purchase/download-url?order_id=301'), 400, /order_line_id/);
    });

    it('open a one-page PDF without a bearer token until they expire; a changed link or a cancelled line opens nothing', async () => {
      await sim.close();
      await start({ urlTtlSeconds: 120 });
      await buy(HL_SIMULATOR_ASSETS.standard, 302);
      clock += PROCESSING_MS;
      const [download, view] = await Promise.all(
        ['download-url', 'view-url'].map(async (kind) => ((await call('GET', `/purchase/${kind}?order_id=302&order_line_id=1`)).body as { url: string }).url),
      );
      const open = async (url: string) => {
        const res = await request(url);
        const bytes = Buffer.from(await res.body.arrayBuffer());
        return { status: res.statusCode, type: res.headers['content-type'], head: bytes.subarray(0, 5).toString('latin1') };
      };
      expect(await open(download!)).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });
      expect(await open(view!)).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });
      expect((await open(download!.replace('/302/', '/303/'))).status).toBe(403);
      // One character of the signature changed (to another: a signature may begin with 0).
      expect((await open(download!.replace(/signature=(.)/, (_, first: string) => `signature=${first === '0' ? '1' : '0'}`))).status).toBe(403);
      clock += 120_000;
      expect((await open(download!)).status).toBe(403);
      clock -= 120_000;
      expect((await call('DELETE', '/purchase/cancel?order_id=302&order_line_id=1')).status).toBe(201);
      expect((await open(view!)).status).toBe(404);
    });
  });

  describe('assets list', () => {
    it('pages through the whole catalogue by last_id and next_page', async () => {
      const seen: number[] = [];
      let path: string | null = '/assets/list?page_size=25';
      let pages = 0;
      while (path !== null) {
        const answer = await call('GET', path);
        expect(answer.status).toBe(200);
        const page = answer.body as { assets: HlConnectSimulatorAsset[]; last_id: number | null; next_page: string | null };
        seen.push(...page.assets.map((a) => a.asset_id));
        expect(page.last_id).toBe(page.assets.at(-1)?.asset_id);
        pages += 1;
        if (page.next_page !== null) expect(page.next_page).toBe(`${sim.url}/assets/list?page_size=25&last_id=${page.last_id}`);
        path = page.next_page === null ? null : page.next_page.slice(sim.url.length);
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => 1001 + i));
    });

    it('fills every AssetItem field of the contract with the type the vendor’s SDK declares, and has the special assets', async () => {
      const answer = await call('GET', '/assets/list?page_size=100');
      const { assets, last_id, next_page } = answer.body as { assets: Array<Required<HlConnectSimulatorAsset>>; last_id: number; next_page: string | null };
      expect(assets).toHaveLength(60);
      expect(last_id).toBe(1060);
      expect(next_page).toBeNull();
      for (const asset of assets) {
        expect(Object.keys(asset).sort()).toEqual(Object.keys(ASSET_WIRE_TYPES).sort());
        for (const [field, type] of Object.entries(ASSET_WIRE_TYPES)) expect([field, wireType(asset[field as keyof HlConnectSimulatorAsset])]).toEqual([field, type]);
      }
      for (const good of assets.flatMap((a) => a.related_goods ?? [])) {
        expect([typeof good.sheet, typeof good.featured, typeof good.prime_src]).toEqual(['boolean', 'boolean', 'boolean']);
      }
      const usergens = assets.flatMap((a) => a.usergens ?? []);
      expect(usergens.length).toBeGreaterThan(0);
      for (const usergen of usergens) {
        expect(usergen).toMatchObject({
          black_box: expect.any(Boolean),
          arrangeable: expect.any(Boolean),
          vendor_song_id: expect.any(String),
          seller_id: expect.any(Number),
          authorized_performers: expect.any(Number),
          commission_override_rate: expect.any(Number),
        });
        for (const medley of usergen.medley_assets ?? []) {
          expect(medley).toEqual({ name: expect.any(String), song_catalog_id: expect.any(String), hl_song_id: expect.any(String), sequence: expect.any(Number) });
        }
      }
      const byId = new Map(assets.map((a) => [a.asset_id, a]));
      expect(byId.get(HL_SIMULATOR_ASSETS.standard)).toMatchObject({ world: true, min_qty: 1 });
      expect(byId.get(HL_SIMULATOR_ASSETS.choral)).toMatchObject({ format_short_name: 'SATB', min_qty: 10 });
      expect(byId.get(HL_SIMULATOR_ASSETS.regionLocked)).toMatchObject({ world: false, countries: ['US', 'CA'] });
      expect(byId.get(HL_SIMULATOR_ASSETS.partable)?.partable).toBe(true);
      expect(byId.get(HL_SIMULATOR_ASSETS.partable)?.packages.map((p) => p.asset_id)).toEqual([100501, 100502, 100503]);
    });

    it('defaults page_size to 20, answers an empty last page with nulls, and 400 for a bad page_size', async () => {
      const first = await call('GET', '/assets/list');
      expect((first.body as { assets: unknown[] }).assets).toHaveLength(20);
      expect(await call('GET', '/assets/list?last_id=1060')).toMatchObject({ status: 200, body: { assets: [], last_id: null, next_page: null } });
      const last = await call('GET', '/assets/list?page_size=10&last_id=1050');
      expect(last.body).toMatchObject({ last_id: 1060, next_page: null });
      expectError(await call('GET', '/assets/list?page_size=0'), 400, /page_size/);
      expectError(await call('GET', '/assets/list?page_size=101'), 400, /page_size/);
      expectError(await call('GET', '/assets/list?last_id=abc'), 400, /last_id/);
    });
  });

  describe('health', () => {
    it('reports api, catalogue and fulfilment, and follows setComponentHealth', async () => {
      expect((await call('GET', '/health')).body).toEqual([
        { name: 'api', health: true },
        { name: 'catalogue', health: true },
        { name: 'fulfilment', health: true },
      ]);
      sim.setComponentHealth('fulfilment', false);
      expect((await call('GET', '/health')).body).toContainEqual({ name: 'fulfilment', health: false });
    });
  });

  describe('simulator controls', () => {
    it('counts calls by route key', async () => {
      await buy(HL_SIMULATOR_ASSETS.standard, 400);
      await register(registerBody('hlv_unknown', 401));
      await info(400);
      expect(sim.calls.count('POST /purchase/register')).toBe(2);
      expect(sim.calls.count('POST /purchase/validate-purchase-before-payment')).toBe(1);
      expect(sim.calls.count('GET /purchase/info')).toBe(1);
      const remote = await call('GET', '/_simulator/calls', { token: null });
      expect(remote.body).toMatchObject({ total: 4, byRoute: { 'POST /purchase/register': 2 } });
    });

    it('answers an injected status fault with the contract error body, then recovers', async () => {
      await buy(HL_SIMULATOR_ASSETS.standard, 500);
      clock += PROCESSING_MS;
      const inject = await call('POST', '/_simulator/faults', { token: null, body: { kind: 'status', status: 503, route: 'GET /purchase/info', times: 1 } });
      expect(inject.status).toBe(204);
      expectError(await info(500), 503);
      expect((await info(500)).status).toBe(200);
    });

    it('registers the line when a fault hides the answer (when: after), so a retry sees 409', async () => {
      await call('POST', '/_simulator/faults', { token: null, body: { kind: 'status', status: 500, route: 'POST /purchase/register', when: 'after', times: 1 } });
      const token = await tokenFor(HL_SIMULATOR_ASSETS.standard);
      expectError(await register(registerBody(token, 501)), 500);
      expectError(await register(registerBody(token, 501)), 409);
    });

    it('adds latency before every answer', async () => {
      await sim.close();
      await start({ latencyMs: 50 });
      const started = performance.now();
      await call('GET', '/health');
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    });
  });
});
