import { request } from 'undici';
import { BOKNETT_SIMULATOR_PRODUCTS, createBoknettSimulator, type BoknettSimulator, type BoknettSimulatorOptions } from '../../src/vendors/boknett/simulator';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

interface Call {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string | undefined>;
  body?: string;
}

async function call(base: string, path: string, { method = 'GET', headers = {}, body }: Call = {}): Promise<Reply> {
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) sent[name] = value;
  const res = await request(`${base}${path}`, { method, headers: sent, body });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** A simulator on port 0 with a clock the test moves by hand. */
async function startSimulator(options: BoknettSimulatorOptions = {}) {
  const clock = { ms: Date.UTC(2025, 0, 15, 12, 0, 0) };
  const sim = createBoknettSimulator({ now: () => clock.ms, ...options });
  const base = await sim.listen(0);

  async function login(): Promise<string> {
    const res = await call(base, '/v1/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'sandbox-user', password: 'sandbox-password' }).toString(),
    });
    expect(res.status).toBe(201);
    return String(res.headers['boknett-tgt']);
  }

  async function oauth(body: Record<string, string>, contentType = 'application/json'): Promise<Reply> {
    return call(base, '/oauth/token', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: contentType === 'application/json' ? JSON.stringify(body) : new URLSearchParams(body).toString(),
    });
  }

  /** An API call with good headers unless overridden (a header set to undefined is left out). */
  async function api(path: string, call_: Call & { ticket?: string } = {}): Promise<Reply> {
    const authorization = call_.ticket ? `Boknett ${call_.ticket}` : undefined;
    return call(base, path, {
      method: call_.method ?? 'GET',
      body: call_.body,
      headers: {
        authorization,
        date: httpDate(clock.ms),
        accept: 'application/json',
        ...(call_.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...call_.headers,
      },
    });
  }

  return { sim, base, clock, login, oauth, api };
}

type Harness = Awaited<ReturnType<typeof startSimulator>>;

const P = BOKNETT_SIMULATOR_PRODUCTS;
const GOOD_CLIENT = {
  client_id: 'sandbox-client',
  client_secret: 'sandbox-secret',
  audience: 'https://api.bokbasen.io/dds/',
  grant_type: 'client_credentials',
};

