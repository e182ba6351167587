/** A line's fulfilment status as `/purchase/info` reports it. */
export type HlLineStatus = 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

/** One registered order line, in wire names, plus the simulator's bookkeeping. */
export interface OrderLine {
  order_id: number;
  order_line_id: number;
  asset_id: number;
  customer: string;
  unit_price: number;
  line_item_price: number;
  quantity: number;
  country_code: string;
  /** Epoch ms of registration; fulfilment runs from here. */
  createdAt: number;
  cancelled: boolean;
}

export interface OrderBookOptions {
  now: () => number;
  /** How long a line stays PROCESSING after registration, ms. */
  processingDelayMs: number;
  /** Assets whose fulfilment ends FAILED. */
  failingAssetIds: ReadonlySet<number>;
}

/**
 * Orders and their lines. Fulfilment needs no timers: a line's status is derived from
 * the clock whenever it is read.
 */
export class OrderBook {
  /** order_id → order_line_id → line, in registration order. */
  private readonly orders = new Map<number, Map<number, OrderLine>>();

  constructor(private readonly options: OrderBookOptions) {}

  add(line: Omit<OrderLine, 'createdAt' | 'cancelled'>): void {
    this.put({ ...line, createdAt: this.options.now(), cancelled: false });
  }

  private put(line: OrderLine): void {
    let order = this.orders.get(line.order_id);
    if (!order) {
      order = new Map();
      this.orders.set(line.order_id, order);
    }
    order.set(line.order_line_id, line);
  }

  /** The order's lines, or undefined for an unknown order. */
  lines(orderId: number): OrderLine[] | undefined {
    const order = this.orders.get(orderId);
    return order && [...order.values()];
  }

  line(orderId: number, orderLineId: number): OrderLine | undefined {
    return this.orders.get(orderId)?.get(orderLineId);
  }

  status(line: OrderLine): HlLineStatus {
    if (line.cancelled) return 'CANCELLED';
    if (this.options.now() - line.createdAt < this.options.processingDelayMs) return 'PROCESSING';
    return this.options.failingAssetIds.has(line.asset_id) ? 'FAILED' : 'COMPLETED';
  }

  cancel(line: OrderLine): void {
    line.cancelled = true;
  }

  /** Every line of every order, in registration order: what a state file keeps. */
  allLines(): OrderLine[] {
    return [...this.orders.values()].flatMap((order) => [...order.values()]);
  }

  /** Puts back lines saved by an earlier run, with their registration times. */
  restore(lines: readonly OrderLine[]): void {
    for (const line of lines) this.put({ ...line });
  }
}
