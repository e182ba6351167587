import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { LEDGER_OPERATIONS, LEDGER_STATES, openLedger, type LedgerEntry, type LedgerState } from '../src/ledger';

const USAGE = `Usage:
  npm run ledger -- list [--state STATE] [--first N] [--json]   newest entries first (N: 1 to 1000, default 50)
  npm run ledger -- show KEY [--operation OPERATION]              one entry by idempotency key, as JSON
States: ${LEDGER_STATES.join(', ')}
Operations: ${LEDGER_OPERATIONS.join(', ')}
Reads DATABASE_URL (PostgreSQL) or LEDGER_PATH (SQLite), as the gateway does.`;

function line(entry: LedgerEntry): string {
  return [entry.id, entry.updatedAt.toISOString(), entry.state.padEnd(15), entry.operation.padEnd(20), entry.idempotencyKey, entry.note ?? ''].join('  ');
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { state: { type: 'string' }, first: { type: 'string' }, operation: { type: 'string' }, json: { type: 'boolean' } },
  });
  const [command, key] = positionals;
  const state = values.state?.toUpperCase();
  const first = Number(values.first ?? 50);
  const operation = values.operation?.toUpperCase();
  const usageError =
    (state && !LEDGER_STATES.includes(state as LedgerState) && `unknown state ${values.state}`) ||
    ((!Number.isInteger(first) || first < 1 || first > 1000) && `--first must be a whole number from 1 to 1000`) ||
    (operation && !LEDGER_OPERATIONS.includes(operation as (typeof LEDGER_OPERATIONS)[number]) && `unknown operation ${values.operation}`);
  if (usageError) {
    process.stderr.write(`${usageError}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  // A reader: a mistyped LEDGER_PATH or DATABASE_SCHEMA must fail, not create an empty ledger.
  const ledger = await openLedger(config.ledger.store, { migrate: false });
  try {
    if (command === 'list') {
      const page = await ledger.list({ state: state as LedgerState | undefined, first });
      if (values.json) process.stdout.write(`${JSON.stringify(page.entries, null, 2)}\n`);
      else for (const entry of page.entries) process.stdout.write(`${line(entry)}\n`);
      return 0;
    }
    if (command === 'show' && key) {
      const operations = operation ? [operation] : LEDGER_OPERATIONS;
      const found = [];
      for (const operation of operations) {
        const entry = await ledger.find(operation as (typeof LEDGER_OPERATIONS)[number], key);
        if (entry) found.push(entry);
      }
      if (found.length === 0) {
        process.stderr.write(`no ledger entry with key ${key}\n`);
        return 1;
      }
      process.stdout.write(`${JSON.stringify(found.length === 1 ? found[0] : found, null, 2)}\n`);
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } finally {
    await ledger.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
