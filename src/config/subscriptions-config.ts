import type { Env } from './env-schema';

/** GraphQL subscriptions over WebSocket (docs/subscriptions.md). */
export interface SubscriptionsConfig {
  /** Pause between two reads of one order by its shared poll loop, ms. */
  pollIntervalMs: number;
  /** Subscriptions one WebSocket connection may hold at once. */
  maxPerConnection: number;
  /** Subscriptions this process holds at once, over all connections. */
  maxTotal: number;
}

/** A per-connection cap above the total is not refused: the total binds first. */
export function readSubscriptionsConfig(env: Env): SubscriptionsConfig {
  return {
    pollIntervalMs: env.SUBSCRIPTION_POLL_INTERVAL_MS,
    maxPerConnection: env.MAX_SUBSCRIPTIONS_PER_CONNECTION,
    maxTotal: env.MAX_SUBSCRIPTIONS_TOTAL,
  };
}
