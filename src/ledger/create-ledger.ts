import type { Ledger } from './ledger';
import { PostgresLedger } from './postgres/postgres-ledger';
import { SqliteLedger } from './sqlite/sqlite-ledger';

export type LedgerConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; connectionString: string; schema: string };

/**
 * Opens the configured ledger and brings its schema up to date; with `migrate: false`
 * (readers such as the CLI) an existing ledger is required and nothing is created.
 */
export async function openLedger(config: LedgerConfig, options: { migrate?: boolean } = {}): Promise<Ledger> {
  const migrate = options.migrate ?? true;
  const ledger =
    config.kind === 'postgres'
      ? new PostgresLedger({ connectionString: config.connectionString, schema: config.schema })
      : new SqliteLedger({ path: config.path, mustExist: !migrate });
  try {
    if (migrate) await ledger.migrate();
    else await ledger.countByState(); // fails clearly when there is no ledger here
  } catch (error) {
    await ledger.close().catch(() => undefined);
    throw error;
  }
  return ledger;
}
