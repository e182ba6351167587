import { LEDGER_STATES, openLedger, type LedgerEntry, type LedgerIntent, type LedgerOutcome } from '../../src/ledger';
import { runLedgerCli } from '../harness/gateway-process';
import { LEDGER_STORES, type LedgerStore } from '../harness/ledger-stores';


/** What `--json` and `show` print for an entry: dates as ISO text. */
const printed = (entry: LedgerEntry): unknown => JSON.parse(JSON.stringify(entry));

describe.each(LEDGER_STORES)('the ledger CLI prints what the %s ledger holds', (_name, openStore) => {
  let store: LedgerStore;
  /** Oldest first, as written. */
  let seeded: LedgerEntry[];

  beforeAll(async () => {
    store = await openStore();
    const ledger = await openLedger(store.config);
    try {
      const write = async (intent: Omit<LedgerIntent, 'subject' | 'inputHash' | 'requestHash' | 'leaseMs'>, outcome?: LedgerOutcome) => {
        const { entry } = await ledger.claim({ ...intent, subject: intent.idempotencyKey, inputHash: 'in', requestHash: 'req', leaseMs: 30_000 });
        return outcome ? (await ledger.settle(entry.id, outcome, ['PENDING']))! : entry;
      };
      seeded = [
        await write(
          { operation: 'HL_REGISTER_PURCHASE', idempotencyKey: 'order:90001/line:1', input: { orderNumber: 90_001, orderLineId: 1 } },
          { state: 'SUCCEEDED', result: { orderId: 90_001, orderLineId: 1 } },
        ),
        await write(
          { operation: 'DDS_PLACE_ORDER', idempotencyKey: 'order:shop-cli-1', input: { orderId: 'shop-cli-1' } },
          { state: 'NEEDS_ATTENTION', note: 'UPSTREAM_TIMEOUT: no answer' },
        ),
        await write(
          { operation: 'HL_CANCEL_ORDER_LINE', idempotencyKey: 'shared-key', input: { orderId: 90_002, orderLineId: 1 } },
          { state: 'UNKNOWN', note: 'UPSTREAM_UNAVAILABLE: connection reset' },
        ),
        await write({ operation: 'DDS_PLACE_ORDER', idempotencyKey: 'shared-key', input: { orderId: 'shop-cli-2' } }),
      ];
    } finally {
      await ledger.close();
    }
  });

  afterAll(async () => {
    await store?.cleanup();
  });

  const cli = (...args: string[]) => runLedgerCli(args, store.env);
  const json = (stdout: string): unknown => JSON.parse(stdout);

  it('list --state X --json prints exactly the entries in that state (state names in any case)', async () => {
    const [attention, unknown, pending, rejected] = await Promise.all([
      cli('list', '--state', 'NEEDS_ATTENTION', '--json'),
      cli('list', '--state', 'unknown', '--json'),
      cli('list', '--state', 'Pending', '--json'),
      cli('list', '--state', 'REJECTED', '--json'),
    ]);
    for (const res of [attention, unknown, pending, rejected]) expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(json(attention.stdout)).toEqual([printed(seeded[1]!)]);
    expect(json(unknown.stdout)).toEqual([printed(seeded[2]!)]);
    expect(json(pending.stdout)).toEqual([printed(seeded[3]!)]);
    expect(json(rejected.stdout)).toEqual([]);
  });

  it('list prints every entry newest first, one line each, and --first limits it', async () => {
    const [all, text, firstTwo] = await Promise.all([cli('list', '--json'), cli('list'), cli('list', '--first', '2', '--json')]);
    expect(json(all.stdout)).toEqual([...seeded].reverse().map(printed));
    expect(json(firstTwo.stdout)).toEqual([seeded[3], seeded[2]].map((e) => printed(e!)));

    expect(text).toMatchObject({ code: 0, stderr: '' });
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(seeded.length);
    const [newest, , attention, oldest] = lines;
    for (const [line, entry] of [
      [newest, seeded[3]],
      [attention, seeded[1]],
      [oldest, seeded[0]],
    ] as const) {
      const fields = line!.split(/ {2,}/);
      expect(fields.slice(0, 5)).toEqual([String(entry!.id), entry!.updatedAt.toISOString(), entry!.state, entry!.operation, entry!.idempotencyKey]);
    }
    expect(attention).toContain('UPSTREAM_TIMEOUT: no answer');
  });

  it('list --state SUCCEEDED prints the one succeeded entry as a line', async () => {
    const res = await cli('list', '--state', 'SUCCEEDED');
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${seeded[0]!.id}  .*SUCCEEDED +HL_REGISTER_PURCHASE +order:90001/line:1`))]);
  });

  it('show KEY prints the entry; a key used by two operations prints both, --operation picks one', async () => {
    const [one, both, picked] = await Promise.all([
      cli('show', 'order:90001/line:1'),
      cli('show', 'shared-key'),
      cli('show', 'shared-key', '--operation', 'dds_place_order'),
    ]);
    for (const res of [one, both, picked]) expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(json(one.stdout)).toEqual(printed(seeded[0]!));
    expect(json(both.stdout)).toEqual(expect.arrayContaining([printed(seeded[2]!), printed(seeded[3]!)]));
    expect(json(both.stdout)).toHaveLength(2);
    expect(json(picked.stdout)).toEqual(printed(seeded[3]!));
  });

  it('show of a key the ledger does not hold exits 1 and says so', async () => {
    expect(await cli('show', 'order:never-placed')).toEqual({ code: 1, stdout: '', stderr: 'no ledger entry with key order:never-placed\n' });
  });

  it('an unknown state, a missing command or a show without key exits 2 with the usage', async () => {
    const [badState, noCommand, noKey] = await Promise.all([cli('list', '--state', 'LOST'), cli(), cli('show')]);
    expect(badState).toMatchObject({ code: 2, stdout: '' });
    expect(badState.stderr).toMatch(/^unknown state LOST\nUsage:/);
    for (const res of [badState, noCommand, noKey]) {
      expect(res).toMatchObject({ code: 2, stdout: '' });
      expect(res.stderr).toContain('Usage:');
      expect(res.stderr).toContain(`States: ${LEDGER_STATES.join(', ')}`);
    }
  });
});
