import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerConfig } from '../../src/ledger';
import { createTestSchema } from './postgres';

/** A fresh, empty ledger store for tests that run the gateway or the CLI as processes. */
export interface LedgerStore {
  config: LedgerConfig;
  /** The gateway's environment for this store, as an operator would set it. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** Both ledger backends, for `describe.each`: a PostgreSQL schema of its own, or a SQLite file in a temporary folder. */
export const LEDGER_STORES: [string, () => Promise<LedgerStore>][] = [
  [
    'PostgreSQL',
    async () => {
      const db = await createTestSchema();
      return {
        config: { kind: 'postgres', connectionString: db.connectionString, schema: db.schema },
        env: { DATABASE_URL: db.connectionString, DATABASE_SCHEMA: db.schema },
        cleanup: () => db.drop(),
      };
    },
  ],
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-store-'));
      const path = join(dir, 'ledger.db');
      return { config: { kind: 'sqlite', path }, env: { LEDGER_PATH: path }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];
