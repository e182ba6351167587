import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { OrderStatusDocument, OrderUpdatedStatusDocument } from '../generated/operations';
import { TEST_API_KEY } from '../harness/api-keys';
import { shutdownSteps, startGatewayProcess, type GatewayProcess } from '../harness/gateway-process';
import { registerHlLine } from '../harness/hl-fixtures';
import { SubscriptionTestClient } from '../harness/subscription-client';
import { startVendorSimulators, type VendorSimulators } from '../harness/vendor-simulators';

jest.setTimeout(60_000);

describe('subscriptions on SIGTERM, in the compiled production process', () => {
  let vendors: VendorSimulators;
  let gateway: GatewayProcess | undefined;
  let subscriber: SubscriptionTestClient | undefined;

  beforeAll(async () => {
    // Orders stay PROCESSING for the whole test: the subscription is open when the signal comes.
    vendors = await startVendorSimulators('subscriptions-shutdown', { hlconnect: { processingDelayMs: 600_000 } });
  });
  afterAll(async () => {
    await subscriber?.close();
    if (gateway?.isRunning()) await gateway.kill('SIGKILL');
    await vendors.close();
  });

  it('closes every socket with 1001 (going away) first, stops the poll loops, and exits 0', async () => {
    gateway = await startGatewayProcess({
      name: 'gateway',
      env: { ...vendors.env(), NODE_ENV: 'production', LOG_LEVEL: 'debug', LEDGER_PATH: join(vendors.dataDir, 'ledger.db'), SUBSCRIPTION_POLL_INTERVAL_MS: '100' },
    });
    await registerHlLine(gateway.client, { orderNumber: 7401, orderLineId: 1 });
    subscriber = new SubscriptionTestClient(gateway.url);
    const subscription = subscriber.subscribe(OrderUpdatedStatusDocument, { orderId: 7401 });
    const [first] = await subscription.eventCount(1);
    expect(first).toEqual({ data: { orderUpdated: { orderId: 7401, status: 'PROCESSING' } } });

    const signalledAt = Date.now();
    expect(await gateway.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    expect(await subscription.ended).toEqual({ kind: 'closed', code: 1001, reason: 'Going away' });
    expect(shutdownSteps(gateway.output())).toEqual(['subscriptions', 'http', 'apollo', 'ledger-worker', 'vendors', 'ledger', 'metrics', 'telemetry']);

    // No loop outlives the process: the vendor hears nothing more.
    const reads = vendors.hl.calls.count('GET /purchase/info');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(vendors.hl.calls.count('GET /purchase/info')).toBe(reads);
  });
});

/** A client frame as RFC 6455 wants it: masked. One text frame, short payload. */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  if (payload.length > 125) throw new Error('short frames only');
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

/**
 * A subscriptions client that connects, is acknowledged, and then never answers anything again:
 * it reads (the kernel takes the bytes) but writes nothing, so a close handshake never completes.
 */
async function stalledSubscriber(url: string): Promise<{ socket: Socket; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    [
      'GET /graphql HTTP/1.1',
      `Host: ${hostname}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: graphql-transport-ws',
      '',
      '',
    ].join('\r\n'),
  );
  const deadline = Date.now() + 5_000;
  while (!received.startsWith('HTTP/1.1 101')) {
    if (Date.now() > deadline) throw new Error(`no upgrade: ${received.slice(0, 80)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  socket.write(maskedTextFrame(JSON.stringify({ type: 'connection_init', payload: { 'x-api-key': TEST_API_KEY } })));
  while (!received.includes('connection_ack')) {
    if (Date.now() > deadline) throw new Error('no connection_ack');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { socket, closed };
}

describe('SIGTERM with a subscriber that never answers its close frame', () => {
  let vendors: VendorSimulators;
  let gateway: GatewayProcess | undefined;
  let stalled: Socket | undefined;

  beforeAll(async () => {
    vendors = await startVendorSimulators('subscriptions-shutdown-stalled');
  });
  afterAll(async () => {
    stalled?.destroy();
    if (gateway?.isRunning()) await gateway.kill('SIGKILL');
    await vendors.close();
  });

  it('stops accepting at once, answers the request in flight, cuts the socket and exits 0 well within the timeout', async () => {
    gateway = await startGatewayProcess({
      name: 'gateway',
      env: { ...vendors.env(), NODE_ENV: 'production', LOG_LEVEL: 'debug', LEDGER_PATH: join(vendors.dataDir, 'ledger.db'), SHUTDOWN_TIMEOUT_MS: '10000' },
    });
    const subscriber = await stalledSubscriber(gateway.url);
    stalled = subscriber.socket;

    vendors.hl.faults.inject({ route: 'GET /purchase/info', kind: 'delay', ms: 1_500, times: 1 });
    const inFlight = gateway.client.execute(OrderStatusDocument, { orderId: 31_338 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the request is now waiting on the vendor
    const signalledAt = Date.now();
    const exited = gateway.kill('SIGTERM');

    // The listener stopped accepting at once, not after the subscriber's close handshake.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(request(`${gateway.url}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ order: null });
    expect(answer.errors).toBeUndefined();

    expect(await exited).toEqual({ code: 0, signal: null });
    // The stalled socket was cut after the close handshake's own bound, not at SHUTDOWN_TIMEOUT_MS.
    expect(Date.now() - signalledAt).toBeLessThan(6_000);
    await subscriber.closed;
    expect(shutdownSteps(gateway.output())).toEqual(['subscriptions', 'http', 'apollo', 'ledger-worker', 'vendors', 'ledger', 'metrics', 'telemetry']);
  });
});
