import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Ledger } from './ledger';
import { PostgresLedger } from './postgres/postgres-ledger';
import { SqliteLedger } from './sqlite/sqlite-ledger';

export type LedgerConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; connectionString: string; schema: string; connectTimeoutMs?: number; statementTimeoutMs?: number };

/** A ledger that cannot be opened, named by the variable that points at it and where (never a password). */
export class LedgerOpenError extends Error {
  constructor(where: string, cause: unknown) {
    super(`${where}: the ledger cannot be opened: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'LedgerOpenError';
  }
}

/**
 * Opens the configured ledger and brings its schema up to date; with `migrate: false`
 * (readers such as the CLI) an existing ledger is required and nothing is created.
 * Any failure is a LedgerOpenError naming LEDGER_PATH or DATABASE_URL.
 */
export async function openLedger(config: LedgerConfig, options: { migrate?: boolean } = {}): Promise<Ledger> {
  const migrate = options.migrate ?? true;
  const where = describe(config);
  let ledger: Ledger;
  try {
    if (config.kind === 'postgres') {
      const { connectionString, schema, connectTimeoutMs, statementTimeoutMs } = config;
      ledger = new PostgresLedger({ connectionString, schema, connectTimeoutMs, statementTimeoutMs });
    } else {
      if (migrate && config.path !== ':memory:') createFolder(dirname(resolve(config.path)));
      ledger = new SqliteLedger({ path: config.path, mustExist: !migrate });
    }
  } catch (error) {
    throw new LedgerOpenError(where, scrub(error, config));
  }
  try {
    if (migrate) await ledger.migrate();
    else await ledger.countByState(); // fails clearly when there is no ledger here
  } catch (error) {
    await ledger.close().catch(() => undefined);
    throw new LedgerOpenError(where, scrub(error, config));
  }
  return ledger;
}

/**
 * Creates a missing folder one level at a time. Node's `mkdirSync(…, { recursive: true })`
 * never returns where mkdir answers ENOENT under an existing parent (e.g. under /proc).
 */
function createFolder(folder: string): void {
  if (existsSync(folder)) return;
  const parent = dirname(folder);
  if (parent !== folder) createFolder(parent);
  mkdirSync(folder);
}

function describe(config: LedgerConfig): string {
  if (config.kind === 'sqlite') return `LEDGER_PATH (${config.path})`;
  try {
    const url = new URL(config.connectionString);
    return `DATABASE_URL (${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}, schema ${config.schema})`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** The error's message without the connection string's password, should a driver ever quote it. */
function scrub(error: unknown, config: LedgerConfig): unknown {
  if (config.kind !== 'postgres' || !(error instanceof Error)) return error;
  let password = '';
  try {
    password = decodeURIComponent(new URL(config.connectionString).password);
  } catch {
    // no readable URL: nothing to take out but the whole string
  }
  let message = error.message.split(config.connectionString).join('[DATABASE_URL]');
  if (password) message = message.split(password).join('[redacted]');
  return new Error(message);
}
