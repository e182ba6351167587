import type { Env } from './env-schema';

export interface ObservabilityConfig {
  /** Serve Prometheus metrics at /metrics, on a listener of their own (never the public port). */
  metricsEnabled: boolean;
  metricsHost: string;
  /** 0: any free port (the gateway reports the one it got). */
  metricsPort: number;
  readiness: {
    /** How long a /readyz answer is reused, ms. */
    cacheMs: number;
    /** How long each check may take, ms. */
    timeoutMs: number;
  };
  /** OTLP/HTTP trace export; absent: no tracing. */
  tracing?: { endpoint: string; serviceName: string };
}

export function readObservabilityConfig(env: Env): ObservabilityConfig {
  return {
    metricsEnabled: env.METRICS_ENABLED ?? true,
    metricsHost: env.METRICS_HOST,
    metricsPort: env.METRICS_PORT,
    readiness: { cacheMs: env.READY_CACHE_MS, timeoutMs: env.READY_TIMEOUT_MS },
    ...(env.OTEL_EXPORTER_OTLP_ENDPOINT ? { tracing: { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME } } : {}),
  };
}
