export { validatePurchase, type ValidatePurchaseInput } from './validate-purchase';
export { registerPurchase, type RegisterPurchaseInput } from './register-purchase';
export { cancelOrderLine, type CancelOrderLineInput } from './cancel-order-line';
export { placeDdsOrder, ddsOrderFromLedger, type PlaceDdsOrderInput } from './place-dds-order';
export type { PurchaseDeps } from './ports';
export { executeOnce, type ExactlyOnceDeps, type ExactlyOnceSettings } from './exactly-once';
export { hlConnectReconciler, needsAttentionReconciler, Reconciler, type EntryReconciler } from './reconcile';
