import type { LedgerEntry } from '../../src/ledger';
import { createBoknettSimulator, type BoknettSimulator } from '../../src/vendors/boknett/simulator';
import { createHlConnectSimulator, HL_SIMULATOR_ASSETS, type HlConnectSimulator } from '../../src/vendors/hlconnect/simulator';
import {
  PlaceDdsOrderDocument,
  PurchaseLedgerDocument,
  RegisterPurchaseDocument,
  ValidatePurchaseDocument,
  type LedgerState,
  type RegisterPurchaseInput,
} from '../generated/operations';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { runLedgerCli, simulatorEnv, startGatewayProcess, stopAllGatewayProcesses, waitFor, type GatewayProcess } from '../harness/gateway-process';
import { LEDGER_STORES, type LedgerStore } from '../harness/ledger-stores';

const REGISTER = 'POST /purchase/register';
const ORDER_INFO = 'GET /purchase/info';
const DDS_ORDER = 'POST /order';

/** A stored entry as the CLI prints it (`--json`, `show`): dates as ISO text. */
type PrintedEntry = Omit<LedgerEntry, 'createdAt' | 'updatedAt' | 'leaseUntil'> & { createdAt: string; updatedAt: string; leaseUntil: string | null };

/**
 * Short timeouts so the test is quick; the config insists the lease outlasts the longest
 * vendor call (connect + 2 × response = 3200 ms here). The 1.5 s response timeout is the
 * window in which the test kills the process after the vendor received the call (it takes
 * milliseconds; the margin is for a loaded 2-core machine).
 */
const TIMINGS = {
  UPSTREAM_CONNECT_TIMEOUT_MS: '200',
  UPSTREAM_TIMEOUT_MS: '1500',
  LEDGER_LEASE_MS: '3500',
  LEDGER_RECONCILE_AFTER_MS: '200',
  LEDGER_RECONCILE_INTERVAL_MS: '200',
  LEDGER_POLL_MS: '20',
  SHUTDOWN_TIMEOUT_MS: '1000',
};

