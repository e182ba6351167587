import { Pool, type PoolClient, type QueryResultRow } from 'pg';
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
import { claimedEntry, intentColumns, toAuditRecord, toEntry, type ClaimedRow, type LedgerAuditRow, type LedgerRow } from '../row';
import { countsOf, emptyStats } from '../stats';
import { NOW } from './clock';
import { prepared, type Prepared } from './prepared';
import { TransitionBatch, TRANSITIONS, transitionParams } from './transition-batch';

export interface PostgresLedgerOptions {
  connectionString: string;
  /** Schema holding the ledger's tables; created when missing. Default `public`. */
  schema?: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
  /**
   * Connections kept open however long they stay idle, once opened. Default 2: the claim and a
   * settlement of a purchase each find one ready (a new connection costs a few ms on its path).
   */
  minConnections?: number;
  /** How long a connection beyond `minConnections` may stay idle before it is closed. Default 10 s. */
  idleTimeoutMs?: number;
  /** Giving up on a new connection. Default 5 s. */
  connectTimeoutMs?: number;
  /** The server cancels a statement running longer. Default 10 s. */
  statementTimeoutMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const UPDATE_CHECKOUT_TEXT = `UPDATE checkouts SET state = COALESCE($3::text, state), completion = COALESCE($4::jsonb, completion), lines = COALESCE($5::jsonb, lines),
    tokens = CASE WHEN $6::boolean THEN $7::jsonb ELSE tokens END, version = version + 1, updated_at = ${NOW}
  WHERE id = $1 AND version = $2 RETURNING *`;
const UPDATE_CHECKOUT = prepared('ledger_update_checkout', UPDATE_CHECKOUT_TEXT);
const FIND_CHECKOUT = prepared('ledger_find_checkout', 'SELECT * FROM checkouts WHERE id = $1');
const FIND = prepared('ledger_find', 'SELECT * FROM ledger_entries WHERE operation = $1 AND idempotency_key = $2 AND caller IN ($3, $4) ORDER BY caller DESC LIMIT 1');

/**
 * A checkout's compare-and-set (skipped when $1 is null) and many claims as one statement, hence
 * one transaction and one commit: the inserts happen only if the checkout moved (or none was
 * given); each is `claim`'s insert, decided by the unique key. A new row is read back only for
 * what the database chose (its id and times): the rest is its intent's.
 */
const CLAIM_MANY = prepared(
  'ledger_claim_many',
  `WITH moved AS (${UPDATE_CHECKOUT_TEXT}),
  intents AS (
    SELECT * FROM jsonb_to_recordset($8::jsonb)
      AS t(caller text, operation text, idempotency_key text, subject text, input_hash text, request_hash text, input jsonb, lease_ms bigint)),
  inserted AS (
    INSERT INTO ledger_entries (caller, operation, idempotency_key, subject, input_hash, request_hash, input, state, attempts, version, lease_until, created_at, updated_at)
    SELECT i.caller, i.operation, i.idempotency_key, i.subject, i.input_hash, i.request_hash, i.input, 'PENDING', 1, 0, ${NOW} + i.lease_ms, ${NOW}, ${NOW}
    FROM intents i
    WHERE ($1::bigint IS NULL OR EXISTS (SELECT 1 FROM moved))
      AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.caller = $9::text AND e.operation = i.operation AND e.idempotency_key = i.idempotency_key)
    ON CONFLICT (caller, operation, idempotency_key) DO NOTHING
    RETURNING id, operation, idempotency_key, lease_until, created_at, updated_at)
  SELECT (SELECT row_to_json(moved) FROM moved) AS checkout, (SELECT COALESCE(json_agg(inserted), '[]'::json) FROM inserted) AS inserted`,
);

/** One claim: inserted, or the row that was there (the caller's own, or a legacy one): one statement, decided by the unique key. */
const CLAIM = prepared(
  'ledger_claim',
  `WITH inserted AS (
   INSERT INTO ledger_entries (caller, operation, idempotency_key, subject, input_hash, request_hash, input, state, attempts, version, lease_until, created_at, updated_at)
   SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::jsonb, 'PENDING', 1, 0, ${NOW} + $8::bigint, ${NOW}, ${NOW}
   WHERE NOT EXISTS (SELECT 1 FROM ledger_entries WHERE caller = $9::text AND operation = $2::text AND idempotency_key = $3::text)
   ON CONFLICT (caller, operation, idempotency_key) DO NOTHING
   RETURNING *, true AS inserted)
 SELECT * FROM inserted
 UNION ALL
 (SELECT *, false AS inserted FROM ledger_entries
  WHERE operation = $2 AND idempotency_key = $3 AND caller IN ($1, $9) AND NOT EXISTS (SELECT 1 FROM inserted)
  ORDER BY caller DESC LIMIT 1)`,
);

const ERASE_PERSONAL_DATA = `UPDATE ledger_entries
  SET input = jsonb_set(jsonb_set(jsonb_set(input, '{customer}', 'null', false), '{firstName}', 'null', false), '{lastName}', 'null', false),
      personal_data_erased_at = ${NOW}
  WHERE id IN (
    SELECT id FROM ledger_entries
    WHERE personal_data_erased_at IS NULL AND state <> 'PENDING' AND created_at < ${NOW} - $1
    ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`;

/**
 * Buyers' names in checkouts past the retention period; a checkout still COMPLETING keeps them (a
 * repeat may still need them). The version moves: a copy held since (a replica's) no longer compares.
 */
const ERASE_CHECKOUT_PERSONAL_DATA = `UPDATE checkouts
  SET buyer = jsonb_set(jsonb_set(buyer, '{firstName}', 'null', false), '{lastName}', 'null', false),
      lines = (SELECT jsonb_agg(CASE WHEN line->'spec'->>'kind' = 'HL' THEN jsonb_set(line, '{spec,customer}', 'null', false) ELSE line END ORDER BY n)
               FROM jsonb_array_elements(lines) WITH ORDINALITY AS t(line, n)),
      personal_data_erased_at = ${NOW}, version = version + 1
  WHERE id IN (
    SELECT id FROM checkouts
    WHERE personal_data_erased_at IS NULL AND state <> 'COMPLETING' AND created_at < ${NOW} - $1
    ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`;

/**
 * A prepared `SELECT *` or `RETURNING *` whose table gained a column since (another replica's
 * migration, during a rolling upgrade) is refused before it runs: nothing was written, so the
 * same statement is sent again unprepared.
 */
const planOutdated = (error: unknown): boolean => (error as { code?: unknown }).code === '0A000' && /cached plan must not change result type/.test((error as Error).message ?? '');

/**
 * The shared ledger for several replicas: uniqueness, claims and every state change are
 * decided by PostgreSQL (a unique key, compare-and-set updates, row locks), never by
 * process memory or a replica's clock.
 */
export class PostgresLedger implements Ledger {
  readonly kind = 'postgres' as const;
  statements = 0;
  private readonly pool: Pool;
  private readonly schema: string;
  /** Transitions asked for in one turn of the event loop: one statement, one commit. */
  private readonly transitions = new TransitionBatch((sql, params) => this.query<LedgerRow>(sql, params));

