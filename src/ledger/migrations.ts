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
];
