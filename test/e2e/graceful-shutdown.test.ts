import { connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { OrderStatusDocument, PlaceDdsOrderDocument, RegisterPurchaseWithOrderDocument, ValidatePurchaseDocument } from '../generated/operations';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { bearer, TEST_API_KEY } from '../harness/api-keys';
import { shutdownSteps, startGatewayProcess, waitFor, type GatewayProcess } from '../harness/gateway-process';
import { startHarness } from '../harness/gateway-harness';
import { startVendorSimulators, type VendorSimulators } from '../harness/vendor-simulators';

jest.setTimeout(120_000);

const SHUTDOWN_TIMEOUT_MS = 5_000;

describe('graceful shutdown of the gateway process', () => {
  let vendors: VendorSimulators;
  let gateway: GatewayProcess | undefined;

  beforeAll(async () => {
    vendors = await startVendorSimulators('shutdown');
  });
  afterAll(async () => {
    if (gateway?.isRunning()) await gateway.kill('SIGKILL');
    await vendors.close();
  });

  it('on SIGTERM finishes the request in flight, refuses new connections, logs out of DDS and exits 0', async () => {
    gateway = await startGatewayProcess({
      name: 'gateway',
      env: { ...vendors.env(), LEDGER_PATH: join(vendors.dataDir, 'ledger.db'), SHUTDOWN_TIMEOUT_MS: '5000' },
    });
    // A DDS order makes the gateway log in: shutdown must log that ticket out.
    const placed = await gateway.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
    expect(placed.data!.placeDdsOrder.userErrors).toEqual([]);

    vendors.hl.faults.inject({ route: 'GET /purchase/info', kind: 'delay', ms: 1_000, times: 1 });
    const inFlight = gateway.client.execute(OrderStatusDocument, { orderId: 31_337 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the request is now waiting on the vendor
    const exited = gateway.kill('SIGTERM');

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ order: null });
    expect(answer.errors).toBeUndefined();

    expect(await exited).toEqual({ code: 0, signal: null });
    await expect(request(`${gateway.url}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(vendors.boknett.calls.count('DELETE /v1/tickets/:tgt')).toBe(1);
  });
});

describe.each(['node', 'npm start'] as const)('graceful shutdown in production, started with %s', (via) => {
  let vendors: VendorSimulators;
  let gateway: GatewayProcess | undefined;

  beforeAll(async () => {
    vendors = await startVendorSimulators('shutdown-prod');
  });
  afterAll(async () => {
    if (gateway?.isRunning()) await gateway.kill('SIGKILL');
    await vendors.close();
  });

  it('on one SIGTERM stops accepting, answers the mutation in flight, settles its ledger entry, closes in order and exits 0', async () => {
    const ledgerPath = join(vendors.dataDir, 'ledger.db');
    gateway = await startGatewayProcess({
      name: `gateway (${via})`,
      via,
      env: { ...vendors.env(), NODE_ENV: 'production', LOG_LEVEL: 'debug', LEDGER_PATH: ledgerPath, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) },
    });
    const validated = await gateway.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1 } });
    const token = validated.data!.validatePurchase.validationToken!.token;

    // HL Connect takes 1.5 s to register: the mutation is in flight when the signal comes.
    vendors.hl.faults.inject({ route: 'POST /purchase/register', kind: 'delay', ms: 1_500, times: 1 });
    const inFlight = gateway.client.execute(RegisterPurchaseWithOrderDocument, {
      input: { token, orderNumber: 9101, orderLineId: 1, lineItemPrice: '4.99', unitPrice: '4.99', customer: 'Ada Lovelace' },
    });
    await waitFor('the register call to reach HL Connect', () => vendors.hl.received.some((r) => r.route === 'POST /purchase/register'));
    const signalledAt = Date.now();
    const exited = gateway.kill('SIGTERM');

    // No new connections while the mutation finishes.
    const url = gateway.url;
    await waitFor('new connections to be refused', () =>
      request(`${url}/healthz`).then(
        async (res) => {
          await res.body.text();
          return false;
        },
        (error: { code?: string }) => error.code === 'ECONNREFUSED',
      ),
    );

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.registerPurchase).toMatchObject({ order: { orderId: 9101 }, userErrors: [] });

    expect(await exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(shutdownSteps(gateway.output())).toEqual(['subscriptions', 'http', 'apollo', 'ledger-worker', 'vendors', 'ledger', 'metrics', 'telemetry']);
    expect(gateway.output()).not.toContain('second signal');

    const db = new Database(ledgerPath, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare("SELECT state, idempotency_key FROM ledger_entries WHERE operation = 'HL_REGISTER_PURCHASE'").all();
      expect(rows).toEqual([{ state: 'SUCCEEDED', idempotency_key: expect.stringContaining('9101') }]);
    } finally {
      db.close();
    }
  });
});

describe('readiness while shutting down', () => {
  it('answers /readyz 503 SHUTTING_DOWN on a connection still open, while the request before it finishes', async () => {
    const h = await startHarness();
    const socket = connect(Number(new URL(h.gateway.url).port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    try {
      h.hl.faults.inject({ route: 'GET /purchase/info', kind: 'delay', ms: 800, times: 1 });
      const body = JSON.stringify({ query: '{ order(orderId: 31337) { status } }' });
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: gateway\r\nAuthorization: ${bearer(TEST_API_KEY).authorization}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      await waitFor('the order call to reach HL Connect', () => h.hl.received.some((r) => r.route === 'GET /purchase/info'));
      const closed = h.gateway.close();
      // The next request on the same connection: the load balancer's probe.
      socket.write('GET /readyz HTTP/1.1\r\nHost: gateway\r\n\r\n');
      await closed;
      await waitFor('both answers', () => (received.match(/HTTP\/1\.1 \d{3} /g) ?? []).length >= 2 || socket.destroyed);
      const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]));
      expect(statuses).toEqual([200, 503]);
      expect(received).toContain('"reason":"SHUTTING_DOWN"');
    } finally {
      socket.destroy();
      await h.close();
    }
  });
});
