import { EventEmitter, TaskCancelledError, type IDefaultPolicyContext, type IFailureEvent, type IPolicy, type ISuccessEvent } from 'cockatiel';
import { AttemptSignal } from './attempt-signal';
import { RequestLimitReached } from './request-limit-error';

/** A request's own deadline, which may come before the attempt's. */
export interface RequestDeadline {
  /** ms left; zero or less once passed. */
  remainingMs(): number;
}

/**
 * A cockatiel policy bounding one attempt (waiting for a bulkhead slot included): past the
 * deadline the attempt's signal aborts, which cancels the undici request, and the attempt
 * fails at once with a TaskCancelledError, as cockatiel's aggressive timeout would.
 *
 * Why not cockatiel's own `timeout()`: per call it derives a second AbortController from the
 * caller's signal and listens on it. Vendor calls are never given a signal, so every call
 * listened on cockatiel's one shared never-aborted signal, and adding a listener to an
 * EventTarget walks all the others: with 1,600 calls in flight that and the garbage it left
 * doubled the CPU a vendor call costs. This keeps one AttemptSignal and one timer per attempt.
 */
export class AttemptDeadline implements IPolicy<IDefaultPolicyContext> {
  declare readonly _altReturn: never;
  // Required by IPolicy, never fired: a wrap() of policies reports its outermost one's events.
  private readonly successes = new EventEmitter<ISuccessEvent>();
  private readonly failures = new EventEmitter<IFailureEvent>();
  readonly onSuccess = this.successes.addListener;
  readonly onFailure = this.failures.addListener;

  constructor(private readonly ms: number) {}

  /**
   * With `request`, the attempt is also cut when the request's deadline comes first, and
   * then fails with RequestLimitReached (not the vendor's slowness: no circuit counts it).
   * The timer is the same one: bounding reads by the request costs nothing more.
   */
  execute<T>(fn: (context: IDefaultPolicyContext) => PromiseLike<T> | T, signal?: AbortSignal, request?: RequestDeadline): Promise<T> {
    // Outer cancellation is not used by the vendor clients; an already aborted one is honoured.
    if (signal?.aborted) return Promise.reject(new TaskCancelledError('Operation cancelled'));
    const left = request ? request.remainingMs() : Number.POSITIVE_INFINITY;
    if (left <= 0) return Promise.reject(new RequestLimitReached('REQUEST_DEADLINE'));
    const byRequest = left < this.ms;
    const attemptSignal = new AttemptSignal();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          attemptSignal.abort();
          reject(byRequest ? new RequestLimitReached('REQUEST_DEADLINE') : new TaskCancelledError(`Operation timed out after ${this.ms}ms`));
        },
        byRequest ? left : this.ms,
      );
      // Started at once rather than a microtask later: two promises fewer per attempt.
      let pending: PromiseLike<T> | T;
      try {
        pending = fn({ signal: attemptSignal.asAbortSignal() });
      } catch (error) {
        clearTimeout(timer);
        reject(error);
        return;
      }
      Promise.resolve(pending).then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}
