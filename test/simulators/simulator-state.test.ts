import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { rfc1123Date } from '../../src/vendors/boknett/rfc1123-date';
import { BOKNETT_SIMULATOR_PRODUCTS, createBoknettSimulator } from '../../src/vendors/boknett/simulator';
import { createHlConnectSimulator, HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';

async function call(url: string, init: { method?: 'GET' | 'POST' | 'DELETE'; headers?: Record<string, string>; json?: unknown } = {}) {
  const res = await request(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.json === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

/** What the simulators hold, kept in their state files: a new simulator on the same file goes on where the last one stopped. */
describe('simulator state files', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simulator-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('HL Connect keeps registered lines, their cancellation, unspent tokens and the link signing key', async () => {
    const statePath = join(dir, 'hl.json');
    const auth = { authorization: 'Bearer hl-sandbox-token' };
    const first = createHlConnectSimulator({ statePath, processingDelayMs: 0 });
    const base1 = await first.listen(0);
    const validate = async (base: string) =>
      (
        await call(`${base}/purchase/validate-purchase-before-payment`, {
          method: 'POST',
          headers: auth,
          json: { asset_id: HL_SIMULATOR_ASSETS.standard, customer_ip: '192.0.2.1', quantity: 1 },
        })
      ).body!.token as string;
    const register = (base: string, token: string, line: number) =>
      call(`${base}/purchase/register`, {
        method: 'POST',
        headers: auth,
        json: { token, order_number: 7001, order_line_id: line, line_item_price: 4.99, unit_price: 4.99, customer: 'Ada Lovelace' },
      });
    expect((await register(base1, await validate(base1), 1)).status).toBe(201);
    expect((await register(base1, await validate(base1), 2)).status).toBe(201);
    expect((await call(`${base1}/purchase/cancel?order_id=7001&order_line_id=2`, { method: 'DELETE', headers: auth })).status).toBe(201);
    const unspent = await validate(base1);
    const link = (await call(`${base1}/purchase/download-url?order_id=7001&order_line_id=1`, { headers: auth })).body!.url as string;
    await first.close();

    const second = createHlConnectSimulator({ statePath, processingDelayMs: 0 });
    const base2 = await second.listen(0);
    try {
      const info = await call(`${base2}/purchase/info?order_id=7001`, { headers: auth });
      expect(info.body).toEqual([
        expect.objectContaining({ order_id: 7001, order_line_id: 1, status: 'COMPLETED', customer: 'Ada Lovelace' }),
        expect.objectContaining({ order_id: 7001, order_line_id: 2, status: 'CANCELLED' }),
      ]);
      expect((await register(base2, unspent, 1)).status).toBe(409);
      expect((await register(base2, unspent, 3)).status).toBe(201);
      const file = await request(link.replace(base1, base2));
      await file.body.arrayBuffer();
      expect(file.statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('Boknett DDS keeps placed orders and started downloads', async () => {
    const statePath = join(dir, 'dds.json');
    const headers = async (base: string) => {
      const login = await request(`${base}/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=sandbox-user&password=sandbox-password',
      });
      await login.body.text();
      return { authorization: `Boknett ${String(login.headers['boknett-tgt'])}`, date: rfc1123Date(Date.now()), accept: 'application/json' };
    };
    const first = createBoknettSimulator({ statePath, downloadProcessingMs: 0 });
    const base1 = await first.listen(0);
    const order = { orderid: 'shop-1', resid: BOKNETT_SIMULATOR_PRODUCTS.ebook, spd: '18900' };
    const placed = await call(`${base1}/order`, { method: 'POST', headers: await headers(base1), json: order });
    const fulfilmentId = String(placed.headers.location).split('/').pop()!;
    const started = await call(`${base1}/content/${fulfilmentId}?type=application/pdf`, { headers: await headers(base1) });
    const statusPath = new URL(String(started.headers.location)).pathname;
    await first.close();

    const second = createBoknettSimulator({ statePath, downloadProcessingMs: 0 });
    const base2 = await second.listen(0);
    try {
      expect(second.getOrder('shop-1')).toMatchObject({ ...order, fulfilmentId });
      expect((await call(`${base2}/order`, { method: 'POST', headers: await headers(base2), json: order })).status).toBe(409);
      expect((await call(`${base2}/content/${fulfilmentId}?type=application/pdf`, { headers: await headers(base2) })).status).toBe(302);
      expect((await call(`${base2}${statusPath}`, { headers: await headers(base2) })).body).toEqual({ status: 'READY', downloadURL: `${base2}/files/${statusPath.split('/')[2]}` });
    } finally {
      await second.close();
    }
  });

  it('refuses a state file it cannot read, naming it', () => {
    const statePath = join(dir, 'broken.json');
    writeFileSync(statePath, '{"version":1,"state":');
    expect(() => createHlConnectSimulator({ statePath })).toThrow(`simulator state ${statePath} is not JSON: delete it to start the sandbox afresh`);
    writeFileSync(statePath, '{"version":99,"state":{}}');
    expect(() => createBoknettSimulator({ statePath })).toThrow(`simulator state ${statePath} is not of version 1`);
  });
});
