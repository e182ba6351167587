export type { ClaimResult, Ledger, LedgerEntry, LedgerIntent, LedgerOperation, LedgerOutcome, LedgerPage, LedgerState } from './ledger';
export { LEDGER_OPERATIONS, LEDGER_STATES, RETRYABLE_STATES } from './ledger';
export { fingerprint, canonicalJson } from './fingerprint';
export { openLedger, type LedgerConfig } from './create-ledger';
export { SqliteLedger } from './sqlite/sqlite-ledger';
export { PostgresLedger } from './postgres/postgres-ledger';
