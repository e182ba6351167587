import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { createBoknettSimulator, type BoknettSimulator } from '../../src/vendors/boknett/simulator';
import { createHlConnectSimulator, type HlConnectSimulator } from '../../src/vendors/hlconnect/simulator';
import { OrderStatusDocument, PlaceDdsOrderDocument } from '../generated/operations';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { bearer, TEST_API_KEY } from '../harness/api-keys';
import { simulatorEnv, startGatewayProcess, waitFor, type GatewayProcess } from '../harness/gateway-process';
import { startHarness } from '../harness/gateway-harness';

describe('graceful shutdown of the gateway process', () => {
  let hl: HlConnectSimulator;
  let boknett: BoknettSimulator;
  let gateway: GatewayProcess | undefined;
  let dataDir: string;

  beforeAll(async () => {
    hl = createHlConnectSimulator({ processingDelayMs: 0 });
    boknett = createBoknettSimulator();
    await hl.listen(0);
    await boknett.listen(0);
    dataDir = mkdtempSync(join(tmpdir(), 'shutdown-'));
  });
  afterAll(async () => {
    if (gateway?.isRunning()) await gateway.kill('SIGKILL');
    await hl.close();
    await boknett.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM finishes the request in flight, refuses new connections, logs out of DDS and exits 0', async () => {
    gateway = await startGatewayProcess({
      name: 'gateway',
      env: { ...simulatorEnv(hl, boknett), LEDGER_PATH: join(dataDir, 'ledger.db'), SHUTDOWN_TIMEOUT_MS: '5000' },
    });
    // A DDS order makes the gateway log in: shutdown must log that ticket out.
    const placed = await gateway.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
    expect(placed.data!.placeDdsOrder.userErrors).toEqual([]);

    hl.faults.inject({ route: 'GET /purchase/info', kind: 'delay', ms: 1_000, times: 1 });
    const inFlight = gateway.client.execute(OrderStatusDocument, { orderId: 31_337 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the request is now waiting on the vendor
    const exited = gateway.kill('SIGTERM');

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ order: null });
    expect(answer.errors).toBeUndefined();

    expect(await exited).toEqual({ code: 0, signal: null });
    await expect(request(`${gateway.url}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(boknett.calls.count('DELETE /v1/tickets/:tgt')).toBe(1);
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
