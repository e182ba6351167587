/**
 * Versioned schema changes, applied in order at start. Never edit a released one: add
 * the next. Each database gets its own dialect of the same change.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'ledger entries',
    sqlite: `
      CREATE TABLE ledger_entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        operation TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        subject TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        input TEXT NOT NULL,
        state TEXT NOT NULL,
        result TEXT,
        note TEXT,
        attempts INTEGER NOT NULL DEFAULT 1,
        lease_until INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (operation, idempotency_key)
      );
      CREATE INDEX ledger_entries_state ON ledger_entries (state, updated_at);
      CREATE INDEX ledger_entries_subject ON ledger_entries (operation, subject);`,
    postgres: `
      CREATE TABLE ledger_entries (
        id BIGSERIAL PRIMARY KEY,
        operation TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        subject TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        input JSONB NOT NULL,
        state TEXT NOT NULL,
        result JSONB,
        note TEXT,
        attempts INTEGER NOT NULL DEFAULT 1,
        lease_until BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (operation, idempotency_key)
      );
      CREATE INDEX ledger_entries_state ON ledger_entries (state, updated_at);
      CREATE INDEX ledger_entries_subject ON ledger_entries (operation, subject);`,
  },
  {
    version: 2,
    name: 'callers, compare-and-set versions, quiet periods, audit trail, personal data erasure',
    // SQLite cannot change a UNIQUE constraint in place: the table is rebuilt, ids kept.
    sqlite: `
      CREATE TABLE ledger_entries_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        caller TEXT NOT NULL DEFAULT '',
        operation TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        subject TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        input TEXT NOT NULL,
        state TEXT NOT NULL,
        result TEXT,
        note TEXT,
        attempts INTEGER NOT NULL DEFAULT 1,
        version INTEGER NOT NULL DEFAULT 0,
        uncertain INTEGER NOT NULL DEFAULT 0,
        lease_until INTEGER,
        next_check_at INTEGER,
        personal_data_erased_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (caller, operation, idempotency_key)
      );
      INSERT INTO ledger_entries_v2 (id, caller, operation, idempotency_key, subject, input_hash, request_hash, input, state, result, note,
        attempts, version, uncertain, lease_until, next_check_at, created_at, updated_at)
      SELECT id, '', operation, idempotency_key, subject, input_hash, request_hash, input, state, result, note,
        attempts, 0, state IN ('UNKNOWN', 'NEEDS_ATTENTION'), lease_until,
        CASE WHEN state = 'UNKNOWN' THEN updated_at + 60000 END, created_at, updated_at
      FROM ledger_entries;
      DROP TABLE ledger_entries;
      ALTER TABLE ledger_entries_v2 RENAME TO ledger_entries;
      CREATE INDEX ledger_entries_state ON ledger_entries (state, updated_at);
      CREATE INDEX ledger_entries_subject ON ledger_entries (operation, subject);
      CREATE INDEX ledger_entries_lease ON ledger_entries (state, lease_until);
      CREATE INDEX ledger_entries_check ON ledger_entries (state, next_check_at);
      CREATE INDEX ledger_entries_created ON ledger_entries (created_at) WHERE personal_data_erased_at IS NULL;
      CREATE TABLE ledger_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        entry_id INTEGER NOT NULL REFERENCES ledger_entries (id),
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        note TEXT NOT NULL
      );
      CREATE INDEX ledger_audit_entry ON ledger_audit (entry_id);`,
    postgres: `
      ALTER TABLE ledger_entries ADD COLUMN caller TEXT NOT NULL DEFAULT '';
      ALTER TABLE ledger_entries ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger_entries ADD COLUMN uncertain BOOLEAN NOT NULL DEFAULT false;
      ALTER TABLE ledger_entries ADD COLUMN next_check_at BIGINT;
      ALTER TABLE ledger_entries ADD COLUMN personal_data_erased_at BIGINT;
      UPDATE ledger_entries SET uncertain = state IN ('UNKNOWN', 'NEEDS_ATTENTION'),
        next_check_at = CASE WHEN state = 'UNKNOWN' THEN updated_at + 60000 END;
      ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_operation_idempotency_key_key;
      ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_caller_operation_key UNIQUE (caller, operation, idempotency_key);
      CREATE INDEX ledger_entries_lease ON ledger_entries (state, lease_until);
      CREATE INDEX ledger_entries_check ON ledger_entries (state, next_check_at);
      CREATE INDEX ledger_entries_created ON ledger_entries (created_at) WHERE personal_data_erased_at IS NULL;
      CREATE TABLE ledger_audit (
        id BIGSERIAL PRIMARY KEY,
        entry_id BIGINT NOT NULL REFERENCES ledger_entries (id),
        at BIGINT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        note TEXT NOT NULL
      );
      CREATE INDEX ledger_audit_entry ON ledger_audit (entry_id);`,
  },
  {
    version: 3,
    name: 'checkouts',
    sqlite: `
      CREATE TABLE checkouts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        caller TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        state TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        buyer TEXT NOT NULL,
        lines TEXT NOT NULL,
        tokens TEXT,
        completion TEXT,
        personal_data_erased_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (caller, idempotency_key)
      );
      CREATE INDEX checkouts_created ON checkouts (created_at) WHERE personal_data_erased_at IS NULL;`,
    postgres: `
      CREATE TABLE checkouts (
        id BIGSERIAL PRIMARY KEY,
        caller TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        state TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        buyer JSONB NOT NULL,
        lines JSONB NOT NULL,
        tokens JSONB,
        completion JSONB,
        personal_data_erased_at BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (caller, idempotency_key)
      );
      CREATE INDEX checkouts_created ON checkouts (created_at) WHERE personal_data_erased_at IS NULL;`,
  },
];
