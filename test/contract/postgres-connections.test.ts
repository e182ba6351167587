import { Client } from 'pg';
import { PostgresLedger, fingerprint, type LedgerIntent } from '../../src/ledger';
import { createTestSchema } from '../harness/postgres';

const intent = (key: string): LedgerIntent => {
  const input = { orderId: key };
  return { caller: 'shop', operation: 'DDS_PLACE_ORDER', idempotencyKey: key, subject: key, inputHash: fingerprint(input), requestHash: key, input, leaseMs: 60_000 };
};

describe('the PostgreSQL ledger’s prepared statements', () => {
  it('keep working when another replica’s migration adds a column to the tables they read', async () => {
    const db = await createTestSchema();
    // One connection: every statement below runs where the earlier ones were prepared.
    const ledger = new PostgresLedger({ connectionString: db.connectionString, schema: db.schema, maxConnections: 1 });
    const migrator = new Client({ connectionString: db.connectionString, options: `-c search_path=${db.schema}` });
    try {
      await ledger.migrate();
      const first = await ledger.claim(intent('before'));
      await ledger.transition({ id: first.entry.id, from: ['PENDING'], attempt: 1, to: 'SUCCEEDED', result: { ok: 1 } });
      expect(await ledger.find('shop', 'DDS_PLACE_ORDER', 'before')).toMatchObject({ state: 'SUCCEEDED' });

      await migrator.connect();
      await migrator.query('ALTER TABLE ledger_entries ADD COLUMN added_by_a_later_version TEXT');

      // Each statement prepared before the change, then again on the new connection.
      for (const key of ['after', 'after-again']) {
        const claimed = await ledger.claim(intent(key));
        expect(claimed.claimed).toBe(true);
        expect(await ledger.transition({ id: claimed.entry.id, from: ['PENDING'], attempt: 1, to: 'SUCCEEDED', result: { ok: 2 } })).toMatchObject({ state: 'SUCCEEDED' });
        expect(await ledger.find('shop', 'DDS_PLACE_ORDER', key)).toMatchObject({ state: 'SUCCEEDED', result: { ok: 2 } });
      }
      // The earlier entry is found as it was; nothing was written twice.
      expect(await ledger.find('shop', 'DDS_PLACE_ORDER', 'before')).toMatchObject({ state: 'SUCCEEDED', version: 1 });
      expect(await ledger.countByState()).toMatchObject({ SUCCEEDED: 3, PENDING: 0 });
    } finally {
      await migrator.end().catch(() => undefined);
      await ledger.close();
      await db.drop();
    }
  });
});

describe('the PostgreSQL ledger’s pool', () => {
  it('keeps its first two connections open while idle, and closes the others', async () => {
    const db = await createTestSchema();
    const application = `ledger-pool-${process.pid}-${Date.now()}`;
    const ledger = new PostgresLedger({ connectionString: `${db.connectionString}?application_name=${application}`, schema: db.schema, idleTimeoutMs: 50 });
    const observer = new Client({ connectionString: db.connectionString });
    const open = async () => Number((await observer.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [application])).rows[0]!.n);
    try {
      await ledger.migrate();
      await observer.connect();
      // Five statements at once: five connections.
      await Promise.all(Array.from({ length: 5 }, (_, i) => ledger.claim(intent(`k-${i}`))));
      expect(await open()).toBe(5);
      // Well past the idle timeout.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await open()).toBe(2);
    } finally {
      await observer.end().catch(() => undefined);
      await ledger.close();
      await db.drop();
    }
  });
});
