import type { ComplexityEstimator, ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { MAX_PAGE_SIZE } from '../paging';

/**
 * The cost of a query is the number of upstream calls (vendor requests and ledger reads)
 * it may cause, estimated before it runs. docs/limits.md explains the model.
 */

/** Lines one HL Connect order is expected to have: each line's links are calls of their own. */
export const EXPECTED_ITEMS_PER_ORDER = 5;
/** One DDS download: the start and the status-page reads while DDS prepares the file. */
export const CALLS_PER_DDS_DOWNLOAD = 5;

export interface CostModelOptions {
  /** Longest id list `orders`, `ddsOrders` and `nodes` accept; longer lists are refused by the field itself. */
  maxIdsPerList: number;
  /**
   * Most lines of a checkout (MAX_CHECKOUT_LINES). A checkout's mutations and its `lines` are
   * counted at this many: the lines come inside `input` (or from the stored checkout), which
   * the cost cache does not key on.
   */
  maxCheckoutLines: number;
}

type FieldCost = (args: Record<string, unknown>, childCost: number) => number;

/**
 * The only arguments the table reads. A variable used nowhere in them (nor in a directive's
 * `if`) cannot change a cost, which lets a cost be reused across requests (cost-cache.ts).
 */
export const COST_ARGUMENTS: ReadonlySet<string> = new Set(['orderIds', 'ids', 'first']);

/** Fields that cost something of their own or multiply their children's cost; all others cost their children's. */
export function costTable(options: CostModelOptions): Record<string, FieldCost> {
  // Counted up to the refusal bound: a longer list is refused as BAD_USER_INPUT by the field, never run.
  const ids = (args: Record<string, unknown>) => {
    const list = args.orderIds ?? args.ids;
    return Math.min(Array.isArray(list) ? list.length : 0, options.maxIdsPerList);
  };
  // Pages are 1 to MAX_PAGE_SIZE; out-of-range sizes are refused by the field.
  const page = (args: Record<string, unknown>) => Math.min(Math.max(typeof args.first === 'number' ? args.first : 0, 1), MAX_PAGE_SIZE);
  const oneCall: FieldCost = (_args, child) => 1 + child;

  return {
    'Query.order': oneCall,
    // Per event: the poll loop's read is shared, the links not inlined are this event's own calls.
    'Subscription.orderUpdated': oneCall,
    'Query.orders': (args, child) => ids(args) * (1 + child),
    'Order.items': (_args, child) => EXPECTED_ITEMS_PER_ORDER * child,
    'OrderItem.downloadUrl': () => 1,
    'OrderItem.viewUrl': () => 1,
    'Query.assets': (args, child) => 1 + page(args) * child,
    'Query.purchaseLedger': (args, child) => 1 + page(args) * child,
    'Query.ddsOrder': oneCall,
    // One batched ledger read for all ids.
    'Query.ddsOrders': (args, child) => 1 + ids(args) * child,
    'DdsOrder.download': () => CALLS_PER_DDS_DOWNLOAD,
    'Query.vendorHealth': () => 1,
    // A global id may name any type: each costs what its root field does (one read) plus what is selected below it.
    'Query.node': oneCall,
    'Query.nodes': (args, child) => ids(args) * (1 + child),
    'Mutation.validatePurchase': oneCall,
    'Mutation.registerPurchase': oneCall,
    'Mutation.cancelOrderLine': oneCall,
    'Mutation.placeDdsOrder': oneCall,
    // A ledger write, then one vendor call per line (HL validations; registrations and DDS orders).
    'Mutation.prepareCheckout': (_args, child) => 1 + options.maxCheckoutLines + child,
    'Mutation.completeCheckout': (_args, child) => 1 + options.maxCheckoutLines + child,
    // A ledger read of the checkout and its lines' entries.
    'Query.checkout': oneCall,
    // Per event, as `checkout(id)`: the loop's ledger read is shared, the lines' links are this event's own calls.
    'Subscription.checkoutUpdated': oneCall,
    'Checkout.lines': (_args, child) => options.maxCheckoutLines * child,
    // The order as the vendor reports it now (one info call per order, shared by its lines).
    'CheckoutLine.orderItem': oneCall,
    'RegisterPurchasePayload.order': oneCall,
    'CancelOrderLinePayload.order': oneCall,
    'RegisterPurchasePayload.orderItem': oneCall,
    'CancelOrderLinePayload.orderItem': oneCall,
  };
}

/** The estimator for graphql-query-complexity: the table's cost, else the children's. */
export function fanOutEstimator(options: CostModelOptions): ComplexityEstimator {
  const table = costTable(options);
  return ({ type, field, args, childComplexity }: ComplexityEstimatorArgs) => {
    const cost = table[`${type.name}.${field.name}`];
    return cost ? cost(args, childComplexity) : childComplexity;
  };
}
