import type { Tracer } from '@opentelemetry/api';
import type { Vendor } from '../domain';
import { GatewayMetrics } from './gateway-metrics';
import { createTracing, type Tracing, type TracingOptions } from './tracing';
import { observeUpstreamCalls } from './upstream-observer';

export interface TelemetryOptions {
  /** Also collect Node's process metrics (CPU, memory, event loop). Default true. */
  processMetrics?: boolean;
  /** Export spans over OTLP/HTTP; no tracing when absent. */
  tracing?: TracingOptions;
}

/**
 * One gateway's metrics and tracer, and which origins are its vendors. Vendor calls are
 * observed from the moment it exists until `close()`.
 */
export class Telemetry {
  readonly metrics: GatewayMetrics;
  private readonly tracing: Tracing | undefined;
  private readonly vendors = new Map<string, Vendor>();
  private readonly stopObserving: () => void;

  constructor(options: TelemetryOptions = {}) {
    this.metrics = new GatewayMetrics({ processMetrics: options.processMetrics });
    this.tracing = options.tracing && createTracing(options.tracing);
    this.stopObserving = observeUpstreamCalls(this);
  }

  /** Undefined when tracing is not configured. */
  get tracer(): Tracer | undefined {
    return this.tracing?.tracer;
  }

  /** Calls to this base URL's origin are `vendor`'s (an API and its login service may differ). */
  watchVendor(vendor: Vendor, baseUrl: string): void {
    this.vendors.set(new URL(baseUrl).origin, vendor);
  }

  vendorOf(origin: string): Vendor | undefined {
    return this.vendors.get(origin);
  }

  /** Stops observing and exports the spans still buffered. */
  async close(): Promise<void> {
    this.stopObserving();
    await this.tracing?.shutdown();
  }
}
