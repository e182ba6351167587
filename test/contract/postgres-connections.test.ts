import { Client } from 'pg';
import { PostgresLedger, fingerprint, type LedgerIntent, type Transition } from '../../src/ledger';
import { TRANSITIONS, transitionParams } from '../../src/ledger/postgres/transition-batch';
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
    const migrator = db.client();
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
      // Five statements at once: more connections than the two kept (how many depends on how soon the first ones are free again).
      await Promise.all(Array.from({ length: 5 }, (_, i) => ledger.claim(intent(`k-${i}`))));
      expect(await open()).toBeGreaterThan(2);
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

describe('the PostgreSQL ledger’s settlements', () => {
  /** Every table the plan of one transition batch reads in full. */
  async function tablesScanned(client: Client, plan: 'force_generic_plan' | 'force_custom_plan'): Promise<string[]> {
    const rows = (await client.query<{ id: string; attempts: number }>('SELECT id, attempts FROM ledger_entries ORDER BY id DESC LIMIT 10')).rows;
    const changes = rows.map((row): Transition => ({ id: Number(row.id), from: ['PENDING'], attempt: row.attempts, to: 'SUCCEEDED', result: { ok: 1 } }));
    const [json, ids] = transitionParams(changes);
    await client.query(`SET plan_cache_mode = ${plan}`);
    await client.query(`PREPARE batch(jsonb, bigint[]) AS ${TRANSITIONS.text}`);
    try {
      const [explained] = (await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) EXECUTE batch(${client.escapeLiteral(json)}, ARRAY[${ids.join(',')}]::bigint[])`)).rows;
      const scanned: string[] = [];
      const walk = (node: { 'Node Type'?: string; 'Relation Name'?: string; Plans?: unknown[] }) => {
        if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) scanned.push(node['Relation Name']);
        for (const child of node.Plans ?? []) walk(child as typeof node);
      };
      walk((explained!['QUERY PLAN'] as { Plan: Parameters<typeof walk>[0] }[])[0]!.Plan);
      return scanned;
    } finally {
      await client.query('DEALLOCATE batch');
    }
  }

  it('find their rows through the primary key, however many rows the ledger holds', async () => {
    const db = await createTestSchema();
    const ledger = new PostgresLedger({ connectionString: db.connectionString, schema: db.schema });
    const client = db.client();
    try {
      await ledger.migrate();
      await client.connect();
      // A few thousand entries, settled: the size at which the planner preferred reading them all.
      await client.query(`INSERT INTO ledger_entries (caller, operation, idempotency_key, subject, input_hash, request_hash, input, state, attempts, version, created_at, updated_at)
        SELECT 'shop', 'DDS_PLACE_ORDER', 'old-' || n, 'old-' || n, 'h', 'h', '{}', 'SUCCEEDED', 1, 1, n, n FROM generate_series(1, 3000) AS n`);
      await Promise.all(Array.from({ length: 10 }, (_, i) => ledger.claim(intent(`new-${i}`))));
      await client.query('ANALYZE ledger_entries');

      expect(await tablesScanned(client, 'force_generic_plan')).toEqual([]);
      expect(await tablesScanned(client, 'force_custom_plan')).toEqual([]);
    } finally {
      await client.end().catch(() => undefined);
      await ledger.close();
      await db.drop();
    }
  });
});
