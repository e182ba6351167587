import { createBoknettSimulator, type BoknettSimulator } from '../../src/vendors/boknett/simulator';
import { createHlConnectSimulator, HL_SIMULATOR_ASSETS, type HlConnectSimulator } from '../../src/vendors/hlconnect/simulator';
import { PlaceDdsOrderDocument, PurchaseLedgerDocument, RegisterPurchaseDocument, ValidatePurchaseDocument, type RegisterPurchaseInput } from '../generated/operations';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { simulatorEnv, startGatewayProcess, stopAllGatewayProcesses, type GatewayProcess } from '../harness/gateway-process';
import { createTestSchema } from '../harness/postgres';

const REGISTER = 'POST /purchase/register';
const DDS_ORDER = 'POST /order';
const PER_PROCESS = 25;

/**
 * Two gateway replicas (separate OS processes) sharing one PostgreSQL ledger: the
 * database, not process memory, decides who calls the vendor.
 */
describe('two gateway processes on one PostgreSQL ledger send a purchase once', () => {
  let hl: HlConnectSimulator;
  let boknett: BoknettSimulator;
  let db: Awaited<ReturnType<typeof createTestSchema>>;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    hl = createHlConnectSimulator({ processingDelayMs: 0 });
    boknett = createBoknettSimulator({ downloadProcessingMs: 0 });
    await Promise.all([hl.listen(0), boknett.listen(0)]);
    db = await createTestSchema();
    const env = { ...simulatorEnv(hl, boknett), DATABASE_URL: db.connectionString, DATABASE_SCHEMA: db.schema, SHUTDOWN_TIMEOUT_MS: '1000' };
    // Started together: both migrate the fresh schema at once.
    [a, b] = await Promise.all([startGatewayProcess({ name: 'A', env }), startGatewayProcess({ name: 'B', env })]);
  }, 30_000);

  afterAll(async () => {
    await stopAllGatewayProcesses();
    await Promise.all([hl?.close(), boknett?.close()]);
    await db?.drop();
  });

  beforeEach(() => {
    hl.calls.reset();
    boknett.calls.reset();
  });

  /** The same request, half to each process, all at once. */
  function fireAcross<T>(send: (gateway: GatewayProcess) => Promise<T>): Promise<T[]> {
    const requests: Promise<T>[] = [];
    for (let i = 0; i < PER_PROCESS; i += 1) requests.push(send(a), send(b));
    return Promise.all(requests);
  }

  async function ledgerEntries(gateway: GatewayProcess) {
    const res = await gateway.client.execute(PurchaseLedgerDocument, { first: 100 });
    expect(res.errors).toBeUndefined();
    return res.data!.purchaseLedger.edges.map((e) => e.node);
  }

  it('50 identical registerPurchase calls across both processes: one HL registration, 50 identical answers', async () => {
    const validated = await a.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } });
    const token = validated.data!.validatePurchase.validationToken!.token;
    const input: RegisterPurchaseInput = { token, orderNumber: 70_001, orderLineId: 1, lineItemPrice: '9.50', unitPrice: '9.50', customer: 'Clara Schumann' };
    // The first call is still at the vendor while the other 49 arrive at both processes.
    hl.faults.inject({ route: REGISTER, kind: 'delay', ms: 500, times: 1 });

    const answers = await fireAcross((gateway) => gateway.client.execute(RegisterPurchaseDocument, { input }));

    expect(hl.calls.count(REGISTER)).toBe(1);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ registerPurchase: { userErrors: [] } });
    }
    // Both processes read the same single entry.
    for (const gateway of [a, b]) {
      const entries = (await ledgerEntries(gateway)).filter((e) => e.operation === 'HL_REGISTER_PURCHASE');
      expect(entries).toEqual([expect.objectContaining({ idempotencyKey: 'order:70001/line:1', state: 'SUCCEEDED', attempts: 1, result: { orderId: 70_001, orderLineId: 1 } })]);
    }
  });

  it('50 identical placeDdsOrder calls across both processes: one DDS order, 50 identical answers', async () => {
    const input = ddsOrderInput();
    boknett.faults.inject({ route: DDS_ORDER, kind: 'delay', ms: 500, times: 1 });

    const answers = await fireAcross((gateway) => gateway.client.execute(PlaceDdsOrderDocument, { input }));

    expect(boknett.calls.count(DDS_ORDER)).toBe(1);
    const placed = boknett.getOrder(input.orderId);
    expect(placed).toBeDefined();
    const first = answers[0]!;
    expect(first.errors).toBeUndefined();
    expect(first.data!.placeDdsOrder).toEqual({
      ddsOrder: expect.objectContaining({ orderId: input.orderId, resid: input.resid, priceOre: input.priceOre, fulfilmentId: placed!.fulfilmentId }),
      userErrors: [],
    });
    // The answer of the one that called DDS and the 49 answered from the ledger, alike to the byte.
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual(first.data);
    }
    for (const gateway of [a, b]) {
      const entries = (await ledgerEntries(gateway)).filter((e) => e.operation === 'DDS_PLACE_ORDER');
      expect(entries).toEqual([expect.objectContaining({ idempotencyKey: `order:${input.orderId}`, state: 'SUCCEEDED', attempts: 1 })]);
    }
  });

  it('both processes are still up and logged no warning or error', () => {
    expect([a.isRunning(), b.isRunning()]).toEqual([true, true]);
    expect([a.output(), b.output()]).toEqual(['', '']);
  });
});
