import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ClaimResult, Ledger, LedgerEntry, LedgerIntent, LedgerOperation, LedgerOutcome, LedgerPage, LedgerState } from '../ledger';
import { LEDGER_STATES, RETRYABLE_STATES } from '../ledger';
import { MIGRATIONS } from '../migrations';
import { toEntry, type LedgerRow } from '../row';
import { GroupCommit } from './group-commit';

export interface SqliteLedgerOptions {
  /** File path; the folder is created when missing. `:memory:` for a private in-memory ledger. */
  path: string;
  /** Refuse to create a missing file (for readers). Default false. */
  mustExist?: boolean;
  /** Clock in ms, for tests. Default Date.now. */
  now?: () => number;
}

const CLAIM = `INSERT INTO ledger_entries (operation, idempotency_key, subject, input_hash, request_hash, input, state, attempts, lease_until, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 1, ?, ?, ?)
  ON CONFLICT (operation, idempotency_key) DO NOTHING
  RETURNING *`;

const RECLAIM = `UPDATE ledger_entries
  SET state = 'PENDING', input_hash = ?, request_hash = ?, input = ?, result = NULL, note = NULL,
      attempts = attempts + 1, lease_until = ?, updated_at = ?
  WHERE id = ? AND attempts = ? AND state IN (${RETRYABLE_STATES.map(() => '?').join(', ')})
  RETURNING *`;

/** Settles from any of `states` states. */
const settleSql = (states: number) => `UPDATE ledger_entries SET state = ?, result = ?, note = ?, lease_until = NULL, updated_at = ?
  WHERE id = ? AND (? IS NULL OR attempts = ?) AND state IN (${Array.from({ length: states }, () => '?').join(', ')})
  RETURNING *`;

const RENEW_LEASE = `UPDATE ledger_entries SET lease_until = ? WHERE id = ? AND attempts = ? AND state = 'PENDING'`;

/**
 * The embedded ledger: one SQLite file in WAL mode with full fsync on commit, shared
 * safely by several processes on one machine (SQLite's own locking decides claims).
 * Writes are group-committed (group-commit.ts): none is answered before it is durable.
 */
