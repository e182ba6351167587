import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type {
  BatchClaim,
  ClaimResult,
  Ledger,
  LedgerAuditRecord,
  LedgerEntry,
  LedgerIntent,
  LedgerListQuery,
  LedgerOperation,
  LedgerPage,
  LedgerState,
  LedgerStateStats,
  Transition,
} from '../ledger';
import { LEGACY_CALLER } from '../ledger';
import { checkoutChangeParams, toCheckout, type CheckoutChange, type CheckoutDraft, type CheckoutRow, type StoredCheckout } from '../checkout';
import { MIGRATIONS } from '../migrations';
import { claimedEntry, toAuditRecord, toEntry, type ClaimedRow, type LedgerAuditRow, type LedgerRow } from '../row';
import { countsOf, emptyStats } from '../stats';
import { transitionValues } from '../transition-values';
import { GroupCommit, SQLITE_BUSY_TIMEOUT_MS } from './group-commit';

export interface SqliteLedgerOptions {
  /** File path; the folder is created when missing. `:memory:` for a private in-memory ledger. */
  path: string;
  /** Refuse to create a missing file (for readers). Default false. */
  mustExist?: boolean;
}

const MIGRATION_LOCK_WAIT_MS = 10_000;

/** The database's clock, epoch ms: all processes sharing the file read the same machine clock through it. */
const NOW = `CAST(unixepoch('subsec') * 1000 AS INTEGER)`;

const CLAIM = `INSERT INTO ledger_entries (caller, operation, idempotency_key, subject, input_hash, request_hash, input, state, attempts, version, lease_until, created_at, updated_at)
  SELECT ?, ?, ?, ?, ?, ?, ?, 'PENDING', 1, 0, ${NOW} + ?, ${NOW}, ${NOW}
  WHERE NOT EXISTS (SELECT 1 FROM ledger_entries WHERE caller = ? AND operation = ? AND idempotency_key = ?)
  ON CONFLICT (caller, operation, idempotency_key) DO NOTHING
  RETURNING id, lease_until, created_at, updated_at`;

const TRANSITION = `UPDATE ledger_entries SET
    state = :to, result = :result, note = :note,
    lease_until = CASE WHEN :leaseMs IS NULL THEN NULL ELSE ${NOW} + :leaseMs END,
    next_check_at = CASE WHEN :checkInMs IS NULL THEN NULL ELSE ${NOW} + :checkInMs END,
    uncertain = uncertain OR :uncertain,
    attempts = attempts + CASE WHEN :inputHash IS NULL THEN 0 ELSE 1 END,
    input_hash = COALESCE(:inputHash, input_hash), request_hash = COALESCE(:requestHash, request_hash), input = COALESCE(:input, input),
    version = version + 1, updated_at = ${NOW}
  WHERE id = :id AND state IN (SELECT value FROM json_each(:from)) AND (:attempt IS NULL OR attempts = :attempt) AND (:version IS NULL OR version = :version)
  RETURNING *`;

const CLAIM_DUE = `UPDATE ledger_entries SET version = version + 1,
    lease_until = CASE WHEN state = 'PENDING' THEN ${NOW} + ? ELSE lease_until END,
    next_check_at = CASE WHEN state = 'UNKNOWN' THEN ${NOW} + ? ELSE next_check_at END
  WHERE id IN (
    SELECT id FROM ledger_entries
    WHERE (state = 'PENDING' AND lease_until < ${NOW}) OR (state = 'UNKNOWN' AND next_check_at <= ${NOW})
    ORDER BY id LIMIT ?)
  RETURNING *`;

const ERASE_PERSONAL_DATA = `UPDATE ledger_entries
  SET input = json_replace(input, '$.customer', NULL, '$.firstName', NULL, '$.lastName', NULL), personal_data_erased_at = ${NOW}
  WHERE id IN (
    SELECT id FROM ledger_entries
    WHERE personal_data_erased_at IS NULL AND state <> 'PENDING' AND created_at < ${NOW} - ?
    ORDER BY created_at LIMIT ?)`;

/**
 * Buyers' names in checkouts past the retention period; a checkout still COMPLETING keeps them (a
 * repeat may still need them). The version moves: a copy held since (a replica's) no longer compares.
 */
