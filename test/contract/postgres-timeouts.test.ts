import { PostgresLedger, fingerprint } from '../../src/ledger';
import { createTestSchema } from '../harness/postgres';

describe('the PostgreSQL ledger never waits without bound', () => {
  it('a statement stuck behind another transaction’s lock fails after the statement timeout instead of hanging', async () => {
    const db = await createTestSchema();
    const ledger = new PostgresLedger({ connectionString: db.connectionString, schema: db.schema, statementTimeoutMs: 200 });
    const holder = db.client();
    try {
      await ledger.migrate();
      const input = { orderId: 'o-1' };
      const { entry } = await ledger.claim({
        caller: 'shop',
        operation: 'DDS_PLACE_ORDER',
        idempotencyKey: 'k',
        subject: 'o-1',
        inputHash: fingerprint(input),
        requestHash: 'r',
        input,
        leaseMs: 60_000,
      });
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM ledger_entries WHERE id = $1 FOR UPDATE', [entry.id]);

      const startedAt = Date.now();
      await expect(ledger.transition({ id: entry.id, from: ['PENDING'], attempt: 1, to: 'SUCCEEDED' })).rejects.toThrow(/statement timeout/);
      expect(Date.now() - startedAt).toBeLessThan(5_000);
      await holder.query('ROLLBACK');
      // Nothing was written by the statement that gave up.
      expect(await ledger.findById(entry.id)).toMatchObject({ state: 'PENDING', version: 0 });
    } finally {
      await holder.end().catch(() => undefined);
      await ledger.close();
      await db.drop();
    }
  });
});
