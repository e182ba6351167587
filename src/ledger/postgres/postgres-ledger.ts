import { Pool, type QueryResultRow } from 'pg';
import type { ClaimResult, Ledger, LedgerEntry, LedgerIntent, LedgerOperation, LedgerOutcome, LedgerPage, LedgerState } from '../ledger';
import { LEDGER_STATES, RETRYABLE_STATES } from '../ledger';
import { MIGRATIONS } from '../migrations';
import { toEntry, type LedgerRow } from '../row';

export interface PostgresLedgerOptions {
  connectionString: string;
  /** Schema holding the ledger's tables; created when missing. Default `public`. */
  schema?: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
  now?: () => number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The shared ledger for several replicas: uniqueness and claims are decided by
 * PostgreSQL (a unique key, conditional updates), never by process memory.
 */
export class PostgresLedger implements Ledger {
  readonly kind = 'postgres' as const;
  statements = 0;
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly now: () => number;

  constructor(options: PostgresLedgerOptions) {
    this.schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(this.schema)) throw new Error(`invalid ledger schema name: ${this.schema}`);
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      options: `-c search_path=${this.schema}`,
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.now = options.now ?? Date.now;
  }

  private async query<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    this.statements += 1;
    return (await this.pool.query<R>(sql, params)).rows;
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One migrator at a time across replicas.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('purchase-ledger-migrations'))`);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await client.query(migration.postgres);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, this.now()]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async claim(intent: LedgerIntent): Promise<ClaimResult> {
    const now = this.now();
    // Inserted, or the row that was there: one statement, decided by the unique key.
    const rows = await this.query<LedgerRow & { inserted: boolean }>(
      `WITH inserted AS (
         INSERT INTO ledger_entries (operation, idempotency_key, subject, input_hash, request_hash, input, state, attempts, lease_until, created_at, updated_at)
         VALUES ($1, $2, $8, $3, $4, $5, 'PENDING', 1, $6, $7, $7)
         ON CONFLICT (operation, idempotency_key) DO NOTHING
         RETURNING *, true AS inserted)
       SELECT * FROM inserted
       UNION ALL
       SELECT *, false AS inserted FROM ledger_entries
       WHERE operation = $1 AND idempotency_key = $2 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [intent.operation, intent.idempotencyKey, intent.inputHash, intent.requestHash, JSON.stringify(intent.input), now + intent.leaseMs, now, intent.subject],
    );
    const row = rows[0];
    if (row) return { claimed: row.inserted, entry: toEntry(row) };
    // The conflicting row was inserted by a transaction this statement's snapshot cannot see yet.
    const existing = await this.find(intent.operation, intent.idempotencyKey);
    if (!existing) throw new Error('ledger entry vanished between insert and read');
    return { claimed: false, entry: existing };
  }

  async reclaim(entry: LedgerEntry, intent: LedgerIntent): Promise<LedgerEntry | null> {
    const now = this.now();
    const rows = await this.query<LedgerRow>(
      `UPDATE ledger_entries
       SET state = 'PENDING', input_hash = $1, request_hash = $2, input = $3, result = NULL, note = NULL,
           attempts = attempts + 1, lease_until = $4, updated_at = $5
       WHERE id = $6 AND attempts = $7 AND state = ANY($8)
       RETURNING *`,
      [intent.inputHash, intent.requestHash, JSON.stringify(intent.input), now + intent.leaseMs, now, entry.id, entry.attempts, RETRYABLE_STATES],
    );
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async settle(id: number, outcome: LedgerOutcome, from: readonly LedgerState[], attempt?: number): Promise<LedgerEntry | null> {
    const rows = await this.query<LedgerRow>(
      `UPDATE ledger_entries SET state = $1, result = $2, note = $3, lease_until = NULL, updated_at = $4
       WHERE id = $5 AND state = ANY($6) AND ($7::int IS NULL OR attempts = $7)
       RETURNING *`,
      [outcome.state, outcome.result === undefined ? null : JSON.stringify(outcome.result), outcome.note ?? null, this.now(), id, from, attempt ?? null],
    );
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async renewLease(id: number, attempt: number, leaseMs: number): Promise<boolean> {
    const rows = await this.query<{ id: string }>(
      `UPDATE ledger_entries SET lease_until = $1 WHERE id = $2 AND attempts = $3 AND state = 'PENDING' RETURNING id`,
      [this.now() + leaseMs, id, attempt],
    );
    return rows.length === 1;
  }

  async find(operation: LedgerOperation, idempotencyKey: string): Promise<LedgerEntry | null> {
    const rows = await this.query<LedgerRow>('SELECT * FROM ledger_entries WHERE operation = $1 AND idempotency_key = $2', [operation, idempotencyKey]);
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async findBySubjects(operation: LedgerOperation, subjects: readonly string[]): Promise<Map<string, LedgerEntry[]>> {
    const found = new Map<string, LedgerEntry[]>();
    if (subjects.length === 0) return found;
    const rows = await this.query<LedgerRow>('SELECT * FROM ledger_entries WHERE operation = $1 AND subject = ANY($2) ORDER BY id', [operation, subjects]);
    for (const row of rows) found.set(row.subject, [...(found.get(row.subject) ?? []), toEntry(row)]);
    return found;
  }

  async list(query: { state?: LedgerState; first: number; after?: number }): Promise<LedgerPage> {
    const rows = await this.query<LedgerRow>(
      `SELECT * FROM ledger_entries
       WHERE ($1::text IS NULL OR state = $1) AND ($2::bigint IS NULL OR id < $2)
       ORDER BY id DESC LIMIT $3`,
      [query.state ?? null, query.after ?? null, query.first + 1],
    );
    return { entries: rows.slice(0, query.first).map(toEntry), hasNextPage: rows.length > query.first };
  }

  async due(olderThan: Date, limit: number): Promise<LedgerEntry[]> {
    const rows = await this.query<LedgerRow>(
      `SELECT * FROM ledger_entries
       WHERE (state = 'PENDING' AND lease_until < $1) OR (state = 'UNKNOWN' AND updated_at < $2)
       ORDER BY id LIMIT $3`,
      [this.now(), olderThan.getTime(), limit],
    );
    return rows.map(toEntry);
  }

  async countByState(): Promise<Record<LedgerState, number>> {
    const counts = Object.fromEntries(LEDGER_STATES.map((s) => [s, 0])) as Record<LedgerState, number>;
    for (const row of await this.query<{ state: LedgerState; n: string }>('SELECT state, COUNT(*) AS n FROM ledger_entries GROUP BY state')) {
      counts[row.state] = Number(row.n);
    }
    return counts;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async schemaVersion(): Promise<number> {
    return (await this.pool.query<{ version: number }>('SELECT COALESCE(MAX(version), 0)::int AS version FROM schema_migrations')).rows[0]!.version;
  }
}
