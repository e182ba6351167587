export { validatePurchase, type ValidatePurchaseInput } from './validate-purchase';
export { registerPurchase, type RegisterPurchaseInput } from './register-purchase';
export { cancelOrderLine, type CancelOrderLineInput } from './cancel-order-line';
export { placeDdsOrder, ddsOrderFromLedger, type PlaceDdsOrderInput } from './place-dds-order';
export { resolveLedgerEntry, type ResolveLedgerEntryDeps, type ResolveLedgerEntryInput } from './resolve-ledger-entry';
export type { PurchaseDeps } from './ports';
export { executeOnce, type ExactlyOnceDeps, type ExactlyOnceSettings } from './exactly-once';
export { hlConnectCheck, lineOf, type VendorCheck, type VendorFinding } from './reconcile';
export { LedgerWorker, type LedgerWorkerOptions } from './ledger-worker';
