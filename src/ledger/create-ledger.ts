import type { Ledger } from './ledger';
import { PostgresLedger } from './postgres/postgres-ledger';
import { SqliteLedger } from './sqlite/sqlite-ledger';

export type LedgerConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; connectionString: string; schema: string };

/** Opens the configured ledger and brings its schema up to date. */
export async function openLedger(config: LedgerConfig): Promise<Ledger> {
  const ledger =
    config.kind === 'postgres'
      ? new PostgresLedger({ connectionString: config.connectionString, schema: config.schema })
      : new SqliteLedger({ path: config.path });
  try {
    await ledger.migrate();
  } catch (error) {
    await ledger.close().catch(() => undefined);
    throw error;
  }
  return ledger;
}
