import { BOKNETT_SIMULATOR_PRODUCTS } from '../src/vendors/boknett/simulator';
import { HL_SIMULATOR_ASSETS } from '../src/vendors/hlconnect/simulator';

/** HL Connect orders the seed registers at the simulator before any measuring. */
export interface SeedPlan {
  /** Order number → how many lines it gets. */
  orders: { orderNumber: number; lines: number }[];
  /** Asset every line buys (sellable everywhere, minimum quantity 1, fulfilment succeeds). */
  assetId: number;
  /** Buyer address sent to HL (a US documentation range address). */
  customerIp: string;
}

export const ORDER_WITH_20_LINES = 700_001;
export const ORDERS_25 = Array.from({ length: 25 }, (_, i) => 710_001 + i);
const LINES_PER_ORDER_OF_25 = 4;

export const SEED_PLAN: SeedPlan = {
  orders: [{ orderNumber: ORDER_WITH_20_LINES, lines: 20 }, ...ORDERS_25.map((orderNumber) => ({ orderNumber, lines: LINES_PER_ORDER_OF_25 }))],
  assetId: HL_SIMULATOR_ASSETS.standard,
  customerIp: '192.0.2.10',
};

export type FloorRoute = '/order' | '/orders' | '/validate' | '/dds-order' | '/assets';

export interface Scenario {
  id: number;
  name: string;
  query: string;
  /** The variables of one request; `unique` is fresh for every request. */
  variables(unique: string): Record<string, unknown>;
  /** Every request needs its own variables (a new DDS order id). */
  uniquePerRequest: boolean;
  /** Whether HL's /purchase/info inlines download and view links while this scenario runs. */
  inlineUrls: boolean;
  /** Upstream calls one request makes (both vendors). */
  expectedUpstreamCalls: number;
  /** Sequential upstream round trips on one request's critical path. */
  roundTrips: number;
  floorRoute: FloorRoute;
  /** Fields whose values differ from one request to the next (tokens, times, ids); compared by type only. */
  volatileFields: string[];
}

const ORDER_LINKS = `query OrderLinks($orderId: SafeInt!) {
  order(orderId: $orderId) { orderId status items { orderLineId status downloadUrl viewUrl } }
}`;

const orderLinks = (id: number, inlineUrls: boolean): Scenario => ({
  id,
  name: inlineUrls ? 'order, 20 lines, links inlined' : 'order, 20 lines, links fetched',
  query: ORDER_LINKS,
  variables: () => ({ orderId: ORDER_WITH_20_LINES }),
  uniquePerRequest: false,
  inlineUrls,
  expectedUpstreamCalls: inlineUrls ? 1 : 1 + 2 * 20,
  roundTrips: inlineUrls ? 1 : 2,
  floorRoute: '/order',
  volatileFields: [],
});

export const SCENARIOS: Scenario[] = [
  orderLinks(1, false),
  orderLinks(2, true),
  {
    id: 3,
    name: 'orders, 25 ids, items’ status',
    query: `query OrdersStatus($orderIds: [SafeInt!]!) { orders(orderIds: $orderIds) { items { status } } }`,
    variables: () => ({ orderIds: ORDERS_25 }),
    uniquePerRequest: false,
    inlineUrls: false,
    expectedUpstreamCalls: ORDERS_25.length,
    roundTrips: 1,
    floorRoute: '/orders',
    volatileFields: [],
  },
  {
    id: 4,
    name: 'validatePurchase',
    query: `mutation Validate($input: ValidatePurchaseInput!) {
  validatePurchase(input: $input) { validationToken { token expiresAt } userErrors { code message field } }
}`,
    variables: () => ({ input: { assetId: SEED_PLAN.assetId, quantity: 1, customerIp: SEED_PLAN.customerIp } }),
    uniquePerRequest: false,
    inlineUrls: false,
    expectedUpstreamCalls: 1,
    roundTrips: 1,
    floorRoute: '/validate',
    volatileFields: ['token', 'expiresAt'],
  },
  {
    id: 5,
    name: 'placeDdsOrder (ledger)',
    query: `mutation PlaceDds($input: PlaceDdsOrderInput!) {
  placeDdsOrder(input: $input) { ddsOrder { orderId fulfilmentId contentUrl placedAt } userErrors { code message field } }
}`,
    variables: (unique) => ({ input: { orderId: `bench-${unique}`, resid: BOKNETT_SIMULATOR_PRODUCTS.ebook, priceOre: 18_900 } }),
    uniquePerRequest: true,
    inlineUrls: false,
    expectedUpstreamCalls: 1,
    roundTrips: 1,
    floorRoute: '/dds-order',
    volatileFields: ['orderId', 'fulfilmentId', 'contentUrl', 'placedAt'],
  },
  {
    id: 6,
    name: 'assets(first: 50)',
    query: `query Assets($first: Int) {
  assets(first: $first) {
    edges { cursor node { assetId title format minQty world countries retailPrice { amount currency } contributors { name role } prices { typeId price { amount currency } } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: () => ({ first: 50 }),
    uniquePerRequest: false,
    inlineUrls: false,
    expectedUpstreamCalls: 1,
    roundTrips: 1,
    floorRoute: '/assets',
    volatileFields: [],
  },
];

/** The JSON body of one GraphQL request. */
export function requestBody(scenario: Scenario, unique: string): string {
  return JSON.stringify({ query: scenario.query, variables: scenario.variables(unique) });
}
