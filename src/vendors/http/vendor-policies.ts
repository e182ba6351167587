import {
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  ExponentialBackoff,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  TaskCancelledError,
  type IBackoff,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { ResilienceConfig } from '../../config';
import { isConnectionError, isVendorFailure, type JudgedAnswer } from './answer-verdict';
import type { RequestBudget } from '../../observability/request-budget';
import { AttemptDeadline } from './attempt-deadline';
import type { VendorCallQuota } from './call-quota';
import { RequestLimitReached } from './request-limit-error';

export type CircuitStateName = 'closed' | 'open' | 'half-open';

export interface AttemptContext {
  signal: AbortSignal;
  /** 0 for the first send, then 1, 2… for re-sends. */
  attempt: number;
}

export interface VendorPolicies {
  /**
   * Runs one vendor call through the breaker, a per-attempt timeout and the bulkhead;
   * an idempotent one is re-sent after a connection error or a transient answer. With a
   * request budget, every attempt takes one call from it first (RequestLimitReached when
   * none is left or its deadline has passed), and a read is cut at the request's deadline;
   * a write once sent is left to finish.
   */
  execute(idempotent: boolean, attempt: (context: AttemptContext) => Promise<JudgedAnswer>, budget?: RequestBudget): Promise<JudgedAnswer>;
  circuitState(): CircuitStateName;
}

export interface VendorPolicyOptions {
  settings: ResilienceConfig;
  /** Longest one attempt may take, waiting for a bulkhead slot included, ms. */
  attemptTimeoutMs: number;
  /** False once nothing should be re-sent any more (the client is closing). */
  mayRetry: () => boolean;
  onCircuitChange?: (state: CircuitStateName) => void;
  /** Calls per second the vendor takes across the fleet; absent: no quota, and no cost. */
  quota?: VendorCallQuota;
}

/** One vendor's cockatiel policies: the breaker and the bulkhead are shared by all its calls. */
export function createVendorPolicies(options: VendorPolicyOptions): VendorPolicies {
  const { settings, mayRetry, quota } = options;
  // Our own overload (a full bulkhead) is not the vendor failing: only its silence and 5xx count.
  // (cockatiel 3's is*Error helpers mistake a bulkhead rejection for a cancelled task: match classes.)
  const breaker = circuitBreaker(
    handleWhen((error) => isVendorFailure(error) || error instanceof TaskCancelledError).orWhenResult((answer) => (answer as JudgedAnswer).failing),
    { halfOpenAfter: settings.breaker.halfOpenAfterMs, breaker: new ConsecutiveBreaker(settings.breaker.threshold) },
  );
  const onCircuitChange = options.onCircuitChange;
  if (onCircuitChange) breaker.onStateChange((state) => onCircuitChange(stateName(state)));
  const attemptTimeout = new AttemptDeadline(options.attemptTimeoutMs);
  const slots = bulkhead(settings.bulkhead.limit, settings.bulkhead.queue);
  const resend = retry(
    handleWhen((error) => mayRetry() && isConnectionError(error)).orWhenResult((answer) => mayRetry() && (answer as JudgedAnswer).transient),
    { maxAttempts: settings.retry.attempts, backoff: backoff(settings.retry) },
  );

  // retry → budget → quota → breaker → attempt timeout → bulkhead. The budget and the quota sit
  // outside the breaker: a call they stop must not pass for a half-open circuit's probe.
  const send = (attempt: (context: AttemptContext) => Promise<JudgedAnswer>, n: number, budget: RequestBudget | undefined, isRead: boolean) =>
    breaker.execute(() => attemptTimeout.execute(({ signal }) => slots.execute(() => attempt({ signal, attempt: n })), undefined, isRead ? budget : undefined));
  const once = (attempt: (context: AttemptContext) => Promise<JudgedAnswer>, n: number, budget: RequestBudget | undefined, isRead: boolean) => {
    const stop = budget?.take();
    if (stop) return Promise.reject(new RequestLimitReached(stop));
    if (!quota) return send(attempt, n, budget, isRead);
    // A slot is waited for within the attempt's time and the request's deadline, whichever ends first.
    const maxWaitMs = Math.min(options.attemptTimeoutMs, budget ? budget.remainingMs() : Number.POSITIVE_INFINITY);
    return quota.acquire(maxWaitMs).then((ended) => send(attempt, n, budget, isRead).finally(ended));
  };
  return {
    execute: (idempotent, attempt, budget) => (idempotent ? resend.execute(({ attempt: n }) => once(attempt, n, budget, true)) : once(attempt, 0, budget, false)),
    circuitState: () => stateName(breaker.state),
  };
}

/**
 * Exponential backoff with decorrelated jitter; when the vendor said `Retry-After`
 * (already known to be within the cap), never sooner than that.
 */
function backoff({ baseDelayMs, maxDelayMs }: ResilienceConfig['retry']) {
  const exponential = new ExponentialBackoff({ initialDelay: baseDelayMs, maxDelay: maxDelayMs });
  return new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown>>((context, previous) => {
    const next = (previous ?? exponential).next(context);
    const asked = 'value' in context.result ? (context.result.value as JudgedAnswer).retryAfterMs : undefined;
    return { delay: Math.max(asked ?? 0, next.duration), state: next };
  });
}

function stateName(state: CircuitState): CircuitStateName {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    case CircuitState.Open:
    case CircuitState.Isolated:
      return 'open';
  }
}
