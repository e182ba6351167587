import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startGatewayProcess, stopAllGatewayProcesses, waitFor, type GatewayProcess } from '../harness/gateway-process';
import type { GraphQLResponse } from '../harness/graphql-client';
import { readmeGraphql } from '../harness/readme';

jest.setTimeout(60_000);

/** The README's example document, sent operation by operation as a reader would run it. */
const EXAMPLE = readmeGraphql('## Example');

interface ExampleData {
  validatePurchase?: { validationToken: { token: string } | null; userErrors: unknown[] };
  registerPurchase?: { order: { id: string; orderId: number; status: string } | null; userErrors: unknown[] };
  order?: {
    id: string;
    status: string;
    failureMessage: string | null;
    items: Array<{ id: string; status: string; downloadUrl: string | null; viewUrl: string | null } & Record<string, unknown>>;
  } | null;
  cancelOrderLine?: { cancelled: boolean; orderItem: { id: string; status: string } | null; userErrors: unknown[] };
  node?: { id: string; status: string } | null;
  placeDdsOrder?: { ddsOrder: { id: string; orderId: string; fulfilmentId: string } | null; userErrors: unknown[] };
  ddsOrder?: { id: string; orderId: string; download: { status: string; url: string | null; message: string | null } | null } | null;
}

async function run(gateway: GatewayProcess, operationName: string, variables?: Record<string, unknown>): Promise<ExampleData> {
  const res: GraphQLResponse<ExampleData> = await gateway.client.post({ query: EXAMPLE, operationName, variables });
  expect(res.errors).toBeUndefined();
  return res.data!;
}

/** The links expire and are signed afresh on every read; everything else must be the same. */
function withoutLinks(order: ExampleData['order']) {
  return order && { ...order, items: order.items.map(({ downloadUrl: _d, viewUrl: _v, ...item }) => item) };
}

async function fetchFile(url: string): Promise<{ status: number; type: string | undefined; head: string }> {
  const res = await request(url);
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, type: res.headers['content-type'] as string | undefined, head: body.subarray(0, 60).toString('latin1') };
}

/**
 * The compiled gateway in sandbox mode (no vendor credentials), stopped with SIGTERM and
 * started again on the same data folder: the README's example answers as before, because
 * the simulators keep what they hold beside the ledger.
 */
describe('sandbox mode across a restart', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gateway-sandbox-restart-'));
    env = { LEDGER_PATH: join(dataDir, 'ledger.db'), SANDBOX_PROCESSING_MS: '0' };
  });
  afterAll(async () => {
    await stopAllGatewayProcesses();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the README example the same after SIGTERM and a new start on the same data folder', async () => {
    const first = await startGatewayProcess({ name: 'sandbox-first', env });
    const { validatePurchase } = await run(first, 'Validate');
    const token = validatePurchase!.validationToken!.token;
    const registered = (await run(first, 'Register', { token })).registerPurchase!;
    expect(registered.userErrors).toEqual([]);
    const before = await waitFor('the order to complete', async () => {
      const { order } = await run(first, 'Follow');
      return order?.status === 'COMPLETED' && order;
    });
    const repeatBefore = (await run(first, 'Register', { token })).registerPurchase;
    const placed = (await run(first, 'PlaceDds')).placeDdsOrder!;
    expect(placed.userErrors).toEqual([]);
    const downloadBefore = (await run(first, 'Download')).ddsOrder!;
    expect(downloadBefore.download).toEqual({ status: 'READY', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\//), message: null });

    expect(await first.stop()).toEqual({ code: 0, signal: null });
    const second = await startGatewayProcess({ name: 'sandbox-second', env });

    const after = (await run(second, 'Follow')).order;
    expect(withoutLinks(after)).toEqual(withoutLinks(before));
    expect(after!.items[0]!.downloadUrl).toMatch(/\/files\/5001\/1\/1001\.pdf\?/);
    // Same idempotency key (the order line): the recorded answer, not a second registration.
    expect((await run(second, 'Register', { token })).registerPurchase).toEqual(repeatBefore);
    expect((await run(second, 'PlaceDds')).placeDdsOrder).toEqual(placed);
    const downloadAfter = (await run(second, 'Download')).ddsOrder!;
    expect({ ...downloadAfter, download: { ...downloadAfter.download, url: 'fresh' } }).toEqual({ ...downloadBefore, download: { ...downloadBefore.download, url: 'fresh' } });

    // Links are fetched fresh (the simulators listen on new ports), and they open the files.
    for (const url of [after!.items[0]!.downloadUrl!, after!.items[0]!.viewUrl!]) {
      expect(await fetchFile(url)).toEqual({ status: 200, type: 'application/pdf', head: expect.stringMatching(/^%PDF-/) });
    }
    const epub = await fetchFile(downloadAfter.download!.url!);
    expect(epub).toMatchObject({ status: 200, type: 'application/epub+zip' });
    // A ZIP (`PK`) whose first entry is the uncompressed `mimetype`, its name and content at byte 30.
    expect([epub.head.slice(0, 2), epub.head.slice(30, 58)]).toEqual(['PK', 'mimetypeapplication/epub+zip']);

    // The vendor still holds the line, so it can be cancelled after the restart.
    const cancelled = (await run(second, 'Cancel')).cancelOrderLine!;
    expect(cancelled).toMatchObject({ cancelled: true, orderItem: { status: 'CANCELLED' }, userErrors: [] });
    expect((await run(second, 'Again', { id: cancelled.orderItem!.id })).node).toEqual({ id: cancelled.orderItem!.id, status: 'CANCELLED' });
    expect(await second.stop()).toEqual({ code: 0, signal: null });
  });
});
