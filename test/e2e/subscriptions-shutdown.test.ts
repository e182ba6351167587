import { join } from 'node:path';
import { OrderUpdatedStatusDocument } from '../generated/operations';
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