describe('Boknett DDS simulator', () => {
  let h: Harness;
  let sim: BoknettSimulator;
  let base: string;
  let ticket: string;
  let serial = 0;
  const nextOrderId = (): string => `order-${++serial}`;

  async function order(body: Record<string, unknown>, path = '/order'): Promise<Reply> {
    return h.api(path, { method: 'POST', ticket, body: JSON.stringify(body) });
  }

  async function placeOrder(resid: string = P.ebook): Promise<string> {
    const res = await order({ orderid: nextOrderId(), resid, spd: '18900', firstname: 'Ola', lastname: 'Nordmann' });
    expect(res.status).toBe(201);
    return String(res.headers.location).split('/content/')[1] ?? '';
  }

  /** Follows /content to its status page; returns the status path. */
  async function startDownload(fulfilmentId: string, query: string): Promise<string> {
    const res = await h.api(`/content/${fulfilmentId}?${query}`, { ticket });
    expect(res.status).toBe(302);
    const location = String(res.headers.location);
    expect(location).toMatch(new RegExp(`^${base}/download/[0-9a-f-]{36}/status$`));
    return location.slice(base.length);
  }

  beforeAll(async () => {
    h = await startSimulator({ downloadProcessingMs: 1000, statusTtlMs: 60_000 });
    sim = h.sim;
    base = h.base;
    ticket = await h.login();
  });

  afterAll(async () => {
    await sim.close();
  });

  describe('legacy login', () => {
    it('issues a TGT in Boknett-TGT (and the deprecated Location) with an empty 201', async () => {
      const res = await call(base, '/v1/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=sandbox-user&password=sandbox-password',
      });
      expect(res.status).toBe(201);
      expect(res.text).toBe('');
      const tgt = String(res.headers['boknett-tgt']);
      expect(tgt).toMatch(/^TGT-\d+-[A-Za-z0-9]{50}-login\.simulator$/);
      expect(res.headers.location).toBe(`${base}/v1/tickets/${tgt}`);
      expect((await h.api('/content/nope?type=application/pdf', { ticket: tgt })).status).toBe(404);
    });

    it('answers bad or missing credentials with 400', async () => {
      const wrong = await call(base, '/v1/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=sandbox-user&password=nope',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.json).toEqual({ status: 400, message: expect.any(String) });
      expect(wrong.headers['boknett-tgt']).toBeUndefined();

      const missing = await call(base, '/v1/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=sandbox-user',
      });
      expect(missing.status).toBe(400);

      const json = await call(base, '/v1/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'sandbox-user', password: 'sandbox-password' }),
      });
      expect(json.status).toBe(400);
    });

    it('answers another method on /v1/tickets with 405', async () => {
      const res = await call(base, '/v1/tickets', { method: 'GET' });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('POST');
      expect(res.json).toMatchObject({ status: 405 });
    });

    it('logs out with DELETE /v1/tickets/{TGT} (200), after which the ticket is refused', async () => {
      const tgt = await h.login();
      expect((await call(base, `/v1/tickets/${tgt}`, { method: 'DELETE' })).status).toBe(200);
      expect((await h.api('/content/nope?type=application/pdf', { ticket: tgt })).status).toBe(401);
      expect((await call(base, `/v1/tickets/${tgt}`, { method: 'DELETE' })).status).toBe(404);
    });

    it('expires a TGT ticketTtlMs after issue', async () => {
      const own = await startSimulator({ ticketTtlMs: 60_000 });
      try {
        const tgt = await own.login();
        own.clock.ms += 59_999;
        expect((await own.api('/content/nope', { ticket: tgt })).status).toBe(404);
        own.clock.ms += 1;
        const res = await own.api('/content/nope', { ticket: tgt });
        expect(res.status).toBe(401);
        expect(res.json).toMatchObject({ status: 401, message: expect.stringMatching(/expired/) });
      } finally {
        await own.sim.close();
      }
    });
  });

  describe('OAuth client credentials', () => {
    it('issues a Bearer token (JSON or form body) that the API accepts', async () => {
      const res = await h.oauth(GOOD_CLIENT);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ access_token: expect.any(String), expires_in: 3600, token_type: 'Bearer' });
      const token = (res.json as { access_token: string }).access_token;
      expect((await h.api('/content/nope', { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);

      const form = await h.oauth(GOOD_CLIENT, 'application/x-www-form-urlencoded');
      expect(form.status).toBe(200);
    });

    it('answers a bad client with 401 invalid_client', async () => {
      const res = await h.oauth({ ...GOOD_CLIENT, client_secret: 'wrong' });
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ error: 'invalid_client' });
    });

    it('answers another audience with 403 access_denied', async () => {
      const res = await h.oauth({ ...GOOD_CLIENT, audience: 'https://api.bokbasen.io/metadata/' });
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ error: 'access_denied' });
    });

    it('answers another grant type with 400 unsupported_grant_type', async () => {
      const res = await h.oauth({ ...GOOD_CLIENT, grant_type: 'password' });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: 'unsupported_grant_type' });
    });

    it('expires a token after expires_in seconds', async () => {
      const own = await startSimulator({ tokenTtlSeconds: 60 });
      try {
        const res = await own.oauth(GOOD_CLIENT);
        expect(res.json).toMatchObject({ expires_in: 60 });
        const authorization = `Bearer ${(res.json as { access_token: string }).access_token}`;
        own.clock.ms += 59_000;
        expect((await own.api('/content/nope', { headers: { authorization } })).status).toBe(404);
        own.clock.ms += 1_000;
        expect((await own.api('/content/nope', { headers: { authorization } })).status).toBe(401);
      } finally {
        await own.sim.close();
      }
    });
  });

  describe('common API checks', () => {
    it('answers 401 without Authorization, with an unknown scheme or ticket', async () => {
      const none = await h.api('/content/nope');
      expect(none.status).toBe(401);
      expect(none.json).toEqual({ status: 401, message: 'missing Authorization header' });
      expect((await h.api('/content/nope', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
      expect((await h.api('/content/nope', { ticket: 'TGT-1-made-up-login.simulator' })).status).toBe(401);
      expect((await h.api('/content/nope', { headers: { authorization: 'Bearer made-up' } })).status).toBe(401);
    });

    it('answers 401 once tickets or tokens are revoked', async () => {
      const own = await startSimulator();
      try {
        const tgt = await own.login();
        const token = ((await own.oauth(GOOD_CLIENT)).json as { access_token: string }).access_token;
        own.sim.revokeAllTickets();
        expect((await own.api('/content/nope', { ticket: tgt })).status).toBe(401);
        expect((await own.api('/content/nope', { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
        own.sim.revokeAllTokens();
        expect((await own.api('/content/nope', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
      } finally {
        await own.sim.close();
      }
    });

    it('checks Authorization before Date', async () => {
      expect((await h.api('/content/nope', { headers: { date: undefined } })).status).toBe(401);
    });

    it('answers a missing Date header with 400', async () => {
      const res = await h.api('/content/nope', { ticket, headers: { date: undefined } });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ status: 400, message: expect.stringMatching(/^missing or invalid Date header/) });
    });

    it.each([
      ['ISO 8601', '2025-01-15T12:00:00Z'],
      ['not GMT', 'Wed, 15 Jan 2025 12:00:00 +0000'],
      ['one-digit day', 'Wed, 5 Feb 2025 12:00:00 GMT'],
      ['wrong weekday', 'Tue, 15 Jan 2025 12:00:00 GMT'],
      ['impossible date', 'Sat, 31 Feb 2025 12:00:00 GMT'],
      ['no weekday', '15 Jan 2025 12:00:00 GMT'],
      ['garbage', 'yesterday'],
    ])('answers an unparsable Date header (%s) with 400', async (_label, date) => {
      const res = await h.api('/content/nope', { ticket, headers: { date } });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ message: expect.stringMatching(/^missing or invalid Date header/) });
    });

    it('answers a stale Date header with 400 (and accepts one within the skew)', async () => {
      const stale = await h.api('/content/nope', { ticket, headers: { date: httpDate(h.clock.ms - 16 * 60_000) } });
      expect(stale.status).toBe(400);
      expect(stale.json).toMatchObject({ message: expect.stringMatching(/^stale Date header/) });
      const future = await h.api('/content/nope', { ticket, headers: { date: httpDate(h.clock.ms + 16 * 60_000) } });
      expect(future.status).toBe(400);
      const close = await h.api('/content/nope', { ticket, headers: { date: httpDate(h.clock.ms - 14 * 60_000) } });
      expect(close.status).toBe(404);
      expect((await h.api('/content/nope', { ticket, headers: { date: 'Tue, 10 Jun 2014 16:23:42 GMT' } })).status).toBe(400);
    });

    it('answers an Accept without application/json with 406 (and accepts */* or none)', async () => {
      const html = await h.api('/content/nope', { ticket, headers: { accept: 'text/html' } });
      expect(html.status).toBe(406);
      expect(html.json).toMatchObject({ status: 406 });
      expect((await h.api('/content/nope', { ticket, headers: { accept: 'application/xml' } })).status).toBe(406);
      expect((await h.api('/content/nope', { ticket, headers: { accept: 'application/json;q=0, */*' } })).status).toBe(406);
      expect((await h.api('/content/nope', { ticket, headers: { accept: '*/*' } })).status).toBe(404);
      expect((await h.api('/content/nope', { ticket, headers: { accept: 'application/*' } })).status).toBe(404);
      expect((await h.api('/content/nope', { ticket, headers: { accept: undefined } })).status).toBe(404);
    });

    it('answers an unknown path with the Boknett error body', async () => {
      const res = await call(base, '/nowhere');
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ status: 404, message: expect.any(String) });
    });
  });

  describe('POST /order', () => {
    it('places an order: 201, empty body, Location /content/{fulfilmentId}, recorded wire-shaped', async () => {
      const res = await order({ orderid: '123456789', resid: P.ebook, spd: '18900', id: 'gaf4599e-fg5e-445a-a7f9-6af14c052dec' });
      expect(res.status).toBe(201);
      expect(res.text).toBe('');
      const location = String(res.headers.location);
      expect(location).toMatch(new RegExp(`^${base}/content/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
      expect(sim.getOrder('123456789')).toEqual({
        orderid: '123456789',
        resid: P.ebook,
        spd: '18900',
        id: 'gaf4599e-fg5e-445a-a7f9-6af14c052dec',
        subscription: false,
        fulfilmentId: location.split('/content/')[1],
      });
    });

    it('accepts a numeric orderid (stringified), a numeric spd and excerpt', async () => {
      const res = await order({ orderid: 987654321, resid: P.ebook, spd: 18900, excerpt: true });
      expect(res.status).toBe(201);
      expect(sim.getOrder('987654321')).toMatchObject({ orderid: '987654321', spd: 18900, excerpt: true });
    });

    it('requires Content-Type application/json', async () => {
      const res = await h.api('/order', {
        method: 'POST',
        ticket,
        body: JSON.stringify({ orderid: nextOrderId(), resid: P.ebook, spd: '1' }),
        headers: { 'content-type': 'text/plain' },
      });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ message: expect.stringMatching(/Content-Type/) });
    });

    it('refuses a body that is not a JSON object', async () => {
      expect((await h.api('/order', { method: 'POST', ticket, body: '{"orderid":' })).status).toBe(400);
      expect((await h.api('/order', { method: 'POST', ticket, body: '[]' })).status).toBe(400);
      expect((await h.api('/order', { method: 'POST', ticket, body: '' })).status).toBe(400);
    });

    it('collects every missing required field into one 400', async () => {
      const res = await order({});
      expect(res.status).toBe(400);
      const { message } = res.json as { message: string };
      expect(message).toMatch(/orderid is required/);
      expect(message).toMatch(/resid is required/);
      expect(message).toMatch(/spd is required/);
    });

    it('refuses an empty or non-string orderid', async () => {
      for (const orderid of ['', '  ', true, null, { a: 1 }]) {
        const res = await order({ orderid, resid: P.ebook, spd: '100' });
        expect(res.status).toBe(400);
        expect(res.json).toMatchObject({ message: expect.stringMatching(/orderid/) });
      }
    });

    it('refuses a non-string resid', async () => {
      const res = await order({ orderid: nextOrderId(), resid: 42, spd: '100' });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ message: expect.stringMatching(/resid must be/) });
    });

    it('refuses an spd that is not whole øre', async () => {
      for (const spd of ['189.00', '-100', 'NOK 189', '', 189.5, -1, true, null]) {
        const res = await order({ orderid: nextOrderId(), resid: P.ebook, spd });
        expect(res.status).toBe(400);
        expect(res.json).toMatchObject({ message: expect.stringMatching(/spd must be/) });
      }
    });

    it('refuses a non-string id', async () => {
      const res = await order({ orderid: nextOrderId(), resid: P.ebook, spd: '100', id: 7 });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ message: expect.stringMatching(/id must be a string/) });
    });

    it('refuses names shorter than 2 characters or not strings', async () => {
      const res = await order({ orderid: nextOrderId(), resid: P.ebook, spd: '100', firstname: 'O', lastname: 5 });
      expect(res.status).toBe(400);
      const { message } = res.json as { message: string };
      expect(message).toMatch(/firstname must be at least 2 characters/);
      expect(message).toMatch(/lastname must be a string/);
    });

    it('refuses a non-boolean excerpt', async () => {
      const res = await order({ orderid: nextOrderId(), resid: P.ebook, spd: '100', excerpt: 'true' });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ message: expect.stringMatching(/excerpt must be a boolean/) });
    });

    it('requires both names for an SDRM product, naming the missing ones', async () => {
      const none = await order({ orderid: nextOrderId(), resid: P.sdrmEbook, spd: '18900' });
      expect(none.status).toBe(400);
      expect((none.json as { message: string }).message).toMatch(/firstname is required.*lastname is required/);

      const half = await order({ orderid: nextOrderId(), resid: P.sdrmEbook, spd: '18900', firstname: 'Ola' });
      expect(half.status).toBe(400);
      expect((half.json as { message: string }).message).not.toMatch(/firstname/);
      expect((half.json as { message: string }).message).toMatch(/lastname is required/);

      const orderid = nextOrderId();
      const ok = await order({ orderid, resid: P.sdrmEbook.toLowerCase(), spd: '18900', firstname: 'Ola', lastname: 'Nordmann' });
      expect(ok.status).toBe(201);
      expect(sim.getOrder(orderid)).toMatchObject({ firstname: 'Ola', lastname: 'Nordmann', resid: P.sdrmEbook.toLowerCase() });
    });

    it('answers an unknown resid with 404', async () => {
      const res = await order({ orderid: nextOrderId(), resid: '00000000-0000-0000-0000-000000000000', spd: '100' });
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ status: 404, message: expect.stringMatching(/00000000-0000/) });
    });

    it('answers a repeated orderid with 409 naming it, across /order and /order/subscription', async () => {
      const orderid = nextOrderId();
      expect((await order({ orderid, resid: P.ebook, spd: '100' })).status).toBe(201);
      const again = await order({ orderid, resid: P.audiobook, spd: '100' });
      expect(again.status).toBe(409);
      expect(again.json).toMatchObject({ status: 409, message: expect.stringContaining(orderid) });
      expect((await order({ orderid, resid: P.ebook }, '/order/subscription')).status).toBe(409);
      expect(sim.getOrder(orderid)).toMatchObject({ resid: P.ebook, subscription: false });
    });
  });

  describe('POST /order/subscription', () => {
    it('generates an orderid and defaults spd to 0', async () => {
      const res = await order({ resid: P.audiobook }, '/order/subscription');
      expect(res.status).toBe(201);
      const fulfilmentId = String(res.headers.location).split('/content/')[1] ?? '';
      expect(sim.getOrder(`subscription-${fulfilmentId}`)).toEqual({
        orderid: `subscription-${fulfilmentId}`,
        resid: P.audiobook,
        spd: 0,
        subscription: true,
        fulfilmentId,
      });
    });

    it('keeps a given orderid and spd', async () => {
      const orderid = nextOrderId();
      expect((await order({ orderid, resid: P.ebook, spd: '4900' }, '/order/subscription')).status).toBe(201);
      expect(sim.getOrder(orderid)).toMatchObject({ spd: '4900', subscription: true });
    });

    it('refuses excerpt', async () => {
      const res = await order({ resid: P.ebook, excerpt: false }, '/order/subscription');
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ message: expect.stringMatching(/excerpt is not supported for subscription orders/) });
    });

    it('applies the SDRM name rule and the 404 for unknown resids', async () => {
      expect((await order({ resid: P.sdrmEbook }, '/order/subscription')).status).toBe(400);
      expect((await order({ resid: P.sdrmEbook, firstname: 'Ola', lastname: 'Nordmann' }, '/order/subscription')).status).toBe(201);
      expect((await order({ resid: 'nope' }, '/order/subscription')).status).toBe(404);
    });
  });

  describe('content download', () => {
    it('answers an unknown fulfilment with 404', async () => {
      expect((await h.api('/content/00000000-0000-0000-0000-000000000000?type=application/pdf', { ticket })).status).toBe(404);
    });

    it('answers a missing type with 300 and no body, as the contract documents none', async () => {
      const fulfilmentId = await placeOrder(P.ebook);
      const res = await h.api(`/content/${fulfilmentId}`, { ticket });
      expect(res.status).toBe(300);
      expect(res.text).toBe('');
    });

    it('answers an audio type without bitrate with 300 and no body', async () => {
      const fulfilmentId = await placeOrder(P.audiobook);
      const res = await h.api(`/content/${fulfilmentId}?type=${encodeURIComponent('audio/vnd.bokbasen.complete-public')}`, { ticket });
      expect(res.status).toBe(300);
      expect(res.text).toBe('');
    });

    it('answers a type the product does not offer, or an unknown bitrate, with 400', async () => {
      const ebook = await placeOrder(P.ebook);
      expect((await h.api(`/content/${ebook}?type=${encodeURIComponent('audio/vnd.bokbasen.preview')}&bitrate=64`, { ticket })).status).toBe(400);
      const audio = await placeOrder(P.audiobook);
      expect((await h.api(`/content/${audio}?type=application/pdf`, { ticket })).status).toBe(400);
      expect((await h.api(`/content/${audio}?type=${encodeURIComponent('audio/vnd.bokbasen.preview')}&bitrate=96`, { ticket })).status).toBe(400);
    });

    it('redirects (302) to a status page that goes PROCESSING → READY with a download URL', async () => {
      const fulfilmentId = await placeOrder(P.audiobook);
      const statusPath = await startDownload(fulfilmentId, `type=${encodeURIComponent('audio/vnd.bokbasen.complete-public')}&bitrate=128`);
      const again = await startDownload(fulfilmentId, `type=${encodeURIComponent('audio/vnd.bokbasen.complete-public')}&bitrate=128`);
      expect(again).not.toBe(statusPath);

      expect((await h.api(statusPath, { ticket })).json).toEqual({ status: 'PROCESSING' });
      h.clock.ms += 999;
      expect((await h.api(statusPath, { ticket })).json).toEqual({ status: 'PROCESSING' });
      h.clock.ms += 1;
      const ready = await h.api(statusPath, { ticket });
      expect(ready.status).toBe(200);
      const downloadId = statusPath.split('/')[2];
      expect(ready.json).toEqual({ status: 'READY', downloadURL: `${base}/files/${downloadId}` });

      const file = await request(`${base}/files/${downloadId}`);
      const bytes = Buffer.from(await file.body.arrayBuffer());
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('audio/wav');
      expect(file.headers['content-disposition']).toBe(`attachment; filename="${P.audiobook}.wav"`);
      expect([bytes.subarray(0, 4).toString('latin1'), bytes.subarray(8, 12).toString('latin1')]).toEqual(['RIFF', 'WAVE']);
    });

    it('ends in FAILED with a message for the failing product', async () => {
      const fulfilmentId = await placeOrder(P.failingDownload);
      const statusPath = await startDownload(fulfilmentId, 'type=application/epub%2Bzip');
      h.clock.ms += 1000;
      const res = await h.api(statusPath, { ticket });
      expect(res.json).toEqual({ status: 'FAILED', message: expect.any(String) });
      expect((await call(base, `/files/${statusPath.split('/')[2]}`)).status).toBe(404);
    });

    it('answers an expired status page (and an unknown one) with 404', async () => {
      const fulfilmentId = await placeOrder(P.ebook);
      const statusPath = await startDownload(fulfilmentId, 'type=application/pdf');
      h.clock.ms += 60_000;
      expect((await h.api(statusPath, { ticket })).status).toBe(200);
      h.clock.ms += 1;
      const expired = await h.api(statusPath, { ticket });
      expect(expired.status).toBe(404);
      expect(expired.json).toEqual({ status: 404, message: expect.stringMatching(/^status page expired/) });
      expect((await h.api('/download/00000000-0000-0000-0000-000000000000/status', { ticket })).status).toBe(404);
    });

    it('answers the status page in XML when only XML is accepted, JSON otherwise', async () => {
      const fulfilmentId = await placeOrder(P.ebook);
      const statusPath = await startDownload(fulfilmentId, 'type=application/pdf');
      h.clock.ms += 1000;
      const downloadId = statusPath.split('/')[2];

      const xml = await h.api(statusPath, { ticket, headers: { accept: 'application/xml' } });
      expect(xml.status).toBe(200);
      expect(xml.headers['content-type']).toBe('application/xml');
      expect(xml.text).toContain(`<downloadStatus><status>READY</status><downloadURL>${base}/files/${downloadId}</downloadURL></downloadStatus>`);

      const json = await h.api(statusPath, { ticket, headers: { accept: 'application/xml;q=0.5, application/json' } });
      expect(json.headers['content-type']).toBe('application/json');
      expect(json.json).toMatchObject({ status: 'READY' });
      expect((await h.api(statusPath, { ticket, headers: { accept: undefined } })).json).toMatchObject({ status: 'READY' });
      expect((await h.api(statusPath, { ticket, headers: { accept: 'text/html' } })).status).toBe(406);
    });
  });

  describe('observability', () => {
    it('logs the Date and Authorization header of every API and auth request', async () => {
      const date = httpDate(h.clock.ms);
      await h.api('/content/logged', { ticket, headers: { date } });
      await h.oauth(GOOD_CLIENT);
      const log = sim.requestLog;
      expect(log.at(-2)).toEqual({ route: 'GET /content/:fulfilmentId', date, authorization: `Boknett ${ticket}`, at: h.clock.ms });
      expect(log.at(-1)).toMatchObject({ route: 'POST /oauth/token', date: undefined, authorization: undefined });
    });

    it('caps the request log at 1000 entries, newest last', async () => {
      const own = await startSimulator();
      try {
        for (let i = 0; i < 1005; i += 1) await call(own.base, '/v1/tickets', { method: 'GET', headers: { date: `d${i}` } });
        expect(own.sim.requestLog).toHaveLength(1000);
        expect(own.sim.requestLog.at(-1)?.date).toBe('d1004');
        expect(own.sim.requestLog[0]?.date).toBe('d5');
      } finally {
        await own.sim.close();
      }
    });

    it('counts calls by route key, also over the control API', async () => {
      sim.calls.reset();
      const fulfilmentId = await placeOrder(P.ebook);
      await h.api(`/content/${fulfilmentId}?type=application/pdf`, { ticket });
      await h.api(`/content/${fulfilmentId}`, { ticket });
      expect(sim.calls.count('POST /order')).toBe(1);
      expect(sim.calls.count('GET /content/:fulfilmentId')).toBe(2);
      const control = await call(base, '/_simulator/calls');
      expect(control.json).toEqual({ total: 3, byRoute: { 'POST /order': 1, 'GET /content/:fulfilmentId': 2 } });
    });

    it('exposes its credentials', () => {
      expect(sim.credentials).toEqual({
        username: 'sandbox-user',
        password: 'sandbox-password',
        clientId: 'sandbox-client',
        clientSecret: 'sandbox-secret',
        audience: 'https://api.bokbasen.io/dds/',
      });
    });
  });
});
