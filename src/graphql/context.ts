import type { Caller } from '../domain';
import type { Ledger } from '../ledger';
import type { PurchaseDeps, ResolveLedgerEntryDeps } from '../purchases';
import type { Loaders } from './loaders';
import type { CheckoutUpdates } from './checkout-updates';
import type { OrderUpdates } from './order-updates';

/** Long-lived collaborators, shared by all requests. */
export interface GatewayServices extends PurchaseDeps, ResolveLedgerEntryDeps {
  /** Read side of the purchase ledger (DDS orders, operators' view). */
  ledger: Ledger;
  limits: { maxOrderIds: number };
  /** The shared poll loops behind `orderUpdated`. */
  orderUpdates: OrderUpdates;
  /** The shared poll loops behind `checkoutUpdated`. */
  checkoutUpdates: CheckoutUpdates;
}

/** What every resolver sees: built fresh for each HTTP request and for each subscription. */
export interface GatewayContext {
  requestId: string;
  /** The address the request came from, used as the buyer's IP by default. */
  callerIp: string;
  /** Who sent the request (authenticated before anything runs) and the scopes it holds. */
  caller: Caller;
  services: GatewayServices;
  loaders: Loaders;
}
