export type SlotRefusal = 'connection' | 'total';

/** Subscriptions held, by connection and in total, within MAX_SUBSCRIPTIONS_PER_CONNECTION and MAX_SUBSCRIPTIONS_TOTAL. */
export class SubscriptionSlots<Connection> {
  private readonly byConnection = new Map<Connection, Set<string>>();
  private held = 0;

  constructor(private readonly limits: { perConnection: number; total: number }) {}

  /** Subscriptions held now, over all connections. */
  get active(): number {
    return this.held;
  }

  /** Takes a slot for subscription `id` of `connection`, or says which limit refuses it. */
  take(connection: Connection, id: string): SlotRefusal | undefined {
    const ids = this.byConnection.get(connection) ?? new Set<string>();
    if (ids.has(id)) return undefined;
    if (ids.size >= this.limits.perConnection) return 'connection';
    if (this.held >= this.limits.total) return 'total';
    ids.add(id);
    this.byConnection.set(connection, ids);
    this.held += 1;
    return undefined;
  }

  /** Gives the slot back; a subscription without one (refused, or released already) changes nothing. */
  release(connection: Connection, id: string): void {
    const ids = this.byConnection.get(connection);
    if (!ids?.delete(id)) return;
    this.held -= 1;
    if (ids.size === 0) this.byConnection.delete(connection);
  }

  /** The connection has closed: all its slots are free. */
  releaseAll(connection: Connection): void {
    const ids = this.byConnection.get(connection);
    if (!ids) return;
    this.held -= ids.size;
    this.byConnection.delete(connection);
  }
}