  constructor(options: PostgresLedgerOptions) {
    this.schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(this.schema)) throw new Error(`invalid ledger schema name: ${this.schema}`);
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      min: Math.min(options.minConnections ?? 2, options.maxConnections ?? 10),
      idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      statement_timeout: options.statementTimeoutMs ?? 10_000,
      options: `-c search_path=${this.schema}`,
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  private async query<R extends QueryResultRow>(sql: string | Prepared, params: unknown[] = [], client: Pool | PoolClient = this.pool): Promise<R[]> {
    if (typeof sql !== 'string' && client === this.pool) return this.prepared<R>(sql, params);
    this.statements += 1;
    return (await client.query<R>(typeof sql === 'string' ? sql : sql.text, params)).rows;
  }

  /** A prepared statement, never inside a transaction (see `planOutdated`). */
  private async prepared<R extends QueryResultRow>(statement: Prepared, params: unknown[]): Promise<R[]> {
    this.statements += 1;
    try {
      return (await this.pool.query<R>({ ...statement, values: params })).rows;
    } catch (error) {
      if (!planOutdated(error)) throw error;
      // pool.query closed the connection that kept the outdated statement; nothing ran.
      return (await this.pool.query<R>(statement.text, params)).rows;
    }
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async migrate(): Promise<void> {
    await this.inTransaction(async (client) => {
      // One migrator at a time across replicas.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('purchase-ledger-migrations'))`);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await client.query(migration.postgres);
        await client.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, ${NOW})`, [migration.version, migration.name]);
      }
    });
  }

  async claim(intent: LedgerIntent): Promise<ClaimResult> {
    const rows = await this.query<LedgerRow & { inserted: boolean }>(CLAIM, [
      intent.caller,
      intent.operation,
      intent.idempotencyKey,
      intent.subject,
      intent.inputHash,
      intent.requestHash,
      JSON.stringify(intent.input),
      intent.leaseMs,
      LEGACY_CALLER,
    ]);
    const row = rows[0];
    if (row) return { claimed: row.inserted, entry: toEntry(row) };
    // The conflicting row was inserted by a transaction this statement's snapshot cannot see yet.
    return this.existingClaim(intent);
  }

  private async existingClaim(intent: LedgerIntent): Promise<ClaimResult> {
    const existing = await this.find(intent.caller, intent.operation, intent.idempotencyKey);
    if (!existing) throw new Error('ledger entry vanished between insert and read');
    return { claimed: false, entry: existing };
  }

  async claimMany(intents: readonly LedgerIntent[], checkout?: CheckoutChange): Promise<BatchClaim | null> {
    if (intents.length === 0 && !checkout) return { checkout: null, claims: [] };
    const p = checkout ? checkoutChangeParams(checkout) : null;
    const rows = intents.map((intent) => ({
      ...intentColumns(intent),
      input: intent.input,
      lease_ms: intent.leaseMs,
    }));
    const [written] = await this.query<{ checkout: CheckoutRow | null; inserted: (ClaimedRow & { operation: string; idempotency_key: string })[] }>(CLAIM_MANY, [
      checkout?.id ?? null,
      checkout?.version ?? null,
      p?.state ?? null,
      p?.completion ?? null,
      p?.lines ?? null,
      p?.setTokens ?? false,
      p?.tokens ?? null,
      JSON.stringify(rows),
      LEGACY_CALLER,
    ]);
    if (checkout && !written?.checkout) return null;
    const inserted = new Map((written?.inserted ?? []).map((row) => [`${row.operation}\n${row.idempotency_key}`, row]));
    const claims = await Promise.all(
      intents.map(async (intent): Promise<ClaimResult> => {
        const row = inserted.get(`${intent.operation}\n${intent.idempotencyKey}`);
        // Two intents under one key: only the first is the claimer.
        if (row && inserted.delete(`${intent.operation}\n${intent.idempotencyKey}`)) return { claimed: true, entry: claimedEntry(intent, row) };
        return this.existingClaim(intent);
      }),
    );
    return { checkout: written?.checkout ? toCheckout(written.checkout) : null, claims };
  }

  async transition(change: Transition): Promise<LedgerEntry | null> {
    const audit = change.audit;
    if (!audit) {
      const row = await this.transitions.transition(change);
      return row ? toEntry(row) : null;
    }
    // A hand-made change and its audit record commit together, with the state it replaced.
    return this.inTransaction(async (client) => {
      const before = await this.query<{ state: string }>('SELECT state FROM ledger_entries WHERE id = $1 FOR UPDATE', [change.id], client);
      const rows = await this.query<LedgerRow>(TRANSITIONS, transitionParams([change]), client);
      const row = rows[0];
      if (!row || !before[0]) return null;
      await this.query(
        `INSERT INTO ledger_audit (entry_id, at, actor, action, from_state, to_state, note) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [change.id, row.updated_at, audit.actor, audit.action, before[0].state, row.state, audit.note],
        client,
      );
      return toEntry(row);
    });
  }

