import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Caller, RateLimit } from '../domain';
import type { SharedRedis } from './shared-redis';

/** Which limit refused a request. */
export type RateLimitRefusal = 'requests' | 'vendor_calls' | 'redis_unavailable';

export type Admission = { admitted: true } | { admitted: false; refusal: RateLimitRefusal; retryAfterS: number };

export interface CallerRateLimiterOptions {
  /** The shared Redis; absent: counted in this process (one replica). */
  redis?: SharedRedis;
  keyPrefix: string;
  /** While Redis cannot be asked: admit (`open`) or refuse (`closed`). */
  onRedisFailure: 'open' | 'closed';
  /** For callers without their own limits (RATE_LIMIT_DEFAULT); absent: they are not limited. */
  defaultLimit?: RateLimit;
}

interface Limiters {
  requests: BurstyRateLimiter | RateLimiterAbstract;
  vendorCalls?: RateLimiterAbstract;
}

const ADMITTED: Admission = { admitted: true };

/**
 * Per-caller limits across the fleet (rate-limiter-flexible, fixed one-second windows in
 * Redis, keyed by the caller's name): `requestsPerSecond`, plus `burst − requestsPerSecond`
 * more at once from a pool that refills at the same rate; and `vendorCallsPerSecond`, taken
 * up front as the request's estimated cost. A request is admitted while the caller's second
 * still has room, and then counts in full, so one costly request is not refused forever.
 */
export class CallerRateLimiter {
  private readonly limiters = new Map<string, Limiters>();

  constructor(private readonly options: CallerRateLimiterOptions) {}

  /** Whether `caller` may run a request estimated at `cost` vendor calls now; counts it if so. */
  async admit(caller: Caller, cost: number): Promise<Admission> {
    const limit = caller.rateLimit ?? this.options.defaultLimit;
    if (!limit) return ADMITTED;
    const { redis } = this.options;
    if (redis && !redis.usable()) return this.withoutRedis();
    const limiters = this.limitersFor(limit);
    try {
      await limiters.requests.consume(caller.name);
    } catch (error) {
      return this.refusedOrFailed(error, 'requests');
    }
    if (!limiters.vendorCalls || cost <= 0) return ADMITTED;
    try {
      await limiters.vendorCalls.consume(caller.name, cost);
    } catch (error) {
      // Room before this request: admitted, its whole cost counted.
      if (error instanceof RateLimiterRes && error.consumedPoints - cost < (limit.vendorCallsPerSecond ?? 0)) return ADMITTED;
      return this.refusedOrFailed(error, 'vendor_calls');
    }
    return ADMITTED;
  }

  private refusedOrFailed(error: unknown, refusal: RateLimitRefusal): Admission {
    if (error instanceof RateLimiterRes) return { admitted: false, refusal, retryAfterS: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    this.options.redis?.failed('rate-limit', error);
    return this.withoutRedis();
  }

  private withoutRedis(): Admission {
    return this.options.onRedisFailure === 'open' ? ADMITTED : { admitted: false, refusal: 'redis_unavailable', retryAfterS: 1 };
  }

  private limitersFor(limit: RateLimit): Limiters {
    const id = `${limit.requestsPerSecond}/${limit.burst}/${limit.vendorCallsPerSecond ?? '-'}`;
    let limiters = this.limiters.get(id);
    if (!limiters) {
      const perSecond = this.limiter(`req:${limit.requestsPerSecond}`, limit.requestsPerSecond, 1);
      const extra = limit.burst - limit.requestsPerSecond;
      limiters = {
        requests: extra > 0 ? new BurstyRateLimiter(perSecond, this.limiter(`burst:${limit.requestsPerSecond}:${extra}`, extra, Math.ceil(extra / limit.requestsPerSecond))) : perSecond,
        ...(limit.vendorCallsPerSecond ? { vendorCalls: this.limiter(`calls:${limit.vendorCallsPerSecond}`, limit.vendorCallsPerSecond, 1) } : {}),
      };
      this.limiters.set(id, limiters);
    }
    return limiters;
  }

  private limiter(name: string, points: number, durationS: number): RateLimiterAbstract {
    const keyPrefix = `${this.options.keyPrefix}rate:${name}`;
    const { redis } = this.options;
    return redis
      ? new RateLimiterRedis({ storeClient: redis.client, keyPrefix, points, duration: durationS, rejectIfRedisNotReady: true })
      : new RateLimiterMemory({ keyPrefix, points, duration: durationS });
  }
}
