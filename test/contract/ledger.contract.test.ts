import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint, PostgresLedger, SqliteLedger, type Ledger, type LedgerIntent } from '../../src/ledger';
import { createTestSchema } from '../harness/postgres';

interface Backend {
  name: string;
  open(): Promise<{ ledger: Ledger; second: () => Ledger; cleanup(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'SQLite (file, WAL)',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
      const path = join(dir, 'ledger.db');
      const ledger = new SqliteLedger({ path });
      await ledger.migrate();
      const others: Ledger[] = [];
      return {
        ledger,
        second: () => {
          const other = new SqliteLedger({ path });
          others.push(other);
          return other;
        },
        async cleanup() {
          for (const l of [ledger, ...others]) await l.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const db = await createTestSchema();
      const ledger = new PostgresLedger({ connectionString: db.connectionString, schema: db.schema });
      await ledger.migrate();
      const others: Ledger[] = [];
      return {
        ledger,
        second: () => {
          const other = new PostgresLedger({ connectionString: db.connectionString, schema: db.schema });
          others.push(other);
          return other;
        },
        async cleanup() {
          for (const l of [ledger, ...others]) await l.close();
          await db.drop();
        },
      };
    },
  },
];

const intent = (key: string, input: Record<string, unknown> = { price: 1 }, extra = ''): LedgerIntent => ({
  operation: 'HL_REGISTER_PURCHASE',
  idempotencyKey: key,
  subject: `subject-${key}`,
  inputHash: fingerprint(input),
  requestHash: fingerprint({ input, extra }),
  input,
  leaseMs: 60_000,
});

describe.each(backends)('ledger contract: $name', (backend) => {
  let ledger: Ledger;
  let second: () => Ledger;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ ledger, second, cleanup } = await backend.open());
  });
  afterEach(async () => cleanup());

  it('claims a new key as PENDING and returns the existing entry for a repeated key', async () => {
    const first = await ledger.claim(intent('k1'));
    expect(first.claimed).toBe(true);
    expect(first.entry).toMatchObject({ state: 'PENDING', idempotencyKey: 'k1', attempts: 1, input: { price: 1 } });
    const again = await ledger.claim(intent('k1'));
    expect(again).toEqual({ claimed: false, entry: first.entry });
  });

  it('keys are per operation', async () => {
    await ledger.claim(intent('same'));
    const other = await ledger.claim({ ...intent('same'), operation: 'DDS_PLACE_ORDER' });
    expect(other.claimed).toBe(true);
  });

  it('exactly one of many concurrent claims wins, across connections', async () => {
    const ledgers = [ledger, second(), second()];
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => ledgers[i % 3]!.claim(intent('race'))));
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    const ids = new Set(results.map((r) => r.entry.id));
    expect(ids.size).toBe(1);
  });

  it('settles only from the expected states', async () => {
    const { entry } = await ledger.claim(intent('k2'));
    const settled = await ledger.settle(entry.id, { state: 'SUCCEEDED', result: { fulfilmentId: 'f-1' } }, ['PENDING']);
    expect(settled).toMatchObject({ state: 'SUCCEEDED', result: { fulfilmentId: 'f-1' }, leaseUntil: null });
    expect(await ledger.settle(entry.id, { state: 'UNKNOWN' }, ['PENDING'])).toBeNull();
    expect((await ledger.find('HL_REGISTER_PURCHASE', 'k2'))!.state).toBe('SUCCEEDED');
  });

  it('renews the lease of its own PENDING attempt only, and settles only its own attempt', async () => {
    const { entry } = await ledger.claim({ ...intent('lease'), leaseMs: 1_000 });
    expect(await ledger.renewLease(entry.id, entry.attempts, 60_000)).toBe(true);
    expect((await ledger.find('HL_REGISTER_PURCHASE', 'lease'))!.leaseUntil!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(await ledger.renewLease(entry.id, entry.attempts + 1, 60_000)).toBe(false);

    const rejected = (await ledger.settle(entry.id, { state: 'NOT_APPLIED' }, ['PENDING'], entry.attempts))!;
    expect(await ledger.renewLease(entry.id, entry.attempts, 60_000)).toBe(false);
    const second = (await ledger.reclaim(rejected, intent('lease')))!;
    // A late answer to the first attempt must not settle the second.
    expect(await ledger.settle(entry.id, { state: 'SUCCEEDED', result: {} }, ['PENDING', 'NOT_APPLIED'], entry.attempts)).toBeNull();
    expect(await ledger.settle(entry.id, { state: 'SUCCEEDED', result: {} }, ['PENDING'], second.attempts)).toMatchObject({ state: 'SUCCEEDED' });
  });

  it('reclaims a REJECTED or NOT_APPLIED entry once, never a SUCCEEDED one', async () => {
    const { entry } = await ledger.claim(intent('k3'));
    const rejected = (await ledger.settle(entry.id, { state: 'REJECTED', result: [{ code: 'INVALID_TOKEN' }] }, ['PENDING']))!;
    const [a, b] = await Promise.all([ledger.reclaim(rejected, intent('k3', { price: 1 }, 'new token')), second().reclaim(rejected, intent('k3'))]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const reclaimed = (a ?? b)!;
    expect(reclaimed).toMatchObject({ state: 'PENDING', attempts: 2, result: null });
    const done = (await ledger.settle(reclaimed.id, { state: 'SUCCEEDED', result: {} }, ['PENDING']))!;
    expect(await ledger.reclaim(done, intent('k3'))).toBeNull();
  });

  it('reads the entries of many subjects in one statement', async () => {
    for (const key of ['a', 'b', 'c']) await ledger.claim(intent(key));
    await ledger.claim({ ...intent('a-again'), subject: 'subject-a' });
    const before = ledger.statements;
    const found = await ledger.findBySubjects('HL_REGISTER_PURCHASE', ['subject-c', 'missing', 'subject-a']);
    expect(ledger.statements - before).toBe(1);
    expect([...found.keys()].sort()).toEqual(['subject-a', 'subject-c']);
    expect(found.get('subject-a')!.map((e) => e.idempotencyKey)).toEqual(['a', 'a-again']);
  });

  it('lists newest first, by state, page by page', async () => {
    for (const key of ['p1', 'p2', 'p3', 'p4']) await ledger.claim(intent(key));
    const p2 = (await ledger.find('HL_REGISTER_PURCHASE', 'p2'))!;
    await ledger.settle(p2.id, { state: 'UNKNOWN', note: 'timeout' }, ['PENDING']);

    const page1 = await ledger.list({ first: 2 });
    expect(page1.entries.map((e) => e.idempotencyKey)).toEqual(['p4', 'p3']);
    expect(page1.hasNextPage).toBe(true);
    const page2 = await ledger.list({ first: 2, after: page1.entries[1]!.id });
    expect(page2.entries.map((e) => e.idempotencyKey)).toEqual(['p2', 'p1']);
    expect(page2.hasNextPage).toBe(false);
    const unknown = await ledger.list({ first: 10, state: 'UNKNOWN' });
    expect(unknown.entries.map((e) => e.idempotencyKey)).toEqual(['p2']);
    expect(await ledger.countByState()).toMatchObject({ PENDING: 3, UNKNOWN: 1, SUCCEEDED: 0 });
  });

  it('finds PENDING entries whose lease ran out and UNKNOWN entries older than the threshold', async () => {
    await ledger.claim({ ...intent('live'), leaseMs: 60_000 });
    const { entry: expired } = await ledger.claim({ ...intent('dead'), leaseMs: -1 });
    const { entry: unknown } = await ledger.claim(intent('unknown'));
    await ledger.settle(unknown.id, { state: 'UNKNOWN' }, ['PENDING']);

    const due = await ledger.due(new Date(Date.now() + 1000), 10);
    expect(due.map((e) => e.idempotencyKey).sort()).toEqual(['dead', 'unknown']);
    expect(due.find((e) => e.id === expired.id)!.state).toBe('PENDING');
    expect(await ledger.due(new Date(0), 10)).toEqual([expect.objectContaining({ idempotencyKey: 'dead' })]);
  });

  it('migrations are idempotent and safe to run concurrently', async () => {
    await Promise.all([ledger.migrate(), second().migrate(), second().migrate()]);
    expect((await ledger.claim(intent('after-migrate'))).claimed).toBe(true);
  });
});
