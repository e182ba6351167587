import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fingerprint,
  PostgresLedger,
  type CheckoutDraft,
  RETRYABLE_STATES,
  SqliteLedger,
  type Ledger,
  type LedgerEntry,
  type LedgerIntent,
  type LedgerState,
  type Transition,
} from '../../src/ledger';
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

const intent = (key: string, input: Record<string, unknown> = { price: 1 }, extra = '', caller = 'shop-a'): LedgerIntent => ({
  caller,
  operation: 'HL_REGISTER_PURCHASE',
  idempotencyKey: key,
  subject: `subject-${key}`,
  inputHash: fingerprint(input),
  requestHash: fingerprint({ input, extra }),
  input,
  leaseMs: 60_000,
});

const OP = 'HL_REGISTER_PURCHASE';

describe.each(backends)('ledger contract: $name', (backend) => {
  let ledger: Ledger;
  let second: () => Ledger;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ ledger, second, cleanup } = await backend.open());
  });
  afterEach(async () => cleanup?.());

  /** Moves a fresh entry out of PENDING as the request path would. */
  const settle = (entry: LedgerEntry, to: LedgerState, extra: Partial<Transition> = {}) => ledger.transition({ id: entry.id, from: ['PENDING'], attempt: entry.attempts, to, ...extra });

  it('claims a new key as PENDING and returns the existing entry for a repeated key', async () => {
    const first = await ledger.claim(intent('k1'));
    expect(first.claimed).toBe(true);
    expect(first.entry).toMatchObject({ state: 'PENDING', idempotencyKey: 'k1', caller: 'shop-a', attempts: 1, version: 0, uncertain: false, input: { price: 1 } });
    const again = await ledger.claim(intent('k1'));
    expect(again).toEqual({ claimed: false, entry: first.entry });
  });

  it('keys are per operation and per caller', async () => {
    await ledger.claim(intent('same'));
    expect((await ledger.claim({ ...intent('same'), operation: 'DDS_PLACE_ORDER' })).claimed).toBe(true);
    const otherShop = await ledger.claim(intent('same', { price: 2 }, '', 'shop-b'));
    expect(otherShop.claimed).toBe(true);
    expect((await ledger.find('shop-a', OP, 'same'))!.input).toEqual({ price: 1 });
    expect((await ledger.find('shop-b', OP, 'same'))!.input).toEqual({ price: 2 });
    expect(await ledger.find('shop-c', OP, 'same')).toBeNull();
    expect((await ledger.findByKey('same', OP)).map((e) => e.caller)).toEqual(['shop-a', 'shop-b']);
  });

  it('exactly one of many concurrent claims wins, across connections', async () => {
    const ledgers = [ledger, second(), second()];
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => ledgers[i % 3]!.claim(intent('race'))));
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    const ids = new Set(results.map((r) => r.entry.id));
    expect(ids.size).toBe(1);
  });

  it('a transition is a compare-and-set on state, attempt and version; a lost one changes nothing', async () => {
    const { entry } = await ledger.claim(intent('k2'));
    const settled = await settle(entry, 'SUCCEEDED', { result: { fulfilmentId: 'f-1' } });
    expect(settled).toMatchObject({ state: 'SUCCEEDED', result: { fulfilmentId: 'f-1' }, leaseUntil: null, version: 1 });
    expect(await settle(entry, 'UNKNOWN')).toBeNull();
    expect(await ledger.transition({ id: entry.id, from: ['SUCCEEDED'], version: 0, to: 'NOT_APPLIED' })).toBeNull();
    expect(await ledger.transition({ id: entry.id, from: ['SUCCEEDED'], attempt: 2, to: 'NOT_APPLIED' })).toBeNull();
    expect(await ledger.find('shop-a', OP, 'k2')).toMatchObject({ state: 'SUCCEEDED', version: 1 });
  });

  it('only one of two racing transitions from the same version wins', async () => {
    const { entry } = await ledger.claim(intent('cas'));
    const unknown = (await settle(entry, 'UNKNOWN', { checkInMs: 0, uncertain: true }))!;
    const [a, b] = await Promise.all([
      ledger.transition({ id: entry.id, from: ['UNKNOWN'], version: unknown.version, to: 'SUCCEEDED' }),
      second().transition({ id: entry.id, from: ['UNKNOWN'], version: unknown.version, to: 'NOT_APPLIED' }),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect((await ledger.findById(entry.id))!.uncertain).toBe(true);
  });

  it('transitions asked for at once are each their own compare-and-set: the lost ones, and a second change of one row, are reported', async () => {
    const entries = await Promise.all(['t1', 't2', 't3'].map(async (key) => (await ledger.claim(intent(key))).entry));
    const [t1, t2, t3] = entries as [LedgerEntry, LedgerEntry, LedgerEntry];
    const before = ledger.statements;
    const [a, b, c, d] = await Promise.all([
      settle(t1, 'SUCCEEDED', { result: { n: 1 } }),
      settle(t2, 'UNKNOWN', { checkInMs: 1_000, uncertain: true, note: 'timeout' }),
      ledger.transition({ id: t3.id, from: ['PENDING'], attempt: 2, to: 'SUCCEEDED' }),
      ledger.transition({ id: t1.id, from: ['PENDING'], attempt: 1, to: 'REJECTED' }),
    ]);
    // PostgreSQL: the three distinct rows in one statement, the second change of t1 in the next.
    if (ledger.kind === 'postgres') expect(ledger.statements - before).toBe(2);
    expect(a).toMatchObject({ id: t1.id, state: 'SUCCEEDED', result: { n: 1 }, version: 1, leaseUntil: null });
    expect(b).toMatchObject({ id: t2.id, state: 'UNKNOWN', note: 'timeout', uncertain: true, version: 1 });
    expect(b!.nextCheckAt).not.toBeNull();
    expect(c).toBeNull();
    expect(d).toBeNull();
    expect(await ledger.findById(t3.id)).toMatchObject({ state: 'PENDING', version: 0 });
    expect(await ledger.findById(t1.id)).toMatchObject({ state: 'SUCCEEDED', version: 1 });
  });

  it('renews the lease of its own PENDING attempt only, and settles only its own attempt', async () => {
    const { entry } = await ledger.claim({ ...intent('lease'), leaseMs: 1_000 });
    expect(await ledger.renewLease(entry.id, entry.attempts, 60_000)).toBe(true);
    expect((await ledger.find('shop-a', OP, 'lease'))!.leaseUntil!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(await ledger.renewLease(entry.id, entry.attempts + 1, 60_000)).toBe(false);

    const notApplied = (await settle(entry, 'NOT_APPLIED'))!;
    expect(await ledger.renewLease(entry.id, entry.attempts, 60_000)).toBe(false);
    const second = (await ledger.transition({ id: entry.id, from: RETRYABLE_STATES, attempt: notApplied.attempts, to: 'PENDING', leaseMs: 60_000, newAttempt: intent('lease') }))!;
    expect(second).toMatchObject({ state: 'PENDING', attempts: 2 });
    // A late answer to the first attempt must not settle the second.
    expect(await ledger.transition({ id: entry.id, from: ['PENDING', 'NOT_APPLIED'], attempt: entry.attempts, to: 'SUCCEEDED' })).toBeNull();
    expect(await ledger.transition({ id: entry.id, from: ['PENDING'], attempt: second.attempts, to: 'SUCCEEDED' })).toMatchObject({ state: 'SUCCEEDED' });
  });

  it('a new attempt replaces the request and clears the result, once', async () => {
    const { entry } = await ledger.claim(intent('k3'));
    const rejected = (await settle(entry, 'REJECTED', { result: [{ code: 'INVALID_TOKEN' }] }))!;
    const retry = (l: Ledger, extra: string) =>
      l.transition({ id: entry.id, from: RETRYABLE_STATES, attempt: rejected.attempts, to: 'PENDING', leaseMs: 60_000, newAttempt: intent('k3', { price: 1 }, extra) });
    const [a, b] = await Promise.all([retry(ledger, 'new token'), retry(second(), 'other token')]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const reclaimed = (a ?? b)!;
    expect(reclaimed).toMatchObject({ state: 'PENDING', attempts: 2, result: null });
    expect(reclaimed.requestHash).not.toBe(entry.requestHash);
  });

  it('reads the entries of many subjects in one statement, optionally one caller’s', async () => {
    for (const key of ['a', 'b', 'c']) await ledger.claim(intent(key));
    await ledger.claim({ ...intent('a-again'), subject: 'subject-a' });
    await ledger.claim({ ...intent('a-other-shop', { price: 1 }, '', 'shop-b'), subject: 'subject-a' });
    const before = ledger.statements;
    const found = await ledger.findBySubjects(OP, ['subject-c', 'missing', 'subject-a']);
    expect(ledger.statements - before).toBe(1);
    expect([...found.keys()].sort()).toEqual(['subject-a', 'subject-c']);
    expect(found.get('subject-a')!.map((e) => e.idempotencyKey)).toEqual(['a', 'a-again', 'a-other-shop']);
    const own = await ledger.findBySubjects(OP, ['subject-a'], 'shop-b');
    expect(own.get('subject-a')!.map((e) => e.idempotencyKey)).toEqual(['a-other-shop']);
  });

  it('lists newest first, by state and caller, page by page, with counts and ages by state', async () => {
    for (const key of ['p1', 'p2', 'p3', 'p4']) await ledger.claim(intent(key));
    await ledger.claim(intent('q1', { price: 1 }, '', 'shop-b'));
    const p2 = (await ledger.find('shop-a', OP, 'p2'))!;
    await settle(p2, 'UNKNOWN', { note: 'timeout', checkInMs: 60_000 });

    const page1 = await ledger.list({ first: 2, caller: 'shop-a' });
    expect(page1.entries.map((e) => e.idempotencyKey)).toEqual(['p4', 'p3']);
    expect(page1.hasNextPage).toBe(true);
    const page2 = await ledger.list({ first: 2, after: page1.entries[1]!.id, caller: 'shop-a' });
    expect(page2.entries.map((e) => e.idempotencyKey)).toEqual(['p2', 'p1']);
    expect(page2.hasNextPage).toBe(false);
    expect((await ledger.list({ first: 10 })).entries.map((e) => e.idempotencyKey)).toEqual(['q1', 'p4', 'p3', 'p2', 'p1']);
    const unknown = await ledger.list({ first: 10, state: 'UNKNOWN' });
    expect(unknown.entries.map((e) => e.idempotencyKey)).toEqual(['p2']);
    expect(unknown.entries[0]!.nextCheckAt!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await ledger.countByState()).toMatchObject({ PENDING: 4, UNKNOWN: 1, SUCCEEDED: 0 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const stats = await ledger.stats();
    expect(stats.PENDING.count).toBe(4);
    expect(stats.PENDING.oldestAgeMs).toBeGreaterThanOrEqual(20);
    expect(stats.SUCCEEDED).toEqual({ count: 0, oldestAgeMs: 0 });
  });

  it('the worker claims only due entries, by the database’s clock, and two workers never share one', async () => {
    await ledger.claim({ ...intent('live'), leaseMs: 60_000 });
    for (let i = 0; i < 10; i += 1) await ledger.claim({ ...intent(`dead-${i}`), leaseMs: -1 });
    const { entry: quiet } = await ledger.claim(intent('quiet'));
    await settle(quiet, 'UNKNOWN', { checkInMs: 60_000 });
    const { entry: due } = await ledger.claim(intent('due'));
    await settle(due, 'UNKNOWN', { checkInMs: 0 });

    const [a, b] = await Promise.all([ledger.claimDue(6, 30_000), second().claimDue(6, 30_000)]);
    const keys = [...a, ...b].map((e) => e.idempotencyKey);
    expect(keys.sort()).toEqual([...Array.from({ length: 10 }, (_, i) => `dead-${i}`), 'due'].sort());
    expect(new Set(keys).size).toBe(11);
    // Claimed entries are reserved: nothing is due again until the claim runs out.
    expect(await ledger.claimDue(10, 30_000)).toEqual([]);
    const claimed = [...a, ...b].find((e) => e.idempotencyKey === 'due')!;
    expect(claimed.version).toBe(2);
    // The claim's version is what the worker's transition must match.
    expect(await ledger.transition({ id: claimed.id, from: ['UNKNOWN'], version: claimed.version - 1, to: 'NOT_APPLIED' })).toBeNull();
    expect(await ledger.transition({ id: claimed.id, from: ['UNKNOWN'], version: claimed.version, to: 'NOT_APPLIED' })).toMatchObject({ state: 'NOT_APPLIED' });
  });

  it('writes an audit record with a hand-made change, and none when the change is lost', async () => {
    const { entry } = await ledger.claim(intent('audited'));
    const attention = (await settle(entry, 'NEEDS_ATTENTION', { uncertain: true }))!;
    const audit = { actor: 'operator-1', action: 'resolve', note: 'confirmed by phone' };
    expect(await ledger.transition({ id: entry.id, from: ['NEEDS_ATTENTION'], version: attention.version - 1, to: 'SUCCEEDED', audit })).toBeNull();
    expect(await ledger.auditTrail(entry.id)).toEqual([]);
    const resolved = await ledger.transition({ id: entry.id, from: ['NEEDS_ATTENTION'], version: attention.version, to: 'SUCCEEDED', audit });
    expect(resolved).toMatchObject({ state: 'SUCCEEDED' });
    expect(await ledger.auditTrail(entry.id)).toEqual([
      { entryId: entry.id, at: resolved!.updatedAt, actor: 'operator-1', action: 'resolve', fromState: 'NEEDS_ATTENTION', toState: 'SUCCEEDED', note: 'confirmed by phone' },
    ]);
  });

  it('erases buyers’ names from settled entries past the retention period, keeping the fingerprint', async () => {
    const named = { orderId: 'o-1', firstName: 'Sigrid', lastName: 'Undset', consumerId: 'c-1' };
    const { entry: old } = await ledger.claim(intent('named', named));
    await settle(old, 'SUCCEEDED', { result: { fulfilmentId: 'f' } });
    const { entry: customer } = await ledger.claim(intent('customer', { orderNumber: 1, customer: 'Fanny Mendelssohn' }));
    await settle(customer, 'SUCCEEDED');
    await ledger.claim(intent('in-flight', { orderId: 'o-2', firstName: 'Knut', lastName: 'Hamsun' }));
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(await ledger.erasePersonalData(60_000, 10)).toBe(0);
    expect(await ledger.erasePersonalData(10, 10)).toBe(2);
    const erased = (await ledger.find('shop-a', OP, 'named'))!;
    expect(erased.input).toEqual({ orderId: 'o-1', firstName: null, lastName: null, consumerId: 'c-1' });
    expect(erased.inputHash).toBe(fingerprint(named));
    expect(erased.personalDataErasedAt).not.toBeNull();
    expect((await ledger.find('shop-a', OP, 'customer'))!.input).toEqual({ orderNumber: 1, customer: null });
    expect((await ledger.find('shop-a', OP, 'in-flight'))!.input).toMatchObject({ firstName: 'Knut' });
    expect(await ledger.erasePersonalData(10, 10)).toBe(0);
  });

  const draft = (idempotencyKey: string, caller = 'shop-a'): CheckoutDraft => ({
    caller,
    idempotencyKey,
    inputHash: `hash-${idempotencyKey}`,
    buyer: { firstName: 'Sigrid', lastName: 'Undset', ip: '203.0.113.7' },
    lines: [
      {
        spec: { kind: 'HL', assetId: 1001, quantity: 1, unitPrice: '5.99', lineItemPrice: '5.99', customer: null },
        accepted: true,
        userErrors: [],
        tokenExpiresAt: '2026-12-01T12:15:00.000Z',
      },
      {
        spec: { kind: 'DDS', resid: 'r-1', priceOre: 18_900, excerpt: false, subscription: false, socialDrm: true },
        accepted: false,
        userErrors: [{ code: 'BUYER_NAMES_REQUIRED', message: 'names', field: ['input', 'buyer'] }],
        tokenExpiresAt: null,
      },
    ],
    tokens: ['token-1', null],
  });

  it('stores a checkout once per caller and key: a repeat, from any connection, gets the stored one', async () => {
    const results = await Promise.all([ledger, second(), second()].map((l) => l.createCheckout(draft('cart-1'))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const stored = results.find((r) => r.created)!.checkout;
    expect(results.map((r) => r.checkout.id)).toEqual([stored.id, stored.id, stored.id]);
    expect(stored).toMatchObject({ ...draft('cart-1'), state: 'PREPARED', version: 0, completion: null });
    expect(await ledger.findCheckout(stored.id)).toEqual(stored);
    expect((await ledger.createCheckout(draft('cart-1', 'shop-b'))).created).toBe(true);
    expect(await ledger.findCheckout(stored.id + 1_000)).toBeNull();
  });

  it('a checkout change is a compare-and-set on its version: of two racing, one wins; absent fields are kept; tokens can be erased', async () => {
    const { checkout } = await ledger.createCheckout(draft('cart-2'));
    const completion = (orderNumber: number) => ({ paymentReference: `psp-${orderNumber}`, orderNumber });
    const [a, b] = await Promise.all([
      ledger.updateCheckout({ id: checkout.id, version: 0, state: 'COMPLETING', completion: completion(1) }),
      second().updateCheckout({ id: checkout.id, version: 0, state: 'COMPLETING', completion: completion(2) }),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const won = (a ?? b)!;
    expect(won).toMatchObject({ state: 'COMPLETING', version: 1, lines: checkout.lines, tokens: ['token-1', null], buyer: checkout.buyer });
    expect(await ledger.updateCheckout({ id: checkout.id, version: 0, state: 'COMPLETED' })).toBeNull();
    const done = await ledger.updateCheckout({ id: checkout.id, version: 1, state: 'COMPLETED', tokens: null });
    expect(done).toMatchObject({ state: 'COMPLETED', version: 2, tokens: null, completion: won.completion });
  });

  it('claimMany fixes a checkout and claims every intent in one transaction, each as claim would', async () => {
    const { checkout } = await ledger.createCheckout(draft('cart-batch'));
    const completion = { paymentReference: 'psp-batch', orderNumber: 7 };
    const before = ledger.statements;
    const batch = await ledger.claimMany([intent('b1'), { ...intent('b2'), operation: 'DDS_PLACE_ORDER' }], {
      id: checkout.id,
      version: 0,
      state: 'COMPLETING',
      completion,
    });
    expect(batch!.checkout).toMatchObject({ id: checkout.id, state: 'COMPLETING', version: 1, completion, lines: checkout.lines, tokens: checkout.tokens });
    expect(batch!.claims.map((c) => c.claimed)).toEqual([true, true]);
    expect(batch!.claims[0]!.entry).toMatchObject({ state: 'PENDING', idempotencyKey: 'b1', caller: 'shop-a', attempts: 1, version: 0, input: { price: 1 } });
    expect(batch!.claims[1]!.entry).toMatchObject({ state: 'PENDING', idempotencyKey: 'b2', operation: 'DDS_PLACE_ORDER', attempts: 1, version: 0 });
    expect(batch!.claims[0]!.entry.leaseUntil!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(await ledger.findById(batch!.claims[0]!.entry.id)).toEqual(batch!.claims[0]!.entry);
    expect(await ledger.findCheckout(checkout.id)).toEqual(batch!.checkout);
    if (ledger.kind === 'postgres') expect(ledger.statements - before).toBe(3); // one statement for all, then the two reads above
  });

  it('claimMany does not claim again a key that already has a row: it returns that row unclaimed', async () => {
    const { entry: theirs } = await ledger.claim(intent('taken'));
    const settled = (await settle(theirs, 'SUCCEEDED', { result: { ok: true } }))!;
    const batch = await second().claimMany([intent('taken'), intent('fresh'), intent('fresh')]);
    expect(batch!.checkout).toBeNull();
    expect(batch!.claims.map((c) => c.claimed)).toEqual([false, true, false]);
    expect(batch!.claims[0]!.entry).toEqual(settled);
    expect(batch!.claims[2]!.entry.id).toBe(batch!.claims[1]!.entry.id);
    expect((await ledger.findById(theirs.id))!).toMatchObject({ state: 'SUCCEEDED', attempts: 1, version: 1 });
  });

  it('claimMany with a lost checkout compare-and-set writes nothing and reports null', async () => {
    const { checkout } = await ledger.createCheckout(draft('cart-lost'));
    await ledger.updateCheckout({ id: checkout.id, version: 0, state: 'COMPLETING', completion: { paymentReference: 'psp-1', orderNumber: 1 } });
    const lost = await second().claimMany([intent('lost-1'), intent('lost-2')], {
      id: checkout.id,
      version: 0,
      state: 'COMPLETING',
      completion: { paymentReference: 'psp-2', orderNumber: 2 },
    });
    expect(lost).toBeNull();
    expect(await ledger.find('shop-a', OP, 'lost-1')).toBeNull();
    expect(await ledger.find('shop-a', OP, 'lost-2')).toBeNull();
    expect((await ledger.findCheckout(checkout.id))!).toMatchObject({ version: 1, completion: { paymentReference: 'psp-1', orderNumber: 1 } });
  });

  it('of racing claimMany batches over the same keys, each key is claimed exactly once', async () => {
    const keys = ['r1', 'r2', 'r3', 'r4'];
    const ledgers = [ledger, second(), second()];
    const batches = await Promise.all(ledgers.map((l, i) => l.claimMany((i % 2 ? [...keys].reverse() : keys).map((key) => intent(key)))));
    for (const key of keys) {
      const claims = batches.flatMap((b) => b!.claims.filter((c) => c.entry.idempotencyKey === key));
      expect(claims.filter((c) => c.claimed)).toHaveLength(1);
      expect(new Set(claims.map((c) => c.entry.id)).size).toBe(1);
    }
  });

  it('erases buyers’ names from checkouts past the retention period, except while completing', async () => {
    const named = draft('cart-named');
    named.lines[0]!.spec = { ...named.lines[0]!.spec, customer: 'Camilla Collett' } as (typeof named.lines)[0]['spec'];
    const { checkout: prepared } = await ledger.createCheckout(named);
    const { checkout: paying } = await ledger.createCheckout(draft('cart-paying'));
    await ledger.updateCheckout({ id: paying.id, version: 0, state: 'COMPLETING', completion: { paymentReference: 'p', orderNumber: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(await ledger.erasePersonalData(60_000, 10)).toBe(0);
    expect(await ledger.erasePersonalData(10, 10)).toBe(1);
    const erased = (await ledger.findCheckout(prepared.id))!;
    expect(erased.buyer).toEqual({ firstName: null, lastName: null, ip: '203.0.113.7' });
    expect(erased.lines.map((line) => line.spec)).toEqual([{ ...named.lines[0]!.spec, customer: null }, named.lines[1]!.spec]);
    expect(erased.lines.map((line) => line.userErrors)).toEqual(named.lines.map((line) => line.userErrors));
    expect((await ledger.findCheckout(paying.id))!.buyer.firstName).toBe('Sigrid');
    expect(await ledger.erasePersonalData(10, 10)).toBe(0);
  });

  it('migrations are idempotent and safe to run concurrently', async () => {
    await Promise.all([ledger.migrate(), second().migrate(), second().migrate()]);
    expect((await ledger.claim(intent('after-migrate'))).claimed).toBe(true);
  });
});
