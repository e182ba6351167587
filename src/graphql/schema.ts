import 'reflect-metadata';
import { assertInterfaceType, lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { scopeAuthChecker } from './auth/scope-auth-checker';
import { AssetResolver } from './resolvers/asset.resolver';
import { DdsOrderResolver } from './resolvers/dds-order.resolver';
import { OrderItemResolver } from './resolvers/order-item.resolver';
import { OrderResolver } from './resolvers/order.resolver';
import { CancelOrderLinePayloadResolver, RegisterPurchasePayloadResolver } from './resolvers/payload-order.resolver';
import { PurchaseResolver } from './resolvers/purchase.resolver';
import { VendorHealthResolver } from './resolvers/vendor-health.resolver';
import { LedgerEntryResolver } from './resolvers/ledger-entry.resolver';
import { LedgerResolver } from './resolvers/ledger.resolver';
import { nodeTypeOf } from './types/node.interface';
import { NodeResolver } from './resolvers/node.resolver';
import { CheckoutResolver } from './resolvers/checkout.resolver';
import { CheckoutLineResolver } from './resolvers/checkout-line.resolver';
import { settleRootListItems } from './settled-list-items';
import { CheckoutUpdatesResolver } from './resolvers/checkout-updates.resolver';
import { OrderUpdatesResolver } from './resolvers/order-updates.resolver';

const NO_TOPICS: PubSub = {
  publish: () => undefined,
  subscribe: (topic) => {
    throw new Error(`no subscription topic "${topic}": subscriptions bring their own source`);
  },
};

/** The gateway's schema, sorted so that its printed SDL is stable. */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      OrderResolver,
      OrderItemResolver,
      AssetResolver,
      VendorHealthResolver,
      LedgerResolver,
      LedgerEntryResolver,
      NodeResolver,
      PurchaseResolver,
      RegisterPurchasePayloadResolver,
      CancelOrderLinePayloadResolver,
      DdsOrderResolver,
      CheckoutResolver,
      CheckoutLineResolver,
      OrderUpdatesResolver,
      CheckoutUpdatesResolver,
    ],
    validate: false,
    // `orderUpdated` and `checkoutUpdated` bring their own sources (PollFeeds in the context); no topics are published.
    pubSub: NO_TOPICS,
    // `@Authorized(scope)` fields answer FORBIDDEN for callers without that scope.
    authChecker: scopeAuthChecker,
  });
  const sorted = lexicographicSortSchema(schema);
  // type-graphql wraps resolveType in an async function; graphql-jit needs the type name at once.
  assertInterfaceType(sorted.getType('Node')).resolveType = (record: object) => nodeTypeOf(record);
  settleRootListItems(sorted);
  return sorted;
}
