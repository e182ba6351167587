import { createBoknettSimulator, type BoknettSimulator } from '../../src/vendors/boknett/simulator';
import { createHlConnectSimulator, type HlConnectSimulator } from '../../src/vendors/hlconnect/simulator';
import { CheckoutWithLinksDocument, CompleteCheckoutDocument, PrepareCheckoutDocument, type CheckoutFieldsFragment } from '../generated/operations';
import { TEN_LINE_CART, tenLineCart } from '../harness/checkout-fixtures';
import { runLedgerCli, simulatorEnv, startGatewayProcess, stopAllGatewayProcesses, waitFor, type GatewayProcess } from '../harness/gateway-process';
import { createTestSchema } from '../harness/postgres';

const REGISTER = 'POST /purchase/register';
const DDS_ORDER = 'POST /order';
const DDS_SUBSCRIPTION = 'POST /order/subscription';

/**
 * Short timeouts so the test is quick (as in ledger-crash-recovery): the 1.5 s response
 * timeout is the window in which the test kills the process while a line is in flight.
 */
const TIMINGS = {
  UPSTREAM_CONNECT_TIMEOUT_MS: '200',
  UPSTREAM_TIMEOUT_MS: '1500',
  LEDGER_LEASE_MS: '3500',
  LEDGER_WAIT_MS: '500',
  LEDGER_RECONCILE_AFTER_MS: '200',
  LEDGER_RECONCILE_INTERVAL_MS: '200',
  LEDGER_POLL_MS: '20',
  SHUTDOWN_TIMEOUT_MS: '1000',
};

const sentCounts = (hl: HlConnectSimulator, boknett: BoknettSimulator) => [hl.calls.count(REGISTER), boknett.calls.count(DDS_ORDER), boknett.calls.count(DDS_SUBSCRIPTION)];

