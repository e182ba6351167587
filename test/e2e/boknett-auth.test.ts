import { request } from 'undici';
import { PlaceDdsOrderDocument } from '../generated/operations';
import { ddsOrderInput, HOUR, manualClock, MINUTE } from '../harness/dds-fixtures';
import { startHarness, type Harness, type HarnessOptions } from '../harness/gateway-harness';

const LOGIN = 'POST /v1/tickets';
const TOKEN = 'POST /oauth/token';
const ORDER = 'POST /order';
const LOGOUT = 'DELETE /v1/tickets/:tgt';

const MODES = [
  { mode: 'tgt', login: LOGIN, scheme: /^Boknett TGT-\S+$/, revoke: (h: Harness) => h.boknett.revokeAllTickets() },
  { mode: 'oauth', login: TOKEN, scheme: /^Bearer sim-\S+$/, revoke: (h: Harness) => h.boknett.revokeAllTokens() },
] as const;

describe('Boknett DDS authentication', () => {
  let h: Harness;

  afterEach(async () => h.close());

  function start(mode: 'tgt' | 'oauth', options: HarnessOptions = {}) {
    return startHarness({ ...options, env: { BOKNETT_AUTH_MODE: mode, ...options.env } });
  }

  async function order() {
    const res = await h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
    expect(res.errors).toBeUndefined();
    expect(res.data!.placeDdsOrder.userErrors).toEqual([]);
    return res.data!.placeDdsOrder.ddsOrder!;
  }

  async function failingOrder() {
    const res = await h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
    expect(res.data).toBeNull();
    return res.errors![0]!;
  }

  /** The Authorization headers the orders carried, oldest first. */
  const orderAuthorizations = () => h.boknett.requestLog.filter((e) => e.route === ORDER).map((e) => e.authorization);

  describe.each(MODES)('$mode mode', ({ mode, login, scheme, revoke }) => {
    it('logs in once and reuses the credential for later calls', async () => {
      h = await start(mode);
      await order();
      await order();
      expect(h.boknett.calls.count(login)).toBe(1);
      expect(h.boknett.calls.count(mode === 'tgt' ? TOKEN : LOGIN)).toBe(0);
      const [first, second] = orderAuthorizations();
      expect(first).toMatch(scheme);
      expect(second).toBe(first);
    });

    it('shares one login among 100 simultaneous orders', async () => {
      h = await start(mode);
      h.boknett.faults.inject({ route: login, kind: 'delay', ms: 100, times: 1 });
      const results = await Promise.all(Array.from({ length: 100 }, () => h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() })));
      expect(results.every((res) => res.data?.placeDdsOrder.ddsOrder?.fulfilmentId)).toBe(true);
      expect(h.boknett.calls.count(login)).toBe(1);
      expect(h.boknett.calls.count(ORDER)).toBe(100);
    });

    it('logs in again once when DDS refuses the credential, then succeeds', async () => {
      h = await start(mode);
      await order();
      revoke(h);
      await order();
      expect(h.boknett.calls.count(login)).toBe(2);
      expect(h.boknett.calls.count(ORDER)).toBe(3); // one refused with 401, sent again once
      const [first, refused, retried] = orderAuthorizations();
      expect(refused).toBe(first);
      expect(retried).toMatch(scheme);
      expect(retried).not.toBe(first);
    });

    it('shares one new login among 100 simultaneous orders refused with 401', async () => {
      h = await start(mode);
      await order();
      revoke(h);
      // Held at DDS so that the orders sent with the revoked credential all get their 401 at about the same time.
      h.boknett.faults.inject({ route: ORDER, kind: 'delay', ms: 1_000, times: 100 });
      const results = await Promise.all(Array.from({ length: 100 }, () => h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() })));
      expect(results.every((res) => res.data?.placeDdsOrder.ddsOrder?.fulfilmentId)).toBe(true);
      const [first, ...later] = orderAuthorizations();
      // Orders that arrived once the new login was done never saw the revoked credential.
      const refused = later.filter((a) => a === first).length;
      expect(refused).toBeGreaterThan(1);
      expect(h.boknett.calls.count(login)).toBe(2);
      expect(h.boknett.calls.count(ORDER)).toBe(1 + 100 + refused);
    });

    it('fails with UPSTREAM_AUTH_FAILED, without looping, when DDS refuses even a fresh credential', async () => {
      h = await start(mode);
      h.boknett.faults.inject({ route: ORDER, kind: 'status', status: 401 });
      const error = await failingOrder();
      expect(error.extensions).toEqual({ code: 'UPSTREAM_AUTH_FAILED', vendor: 'BOKNETT_DDS', outcome: 'NOT_APPLIED' });
      expect(error.path).toEqual(['placeDdsOrder']);
      expect(h.boknett.calls.count(login)).toBe(2);
      expect(h.boknett.calls.count(ORDER)).toBe(2);
    });
  });

  it('fails with UPSTREAM_AUTH_FAILED when the login itself keeps failing: one login per request, no loop', async () => {
    h = await start('tgt');
    await order();
    h.boknett.revokeAllTickets();
    h.boknett.faults.inject({ route: LOGIN, kind: 'status', status: 400, body: { status: 400, message: 'invalid username or password' } });

    const first = await failingOrder();
    expect(first.extensions).toEqual({ code: 'UPSTREAM_AUTH_FAILED', vendor: 'BOKNETT_DDS', outcome: 'NOT_APPLIED' });
    expect(h.boknett.calls.count(LOGIN)).toBe(2);
    expect(h.boknett.calls.count(ORDER)).toBe(2);

    // The next request tries one login of its own and never reaches the order endpoint.
    const second = await failingOrder();
    expect(second.extensions).toEqual({ code: 'UPSTREAM_AUTH_FAILED', vendor: 'BOKNETT_DDS', outcome: 'NOT_APPLIED' });
    expect(h.boknett.calls.count(LOGIN)).toBe(3);
    expect(h.boknett.calls.count(ORDER)).toBe(2);
  });

  it.each([
    ['a wrong password (400 from the login)', 'tgt', { BOKNETT_PASSWORD: 'not-the-password-7d1e' }, LOGIN],
    ['a wrong client secret (401 from the token endpoint)', 'oauth', { BOKNETT_CLIENT_SECRET: 'not-the-secret-7d1e' }, TOKEN],
    ['an audience the client may not use (403)', 'oauth', { BOKNETT_AUDIENCE: 'https://elsewhere.example/' }, TOKEN],
  ] as const)('answers %s with UPSTREAM_AUTH_FAILED and never places the order', async (_name, mode, env, login) => {
    h = await start(mode, { env });
    const res = await h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
    expect(res.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_AUTH_FAILED', vendor: 'BOKNETT_DDS', outcome: 'NOT_APPLIED' });
    expect(h.boknett.calls.count(login)).toBe(1);
    expect(h.boknett.calls.count(ORDER)).toBe(0);
    for (const secret of Object.values(env)) {
      expect(res.text).not.toContain(secret);
      expect(h.logs.text).not.toContain(secret);
    }
  });

  describe('lifetimes, on a clock the test moves', () => {
    it('renews a ticket shortly before its two hours are up, before DDS would refuse it', async () => {
      const clock = manualClock();
      h = await start('tgt', { now: clock.now });
      await order();
      clock.advance(2 * HOUR - MINUTE - 1_000);
      await order();
      expect(h.boknett.calls.count(LOGIN)).toBe(1);

      clock.advance(2_000); // inside the last minute of the ticket's life
      await order();
      expect(h.boknett.calls.count(LOGIN)).toBe(2);
      expect(h.boknett.calls.count(ORDER)).toBe(3); // no order was refused
      const [first, second, third] = orderAuthorizations();
      expect(second).toBe(first);
      expect(third).not.toBe(first);
    });

    it('logs in again when DDS expires a ticket sooner than two hours', async () => {
      const clock = manualClock();
      h = await start('tgt', { now: clock.now, boknett: { ticketTtlMs: 10 * MINUTE } });
      await order();
      clock.advance(11 * MINUTE);
      await order();
      expect(h.boknett.calls.count(LOGIN)).toBe(2);
      expect(h.boknett.calls.count(ORDER)).toBe(3);
    });

    it('reuses an OAuth token until shortly before expires_in, then fetches a new one', async () => {
      const clock = manualClock();
      h = await start('oauth', { now: clock.now, boknett: { tokenTtlSeconds: 600 } });
      await order();
      clock.advance(600_000 - MINUTE - 1_000);
      await order();
      expect(h.boknett.calls.count(TOKEN)).toBe(1);

      clock.advance(2_000);
      await order();
      expect(h.boknett.calls.count(TOKEN)).toBe(2);
      expect(h.boknett.calls.count(ORDER)).toBe(3);
    });
  });

  describe('shutdown', () => {
    /** What DDS answers an API call made with this Authorization header. */
    async function statusWith(authorization: string): Promise<number> {
      const res = await request(`${h.boknett.url}/content/unknown?type=application/pdf`, {
        headers: { authorization, date: new Date().toUTCString(), accept: 'application/json' },
      });
      await res.body.dump();
      return res.statusCode;
    }

    it('deletes the ticket when the gateway stops', async () => {
      h = await start('tgt');
      await order();
      const [ticket] = orderAuthorizations();
      expect(await statusWith(ticket!)).toBe(404); // live: DDS looks for the fulfilment
      await h.gateway.close();
      expect(h.boknett.calls.count(LOGOUT)).toBe(1);
      expect(await statusWith(ticket!)).toBe(401);
    });

    it('has nothing to delete when it never logged in, or in OAuth mode', async () => {
      h = await start('tgt');
      await h.gateway.close();
      expect(h.boknett.calls.count(LOGOUT)).toBe(0);
      await h.close();

      h = await start('oauth');
      await order();
      await h.gateway.close();
      expect(h.boknett.calls.count(LOGOUT)).toBe(0);
    });
  });

  describe.each(MODES)('secrets in $mode mode', ({ mode, revoke }) => {
    it('never puts a credential, ticket or token in a response or a log line', async () => {
      h = await start(mode);
      const responses: string[] = [];
      for (const input of [ddsOrderInput(), ddsOrderInput({ resid: 'no-such-product' })]) {
        responses.push((await h.client.execute(PlaceDdsOrderDocument, { input })).text);
      }
      revoke(h); // a 401, a new login and a retry
      responses.push((await h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() })).text);
      h.boknett.faults.inject({ route: ORDER, kind: 'status', status: 500, times: 1 });
      responses.push((await h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() })).text);
      expect(h.logs.text).toContain('upstream failure');

      const { password, clientSecret } = h.boknett.credentials;
      const issued = new Set(h.boknett.requestLog.flatMap((e) => (e.authorization ? [e.authorization.split(' ')[1]!] : [])));
      expect(issued.size).toBe(2);
      for (const secret of [password, clientSecret, ...issued]) {
        for (const text of [...responses, h.logs.text]) expect(text).not.toContain(secret);
      }
    });
  });
});
