import { fingerprint, SqliteLedger, type LedgerEntry, type Transition } from '../../src/ledger';
import { SettlementGate } from '../../src/purchases/checkout/settlement-gate';

describe('SettlementGate', () => {
  let ledger: SqliteLedger;
  let entries: LedgerEntry[];

  beforeEach(async () => {
    ledger = new SqliteLedger({ path: ':memory:' });
    await ledger.migrate();
    const intents = [1, 2, 3].map((n) => {
      const input = { line: n };
      return {
        caller: 'shop',
        operation: 'DDS_PLACE_ORDER' as const,
        idempotencyKey: `checkout:1/line:${n}`,
        subject: `1-${n}`,
        inputHash: fingerprint(input),
        requestHash: 'r',
        input,
        leaseMs: 60_000,
      };
    });
    entries = (await ledger.claimMany(intents))!.claims.map((claim) => claim.entry);
  });
  afterEach(() => ledger.close());

  const succeeded = (entry: LedgerEntry): Transition => ({ id: entry.id, from: ['PENDING'], attempt: entry.attempts, to: 'SUCCEEDED', result: { n: entry.id } });
  const states = async () => Promise.all(entries.map(async (entry) => (await ledger.findById(entry.id))!.state));

  it('writes nothing until every line has answered, then each line’s own compare-and-set', async () => {
    const gate = new SettlementGate(ledger, 3, 60_000);
    const first = [gate.settle(succeeded(entries[0]!)), gate.settle({ ...succeeded(entries[1]!), attempt: 7 })];
    await new Promise((resolve) => setImmediate(resolve));
    expect(await states()).toEqual(['PENDING', 'PENDING', 'PENDING']);

    const last = gate.settle(succeeded(entries[2]!));
    const [a, lost, c] = await Promise.all([...first, last]);
    expect([a?.state, lost, c?.state]).toEqual(['SUCCEEDED', null, 'SUCCEEDED']);
    expect(await states()).toEqual(['SUCCEEDED', 'PENDING', 'SUCCEEDED']);
  });

  it('writes what it holds once the hold is over, though lines are still to answer', async () => {
    const gate = new SettlementGate(ledger, 3, 1);
    expect(await gate.settle(succeeded(entries[0]!))).toMatchObject({ state: 'SUCCEEDED' });
    expect(await states()).toEqual(['SUCCEEDED', 'PENDING', 'PENDING']);
  });
});
