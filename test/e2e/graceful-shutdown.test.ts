import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { createBoknettSimulator, type BoknettSimulator } from '../../src/vendors/boknett/simulator';
import { createHlConnectSimulator, type HlConnectSimulator } from '../../src/vendors/hlconnect/simulator';
import { OrderStatusDocument, PlaceDdsOrderDocument } from '../generated/operations';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { simulatorEnv, startGatewayProcess, type GatewayProcess } from '../harness/gateway-process';

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
