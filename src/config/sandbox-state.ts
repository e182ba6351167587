import { dirname, join } from 'node:path';
import type { Env } from './env-schema';

/**
 * Where a sandbox simulator keeps what it holds (orders, purchases): beside the ledger file,
 * so that both outlive a restart together and one folder (`./data`) resets the sandbox.
 * With a PostgreSQL ledger, in the folder LEDGER_PATH names all the same.
 */
export function sandboxStatePath(env: Env, vendor: 'hlconnect' | 'boknett'): string {
  return join(dirname(env.LEDGER_PATH), `sandbox-${vendor}.json`);
}
