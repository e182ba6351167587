export { validatePurchase, type ValidatePurchaseInput } from './validate-purchase';
export { registerPurchase, type RegisterPurchaseInput } from './register-purchase';
export { cancelOrderLine } from './cancel-order-line';
export { placeDdsOrder, type PlaceDdsOrderInput } from './place-dds-order';
export type { PurchaseDeps } from './ports';