  async renewLease(id: number, attempt: number, leaseMs: number): Promise<boolean> {
    const rows = await this.query<{ id: string }>(`UPDATE ledger_entries SET lease_until = ${NOW} + $1 WHERE id = $2 AND attempts = $3 AND state = 'PENDING' RETURNING id`, [
      leaseMs,
      id,
      attempt,
    ]);
    return rows.length === 1;
  }

  async claimDue(limit: number, claimMs: number): Promise<LedgerEntry[]> {
    // SKIP LOCKED: replicas claiming at once split the due rows instead of sharing them.
    const rows = await this.query<LedgerRow>(
      `UPDATE ledger_entries SET version = version + 1,
         lease_until = CASE WHEN state = 'PENDING' THEN ${NOW} + $2 ELSE lease_until END,
         next_check_at = CASE WHEN state = 'UNKNOWN' THEN ${NOW} + $2 ELSE next_check_at END
       WHERE id IN (
         SELECT id FROM ledger_entries
         WHERE (state = 'PENDING' AND lease_until < ${NOW}) OR (state = 'UNKNOWN' AND next_check_at <= ${NOW})
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [limit, claimMs],
    );
    return rows.map(toEntry).sort((a, b) => a.id - b.id);
  }

  async find(caller: string, operation: LedgerOperation, idempotencyKey: string): Promise<LedgerEntry | null> {
    const rows = await this.query<LedgerRow>(FIND, [operation, idempotencyKey, caller, LEGACY_CALLER]);
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async findByKey(idempotencyKey: string, operation?: LedgerOperation): Promise<LedgerEntry[]> {
    const rows = await this.query<LedgerRow>('SELECT * FROM ledger_entries WHERE idempotency_key = $1 AND ($2::text IS NULL OR operation = $2) ORDER BY id', [
      idempotencyKey,
      operation ?? null,
    ]);
    return rows.map(toEntry);
  }

  async findById(id: number): Promise<LedgerEntry | null> {
    const rows = await this.query<LedgerRow>('SELECT * FROM ledger_entries WHERE id = $1', [id]);
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async findBySubjects(operation: LedgerOperation, subjects: readonly string[], caller?: string): Promise<Map<string, LedgerEntry[]>> {
    const found = new Map<string, LedgerEntry[]>();
    if (subjects.length === 0) return found;
    const rows = await this.query<LedgerRow>('SELECT * FROM ledger_entries WHERE operation = $1 AND subject = ANY($2) AND ($3::text IS NULL OR caller = $3) ORDER BY id', [
      operation,
      subjects,
      caller ?? null,
    ]);
    for (const row of rows) found.set(row.subject, [...(found.get(row.subject) ?? []), toEntry(row)]);
    return found;
  }

  async list(query: LedgerListQuery): Promise<LedgerPage> {
    const rows = await this.query<LedgerRow>(
      `SELECT * FROM ledger_entries
       WHERE ($1::text IS NULL OR state = $1) AND ($2::bigint IS NULL OR id < $2) AND ($3::text IS NULL OR caller = $3)
       ORDER BY id DESC LIMIT $4`,
      [query.state ?? null, query.after ?? null, query.caller ?? null, query.first + 1],
    );
    return { entries: rows.slice(0, query.first).map(toEntry), hasNextPage: rows.length > query.first };
  }

  async auditTrail(id: number): Promise<LedgerAuditRecord[]> {
    const rows = await this.query<LedgerAuditRow>('SELECT * FROM ledger_audit WHERE entry_id = $1 ORDER BY id', [id]);
    return rows.map(toAuditRecord);
  }

  async erasePersonalData(olderThanMs: number, limit: number): Promise<number> {
    this.statements += 1;
    const result = await this.pool.query(ERASE_PERSONAL_DATA, [olderThanMs, limit]);
    this.statements += 1;
    const checkouts = await this.pool.query(ERASE_CHECKOUT_PERSONAL_DATA, [olderThanMs, limit]);
    return (result.rowCount ?? 0) + (checkouts.rowCount ?? 0);
  }

  async stats(): Promise<Record<LedgerState, LedgerStateStats>> {
    const stats = emptyStats();
    const rows = await this.query<{ state: LedgerState; n: string; age: string }>(`SELECT state, COUNT(*) AS n, ${NOW} - MIN(created_at) AS age FROM ledger_entries GROUP BY state`);
    for (const row of rows) stats[row.state] = { count: Number(row.n), oldestAgeMs: Math.max(0, Number(row.age)) };
    return stats;
  }

  async countByState(): Promise<Record<LedgerState, number>> {
    return countsOf(await this.stats());
  }

  async createCheckout(draft: CheckoutDraft): Promise<{ created: boolean; checkout: StoredCheckout }> {
    const rows = await this.query<CheckoutRow>(
      `INSERT INTO checkouts (caller, idempotency_key, input_hash, state, version, buyer, lines, tokens, created_at, updated_at)
       VALUES ($1, $2, $3, 'PREPARED', 0, $4::jsonb, $5::jsonb, $6::jsonb, ${NOW}, ${NOW})
       ON CONFLICT (caller, idempotency_key) DO NOTHING RETURNING *`,
      [draft.caller, draft.idempotencyKey, draft.inputHash, JSON.stringify(draft.buyer), JSON.stringify(draft.lines), JSON.stringify(draft.tokens)],
    );
    if (rows[0]) return { created: true, checkout: toCheckout(rows[0]) };
    const existing = await this.findCheckoutByKey(draft.caller, draft.idempotencyKey);
    if (!existing) throw new Error('checkout vanished between insert and read');
    return { created: false, checkout: existing };
  }

  async findCheckoutByKey(caller: string, idempotencyKey: string): Promise<StoredCheckout | null> {
    const rows = await this.query<CheckoutRow>('SELECT * FROM checkouts WHERE caller = $1 AND idempotency_key = $2', [caller, idempotencyKey]);
    return rows[0] ? toCheckout(rows[0]) : null;
  }

  async findCheckout(id: number): Promise<StoredCheckout | null> {
    const rows = await this.query<CheckoutRow>(FIND_CHECKOUT, [id]);
    return rows[0] ? toCheckout(rows[0]) : null;
  }

  async updateCheckout(change: CheckoutChange): Promise<StoredCheckout | null> {
    const p = checkoutChangeParams(change);
    const rows = await this.query<CheckoutRow>(UPDATE_CHECKOUT, [change.id, change.version, p.state, p.completion, p.lines, p.setTokens, p.tokens]);
    return rows[0] ? toCheckout(rows[0]) : null;
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
