import type { Env } from './env-schema';

/** Per-vendor resilience: each vendor HTTP client gets its own retry, breaker and bulkhead. */
export interface ResilienceConfig {
  retry: {
    /** Re-sends after the first call, for idempotent reads only (0: never). */
    attempts: number;
    /** First backoff delay, ms; later ones grow exponentially, with jitter. */
    baseDelayMs: number;
    /** Longest wait before a re-send, ms; a `Retry-After` beyond it is not waited for. */
    maxDelayMs: number;
  };
  breaker: {
    /** Consecutive failed calls (5xx, timeouts, connection errors) that open the circuit. */
    threshold: number;
    /** How long an open circuit refuses calls before one probe is let through, ms. */
    halfOpenAfterMs: number;
  };
  bulkhead: {
    /** Calls in flight to one vendor at once. */
    limit: number;
    /** Calls waiting for a slot; beyond it calls are refused at once. */
    queue: number;
  };
}

export function readResilienceConfig(env: Env, problems: string[]): ResilienceConfig {
  if (env.UPSTREAM_RETRY_BASE_MS > env.UPSTREAM_RETRY_MAX_DELAY_MS) {
    problems.push('UPSTREAM_RETRY_BASE_MS: must not exceed UPSTREAM_RETRY_MAX_DELAY_MS');
  }
  return {
    retry: {
      attempts: env.UPSTREAM_RETRY_ATTEMPTS,
      baseDelayMs: env.UPSTREAM_RETRY_BASE_MS,
      maxDelayMs: env.UPSTREAM_RETRY_MAX_DELAY_MS,
    },
    breaker: {
      threshold: env.UPSTREAM_BREAKER_THRESHOLD,
      halfOpenAfterMs: env.UPSTREAM_BREAKER_HALF_OPEN_AFTER_MS,
    },
    bulkhead: {
      limit: env.UPSTREAM_BULKHEAD_LIMIT ?? env.UPSTREAM_CONNECTIONS,
      queue: env.UPSTREAM_BULKHEAD_QUEUE,
    },
  };
}
