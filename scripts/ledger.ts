import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { LEDGER_OPERATIONS, LEDGER_STATES, openLedger, type Ledger, type LedgerEntry, type LedgerOperation, type LedgerState } from '../src/ledger';
import { resolveLedgerEntry } from '../src/purchases';

const USAGE = `Usage:
  npm run ledger -- list [--state STATE] [--caller NAME] [--first N] [--json]
      newest entries first (N: 1 to 1000, default 50)
  npm run ledger -- show KEY [--operation OPERATION] [--caller NAME]
      the entries with this idempotency key (every caller's unless --caller), with their audit trail, as JSON
  npm run ledger -- resolve KEY --as succeeded|not-applied --note "how it was confirmed"
                    [--fulfilment-id ID] [--operation OPERATION] [--caller NAME] [--id ENTRY_ID] [--by NAME]
      settles an UNKNOWN or NEEDS_ATTENTION entry with what the vendor confirmed; audited.
      A DDS order confirmed as placed needs --fulfilment-id. not-applied lets the key be sent again.
  npm run ledger -- --help
States: ${LEDGER_STATES.join(', ')}
Operations: ${LEDGER_OPERATIONS.join(', ')}
Reads DATABASE_URL (PostgreSQL) or LEDGER_PATH (SQLite), as the gateway does.`;

const OUTCOMES = { succeeded: 'SUCCEEDED', 'not-applied': 'NOT_APPLIED' } as const;

function line(entry: LedgerEntry): string {
  return [entry.id, entry.updatedAt.toISOString(), entry.state.padEnd(15), entry.operation.padEnd(20), entry.caller || '(legacy)', entry.idempotencyKey, entry.note ?? ''].join('  ');
}

class UsageError extends Error {}

function parse() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      state: { type: 'string' },
      first: { type: 'string' },
      operation: { type: 'string' },
      caller: { type: 'string' },
      json: { type: 'boolean' },
      as: { type: 'string' },
      note: { type: 'string' },
      'fulfilment-id': { type: 'string' },
      id: { type: 'string' },
      by: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const state = values.state?.toUpperCase();
  if (state && !LEDGER_STATES.includes(state as LedgerState)) throw new UsageError(`unknown state ${values.state}`);
  const first = Number(values.first ?? 50);
  if (!Number.isInteger(first) || first < 1 || first > 1000) throw new UsageError('--first must be a whole number from 1 to 1000');
  const operation = values.operation?.toUpperCase();
  if (operation && !LEDGER_OPERATIONS.includes(operation as LedgerOperation)) throw new UsageError(`unknown operation ${values.operation}`);
  const id = values.id === undefined ? undefined : Number(values.id);
  if (id !== undefined && (!Number.isSafeInteger(id) || id < 1)) throw new UsageError('--id must be an entry id');
  return { positionals, values, state: state as LedgerState | undefined, first, operation: operation as LedgerOperation | undefined, id };
}

type Args = ReturnType<typeof parse>;

/** The one entry a command is about: by --id, or by key narrowed by --operation and --caller. */
async function oneEntry(ledger: Ledger, key: string | undefined, args: Args): Promise<LedgerEntry> {
  if (args.id !== undefined) {
    const entry = await ledger.findById(args.id);
    if (!entry) throw new Error(`no ledger entry ${args.id}`);
    return entry;
  }
  if (!key) throw new UsageError('which entry? give its KEY or --id');
  const found = (await ledger.findByKey(key, args.operation)).filter((e) => args.values.caller === undefined || e.caller === args.values.caller);
  if (found.length === 0) throw new Error(`no ledger entry with key ${key}`);
  if (found.length > 1) throw new Error(`${found.length} entries have key ${key}; narrow with --operation, --caller or --id:\n${found.map(line).join('\n')}`);
  return found[0]!;
}

async function run(ledger: Ledger, ddsApiBase: string, args: Args): Promise<number> {
  const [command, key] = args.positionals;
  if (command === 'list') {
    const page = await ledger.list({ state: args.state, caller: args.values.caller, first: args.first });
    if (args.values.json) process.stdout.write(`${JSON.stringify(page.entries, null, 2)}\n`);
    else for (const entry of page.entries) process.stdout.write(`${line(entry)}\n`);
    return 0;
  }
  if (command === 'show') {
    if (!key) throw new UsageError('show needs a KEY');
    const found = (await ledger.findByKey(key, args.operation)).filter((e) => args.values.caller === undefined || e.caller === args.values.caller);
    if (found.length === 0) {
      process.stderr.write(`no ledger entry with key ${key}\n`);
      return 1;
    }
    const shown = await Promise.all(found.map(async (entry) => ({ ...entry, audit: await ledger.auditTrail(entry.id) })));
    process.stdout.write(`${JSON.stringify(shown.length === 1 ? shown[0] : shown, null, 2)}\n`);
    return 0;
  }
  if (command === 'resolve') {
    const outcome = OUTCOMES[(args.values.as ?? '') as keyof typeof OUTCOMES];
    if (!outcome) throw new UsageError('--as must be succeeded or not-applied');
    if (!args.values.note?.trim()) throw new UsageError('--note must say how the outcome was confirmed');
    const entry = await oneEntry(ledger, key, args);
    const result = await resolveLedgerEntry(
      { ledger, ddsContentUrl: (fulfilmentId) => new URL(`content/${encodeURIComponent(fulfilmentId)}`, ddsApiBase).href },
      { entryId: entry.id, outcome, fulfilmentId: args.values['fulfilment-id'], note: args.values.note, actor: args.values.by ?? `cli:${userInfo().username}` },
    );
    if (!result.ok) {
      for (const problem of result.userErrors) process.stderr.write(`${problem.code}: ${problem.message}\n`);
      return 1;
    }
    process.stdout.write(`${line(result.value)}\n`);
    return 0;
  }
  throw new UsageError(command ? `unknown command ${command}` : 'which command?');
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parse();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  // Where DDS content lives, for an order confirmed as placed (the sandbox's simulator has no fixed address).
  const ddsApiBase = config.boknett.mode === 'live' ? config.boknett.apiBaseUrl.replace(/\/?$/, '/') : 'http://boknett-sandbox.invalid/';
  // A reader: a mistyped LEDGER_PATH or DATABASE_SCHEMA must fail, not create an empty ledger.
  const ledger = await openLedger(config.ledger.store, { migrate: false });
  try {
    return await run(ledger, ddsApiBase, args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
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
