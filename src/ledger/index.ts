export type {
  BatchClaim,
  ClaimResult,
  Ledger,
  LedgerAudit,
  LedgerAuditRecord,
  LedgerEntry,
  LedgerIntent,
  LedgerListQuery,
  LedgerOperation,
  LedgerPage,
  LedgerState,
  LedgerStateStats,
  Transition,
} from './ledger';
export { LEDGER_OPERATIONS, LEDGER_STATES, LEGACY_CALLER, RESOLVABLE_STATES, RETRYABLE_STATES } from './ledger';
export { fingerprint, canonicalJson } from './fingerprint';
export { openLedger, type LedgerConfig } from './create-ledger';
export { SqliteLedger } from './sqlite/sqlite-ledger';
export { PostgresLedger } from './postgres/postgres-ledger';
export {
  CHECKOUT_STATES,
  checkoutLineKey,
  type CheckoutBuyer,
  type CheckoutChange,
  type CheckoutCompletion,
  type CheckoutDraft,
  type CheckoutLineRecord,
  type CheckoutLineSpec,
  type CheckoutState,
  type DdsCheckoutLine,
  type HlCheckoutLine,
  type StoredCheckout,
} from './checkout';