const ERASE_CHECKOUT_PERSONAL_DATA = `UPDATE checkouts
  SET buyer = json_replace(buyer, '$.firstName', NULL, '$.lastName', NULL),
      lines = (SELECT json_group_array(json(CASE WHEN json_extract(value, '$.spec.kind') = 'HL' THEN json_replace(value, '$.spec.customer', NULL) ELSE value END))
               FROM (SELECT value FROM json_each(checkouts.lines) ORDER BY key)),
      personal_data_erased_at = ${NOW}, version = version + 1
  WHERE id IN (
    SELECT id FROM checkouts
    WHERE personal_data_erased_at IS NULL AND state <> 'COMPLETING' AND created_at < ${NOW} - ?
    ORDER BY created_at LIMIT ?)`;

/**
 * The embedded ledger: one SQLite file in WAL mode with full fsync on commit, shared
 * safely by several processes on one machine (SQLite's single writer decides claims and
 * compare-and-sets). Writes are group-committed (group-commit.ts): none is answered
 * before it is durable.
 */
export class SqliteLedger implements Ledger {
  readonly kind = 'sqlite' as const;
  statements = 0;
  private readonly db: Database.Database;
  private readonly writes: GroupCommit;
  /** Prepared once: preparing parses the SQL every time. */
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(options: SqliteLedgerOptions) {
    if (options.path !== ':memory:' && !options.mustExist) mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path, { fileMustExist: options.mustExist ?? false });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // Statement journals (what a write in a group commit's savepoint rolls back to) as temp_store = MEMORY keeps them:
    // with the default temp_store a claim insert in a savepoint cost 34 µs, with this 10–13.
    // No temporary file was opened either way (strace); nothing durable is kept there.
    this.db.pragma('temp_store = MEMORY');
    this.writes = new GroupCommit(this.db);
  }

  private sql(text: string): Database.Statement {
    let statement = this.prepared.get(text);
    if (!statement) this.prepared.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  /** Several processes may start at once: a migrator that finds the file locked waits, without holding the event loop. */
  async migrate(): Promise<void> {
    const giveUpAt = Date.now() + MIGRATION_LOCK_WAIT_MS;
    for (;;) {
      try {
        this.migrateNow();
        return;
      } catch (error) {
        const busy = (error as { code?: string }).code?.startsWith('SQLITE_BUSY');
        if (!busy || Date.now() >= giveUpAt) throw error;
        await sleep(25 + Math.random() * 50);
      }
    }
  }

  private migrateNow(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    const apply = this.db.transaction(() => {
      const done = new Set(
        this.sql('SELECT version FROM schema_migrations')
          .all()
          .map((r) => (r as { version: number }).version),
      );
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        this.db.exec(migration.sqlite);
        this.sql(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ${NOW})`).run(migration.version, migration.name);
      }
    });
    apply.immediate();
  }

  async claim(intent: LedgerIntent): Promise<ClaimResult> {
    this.statements += 1;
    const inserted = await this.writes.write(() => this.insertClaim(intent));
    return this.claimResult(intent, inserted);
  }

  async claimMany(intents: readonly LedgerIntent[], checkout?: CheckoutChange): Promise<BatchClaim | null> {
    if (intents.length === 0 && !checkout) return { checkout: null, claims: [] };
    this.statements += intents.length + (checkout ? 1 : 0);
    // One job of one group commit: the checkout's compare-and-set and every insert commit together, or none does.
    const written = await this.writes.write(() => {
      const moved = checkout ? this.updateCheckoutNow(checkout) : null;
      if (checkout && !moved) return null;
      return { moved, inserted: intents.map((intent) => this.insertClaim(intent)) };
    });
    if (!written) return null;
    const claims = await Promise.all(intents.map((intent, i) => this.claimResult(intent, written.inserted[i])));
    return { checkout: written.moved ? toCheckout(written.moved) : null, claims };
  }

  /** Inside a write: inserts the PENDING row unless the key (the caller's or a legacy one) has one. */
  private insertClaim(intent: LedgerIntent): LedgerEntry | undefined {
    const { caller, operation, idempotencyKey } = intent;
    const input = JSON.stringify(intent.input);
    const args = [caller, operation, idempotencyKey, intent.subject, intent.inputHash, intent.requestHash, input, intent.leaseMs];
    const row = this.sql(CLAIM).get(...args, LEGACY_CALLER, operation, idempotencyKey) as ClaimedRow | undefined;
    return row ? claimedEntry(intent, row, input) : undefined;
  }

  private async claimResult(intent: LedgerIntent, inserted: LedgerEntry | undefined): Promise<ClaimResult> {
    if (inserted) return { claimed: true, entry: inserted };
    const existing = await this.find(intent.caller, intent.operation, intent.idempotencyKey);
    if (!existing) throw new Error('ledger entry vanished between insert and read');
    return { claimed: false, entry: existing };
  }

  async transition(change: Transition): Promise<LedgerEntry | null> {
    this.statements += 1;
    const values = transitionValues(change);
    const params = { ...values, uncertain: values.uncertain ? 1 : 0, from: JSON.stringify(values.from) };
    const audit = change.audit;
    const row = await this.writes.write(() => {
      // Inside the write lock: the state read here is the one the update replaces.
      const before = audit ? (this.sql('SELECT state FROM ledger_entries WHERE id = ?').get(change.id) as { state: string } | undefined) : undefined;
      const moved = this.sql(TRANSITION).get(params) as LedgerRow | undefined;
      if (moved && audit && before) {
        this.sql('INSERT INTO ledger_audit (entry_id, at, actor, action, from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
          change.id,
          moved.updated_at,
          audit.actor,
          audit.action,
          before.state,
          moved.state,
          audit.note,
        );
      }
      return moved;
    });
    return row ? toEntry(row) : null;
  }

  async renewLease(id: number, attempt: number, leaseMs: number): Promise<boolean> {
    this.statements += 1;
    const result = await this.writes.write(() =>
      this.sql(`UPDATE ledger_entries SET lease_until = ${NOW} + ? WHERE id = ? AND attempts = ? AND state = 'PENDING'`).run(leaseMs, id, attempt),
    );
    return result.changes === 1;
  }

  async claimDue(limit: number, claimMs: number): Promise<LedgerEntry[]> {
    this.statements += 1;
    const rows = await this.writes.write(() => this.sql(CLAIM_DUE).all(claimMs, claimMs, limit) as LedgerRow[]);
    return rows.map(toEntry).sort((a, b) => a.id - b.id);
  }

  async find(caller: string, operation: LedgerOperation, idempotencyKey: string): Promise<LedgerEntry | null> {
    this.statements += 1;
    const row = this.sql('SELECT * FROM ledger_entries WHERE operation = ? AND idempotency_key = ? AND caller IN (?, ?) ORDER BY caller DESC LIMIT 1').get(
      operation,
      idempotencyKey,
      caller,
      LEGACY_CALLER,
    ) as LedgerRow | undefined;
    return row ? toEntry(row) : null;
  }

  async findByKey(idempotencyKey: string, operation?: LedgerOperation): Promise<LedgerEntry[]> {
    this.statements += 1;
    const rows = this.sql('SELECT * FROM ledger_entries WHERE idempotency_key = ? AND (? IS NULL OR operation = ?) ORDER BY id').all(
      idempotencyKey,
      operation ?? null,
      operation ?? null,
    ) as LedgerRow[];
    return rows.map(toEntry);
  }

  async findById(id: number): Promise<LedgerEntry | null> {
    this.statements += 1;
    const row = this.sql('SELECT * FROM ledger_entries WHERE id = ?').get(id) as LedgerRow | undefined;
    return row ? toEntry(row) : null;
  }

  async findBySubjects(operation: LedgerOperation, subjects: readonly string[], caller?: string): Promise<Map<string, LedgerEntry[]>> {
    const found = new Map<string, LedgerEntry[]>();
    if (subjects.length === 0) return found;
    this.statements += 1;
    const rows = this.sql(`SELECT * FROM ledger_entries WHERE operation = ? AND subject IN (SELECT value FROM json_each(?)) AND (? IS NULL OR caller = ?) ORDER BY id`).all(
      operation,
      JSON.stringify(subjects),
      caller ?? null,
      caller ?? null,
    ) as LedgerRow[];
    for (const row of rows) found.set(row.subject, [...(found.get(row.subject) ?? []), toEntry(row)]);
    return found;
  }

  async list(query: LedgerListQuery): Promise<LedgerPage> {
    this.statements += 1;
    const rows = this.sql(
      `SELECT * FROM ledger_entries
       WHERE (:state IS NULL OR state = :state) AND (:after IS NULL OR id < :after) AND (:caller IS NULL OR caller = :caller)
       ORDER BY id DESC LIMIT :limit`,
    ).all({ state: query.state ?? null, after: query.after ?? null, caller: query.caller ?? null, limit: query.first + 1 }) as LedgerRow[];
    return { entries: rows.slice(0, query.first).map(toEntry), hasNextPage: rows.length > query.first };
  }

  async auditTrail(id: number): Promise<LedgerAuditRecord[]> {
    this.statements += 1;
    return (this.sql('SELECT * FROM ledger_audit WHERE entry_id = ? ORDER BY id').all(id) as LedgerAuditRow[]).map(toAuditRecord);
  }

  async erasePersonalData(olderThanMs: number, limit: number): Promise<number> {
    this.statements += 1;
    const result = await this.writes.write(() => this.sql(ERASE_PERSONAL_DATA).run(olderThanMs, limit).changes + this.sql(ERASE_CHECKOUT_PERSONAL_DATA).run(olderThanMs, limit).changes);
    return result;
  }

  async stats(): Promise<Record<LedgerState, LedgerStateStats>> {
    this.statements += 1;
    const stats = emptyStats();
    const rows = this.sql(`SELECT state, COUNT(*) AS n, ${NOW} - MIN(created_at) AS age FROM ledger_entries GROUP BY state`).all() as {
      state: LedgerState;
      n: number;
      age: number;
    }[];
    for (const row of rows) stats[row.state] = { count: row.n, oldestAgeMs: Math.max(0, row.age) };
    return stats;
  }

  async countByState(): Promise<Record<LedgerState, number>> {
    return countsOf(await this.stats());
  }

  async createCheckout(draft: CheckoutDraft): Promise<{ created: boolean; checkout: StoredCheckout }> {
    this.statements += 1;
    const inserted = await this.writes.write(
      () =>
        this.sql(
          `INSERT INTO checkouts (caller, idempotency_key, input_hash, state, version, buyer, lines, tokens, created_at, updated_at)
           VALUES (?, ?, ?, 'PREPARED', 0, ?, ?, ?, ${NOW}, ${NOW})
           ON CONFLICT (caller, idempotency_key) DO NOTHING RETURNING *`,
        ).get(draft.caller, draft.idempotencyKey, draft.inputHash, JSON.stringify(draft.buyer), JSON.stringify(draft.lines), JSON.stringify(draft.tokens)) as CheckoutRow | undefined,
    );
    if (inserted) return { created: true, checkout: toCheckout(inserted) };
    const existing = await this.findCheckoutByKey(draft.caller, draft.idempotencyKey);
    if (!existing) throw new Error('checkout vanished between insert and read');
    return { created: false, checkout: existing };
  }

  async findCheckoutByKey(caller: string, idempotencyKey: string): Promise<StoredCheckout | null> {
    this.statements += 1;
    const row = this.sql('SELECT * FROM checkouts WHERE caller = ? AND idempotency_key = ?').get(caller, idempotencyKey) as CheckoutRow | undefined;
    return row ? toCheckout(row) : null;
  }

  async findCheckout(id: number): Promise<StoredCheckout | null> {
    this.statements += 1;
    const row = this.sql('SELECT * FROM checkouts WHERE id = ?').get(id) as CheckoutRow | undefined;
    return row ? toCheckout(row) : null;
  }

  async updateCheckout(change: CheckoutChange): Promise<StoredCheckout | null> {
    this.statements += 1;
    const row = await this.writes.write(() => this.updateCheckoutNow(change));
    return row ? toCheckout(row) : null;
  }

  /** Inside a write: the checkout's compare-and-set on its version. */
  private updateCheckoutNow(change: CheckoutChange): CheckoutRow | undefined {
    const p = checkoutChangeParams(change);
    return this.sql(
      `UPDATE checkouts SET state = COALESCE(:state, state), completion = COALESCE(:completion, completion), lines = COALESCE(:lines, lines),
         tokens = CASE WHEN :setTokens THEN :tokens ELSE tokens END, version = version + 1, updated_at = ${NOW}
       WHERE id = :id AND version = :version RETURNING *`,
    ).get({ ...p, setTokens: p.setTokens ? 1 : 0, id: change.id, version: change.version }) as CheckoutRow | undefined;
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
