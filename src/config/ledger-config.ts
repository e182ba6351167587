import type { LedgerConfig } from '../ledger';
import type { Env } from './env-schema';

export interface LedgerSettings {
  store: LedgerConfig;
  /** How long a claimer is trusted to settle its entry; must outlast a vendor call. */
  leaseMs: number;
  /** How long a duplicate waits for its in-flight twin. */
  waitMs: number;
  pollMs: number;
  /** The quiet period before the vendor is asked about an unknown outcome; and how often the worker runs. */
  reconcileAfterMs: number;
  reconcileIntervalMs: number;
  /** Entries the background worker claims per round. */
  workerBatch: number;
  /** Buyers' names are erased from entries older than this. */
  personalDataRetentionMs: number;
}

/** PostgreSQL when DATABASE_URL is set, else the SQLite file at LEDGER_PATH. */
export function readLedgerConfig(env: Env, problems: string[]): LedgerSettings {
  const longestCall = env.UPSTREAM_CONNECT_TIMEOUT_MS + 2 * env.UPSTREAM_TIMEOUT_MS;
  if (env.LEDGER_LEASE_MS <= longestCall) {
    problems.push(`LEDGER_LEASE_MS: must be longer than a vendor call can take (${longestCall} ms with the UPSTREAM_* timeouts)`);
  }
  return {
    store: env.DATABASE_URL
      ? {
          kind: 'postgres',
          connectionString: env.DATABASE_URL,
          schema: env.DATABASE_SCHEMA,
          connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
          statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
        }
      : { kind: 'sqlite', path: env.LEDGER_PATH },
    leaseMs: env.LEDGER_LEASE_MS,
    waitMs: env.LEDGER_WAIT_MS,
    pollMs: env.LEDGER_POLL_MS,
    reconcileAfterMs: env.LEDGER_RECONCILE_AFTER_MS,
    reconcileIntervalMs: env.LEDGER_RECONCILE_INTERVAL_MS,
    workerBatch: env.LEDGER_WORKER_BATCH,
    personalDataRetentionMs: Math.round(env.LEDGER_PERSONAL_DATA_DAYS * 24 * 60 * 60 * 1000),
  };
}
