import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { LEDGER_STATES, openLedger, type LedgerEntry, type LedgerIntent, type Transition } from '../../src/ledger';
import { runLedgerCli } from '../harness/gateway-process';
import { LEDGER_STORES, type LedgerStore } from '../harness/ledger-stores';

/** What `--json` prints for an entry: dates as ISO text. */
const printed = (entry: LedgerEntry): unknown => JSON.parse(JSON.stringify(entry));
/** What `show` prints: the entry and its (here empty) audit trail. */
const shown = (entry: LedgerEntry): unknown => ({ ...(printed(entry) as object), audit: [] });

type Outcome = Pick<Transition, 'to' | 'result' | 'note'>;

describe.each(LEDGER_STORES)('the ledger CLI prints what the %s ledger holds', (_name, openStore) => {
  let store: LedgerStore;
  /** Oldest first, as written. */
  let seeded: LedgerEntry[];

  beforeAll(async () => {
    store = await openStore();
    const ledger = await openLedger(store.config);
    try {
      const write = async (intent: Omit<LedgerIntent, 'caller' | 'subject' | 'inputHash' | 'requestHash' | 'leaseMs'>, outcome?: Outcome) => {
        const { entry } = await ledger.claim({ ...intent, caller: 'shop', subject: intent.idempotencyKey, inputHash: 'in', requestHash: 'req', leaseMs: 30_000 });
        return outcome ? (await ledger.transition({ id: entry.id, from: ['PENDING'], ...outcome }))! : entry;
      };
      seeded = [
        await write(
          { operation: 'HL_REGISTER_PURCHASE', idempotencyKey: 'order:90001/line:1', input: { orderNumber: 90_001, orderLineId: 1 } },
          { to: 'SUCCEEDED', result: { orderId: 90_001, orderLineId: 1 } },
        ),
        await write(
          { operation: 'DDS_PLACE_ORDER', idempotencyKey: 'order:shop-cli-1', input: { orderId: 'shop-cli-1' } },
          { to: 'NEEDS_ATTENTION', note: 'UPSTREAM_TIMEOUT: no answer' },
        ),
        await write(
          { operation: 'HL_CANCEL_ORDER_LINE', idempotencyKey: 'shared-key', input: { orderId: 90_002, orderLineId: 1 } },
          { to: 'UNKNOWN', note: 'UPSTREAM_UNAVAILABLE: connection reset' },
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
      expect(fields.slice(0, 6)).toEqual([String(entry!.id), entry!.updatedAt.toISOString(), entry!.state, entry!.operation, 'shop', entry!.idempotencyKey]);
    }
    expect(attention).toContain('UPSTREAM_TIMEOUT: no answer');
  });

  it('list --state SUCCEEDED prints the one succeeded entry as a line', async () => {
    const res = await cli('list', '--state', 'SUCCEEDED');
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${seeded[0]!.id}  .*SUCCEEDED +HL_REGISTER_PURCHASE +shop +order:90001/line:1`))]);
  });

  it('show KEY prints the entry; a key used by two operations prints both, --operation picks one', async () => {
    const [one, both, picked] = await Promise.all([cli('show', 'order:90001/line:1'), cli('show', 'shared-key'), cli('show', 'shared-key', '--operation', 'dds_place_order')]);
    for (const res of [one, both, picked]) expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(json(one.stdout)).toEqual(shown(seeded[0]!));
    expect(json(both.stdout)).toEqual(expect.arrayContaining([shown(seeded[2]!), shown(seeded[3]!)]));
    expect(json(both.stdout)).toHaveLength(2);
    expect(json(picked.stdout)).toEqual(shown(seeded[3]!));
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

  it('--help prints the usage and exits 0', async () => {
    const res = await cli('--help');
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toContain('npm run ledger -- resolve KEY --as succeeded|not-applied');
  });

  it('resolve refuses what it cannot do, each with a reason, and changes nothing', async () => {
    const [noAs, noNote, ambiguous, notResolvable, noFulfilment] = await Promise.all([
      cli('resolve', 'order:shop-cli-1', '--note', 'x'),
      cli('resolve', 'order:shop-cli-1', '--as', 'succeeded'),
      cli('resolve', 'shared-key', '--as', 'not-applied', '--note', 'x'),
      cli('resolve', 'order:90001/line:1', '--as', 'not-applied', '--note', 'x'),
      cli('resolve', 'order:shop-cli-1', '--as', 'succeeded', '--note', 'confirmed'),
    ]);
    expect(noAs).toMatchObject({ code: 2, stderr: expect.stringMatching(/^--as must be succeeded or not-applied\nUsage:/) });
    expect(noNote).toMatchObject({ code: 2, stderr: expect.stringMatching(/^--note must say how/) });
    expect(ambiguous).toMatchObject({ code: 1, stderr: expect.stringContaining('2 entries have key shared-key; narrow with --operation') });
    expect(notResolvable).toMatchObject({ code: 1, stderr: expect.stringContaining('NOT_RESOLVABLE: entry') });
    expect(noFulfilment).toMatchObject({ code: 1, stderr: expect.stringContaining('INVALID_INPUT: a placed DDS order needs the fulfilment id') });
    expect(json((await cli('list', '--state', 'NEEDS_ATTENTION', '--json')).stdout)).toEqual([printed(seeded[1]!)]);
  });

  it('resolve settles a NEEDS_ATTENTION order as placed and an UNKNOWN cancellation as not applied, with an audit trail', async () => {
    const placed = await cli('resolve', 'order:shop-cli-1', '--as', 'succeeded', '--fulfilment-id', 'f-9000', '--note', 'DDS support confirmed it', '--by', 'ops-anna');
    expect(placed).toMatchObject({ code: 0, stderr: '' });
    expect(placed.stdout).toMatch(/SUCCEEDED +DDS_PLACE_ORDER +shop +order:shop-cli-1 +resolved by ops-anna: DDS support confirmed it/);
    const cancelled = await cli('resolve', 'shared-key', '--operation', 'hl_cancel_order_line', '--as', 'not-applied', '--note', 'the line is still COMPLETED');
    expect(cancelled).toMatchObject({ code: 0, stderr: '' });

    const shownPlaced = json((await cli('show', 'order:shop-cli-1')).stdout) as { state: string; result: { fulfilmentId: string; contentUrl: string }; audit: unknown[] };
    expect(shownPlaced.state).toBe('SUCCEEDED');
    expect(shownPlaced.result).toMatchObject({ fulfilmentId: 'f-9000', contentUrl: expect.stringMatching(/\/content\/f-9000$/) });
    expect(shownPlaced.audit).toEqual([
      { entryId: seeded[1]!.id, at: expect.any(String), actor: 'ops-anna', action: 'resolve', fromState: 'NEEDS_ATTENTION', toState: 'SUCCEEDED', note: 'DDS support confirmed it' },
    ]);
    const shownCancel = json((await cli('show', 'shared-key', '--operation', 'HL_CANCEL_ORDER_LINE')).stdout) as { state: string; audit: { actor: string; fromState: string }[] };
    expect(shownCancel.state).toBe('NOT_APPLIED');
    expect(shownCancel.audit).toEqual([expect.objectContaining({ actor: expect.stringMatching(/^cli:/), fromState: 'UNKNOWN', toState: 'NOT_APPLIED' })]);
    // Resolved once: a second resolve is refused.
    expect(await cli('resolve', 'order:shop-cli-1', '--as', 'not-applied', '--note', 'oops')).toMatchObject({ code: 1, stderr: expect.stringContaining('NOT_RESOLVABLE') });
  });
});

describe('npm run ledger', () => {
  it('runs the compiled CLI as it is, without rebuilding (as inside the image, where no compiler is left)', () => {
    const cli = join(__dirname, '../../dist/scripts/ledger.js');
    const builtAt = statSync(cli).mtimeMs;
    const res = spawnSync('npm', ['run', '--silent', 'ledger', '--', '--help'], { cwd: join(__dirname, '../..'), encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('npm run ledger -- resolve KEY');
    expect(statSync(cli).mtimeMs).toBe(builtAt);
  });
});