describe('a gateway killed with SIGKILL in the middle of completeCheckout (PostgreSQL ledger)', () => {
  let hl: HlConnectSimulator;
  let boknett: BoknettSimulator;
  let db: Awaited<ReturnType<typeof createTestSchema>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    hl = createHlConnectSimulator({ processingDelayMs: 0 });
    boknett = createBoknettSimulator({ downloadProcessingMs: 0 });
    await Promise.all([hl.listen(0), boknett.listen(0)]);
    db = await createTestSchema();
    env = { ...simulatorEnv(hl, boknett), DATABASE_URL: db.connectionString, DATABASE_SCHEMA: db.schema, ...TIMINGS };
  });

  afterAll(async () => {
    await stopAllGatewayProcesses();
    await Promise.all([hl?.close(), boknett?.close()]);
    await db?.drop();
  });

  async function checkoutOn(gateway: GatewayProcess, id: string): Promise<CheckoutFieldsFragment> {
    const res = await gateway.client.execute(CheckoutWithLinksDocument, { id, type: 'application/epub+zip' });
    expect(res.errors).toBeUndefined();
    return res.data!.checkout!;
  }

  it('resumes on a repeat: unsent lines are sent, nothing is sent twice, and every line’s outcome is known in the end', async () => {
    const first = await startGatewayProcess({ name: 'first', env });
    const prepared = await first.client.execute(PrepareCheckoutDocument, { input: tenLineCart(`crash-${process.pid}`) });
    const checkout = prepared.data!.prepareCheckout.checkout!;
    expect(checkout.lines.filter((line) => !line.accepted).map((line) => line.lineNumber)).toEqual(Object.values(TEN_LINE_CART.refused).sort());
    const orderNumber = 90_000 + (process.pid % 1000);
    const input = { checkoutId: checkout.id, paymentReference: 'psp-crash', orderNumber };

    // HL Connect: the first registration's answer is lost, the second is kept waiting; DDS keeps its first order waiting.
    // The vendors act on all three.
    hl.faults.inject({ route: REGISTER, kind: 'reset', when: 'after', times: 1 });
    hl.faults.inject({ route: REGISTER, kind: 'hang', when: 'after', times: 1 });
    boknett.faults.inject({ route: DDS_ORDER, kind: 'hang', when: 'after', times: 1 });
    const inFlight = first.client.execute(CompleteCheckoutDocument, { input }).then(
      () => 'answered',
      () => 'cut',
    );
    await waitFor(
      'every accepted line to reach its vendor',
      () => hl.calls.count(REGISTER) === 3 && boknett.calls.count(DDS_ORDER) === 3 && boknett.calls.count(DDS_SUBSCRIPTION) === 1,
      { intervalMs: 2 },
    );
    // Killed once every other answer is recorded: the two kept waiting are in flight, the lost reply is being (or was) confirmed.
    await waitFor(
      'the other lines to be recorded',
      async () => {
        const now = (await checkoutOn(first, checkout.id)).lines.filter((line) => line.accepted).map((line) => line.outcome);
        return now.filter((o) => o === 'IN_PROGRESS').length === 2 && now.every((o) => ['SUCCEEDED', 'OUTCOME_UNKNOWN', 'IN_PROGRESS'].includes(o));
      },
      { intervalMs: 10 },
    );
    expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await inFlight).toBe('cut');
    const sentBeforeCrash = sentCounts(hl, boknett);

    // A new process on the same ledger: the repeat answers at once what each line's entry says, and sends nothing again.
    const second = await startGatewayProcess({ name: 'second', env });
    const repeat = await second.client.execute(CompleteCheckoutDocument, { input });
    expect(repeat.errors).toBeUndefined();
    const resumed = repeat.data!.completeCheckout.checkout!;
    expect(resumed.state).toBe('COMPLETING');
    // The cut lines are IN_PROGRESS until their lease runs out, then the worker's (HL) or an operator's (DDS); the lost reply is
    // being confirmed. How far the worker got depends on how long the new process took to start.
    const unfinished = resumed.lines.filter((line) => line.accepted && line.outcome !== 'SUCCEEDED');
    expect(unfinished.length).toBeGreaterThanOrEqual(1);
    for (const line of unfinished) expect(['IN_PROGRESS', 'OUTCOME_UNKNOWN', 'NEEDS_ATTENTION']).toContain(line.outcome);
    expect(resumed.lines.filter((line) => line.outcome === 'NOT_SENT')).toEqual([]);
    expect(sentCounts(hl, boknett)).toEqual(sentBeforeCrash);

    // The worker settles both HL lines by asking HL Connect; DDS cannot be asked, so its cut order goes to an operator.
    const waiting = await waitFor(
      'the ledger worker to settle the cut lines',
      async () => {
        const now = await checkoutOn(second, checkout.id);
        const outcomes = now.lines.filter((line) => line.accepted).map((line) => line.outcome);
        return outcomes.filter((o) => o === 'SUCCEEDED').length === 6 && outcomes.includes('NEEDS_ATTENTION') ? now : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    const attention = waiting.lines.find((line) => line.outcome === 'NEEDS_ATTENTION')!;
    expect(attention.vendor).toBe('BOKNETT_DDS');

    // The operator confirms with DDS and records it, as for any DDS order.
    const checkoutNumber = Number(Buffer.from(checkout.id, 'base64url').toString('utf8').split(':')[1]);
    const placed = boknett.getOrder(`${orderNumber}-${attention.lineNumber}`)!;
    const resolved = await runLedgerCli(
      ['resolve', `checkout:${checkoutNumber}/line:${attention.lineNumber}`, '--as', 'succeeded', '--fulfilment-id', placed.fulfilmentId, '--note', 'DDS lists the order'],
      env,
    );
    expect(resolved).toMatchObject({ code: 0 });

    // The last repeat: every line finished, the checkout COMPLETED, still nothing sent again.
    const last = (await second.client.execute(CompleteCheckoutDocument, { input })).data!.completeCheckout.checkout!;
    expect(last.state).toBe('COMPLETED');
    expect(last.lines.map((line) => line.outcome)).toEqual(last.lines.map((line) => (line.accepted ? 'SUCCEEDED' : 'NOT_PURCHASED')));
    expect(sentCounts(hl, boknett)).toEqual(sentBeforeCrash);

    // At the vendors: every accepted line exactly once, the refused ones never.
    const accepted = new Set<number>([...TEN_LINE_CART.acceptedHl, ...TEN_LINE_CART.acceptedDds]);
    for (const n of [1, 2, 3, 4, 5]) expect(hl.registrations(orderNumber, n)).toEqual({ accepted: accepted.has(n) ? 1 : 0, alreadyRegistered: 0 });
    for (const n of [6, 7, 8, 9, 10]) {
      expect(boknett.getOrder(`${orderNumber}-${n}`) !== undefined).toBe(accepted.has(n));
      expect(boknett.duplicateOrders(`${orderNumber}-${n}`)).toBe(0);
    }
    await second.stop();
  }, 60_000);
});
