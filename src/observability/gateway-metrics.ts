import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Vendor } from '../domain';
import { circuitStateValue } from './circuit-state';

/** A counter and a histogram kept together for one set of label values. */
interface TimedSeries {
  count: Counter.Internal;
  duration: Histogram.Internal<string>;
}

function record(series: TimedSeries, seconds: number): void {
  series.count.inc();
  series.duration.observe(seconds);
}

/** Ledger entries per state: how many, and the age of the oldest. */
type LedgerStats = Record<string, { count: number; oldestAgeMs: number }>;

/** How long one read of the ledger serves the gauges of one scrape. */
const SCRAPE_SHARE_MS = 500;

/** Where the gauges read at scrape time come from; set once the gateway has wired them. */
interface GaugeSources {
  ledgerStats?: () => Promise<LedgerStats>;
  circuits: Partial<Record<Vendor, () => unknown>>;
  subscriptions?: () => SubscriptionStats;
  redisUp?: () => boolean;
}

/** What the WebSocket subscriptions hold now. */
interface SubscriptionStats {
  subscriptions: number;
  /** One per watched order. */
  orderPollLoops: number;
  /** One per watched checkout. */
  checkoutPollLoops: number;
}

let processRegistry: Registry | undefined;

/**
 * Node's process metrics (CPU, memory, event loop lag, GC), collected once per process
 * whatever the number of gateways in it: they describe the process, not a gateway.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own (never prom-client's global
 * one), so several gateways in one process never mix their numbers.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  /** What `/metrics` serves: this gateway's metrics, plus the process's unless turned off. */
  readonly exposition: Registry;
  private readonly sources: GaugeSources = { circuits: {} };
  /** `ledger_transitions_lost_total{operation}`. */
  readonly lostTransitions: Counter<'operation'>;

  readonly operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by operation name and outcome (success, error: executed with errors, rejected: refused before execution)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its answer',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly upstreamRequests = new Counter({
    name: 'upstream_requests_total',
    help: 'HTTP requests to vendors (each attempt) by vendor, operation (method and path template) and status (HTTP status, or the transport error code)',
    labelNames: ['vendor', 'operation', 'status'] as const,
    registers: [this.registry],
  });

  readonly upstreamDuration = new Histogram({
    name: 'upstream_request_duration_seconds',
    help: 'Time from sending a vendor request to its response headers (or its failure)',
    labelNames: ['vendor', 'operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Label children of the counted-and-timed series, by label values: hashing labels is most of their cost. */
  private readonly series = new Map<string, TimedSeries>();

  private remember(key: string, series: TimedSeries): TimedSeries {
    this.series.set(key, series);
    return series;
  }

  /** Counts one GraphQL operation and records its duration. */
  countOperation(operation: string, outcome: string, seconds: number): void {
    const key = `operation ${operation} ${outcome}`;
    const series = this.series.get(key) ?? this.remember(key, { count: this.operations.labels(operation, outcome), duration: this.operationDuration.labels(operation, outcome) });
    record(series, seconds);
  }

  /** Counts one vendor call (an attempt) and records its time to the response headers. */
  countUpstream(vendor: Vendor, operation: string, status: string, seconds: number): void {
    const key = `upstream ${vendor} ${operation} ${status}`;
    const series =
      this.series.get(key) ?? this.remember(key, { count: this.upstreamRequests.labels(vendor, operation, status), duration: this.upstreamDuration.labels(vendor, operation) });
    record(series, seconds);
  }

  readonly droppedFields = new Counter({
    name: 'upstream_fields_dropped_total',
    help: 'Optional vendor fields read as null because the vendor sent a type the contract does not declare, by vendor and wire field',
    labelNames: ['vendor', 'field'] as const,
    registers: [this.registry],
  });

  readonly batchSize = new Histogram({
    name: 'dataloader_batch_size',
    help: 'Keys per DataLoader batch, by loader',
    labelNames: ['loader'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 250],
    registers: [this.registry],
  });

  readonly redisErrors = new Counter({
    name: 'redis_errors_total',
    help: 'Redis commands that failed or timed out, by what asked (the request went on without Redis)',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'rate_limited_requests_total',
    help: 'GraphQL requests refused with 429 RATE_LIMITED, by the limit that refused them (requests, vendor_calls, redis_unavailable)',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  readonly quotaRefusals = new Counter({
    name: 'vendor_quota_refusals_total',
    help: 'Vendor calls not sent because the fleet-wide quota had no room before their deadline (or Redis could not be asked and RATE_LIMIT_ON_REDIS_FAILURE=closed)',
    labelNames: ['vendor'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    const sources = this.sources;
    new Gauge({
      name: 'upstream_circuit_state',
      help: "Each vendor's circuit breaker: 0 closed, 1 open, 2 half-open, 3 isolated",
      labelNames: ['vendor'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [vendor, read] of Object.entries(sources.circuits)) {
          const value = circuitStateValue(read?.());
          if (value !== undefined) this.set({ vendor }, value);
        }
      },
    });
    // Both ledger gauges are collected concurrently at a scrape: they share one read of the ledger.
    let scrape: Promise<LedgerStats | undefined> | undefined;
    const readLedger = (): Promise<LedgerStats | undefined> => {
      if (!sources.ledgerStats) return Promise.resolve(undefined);
      scrape ??= sources
        .ledgerStats()
        .catch(() => undefined)
        .finally(() => setTimeout(() => (scrape = undefined), SCRAPE_SHARE_MS).unref());
      return scrape;
    };
    const ledgerGauge = (name: string, help: string, value: (s: LedgerStats[string]) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['state'] as const,
        registers: [this.registry],
        async collect() {
          this.reset();
          const stats = await readLedger();
          for (const [state, entry] of Object.entries(stats ?? {})) this.set({ state }, value(entry));
        },
      });
    ledgerGauge('ledger_entries', 'Purchase ledger entries by state, read at scrape time (absent while the ledger cannot be read)', (s) => s.count);
    ledgerGauge(
      'ledger_entry_oldest_age_seconds',
      'Per ledger state, the age of its oldest entry since it was created (a growing UNKNOWN, PENDING or NEEDS_ATTENTION age wants a look)',
      (s) => s.oldestAgeMs / 1000,
    );
    this.lostTransitions = new Counter({
      name: 'ledger_transitions_lost_total',
      help: 'Ledger state changes that lost their compare-and-set (another replica or attempt changed the entry first)',
      labelNames: ['operation'] as const,
      registers: [this.registry],
    });
    const subscriptionGauge = (name: string, help: string, value: (stats: SubscriptionStats) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const stats = sources.subscriptions?.();
          if (stats) this.set(value(stats));
        },
      });
    subscriptionGauge('graphql_subscriptions_active', 'GraphQL subscriptions open over WebSocket', (s) => s.subscriptions);
    subscriptionGauge('order_poll_loops_active', 'HL Connect poll loops running for subscribed orders: one per order, shared by its subscribers', (s) => s.orderPollLoops);
    subscriptionGauge('checkout_poll_loops_active', 'Ledger poll loops running for subscribed checkouts: one per checkout, shared by its subscribers', (s) => s.checkoutPollLoops);
    this.exposition = (options.processMetrics ?? true) ? Registry.merge([processMetrics(), this.registry]) : this.registry;
  }

  /** `ledger_entries{state}` and `ledger_entry_oldest_age_seconds{state}` read these at every scrape. */
  watchLedger(stats: () => Promise<LedgerStats>): void {
    this.sources.ledgerStats = stats;
  }

  /** `graphql_subscriptions_active`, `order_poll_loops_active` and `checkout_poll_loops_active` read this at every scrape. */
  watchSubscriptions(read: () => SubscriptionStats): void {
    this.sources.subscriptions = read;
  }

  /**
   * `redis_up` reads this at every scrape. The gauge exists only once there is a Redis to watch:
   * a gauge without labels always has a sample, and a 0 without REDIS_URL would read as "down".
   */
  watchRedis(up: () => boolean): void {
    const sources = this.sources;
    if (!sources.redisUp) {
      new Gauge({
        name: 'redis_up',
        help: 'Whether the shared Redis (REDIS_URL) is being used: 1 yes, 0 not reachable or failing (caches bypassed, limits per RATE_LIMIT_ON_REDIS_FAILURE); absent without REDIS_URL',
        // The scraped registry merged the others when it was built: registered later, it is told too.
        registers: this.exposition === this.registry ? [this.registry] : [this.registry, this.exposition],
        collect() {
          this.set(sources.redisUp?.() ? 1 : 0);
        },
      });
    }
    sources.redisUp = up;
  }

  /** `upstream_circuit_state{vendor}` reads this at every scrape (see circuitStateValue). */
  watchCircuit(vendor: Vendor, read: () => unknown): void {
    this.sources.circuits[vendor] = read;
  }
}
