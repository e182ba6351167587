export { buildGatewaySchema } from './schema';
export { createFormatError } from './errors/format-error';
export { createLoaders, type Loaders } from './loaders';
export type { GatewayContext, GatewayServices } from './context';
export { createOrderUpdates, type OrderSnapshot, type OrderUpdates } from './order-updates';
export { createCheckoutUpdates, type CheckoutUpdates } from './checkout-updates';
