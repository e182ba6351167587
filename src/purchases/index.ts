export { validatePurchase, type ValidatePurchaseInput } from './validate-purchase';
export { registerPurchase, type RegisterPurchaseInput } from './register-purchase';
export { cancelOrderLine } from './cancel-order-line';
export type { PurchaseDeps } from './ports';