describe.each(LEDGER_STORES)('a gateway killed between the vendor accepting and the outcome being written (%s ledger)', (_name, openStore) => {
  let hl: HlConnectSimulator;
  let boknett: BoknettSimulator;
  let store: LedgerStore;
  let env: Record<string, string>;

  beforeAll(async () => {
    // processingDelayMs 0: a registered order reads COMPLETED at once, so reconciliation can decide.
    hl = createHlConnectSimulator({ processingDelayMs: 0 });
    boknett = createBoknettSimulator({ downloadProcessingMs: 0 });
    await Promise.all([hl.listen(0), boknett.listen(0)]);
    store = await openStore();
    env = { ...simulatorEnv(hl, boknett), ...store.env, ...TIMINGS };
  });

  afterAll(async () => {
    await stopAllGatewayProcesses();
    await Promise.all([hl?.close(), boknett?.close()]);
    await store?.cleanup();
  });

  const cli = (...args: string[]) => runLedgerCli(args, env);

  async function show(key: string): Promise<PrintedEntry> {
    const res = await cli('show', key);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(res.stdout) as PrintedEntry;
  }

  async function entryIn(gateway: GatewayProcess, state: LedgerState, key: string) {
    const res = await gateway.client.execute(PurchaseLedgerDocument, { state, first: 100 });
    expect(res.errors).toBeUndefined();
    return res.data!.purchaseLedger.edges.map((e) => e.node).find((node) => node.idempotencyKey === key);
  }

  it('reconciles the HL registration to SUCCEEDED, flags the DDS order NEEDS_ATTENTION, and never sends either again', async () => {
    const first = await startGatewayProcess({ name: 'first', env });

    const token = async () => (await first.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } })).data!.validatePurchase.validationToken!.token;
    const purchase = async (orderNumber: number): Promise<RegisterPurchaseInput> => ({
      token: await token(),
      orderNumber,
      orderLineId: 1,
      lineItemPrice: '9.50',
      unitPrice: '9.50',
      customer: 'Ethel Smyth',
    });
    // One ordinary purchase of each kind first: DDS logged in, both paths warm, so the two
    // calls below reach the vendors close together.
    expect((await first.client.execute(RegisterPurchaseDocument, { input: await purchase(80_000) })).data).toEqual({ registerPurchase: { userErrors: [] } });
    expect((await first.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() })).data!.placeDdsOrder.userErrors).toEqual([]);
    hl.calls.reset();
    boknett.calls.reset();

    const registration = await purchase(80_001);
    const order = ddsOrderInput();
    const hlKey = 'order:80001/line:1';
    const ddsKey = `order:${order.orderId}`;

    // The vendors record both requests and never answer.
    hl.faults.inject({ route: REGISTER, kind: 'hang', when: 'after', times: 1 });
    boknett.faults.inject({ route: DDS_ORDER, kind: 'hang', when: 'after', times: 1 });
    const inFlight = Promise.allSettled([first.client.execute(RegisterPurchaseDocument, { input: registration }), first.client.execute(PlaceDdsOrderDocument, { input: order })]);
    await waitFor('both vendors to receive their call', () => hl.calls.count(REGISTER) === 1 && boknett.calls.count(DDS_ORDER) === 1, { intervalMs: 2 });
    expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    // The callers never got an answer: the process died before it could give one.
    expect((await inFlight).filter((result) => result.status === 'fulfilled')).toEqual([]);
    expect(boknett.getOrder(order.orderId)).toBeDefined();

    // The process died with both intents written and neither outcome: still PENDING, under lease.
    const [hlPending, ddsPending] = [await show(hlKey), await show(ddsKey)];
    expect(hlPending).toMatchObject({ operation: 'HL_REGISTER_PURCHASE', state: 'PENDING', attempts: 1, result: null, leaseUntil: expect.any(String) });
    expect(ddsPending).toMatchObject({ operation: 'DDS_PLACE_ORDER', state: 'PENDING', attempts: 1, result: null, leaseUntil: expect.any(String) });

    // A new process on the same ledger settles what the dead one left, once the leases run out.
    const second = await startGatewayProcess({ name: 'second', env });
    const hlSettled = await waitFor('the HL entry to be reconciled', () => entryIn(second, 'SUCCEEDED', hlKey), { timeoutMs: 15_000, intervalMs: 100 });
    const ddsFlagged = await waitFor('the DDS entry to be flagged', () => entryIn(second, 'NEEDS_ATTENTION', ddsKey), { timeoutMs: 15_000, intervalMs: 100 });

    expect(hlSettled).toMatchObject({
      operation: 'HL_REGISTER_PURCHASE',
      attempts: 1,
      result: { orderId: 80_001, orderLineId: 1 },
      note: expect.stringContaining('reconciled: the vendor lists the line'),
    });
    expect(ddsFlagged).toMatchObject({ operation: 'DDS_PLACE_ORDER', attempts: 1, result: null, note: expect.stringContaining('no way to read an order back') });
    // Decided by reading the order, not by sending again.
    expect(hl.calls.count(ORDER_INFO)).toBeGreaterThanOrEqual(1);
    expect(hl.calls.count(REGISTER)).toBe(1);
    expect(boknett.calls.count(DDS_ORDER)).toBe(1);

    // The identical requests again: the recorded success, and an operator's case; nothing sent.
    const again = await second.client.execute(RegisterPurchaseDocument, { input: registration });
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual({ registerPurchase: { userErrors: [] } });
    const ddsAgain = await second.client.execute(PlaceDdsOrderDocument, { input: order });
    expect(ddsAgain.errors).toBeUndefined();
    expect(ddsAgain.data!.placeDdsOrder).toEqual({
      ddsOrder: null,
      userErrors: [{ code: 'NEEDS_ATTENTION', message: expect.any(String), field: null }],
    });
    expect(hl.calls.count(REGISTER)).toBe(1);
    expect(boknett.calls.count(DDS_ORDER)).toBe(1);

    // The operator's view through the CLI agrees.
    const attention = await cli('list', '--state', 'NEEDS_ATTENTION', '--json');
    expect(attention).toMatchObject({ code: 0, stderr: '' });
    expect((JSON.parse(attention.stdout) as PrintedEntry[]).map((e) => [e.operation, e.idempotencyKey])).toEqual([['DDS_PLACE_ORDER', ddsKey]]);
    expect(await show(hlKey)).toMatchObject({ id: hlPending.id, state: 'SUCCEEDED', attempts: 1, leaseUntil: null, result: { orderId: 80_001, orderLineId: 1 } });
    expect(await show(ddsKey)).toMatchObject({ id: ddsPending.id, state: 'NEEDS_ATTENTION', attempts: 1, leaseUntil: null });
    const pending = await cli('list', '--state', 'PENDING', '--json');
    expect(JSON.parse(pending.stdout)).toEqual([]);

    await second.stop();
  }, 40_000);
});