export class SqliteLedger implements Ledger {
  readonly kind = 'sqlite' as const;
  statements = 0;
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly writes: GroupCommit;
  /** Prepared once: preparing parses the SQL every time. */
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(options: SqliteLedgerOptions) {
    if (options.path !== ':memory:' && !options.mustExist) mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path, { fileMustExist: options.mustExist ?? false });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.now = options.now ?? Date.now;
    this.writes = new GroupCommit(this.db);
  }

  private sql(text: string): Database.Statement {
    let statement = this.prepared.get(text);
    if (!statement) this.prepared.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  async migrate(): Promise<void> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    const apply = this.db.transaction(() => {
      const done = new Set(this.sql('SELECT version FROM schema_migrations').all().map((r) => (r as { version: number }).version));
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        this.db.exec(migration.sqlite);
        this.sql('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, this.now());
      }
    });
    apply.immediate();
  }

  async claim(intent: LedgerIntent): Promise<ClaimResult> {
    const now = this.now();
    this.statements += 1;
    const args = [intent.operation, intent.idempotencyKey, intent.subject, intent.inputHash, intent.requestHash, JSON.stringify(intent.input), now + intent.leaseMs, now, now];
    const inserted = await this.writes.write(() => this.sql(CLAIM).get(...args) as LedgerRow | undefined);
    if (inserted) return { claimed: true, entry: toEntry(inserted) };
    const existing = await this.find(intent.operation, intent.idempotencyKey);
    if (!existing) throw new Error('ledger entry vanished between insert and read');
    return { claimed: false, entry: existing };
  }

  async reclaim(entry: LedgerEntry, intent: LedgerIntent): Promise<LedgerEntry | null> {
    const now = this.now();
    this.statements += 1;
    const args = [intent.inputHash, intent.requestHash, JSON.stringify(intent.input), now + intent.leaseMs, now, entry.id, entry.attempts, ...RETRYABLE_STATES];
    const row = await this.writes.write(() => this.sql(RECLAIM).get(...args) as LedgerRow | undefined);
    return row ? toEntry(row) : null;
  }

  async settle(id: number, outcome: LedgerOutcome, from: readonly LedgerState[], attempt?: number): Promise<LedgerEntry | null> {
    this.statements += 1;
    const result = outcome.result === undefined ? null : JSON.stringify(outcome.result);
    const args = [outcome.state, result, outcome.note ?? null, this.now(), id, attempt ?? null, attempt ?? null, ...from];
    const row = await this.writes.write(() => this.sql(settleSql(from.length)).get(...args) as LedgerRow | undefined);
    return row ? toEntry(row) : null;
  }

  async renewLease(id: number, attempt: number, leaseMs: number): Promise<boolean> {
    this.statements += 1;
    const now = this.now();
    const result = await this.writes.write(() => this.sql(RENEW_LEASE).run(now + leaseMs, id, attempt));
    return result.changes === 1;
  }

  async find(operation: LedgerOperation, idempotencyKey: string): Promise<LedgerEntry | null> {
    this.statements += 1;
    const row = this.sql('SELECT * FROM ledger_entries WHERE operation = ? AND idempotency_key = ?').get(operation, idempotencyKey) as
      | LedgerRow
      | undefined;
    return row ? toEntry(row) : null;
  }

  async findBySubjects(operation: LedgerOperation, subjects: readonly string[]): Promise<Map<string, LedgerEntry[]>> {
    const found = new Map<string, LedgerEntry[]>();
    if (subjects.length === 0) return found;
    this.statements += 1;
    const rows = this.sql(`SELECT * FROM ledger_entries WHERE operation = ? AND subject IN (SELECT value FROM json_each(?)) ORDER BY id`)
      .all(operation, JSON.stringify(subjects)) as LedgerRow[];
    for (const row of rows) found.set(row.subject, [...(found.get(row.subject) ?? []), toEntry(row)]);
    return found;
  }

  async list(query: { state?: LedgerState; first: number; after?: number }): Promise<LedgerPage> {
    this.statements += 1;
    const rows = this.sql(
        `SELECT * FROM ledger_entries
         WHERE (? IS NULL OR state = ?) AND (? IS NULL OR id < ?)
         ORDER BY id DESC LIMIT ?`,
      )
      .all(query.state ?? null, query.state ?? null, query.after ?? null, query.after ?? null, query.first + 1) as LedgerRow[];
    return { entries: rows.slice(0, query.first).map(toEntry), hasNextPage: rows.length > query.first };
  }

  async due(olderThan: Date, limit: number): Promise<LedgerEntry[]> {
    this.statements += 1;
    const cutoff = olderThan.getTime();
    const rows = this.sql(
        `SELECT * FROM ledger_entries
         WHERE (state = 'PENDING' AND lease_until < ?) OR (state = 'UNKNOWN' AND updated_at < ?)
         ORDER BY id LIMIT ?`,
      )
      .all(this.now(), cutoff, limit) as LedgerRow[];
    return rows.map(toEntry);
  }

  async countByState(): Promise<Record<LedgerState, number>> {
    this.statements += 1;
    const counts = Object.fromEntries(LEDGER_STATES.map((s) => [s, 0])) as Record<LedgerState, number>;
    for (const row of this.sql('SELECT state, COUNT(*) AS n FROM ledger_entries GROUP BY state').all() as { state: LedgerState; n: number }[]) {
      counts[row.state] = row.n;
    }
    return counts;
  }

  async ping(): Promise<void> {
    this.sql('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.writes.flush();
    this.db.close();
  }

  async schemaVersion(): Promise<number> {
    return (this.sql('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').get() as { version: number }).version;
  }
}
