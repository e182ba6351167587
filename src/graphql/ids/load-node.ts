import { hasScope, type Scope } from '../../domain';
import type { GatewayContext } from '../context';
import { forbidden } from '../errors/forbidden';
import { loadOrderLine } from '../loaders/order-line';
import { decodeNodeId, unreachable, type NodeType } from './node-id';

/** The scope each type needs, as its root field does (`order`, `assets`, `ddsOrder`, `checkout`); ledger entries need none of their own. */
const SCOPE_OF: Record<NodeType, Scope | null> = {
  Order: 'orders:read',
  OrderItem: 'orders:read',
  Asset: 'catalog:read',
  DdsOrder: 'orders:read',
  LedgerEntry: null,
  Checkout: 'orders:read',
};

/**
 * The object behind a global id, through the same per-request loaders (and so the same
 * batching and tenancy) as the root fields. Null for an id that is not ours or names
 * nothing this caller may see; FORBIDDEN when the caller lacks the type's scope.
 */
export async function loadNode(ctx: GatewayContext, id: string): Promise<object | null> {
  const key = decodeNodeId(id);
  if (!key) return null;
  const scope = SCOPE_OF[key.type];
  if (scope && !hasScope(ctx.caller, scope)) throw forbidden(`A ${key.type} needs the "${scope}" scope, which this caller does not have.`);

  switch (key.type) {
    case 'Order':
      return ctx.loaders.hlconnect.orderInfo.load(key.orderId);
    case 'OrderItem':
      return loadOrderLine(ctx.loaders.hlconnect.orderInfo, key);
    case 'Asset':
      return ctx.loaders.catalogue.asset.load(key.assetId);
    case 'DdsOrder':
      // The ledger loader shows a caller its own orders only, unless it has `ledger:read`.
      return ctx.loaders.ledger.ddsOrder.load(key.orderId);
    case 'LedgerEntry':
      return ctx.loaders.ledger.entry.load(key.entryId);
    case 'Checkout':
      // The caller's own checkouts only, as the `checkout` field.
      return ctx.loaders.ledger.checkout.load(key.checkoutId);
    default:
      return unreachable(key);
  }
}
