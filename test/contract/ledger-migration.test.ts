import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { fingerprint, PostgresLedger, SqliteLedger, type Ledger } from '../../src/ledger';
import { MIGRATIONS } from '../../src/ledger/migrations';
import { createTestSchema } from '../harness/postgres';

/** A row as the first release wrote it: no caller, no version. */
const LEGACY_ROW = {
  operation: 'DDS_PLACE_ORDER',
  idempotency_key: 'order:legacy-1',
  subject: 'legacy-1',
  input_hash: fingerprint({ orderId: 'legacy-1' }),
  request_hash: 'req',
  input: JSON.stringify({ orderId: 'legacy-1', firstName: 'Knut', lastName: 'Hamsun' }),
  state: 'SUCCEEDED',
  result: JSON.stringify({ fulfilmentId: 'f-legacy', contentUrl: 'https://dds.example/content/f-legacy', placedAt: '2026-01-01T00:00:00.000Z' }),
  unknown_key: 'order:legacy-2',
};
const COLUMNS = 'operation, idempotency_key, subject, input_hash, request_hash, input, state, result, created_at, updated_at';

interface Store {
  name: string;
  /** A ledger at migration 1 holding one SUCCEEDED and one UNKNOWN legacy row, then opened by today's code. */
  open(): Promise<{ ledger: Ledger; cleanup(): Promise<void> }>;
}

const stores: Store[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-v1-'));
      const path = join(dir, 'ledger.db');
      const db = new Database(path);
      db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
      db.exec(MIGRATIONS[0]!.sqlite);
      db.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(MIGRATIONS[0]!.name);
      const insert = db.prepare(`INSERT INTO ledger_entries (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1)`);
      const r = LEGACY_ROW;
      insert.run(r.operation, r.idempotency_key, r.subject, r.input_hash, r.request_hash, r.input, r.state, r.result);
      insert.run('HL_REGISTER_PURCHASE', r.unknown_key, '1/1', 'h', 'q', '{"orderNumber":1,"orderLineId":1}', 'UNKNOWN', null);
      db.close();
      const ledger = new SqliteLedger({ path });
      await ledger.migrate();
      return {
        ledger,
        cleanup: async () => {
          await ledger.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const schema = await createTestSchema();
      const client = new Client({ connectionString: schema.connectionString });
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema.schema}; SET search_path = ${schema.schema}`);
      await client.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
      await client.query(MIGRATIONS[0]!.postgres);
      await client.query('INSERT INTO schema_migrations VALUES (1, $1, 0)', [MIGRATIONS[0]!.name]);
      const r = LEGACY_ROW;
      const insert = `INSERT INTO ledger_entries (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, 1)`;
      await client.query(insert, [r.operation, r.idempotency_key, r.subject, r.input_hash, r.request_hash, r.input, r.state, r.result]);
      await client.query(insert, ['HL_REGISTER_PURCHASE', r.unknown_key, '1/1', 'h', 'q', '{"orderNumber":1,"orderLineId":1}', 'UNKNOWN', null]);
      await client.end();
      const ledger = new PostgresLedger({ connectionString: schema.connectionString, schema: schema.schema });
      await ledger.migrate();
      return {
        ledger,
        cleanup: async () => {
          await ledger.close();
          await schema.drop();
        },
      };
    },
  },
];

describe.each(stores)('a $name ledger written before entries had callers, migrated', (store) => {
  let ledger: Ledger;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ ledger, cleanup } = await store.open()));
  afterAll(async () => cleanup?.());

  it('keeps its rows, owned by no caller, UNKNOWN ones marked uncertain and due after a quiet period', async () => {
    const [unknown, placed] = (await ledger.list({ first: 10 })).entries;
    expect(placed).toMatchObject({ caller: '', idempotencyKey: 'order:legacy-1', state: 'SUCCEEDED', version: 0, uncertain: false, result: { fulfilmentId: 'f-legacy' } });
    expect(unknown).toMatchObject({ caller: '', state: 'UNKNOWN', uncertain: true });
    expect(unknown!.nextCheckAt!.getTime()).toBe(1 + 60_000);
  });

  it('a legacy row still answers any caller’s repeat of its key, so nothing is sent twice across the upgrade', async () => {
    const claim = await ledger.claim({
      caller: 'shop-a',
      operation: 'DDS_PLACE_ORDER',
      idempotencyKey: 'order:legacy-1',
      subject: 'legacy-1',
      inputHash: LEGACY_ROW.input_hash,
      requestHash: 'req-2',
      input: { orderId: 'legacy-1' },
      leaseMs: 30_000,
    });
    expect(claim).toMatchObject({ claimed: false, entry: { caller: '', state: 'SUCCEEDED' } });
    expect(await ledger.find('shop-b', 'DDS_PLACE_ORDER', 'order:legacy-1')).toMatchObject({ caller: '' });
  });

  it('is shown to callers only with ledger:read (that is, in no caller’s own list)', async () => {
    expect((await ledger.list({ first: 10, caller: 'shop-a' })).entries).toEqual([]);
    expect((await ledger.findBySubjects('DDS_PLACE_ORDER', ['legacy-1'], 'shop-a')).size).toBe(0);
  });
});
